/**
 * Bodies through the built CLI against Ceph RGW: every kind of request body, response bodies checked
 * (text, size, sha256, a Range), a wrong body expectation failing the run, and the memory proof (a
 * 1 GiB generated object up and down with the CLI's peak RSS under 250 MB).
 */
import { spawn } from "node:child_process"
import { fileURLToPath } from "node:url"
import { DeleteBucketCommand, DeleteObjectCommand } from "@aws-sdk/client-s3"
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { inject } from "vitest"
import { adminClient, realS3Env } from "../support/realS3.ts"
import { repoRoot, runCli } from "../support/runCli.ts"

const realS3 = inject("realS3")

const env = realS3Env(realS3)

const admin = adminClient(realS3)

/** Removes what a failed earlier run may have left. */
const forget = (bucket: string, keys: ReadonlyArray<string>) =>
  Effect.promise(async () => {
    for (const Key of keys) await admin.send(new DeleteObjectCommand({ Bucket: bucket, Key })).catch(() => undefined)
    await admin.send(new DeleteBucketCommand({ Bucket: bucket })).catch(() => undefined)
  })

const fixtures = "packages/cli/test/integration/fixtures/bodies"
const bin = fileURLToPath(new URL("../../bin/s3tester.js", import.meta.url))

/** Prints the process's peak RSS (KiB) on stderr when it exits. */
const rssHook = `data:text/javascript,process.on("exit",()=>process.stderr.write("\\nmaxrss-kib "+process.resourceUsage().maxRSS+"\\n"))`

describe("bodies through the CLI, against Ceph RGW", () => {
  it.effect("text, file://, base64 and generated bodies round-trip; text/size/sha256/Range checks pass", () =>
    Effect.gen(function*() {
      yield* forget("s3t-bodies-cli", ["text.txt", "file.txt", "b64.bin", "gen.bin"])
      const run = yield* runCli(["run", `${fixtures}/bodies.yaml`], { env })
      assert.strictEqual(run.code, 0, run.stdout + run.stderr)
      assert.match(run.stdout, /^12 passed, 0 failed, 0 errored/m)
    }))

  it.effect("a body that differs from the expectation fails the step and says how", () =>
    Effect.gen(function*() {
      yield* forget("s3t-bodies-cli-mismatch", ["gen.bin"])
      const run = yield* runCli(["run", `${fixtures}/mismatch.yaml`], { env })
      assert.strictEqual(run.code, 1, run.stdout + run.stderr)
      assert.match(run.stdout, /wrong seed.*FAILED/)
      assert.match(run.stdout, /expected the generated body \(seed 2, sha256 [0-9a-f]{12}…\), got sha256 [0-9a-f]{12}…/)
      assert.match(run.stdout, /wrong text.*FAILED/)
      assert.match(run.stdout, /expected text "abcd"/)
    }))

  it.effect("1 GiB generated: one PutObject up, GetObject down with its sha256 checked, peak RSS < 250 MB", () =>
    Effect.gen(function*() {
      yield* forget("s3t-bodies-cli-large", ["large.bin"])
      const run = yield* Effect.callback<{ code: number | null; stdout: string; stderr: string }>((resume) => {
        const child = spawn(process.execPath, ["--import", rssHook, bin, "run", `${fixtures}/large.yaml`], {
          cwd: repoRoot,
          env: { ...process.env, NO_COLOR: "1", ...env },
          stdio: ["ignore", "pipe", "pipe"]
        })
        let stdout = ""
        let stderr = ""
        child.stdout.on("data", (d: Buffer) => (stdout += d.toString()))
        child.stderr.on("data", (d: Buffer) => (stderr += d.toString()))
        child.on("close", (code) => resume(Effect.succeed({ code, stdout, stderr })))
        return Effect.sync(() => child.kill("SIGKILL"))
      })
      assert.strictEqual(run.code, 0, run.stdout + run.stderr)
      assert.match(run.stdout, /^5 passed, 0 failed/m)
      const kib = Number(/maxrss-kib (\d+)/.exec(run.stderr)?.[1])
      assert.isAbove(kib, 0)
      console.log(`s3tester run, 1 GiB up and down: peak RSS ${Math.round(kib / 1024)} MB`)
      assert.isBelow(kib / 1024, 250)
    }), { timeout: 600_000 })
})
