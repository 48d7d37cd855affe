import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { runCli } from "./support/runCli.ts"

const fixture = "packages/cli/test/fixtures/console.yaml"

const stepTitles = (stdout: string) =>
  stdout.split("\n").flatMap((line) => {
    const match = /^\s+[✓✗!?-] (\S+ > \S+ > .+?) \[/.exec(line)
    return match === null ? [] : [match[1]!]
  })

describe("selection: s3tester list, --list, --group, --tags, --grep", () => {
  it.effect("s3tester list prints every group and step that would run, and a total", () =>
    Effect.gen(function*() {
      const run = yield* runCli(["list", fixture])
      assert.strictEqual(run.code, 0, run.stderr)
      assert.include(run.stdout, "  objects [main] tags: smoke, objects")
      assert.include(run.stdout, "    multipart > test > CompleteMultipartUpload")
      assert.match(run.stdout, /^Total: 16 steps in 3 groups in 1 file$/m)
    }))

  it.effect("--tags: a,b is any-of, a+b all-of", () =>
    Effect.gen(function*() {
      const any = yield* runCli(["list", fixture, "--tags", "smoke,multipart"])
      assert.match(any.stdout, /^Total: \d+ steps in 2 groups/m)
      assert.notInclude(any.stdout, "listing")
      const all = yield* runCli(["list", fixture, "--tags", "objects+smoke"])
      assert.match(all.stdout, /^Total: 6 steps in 1 group in 1 file$/m)
      assert.include(all.stdout, "objects > test > read back")
    }))

  it.effect("--grep keeps matching test steps with the steps they capture from, and setup and cleanup", () =>
    Effect.gen(function*() {
      const run = yield* runCli(["run", fixture, "--grep", "multipart > Complete"])
      assert.strictEqual(run.code, 0, run.stdout + run.stderr)
      assert.deepStrictEqual(stepTitles(run.stdout).sort(), [
        "multipart > after_test > DeleteBucket",
        "multipart > after_test > DeleteObject",
        "multipart > before_test > CreateBucket",
        "multipart > test > CompleteMultipartUpload",
        "multipart > test > CreateMultipartUpload",
        "multipart > test > UploadPart"
      ])
    }))

  it.effect("a failing step filtered out by --grep does not fail the run; positions stay right", () =>
    Effect.gen(function*() {
      const passing = yield* runCli(["run", fixture, "-g", "objects > PutObject"])
      assert.strictEqual(passing.code, 0, passing.stdout + passing.stderr)
      const failing = yield* runCli(["run", fixture, "--grep", "objects > (PutObject|wrong)"])
      assert.strictEqual(failing.code, 1)
      assert.include(failing.stdout, "at packages/cli/test/fixtures/console.yaml:23:11")
    }))

  it.effect("run --list prints the selection and sends nothing", () =>
    Effect.gen(function*() {
      const run = yield* runCli(["run", "packages/cli/test/fixtures/unreachable.yaml", "--list"])
      assert.strictEqual(run.code, 0, run.stderr)
      assert.include(run.stdout, "g > test > ListBuckets")
    }))

  it.effect("a selection that matches nothing, or an invalid --grep, is a usage error (exit 2)", () =>
    Effect.gen(function*() {
      const none = yield* runCli(["run", fixture, "--tags", "nope"])
      assert.strictEqual(none.code, 2)
      assert.include(none.stderr, "Nothing to run: no group or step matches --tags nope")
      const bad = yield* runCli(["list", fixture, "--grep", "(unclosed"])
      assert.strictEqual(bad.code, 2)
      assert.include(bad.stderr, "--grep: not a valid regular expression")
    }))
})

describe("run flags: --dry-run, --timeout, --strict", () => {
  it.effect("--dry-run prints the plan with templates resolved as far as they can be, credentials by name", () =>
    Effect.gen(function*() {
      const run = yield* runCli(["run", fixture, "--dry-run", "--group", "multipart", "--timeout", "7s"])
      assert.strictEqual(run.code, 0, run.stdout + run.stderr)
      assert.include(run.stdout, "credentials: main (keys), other (keys)")
      assert.include(run.stdout, "timeout: 7s per step")
      assert.include(run.stdout, `{"Bucket":"s3t-console-mpu","Key":"big.bin"}`)
      assert.include(run.stdout, `"UploadId":"\${{ steps.create.UploadId }}"`)
      assert.include(run.stdout, "1. CreateMultipartUpload (id create) expect success")
      assert.notInclude(run.stdout, "objects")
      for (const secret of ["console-secret-value-123", "other-secret-value-456"]) {
        assert.notInclude(run.stdout + run.stderr, secret)
      }
    }))

  it.effect("--timeout and --cleanup-timeout must be durations (exit 2)", () =>
    Effect.gen(function*() {
      assert.strictEqual((yield* runCli(["run", fixture, "--timeout", "soon"])).code, 2)
      assert.strictEqual((yield* runCli(["run", fixture, "--cleanup-timeout", "0s"])).code, 2)
    }))

  it.effect("unsupported passes by default; --strict makes it a failure (exit 1)", () =>
    Effect.gen(function*() {
      const file = "packages/cli/test/fixtures/unsupported.yaml"
      const lenient = yield* runCli(["run", file])
      assert.strictEqual(lenient.code, 0, lenient.stdout + lenient.stderr)
      assert.match(lenient.stdout, /^2 passed, 0 failed, 0 errored, 0 skipped, 1 unsupported/m)
      const strict = yield* runCli(["run", file, "--strict"])
      assert.strictEqual(strict.code, 1, strict.stdout + strict.stderr)
      assert.include(strict.stdout, "GetBucketLifecycleConfiguration [main] FAILED")
    }))
})
