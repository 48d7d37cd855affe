/**
 * Ctrl-C against a real S3 server (Ceph RGW): the CLI runs as a subprocess and gets SIGINT or
 * SIGTERM in the middle of a run; the server is then asked whether cleanup really happened.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { DeleteBucketCommand, HeadBucketCommand } from "@aws-sdk/client-s3"
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { inject } from "vitest"
import { adminClient, realS3Env } from "../support/realS3.ts"
import { runCli } from "../support/runCli.ts"
import { envConfigLines } from "../../../core/test/support/envConfig.ts"

const realS3 = inject("realS3")

const env = realS3Env(realS3)

const admin = adminClient(realS3)

const bucketExists = (bucket: string) =>
  Effect.promise(() => admin.send(new HeadBucketCommand({ Bucket: bucket })).then(() => true, () => false))

const forget = (bucket: string) =>
  Effect.promise(() => admin.send(new DeleteBucketCommand({ Bucket: bucket })).catch(() => undefined))

/**
 * One group: CreateBucket, `tests` ListObjectsV2 calls, then `cleanupChecks` HeadBucket calls
 * (a slow cleanup) and DeleteBucket.
 */
const suite = (bucket: string, tests: number, cleanupChecks: number) =>
  [
    ...envConfigLines({ endpoint: '"${{ env.S3_ENDPOINT }}"' }),
    "test_cases:",
    "  groups:",
    `    - name: interrupted-${bucket}`,
    `      before_test: [{ operation: CreateBucket, parameters: { Bucket: ${bucket} } }]`,
    "      test:",
    ...Array.from({ length: tests }, () => `        - { operation: ListObjectsV2, parameters: { Bucket: ${bucket} } }`),
    "      after_test:",
    ...Array.from({ length: cleanupChecks }, () => `        - { operation: HeadBucket, parameters: { Bucket: ${bucket} } }`),
    `        - { operation: DeleteBucket, parameters: { Bucket: ${bucket} } }`,
    ""
  ].join("\n")

/** Writes the suite to a temporary file, removed with the test's scope. */
const suiteFile = (bucket: string, tests: number, cleanupChecks: number) =>
  Effect.acquireRelease(
    Effect.sync(() => {
      const dir = mkdtempSync(join(tmpdir(), "s3t-console-signals-"))
      const file = join(dir, "suite.yaml")
      writeFileSync(file, suite(bucket, tests, cleanupChecks))
      return { dir, file }
    }),
    ({ dir }) => Effect.sync(() => rmSync(dir, { recursive: true, force: true }))
  ).pipe(Effect.map(({ file }) => file))

const testStepsPassed = (stdout: string) => stdout.match(/> test > ListObjectsV2 \[main\] passed/g)?.length ?? 0

describe("Ctrl-C (a subprocess against Ceph RGW)", () => {
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    it.effect(`${signal} mid-run: running steps stop, after_test runs (the bucket is gone), summary printed, exit 130`, () =>
      Effect.gen(function*() {
        const bucket = `s3t-console-sig-${signal.toLowerCase()}-${process.pid}`
        yield* forget(bucket)
        const file = yield* suiteFile(bucket, 3_000, 0)
        const report = join(mkdtempSync(join(tmpdir(), "s3t-console-signals-report-")), "r.json")
        let sent = false
        const run = yield* runCli(["run", file, "--reporter", "list", "--reporter", `json:${report}`], {
          env,
          onStdout: (sofar, child) => {
            if (!sent && testStepsPassed(sofar) >= 5) {
              sent = true
              child.kill(signal)
            }
          }
        })
        assert.isTrue(sent, run.stdout + run.stderr)
        assert.strictEqual(run.code, 130, run.stdout + run.stderr)
        assert.include(run.stderr, `${signal}: stopping the run; after_test runs for 1 started group`)
        assert.match(run.stdout, new RegExp(`interrupted-${bucket} > after_test > DeleteBucket \\[main\\] passed`))
        assert.include(run.stdout, "run interrupted")
        assert.include(run.stdout, "Interrupted: cleanup ran for every started group.")
        assert.match(run.stdout, /^\d+ passed, 0 failed, 0 errored, \d+ skipped, 0 unsupported \(3002 steps\)/m)
        assert.isBelow(testStepsPassed(run.stdout), 3_000)
        assert.isFalse(yield* bucketExists(bucket))
        // the reports are written too, and say the run was interrupted
        const written = JSON.parse(readFileSync(report, "utf8")) as { run: { interrupted?: boolean }; summary: { total: number } }
        assert.strictEqual(written.summary.total, 3002)
        assert.isTrue(JSON.stringify(written).includes('"interrupted":true'), JSON.stringify(written.run))
      }))
  }

  it.effect("a second SIGINT abandons cleanup at once, names the group that did not finish cleaning up, and the reports are written", () =>
    Effect.gen(function*() {
      const bucket = `s3t-console-sig-twice-${process.pid}`
      yield* forget(bucket)
      yield* Effect.addFinalizer(() => forget(bucket))
      const file = yield* suiteFile(bucket, 3_000, 3_000)
      const report = join(mkdtempSync(join(tmpdir(), "s3t-console-signals-report-")), "r.json")
      let signals = 0
      let secondAt = 0
      const run = yield* runCli(["run", file, "--reporter", "list", "--reporter", `json:${report}`], {
        env,
        onStdout: (sofar, child) => {
          if (signals === 0 && testStepsPassed(sofar) >= 3) {
            signals = 1
            child.kill("SIGINT")
          } else if (signals === 1 && (sofar.match(/> after_test > HeadBucket \[main\] passed/g)?.length ?? 0) >= 3) {
            signals = 2
            secondAt = Date.now()
            child.kill("SIGINT")
          }
        }
      })
      assert.strictEqual(signals, 2, run.stdout + run.stderr)
      assert.strictEqual(run.code, 130, run.stdout + run.stderr)
      assert.isBelow(Date.now() - secondAt, 5_000)
      assert.include(
        run.stderr,
        `Cleanup abandoned (second SIGINT). 1 group did not finish cleaning up (after_test incomplete; resources may be left on the server): interrupted-${bucket}`
      )
      // The engine stopped the cleanup: the rest is reported (not run), and named in the summary.
      assert.match(run.stdout, /after_test > DeleteBucket \[main\] ERRORED/)
      assert.include(run.stdout, `cleanup failed: interrupted-${bucket}: HeadBucket: cleanup abandoned: second SIGINT`)
      assert.include(run.stdout, "Interrupted: cleanup did not fully pass for 1 group (resources may be left on the server).")
      // The reports are written, marked interrupted, with the abandoned group's steps.
      const written = readFileSync(report, "utf8")
      assert.isTrue((JSON.parse(written) as { run: { interrupted?: boolean } }).run.interrupted)
      assert.include(written, "cleanup abandoned: second SIGINT")
      assert.include(written, `interrupted-${bucket}`)
      // Cleanup was really abandoned: the bucket is still there (the finalizer removes it).
      assert.isTrue(yield* bucketExists(bucket))
    }))

  it.effect("the cleanup timeout bounds after_test after Ctrl-C: the rest of cleanup is reported, exit 130", () =>
    Effect.gen(function*() {
      const bucket = `s3t-console-sig-bounded-${process.pid}`
      yield* forget(bucket)
      yield* Effect.addFinalizer(() => forget(bucket))
      const file = yield* suiteFile(bucket, 3_000, 3_000)
      let sent = false
      const started = Date.now()
      const run = yield* runCli(["run", file, "--cleanup-timeout", "1s"], {
        env,
        onStdout: (sofar, child) => {
          if (!sent && testStepsPassed(sofar) >= 3) {
            sent = true
            child.kill("SIGINT")
          }
        }
      })
      assert.strictEqual(run.code, 130, run.stdout + run.stderr)
      assert.isBelow(Date.now() - started, 60_000)
      assert.include(run.stdout, "cleanup abandoned: after_test did not finish within 1000ms")
      assert.match(run.stdout, /^\d+ passed, 0 failed, [1-9]\d* errored, \d+ skipped/m)
    }))
})
