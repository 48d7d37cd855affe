/**
 * The CLI under faults, signals and closed pipes, against a real S3 server (Ceph RGW) behind the
 * fault proxy (../../../core/test/support/faultProxy.ts): the CLI runs as a subprocess; the server
 * is then asked whether cleanup really happened.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { DeleteBucketCommand, DeleteObjectCommand, HeadBucketCommand } from "@aws-sdk/client-s3"
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { inject } from "vitest"
import { latency, matching, startFaultProxy } from "../../../core/test/support/faultProxy.ts"
import type { Fault, Rule } from "../../../core/test/support/faultProxy.ts"
import { adminClient, realS3Env } from "../support/realS3.ts"
import { runCli } from "../support/runCli.ts"
import { envConfigLines } from "../../../core/test/support/envConfig.ts"

const realS3 = inject("realS3")
const env = realS3Env(realS3)
const admin = adminClient(realS3)

const bucketExists = (bucket: string) =>
  Effect.promise(() => admin.send(new HeadBucketCommand({ Bucket: bucket })).then(() => true, () => false))

/** Removes what a failed run may have left (registered before the run, so it also runs after a failure). */
const forgetLater = (bucket: string, keys: ReadonlyArray<string> = []) =>
  Effect.addFinalizer(() =>
    Effect.promise(async () => {
      for (const key of keys) await admin.send(new DeleteObjectCommand({ Bucket: bucket, Key: key })).catch(() => undefined)
      await admin.send(new DeleteBucketCommand({ Bucket: bucket })).catch(() => undefined)
    })
  )

/** A bucket's own path (path-style): `/bucket` or `/bucket/`. */
const bucketPath = (path: string, bucket: string) => path.replace(/\/$/, "") === `/${bucket}`

const faultProxy = (rule?: Rule) =>
  Effect.acquireRelease(
    Effect.promise(() => startFaultProxy(realS3.endpoint, rule === undefined ? {} : { rule })),
    (proxy) => Effect.promise(() => proxy.close())
  )

/** A suite file (removed with the test's scope) for one group: `steps` are YAML lines of its phases. */
const suiteFile = (endpoint: string, group: string, phases: { before: Array<string>; test: Array<string>; after: Array<string> }) =>
  Effect.acquireRelease(
    Effect.sync(() => {
      const dir = mkdtempSync(join(tmpdir(), "s3t-cli-faults-"))
      const file = join(dir, "suite.yaml")
      writeFileSync(
        file,
        [
          ...envConfigLines({ endpoint }),
          "test_cases:",
          "  groups:",
          `    - name: ${group}`,
          "      before_test:",
          ...phases.before.map((line) => `        - ${line}`),
          "      test:",
          ...phases.test.map((line) => `        - ${line}`),
          "      after_test:",
          ...phases.after.map((line) => `        - ${line}`),
          ""
        ].join("\n")
      )
      return { dir, file, report: join(dir, "report.json") }
    }),
    ({ dir }) => Effect.sync(() => rmSync(dir, { recursive: true, force: true }))
  )

interface JsonReport {
  readonly run: { readonly interrupted?: boolean }
  readonly summary: { readonly total: number; readonly skipped: number }
}

/** A preload that signals the CLI as soon as its process guards listen (support/signalOnGuards.mjs). */
const signalOnGuards = fileURLToPath(new URL("../support/signalOnGuards.mjs", import.meta.url))

const readReport = (file: string) => JSON.parse(readFileSync(file, "utf8")) as JsonReport

const noStackTrace = (output: string) => {
  assert.notMatch(output, /\n\s+at .+:\d+:\d+/, output)
  assert.notInclude(output, "EPIPE")
}

describe("a closed stdout (| head) stops console output only", () => {
  it.effect("run: the run, its cleanup and its reports go on; the exit code is the run's verdict", () =>
    Effect.gen(function*() {
      const bucket = `s3t-cli-epipe-${process.pid}`
      yield* forgetLater(bucket)
      const suite = yield* suiteFile(realS3.endpoint, "piped", {
        before: [`{ operation: CreateBucket, parameters: { Bucket: ${bucket} } }`],
        test: Array.from({ length: 40 }, () => `{ operation: ListObjectsV2, parameters: { Bucket: ${bucket} } }`),
        after: [`{ operation: DeleteBucket, parameters: { Bucket: ${bucket} } }`]
      })
      const run = yield* runCli(["run", suite.file, "--console", "list", "--reporter", `json:${suite.report}`], {
        env,
        closeStdoutAfterLines: 3
      })
      noStackTrace(run.stderr)
      assert.strictEqual(run.code, 0, run.stderr)
      assert.strictEqual(run.stdout.split("\n").length, 3)
      assert.isFalse(yield* bucketExists(bucket), "after_test ran")
      assert.strictEqual(readReport(suite.report).summary.total, 42)
    }))

  it.effect("operations: exit 0, no stack trace", () =>
    Effect.gen(function*() {
      const run = yield* runCli(["operations"], { closeStdoutAfterLines: 2 })
      noStackTrace(run.stderr)
      assert.strictEqual(run.code, 0, run.stderr)
    }))
})

describe("a signal at any moment", () => {
  it.effect("while the CLI is still loading: not lost, not silent (exit 130, a message)", () =>
    Effect.gen(function*() {
      // Node's own start-up (before any of our code runs) is the one moment a signal can't be
      // caught: the signal comes as soon as the guards listen, long before the CLI has loaded.
      const run = yield* runCli(["operations"], { env: { NODE_OPTIONS: `--import=${signalOnGuards}` } })
      assert.strictEqual(run.signal, null, "the process was not killed by the signal")
      assert.strictEqual(run.code, 130, run.stdout + run.stderr)
      assert.strictEqual(run.stdout, "", "interrupted before it printed anything")
      assert.include(run.stderr, "SIGINT: stopping (no run had started: nothing was sent).")
      noStackTrace(run.stderr)
    }))

  it.effect("between the header line and Running: the summary and the reports of an interrupted run, nothing sent", () =>
    Effect.gen(function*() {
      const bucket = `s3t-cli-early-${process.pid}`
      yield* forgetLater(bucket)
      const proxy = yield* faultProxy(matching((r) => r.method === "HEAD" && r.path === "/", latency(5_000)))
      const suite = yield* suiteFile(proxy.endpoint, "early", {
        before: [`{ operation: CreateBucket, parameters: { Bucket: ${bucket} } }`],
        test: [`{ operation: ListObjectsV2, parameters: { Bucket: ${bucket} } }`],
        after: [`{ operation: DeleteBucket, parameters: { Bucket: ${bucket} } }`]
      })
      let sent = false
      const run = yield* runCli(["run", suite.file, "--reporter", "list", "--reporter", `json:${suite.report}`], {
        env,
        onStdout: (sofar, child) => {
          if (!sent && sofar.includes("s3tester: ")) {
            sent = true
            setTimeout(() => child.kill("SIGINT"), 300)
          }
        }
      })
      assert.isTrue(sent)
      assert.strictEqual(run.code, 130, run.stdout + run.stderr)
      assert.include(run.stderr, "SIGINT: stopping the run")
      assert.include(run.stdout, "Interrupted: cleanup ran for every started group.")
      assert.match(run.stdout, /0 passed, 0 failed, 0 errored, 3 skipped/)
      const report = readReport(suite.report)
      assert.isTrue(report.run.interrupted)
      assert.strictEqual(report.summary.skipped, 3)
      assert.deepStrictEqual(proxy.seen.map((r) => r.method), ["HEAD"], "nothing but the preflight was sent")
      assert.isFalse(yield* bucketExists(bucket))
    }))
})

describe("Ctrl-C during a large PutObject", () => {
  it.effect("the write settles before after_test: nothing is left behind, and no SDK noise", () =>
    Effect.gen(function*() {
      const bucket = `s3t-cli-race-${process.pid}`
      yield* forgetLater(bucket, ["big.bin"])
      let child: { kill: (signal: NodeJS.Signals) => boolean } | undefined
      // The server gets the whole upload but applies it 1.5s later; DeleteBucket takes 3s to arrive.
      const commit: Fault = { kind: "slowCommit", ms: 1_500, onReceived: () => setTimeout(() => child?.kill("SIGINT"), 100) }
      const proxy = yield* faultProxy((r) =>
        r.method === "PUT" && r.path.endsWith("/big.bin")
          ? commit
          : r.method === "DELETE" && bucketPath(r.path, bucket)
          ? latency(3_000)
          : undefined
      )
      const suite = yield* suiteFile(proxy.endpoint, "race", {
        before: [`{ operation: CreateBucket, parameters: { Bucket: ${bucket} } }`],
        test: [`{ operation: PutObject, parameters: { Bucket: ${bucket}, Key: big.bin, Body: { generate: { size: 8MiB, seed: 1 } } } }`],
        after: [
          `{ operation: DeleteObject, parameters: { Bucket: ${bucket}, Key: big.bin } }`,
          `{ operation: DeleteBucket, parameters: { Bucket: ${bucket} } }`
        ]
      })
      const run = yield* runCli(["run", suite.file, "--reporter", "list", "--reporter", `json:${suite.report}`], {
        env,
        onSpawn: (spawned) => {
          child = spawned
        }
      })
      assert.strictEqual(run.code, 130, run.stdout + run.stderr)
      assert.isFalse(yield* bucketExists(bucket), run.stdout)
      assert.include(run.stderr, "SIGINT: stopping the run")
      assert.notInclude(run.stdout + run.stderr, "non-retryable streaming request")
      assert.match(run.stdout, /race > after_test > DeleteBucket \[main\] passed/)
      assert.isTrue(readReport(suite.report).run.interrupted)
    }))

  it.effect("an upload still sending is aborted; a cleanup step that fails is named in the summary", () =>
    Effect.gen(function*() {
      const bucket = `s3t-cli-cleanup-${process.pid}`
      yield* forgetLater(bucket)
      let child: { kill: (signal: NodeJS.Signals) => boolean } | undefined
      const proxy = yield* faultProxy((r) =>
        r.method === "PUT" && r.path.endsWith("/big.bin")
          ? (setTimeout(() => child?.kill("SIGINT"), 300), { kind: "hang" })
          : r.method === "DELETE" && bucketPath(r.path, bucket)
          ? { kind: "status", status: 500, code: "InternalError", message: "cannot delete now" }
          : undefined
      )
      const suite = yield* suiteFile(proxy.endpoint, "stuck", {
        before: [`{ operation: CreateBucket, parameters: { Bucket: ${bucket} } }`],
        test: [`{ operation: PutObject, parameters: { Bucket: ${bucket}, Key: big.bin, Body: { generate: { size: 32MiB, seed: 1 } } } }`],
        after: [`{ operation: DeleteBucket, retries: { attempts: 1, backoff: 10ms }, parameters: { Bucket: ${bucket} } }`]
      })
      const started = Date.now()
      const run = yield* runCli(["run", suite.file, "--reporter", "list"], {
        env,
        onSpawn: (spawned) => {
          child = spawned
        }
      })
      assert.strictEqual(run.code, 130, run.stdout + run.stderr)
      assert.isBelow(Date.now() - started, 20_000, "the upload was aborted, not waited for")
      assert.notInclude(run.stdout + run.stderr, "non-retryable streaming request")
      assert.include(run.stdout, "cleanup failed: stuck: DeleteBucket: expected success, got InternalError (500): cannot delete now")
      assert.include(run.stdout, "Interrupted: cleanup did not fully pass for 1 group (resources may be left on the server).")
      assert.notInclude(run.stdout, "cleanup ran for every started group")
      assert.strictEqual(proxy.seen.filter((r) => r.fault === "status").length, 2)
    }))
})

