/**
 * Ctrl-C handling of the CLI itself, against the embedded server (the Ceph RGW test in
 * integration/Signals.test.ts also checks the server side).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { runCli } from "./support/runCli.ts"

/** CreateBucket, `tests` ListObjectsV2, then `checks` HeadBucket and DeleteBucket in after_test. */
const suiteFile = (tests: number, checks: number) =>
  Effect.acquireRelease(
    Effect.sync(() => {
      const dir = mkdtempSync(join(tmpdir(), "s3t-console-signals-"))
      const bucket = "s3t-console-signals"
      const lines = [
        "config:",
        "  credentials: [{ name: main, access_key: k, secret_key: signals-secret-value }]",
        "test_cases:",
        "  groups:",
        "    - name: g1",
        `      before_test: [{ operation: CreateBucket, parameters: { Bucket: ${bucket} } }]`,
        "      test:",
        ...Array.from({ length: tests }, () => `        - { operation: ListObjectsV2, parameters: { Bucket: ${bucket} } }`),
        "      after_test:",
        ...Array.from({ length: checks }, () => `        - { operation: HeadBucket, parameters: { Bucket: ${bucket} } }`),
        `        - { operation: DeleteBucket, parameters: { Bucket: ${bucket} } }`
      ]
      writeFileSync(join(dir, "suite.yaml"), `${lines.join("\n")}\n`)
      return dir
    }),
    (dir) => Effect.sync(() => rmSync(dir, { recursive: true, force: true }))
  ).pipe(Effect.map((dir) => join(dir, "suite.yaml")))

const count = (text: string, pattern: RegExp) => text.match(pattern)?.length ?? 0

describe("Ctrl-C (embedded server)", () => {
  it.effect("one SIGINT: the run stops, after_test runs to the end, the summary is printed, exit 130", () =>
    Effect.gen(function*() {
      const file = yield* suiteFile(5_000, 2)
      let sent = false
      const run = yield* runCli(["run", file], {
        onStdout: (sofar, child) => {
          if (!sent && count(sofar, /test > ListObjectsV2 \[main\] passed/g) >= 5) {
            sent = true
            child.kill("SIGINT")
          }
        }
      })
      assert.strictEqual(run.code, 130, run.stdout + run.stderr)
      assert.include(run.stderr, "SIGINT: stopping the run; after_test runs for 1 started group")
      assert.strictEqual(count(run.stdout, /g1 > after_test > HeadBucket \[main\] passed/g), 2)
      assert.include(run.stdout, "g1 > after_test > DeleteBucket [main] passed")
      assert.match(run.stdout, /^Interrupted: cleanup ran for every started group\.\n\d+ passed, 0 failed, 0 errored, \d+ skipped/m)
      assert.isBelow(count(run.stdout, /test > ListObjectsV2 \[main\] passed/g), 5_000)
    }))

  it.effect("a second SIGINT abandons cleanup, reports the rest and names the group, exit 130", () =>
    Effect.gen(function*() {
      const file = yield* suiteFile(5_000, 20_000)
      let signals = 0
      const run = yield* runCli(["run", file], {
        onStdout: (sofar, child) => {
          if (signals === 0 && count(sofar, /test > ListObjectsV2 \[main\] passed/g) >= 5) {
            signals = 1
            child.kill("SIGINT")
          } else if (signals === 1 && count(sofar, /after_test > HeadBucket \[main\] passed/g) >= 5) {
            signals = 2
            child.kill("SIGINT")
          }
        }
      })
      assert.strictEqual(signals, 2)
      assert.strictEqual(run.code, 130, run.stdout + run.stderr)
      assert.include(
        run.stderr,
        "Cleanup abandoned (second SIGINT). 1 group did not finish cleaning up (after_test incomplete; resources may be left on the server): g1"
      )
      // Abandoned, not run: the rest of after_test is reported errored, and the summary names the group.
      assert.include(run.stdout, "g1 > after_test > DeleteBucket [main] ERRORED")
      assert.include(run.stdout, "cleanup failed: g1: HeadBucket: cleanup abandoned: second SIGINT")
      assert.isBelow(count(run.stdout, /after_test > HeadBucket \[main\] passed/g), 20_000)
    }))
})
