/**
 * Secrets never reach any output: a failing suite (a wrong secret key, an unknown session token,
 * SSE-C keys, a step's `SecretAccessKey`) runs against Ceph RGW in every console mode, and stdout, stderr and any report file
 * are searched for the secret values and their encoded forms.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { inject } from "vitest"
import { runCli } from "../support/runCli.ts"

const realS3 = inject("realS3")

const wrongSecret = "s3t/Console+Wrong=Secret(1)!value"
const sessionToken = "s3tConsoleSessionToken/AbC+dEf=/0123456789abcdefghij"
const sseKey = Buffer.from("s3t-console-sse-c-key-32-bytes!!").toString("base64")
const stepSecret = "s3t/Console+Step=Secret(2)!value"

const env = {
  S3_ENDPOINT: realS3.endpoint,
  S3_REGION: realS3.region,
  S3_ACCESS_KEY_ID: realS3.accessKeyId,
  S3_SECRET_ACCESS_KEY: realS3.secretAccessKey,
  S3T_WRONG_SECRET: wrongSecret,
  S3T_SESSION_TOKEN: sessionToken,
  S3T_SSE_C_KEY: sseKey,
  S3T_STEP_SECRET: stepSecret
}

const fixture = "packages/cli/test/integration/fixtures/console-secrets.yaml"

/** Every spelling a secret could leak in: raw, URL-encoded (both hex cases), form-encoded, JSON-escaped. */
const spellings = (secret: string): ReadonlyArray<string> => {
  const encoded = encodeURIComponent(secret)
  return [
    secret,
    encoded,
    encoded.replace(/%[0-9A-F]{2}/g, (e) => e.toLowerCase()),
    encoded.replace(/%20/g, "+"),
    JSON.stringify(secret).slice(1, -1)
  ]
}

const secrets = [wrongSecret, sessionToken, sseKey, stepSecret, realS3.secretAccessKey]

const filesUnder = (dir: string): ReadonlyArray<string> =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? filesUnder(path) : [path]
  })

const assertNoSecret = (where: string, text: string) => {
  for (const secret of secrets) {
    for (const spelling of spellings(secret)) {
      assert.notInclude(text, spelling, `${where} shows a secret`)
    }
  }
}

describe("secrets stay out of every output (a failing suite against Ceph RGW)", () => {
  it.effect("list, dot, quiet and verbose console output; dry-run and list plans", () =>
    Effect.gen(function*() {
      const runs = [
        ["run", fixture],
        ["run", fixture, "--verbose"],
        ["run", fixture, "--console", "dot", "--verbose"],
        ["run", fixture, "--quiet", "--strict"],
        ["run", fixture, "--dry-run"],
        ["list", fixture]
      ]
      for (const args of runs) {
        const run = yield* runCli(args, { env })
        const label = args.join(" ")
        assertNoSecret(`${label} (stdout)`, run.stdout)
        assertNoSecret(`${label} (stderr)`, run.stderr)
        if (args[0] === "run" && !args.includes("--dry-run")) {
          assert.strictEqual(run.code, 1, `${label}\n${run.stdout}${run.stderr}`)
        }
        if (args.includes("--verbose")) {
          // The run did fail for the reasons the secrets are about, so the search is meaningful.
          assert.include(run.stdout, "SignatureDoesNotMatch", label)
          // The session token was sent (Ceph ignores it for these keys), the SSE-C key too.
          assert.match(run.stdout, /session-token > test > ListBuckets \[with-token\] \w+ \d+ms \(1 attempt/, label)
          assert.match(run.stdout, /sse-c > test > GetObject \[wrong-secret\] FAILED/, label)
          // The step signed with its own secret, which Ceph refused.
          assert.match(run.stdout, /step-secret > test > HttpRequest \[wrong-secret\] FAILED/, label)
        }
      }
    }))

  it.effect("report files, when reporters are available on the command line", () =>
    Effect.gen(function*() {
      const help = yield* runCli(["run", "--help"])
      if (!help.stdout.includes("--reporter")) return // reporters not wired into the CLI yet
      const dir = mkdtempSync(join(tmpdir(), "s3t-console-reports-"))
      yield* Effect.addFinalizer(() => Effect.sync(() => rmSync(dir, { recursive: true, force: true })))
      const run = yield* runCli(
        ["run", fixture, "--reporter", "list", "--reporter", "json", "--reporter", "junit", "--reporter", "html", "--output-dir", dir],
        { env }
      )
      assert.strictEqual(run.code, 1, run.stdout + run.stderr)
      assertNoSecret("stdout", run.stdout)
      assertNoSecret("stderr", run.stderr)
      const files = filesUnder(dir)
      assert.isAbove(files.length, 0, run.stdout + run.stderr)
      for (const file of files) assertNoSecret(file, readFileSync(file, "utf8"))
    }))
})
