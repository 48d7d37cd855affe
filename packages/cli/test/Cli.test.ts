import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { mkdtempSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { runCli } from "./support/runCli.ts"

/** A file over 512 KiB (loaded in pieces by validate and run), `last` written into its last group. */
const largeSuite = (last: string): string => {
  const lines = ["config:", "  endpoint_url: http://127.0.0.1:9", "  credentials:", "    - { name: main, access_key: a, secret_key: s }", "test_cases:", "  groups:"]
  for (let g = 0; g < 3000; g++) {
    lines.push(
      `    - name: group-${g}`,
      "      test:",
      `        - { operation: PutObject, parameters: { Bucket: "bucket-${g}", Key: "a-long-enough-key-${g}.txt", Body: "hello ${g}" } }`,
      `        - { operation: GetObject, parameters: { Bucket: "bucket-${g}", Key: "a-long-enough-key-${g}.txt" } }`
    )
  }
  lines.push(last, "")
  return lines.join("\n")
}

describe("s3tester validate", () => {
  it.effect("reports a misspelt key, a wrong type and an unknown credential at once, with positions, exit 2", () =>
    Effect.gen(function*() {
      const run = yield* runCli(["validate", "packages/cli/test/fixtures/three-mistakes.yaml"])
      assert.strictEqual(run.code, 2, run.stderr)
      const file = "packages/cli/test/fixtures/three-mistakes.yaml"
      const lines = run.stderr.split("\n").filter((line) => line.startsWith(file))
      assert.strictEqual(lines.length, 3, run.stderr)
      assert.match(run.stderr, new RegExp(`${file}:8:13: .*boolean`))
      assert.match(run.stderr, new RegExp(`${file}:11:19: .*mian.*did you mean "main"`))
      assert.match(run.stderr, new RegExp(`${file}:12:7: .*befor_test.*did you mean "before_test"`))
      assert.notInclude(run.stderr + run.stdout, "never-printed-secret")
      assert.notInclude(run.stderr, "    at ") // no stack trace
    }))

  it.effect("a large file: valid, or its mistake in the last group at its place", () =>
    Effect.gen(function*() {
      const dir = mkdtempSync(join(tmpdir(), "s3tester-validate-"))
      const valid = join(dir, "valid.yaml")
      writeFileSync(valid, largeSuite(""))
      const ok = yield* runCli(["validate", valid])
      assert.strictEqual(ok.code, 0, ok.stderr)
      assert.include(ok.stdout, `${valid}: 3000 groups, 6000 steps, valid`)
      const wrong = join(dir, "wrong.yaml")
      const text = largeSuite("        - { operation: GetObject, parameters: { Bucket: b, Kee: k } }")
      assert.isAbove(text.length, 512 * 1024)
      writeFileSync(wrong, text)
      const run = yield* runCli(["validate", wrong])
      assert.strictEqual(run.code, 2, run.stderr)
      assert.match(run.stderr, new RegExp(`${wrong}:12007:60: unknown parameter "Kee" for GetObject; did you mean "Key"`))
    }))

  it.effect("accepts the quick start", () =>
    Effect.gen(function*() {
      const run = yield* runCli(["validate", "examples/quickstart.yaml"])
      assert.strictEqual(run.code, 0, run.stderr)
      assert.match(run.stdout, /examples\/quickstart\.yaml: 2 groups, \d+ steps, valid/)
    }))
})

describe("s3tester run", () => {
  it.effect("runs the quick start against the embedded server: every step passes, exit 0", () =>
    Effect.gen(function*() {
      const run = yield* runCli(["run", "examples/quickstart.yaml"])
      assert.strictEqual(run.code, 0, run.stdout + run.stderr)
      const stepLines = run.stdout.split("\n").filter((line) => / > (before_test|test|after_test) > /.test(line))
      assert.isAbove(stepLines.length, 10)
      for (const line of stepLines) assert.match(line, / passed /)
      assert.match(run.stdout, new RegExp(`^${stepLines.length} passed, 0 failed, 0 errored, 0 skipped, 0 unsupported`, "m"))
      assert.include(run.stdout, "embedded")
    }))

  it.effect("exits 3 when the endpoint cannot be reached, and sends nothing else", () =>
    Effect.gen(function*() {
      const run = yield* runCli(["run", "packages/cli/test/fixtures/unreachable.yaml"])
      assert.strictEqual(run.code, 3, run.stdout + run.stderr)
      assert.include(run.stderr, "127.0.0.1:1")
      assert.notInclude(run.stdout + run.stderr, "never-printed-secret")
    }))

  it.effect("--dry-run validates and prints the plan without contacting the endpoint", () =>
    Effect.gen(function*() {
      const run = yield* runCli(["run", "--dry-run", "packages/cli/test/fixtures/unreachable.yaml"])
      assert.strictEqual(run.code, 0, run.stdout + run.stderr)
      assert.match(run.stdout, /^    test\n      1\. ListBuckets expect success$/m)
      assert.include(run.stdout, "credentials: main (keys)")
      assert.notInclude(run.stdout + run.stderr, "never-printed-secret")
      assert.include(run.stdout, "nothing was sent")
    }))

  it.effect("an invalid file stops the run before anything is sent: exit 2", () =>
    Effect.gen(function*() {
      const run = yield* runCli(["run", "examples/quickstart.yaml", "packages/cli/test/fixtures/three-mistakes.yaml"])
      assert.strictEqual(run.code, 2, run.stdout + run.stderr)
      assert.notInclude(run.stdout, "passed")
    }))

  it.effect("an unknown --group is a usage error: exit 2", () =>
    Effect.gen(function*() {
      const run = yield* runCli(["run", "examples/quickstart.yaml", "--group", "nope"])
      assert.strictEqual(run.code, 2, run.stdout + run.stderr)
      assert.include(run.stderr, "nope")
    }))

  it.effect("--group runs only the named group", () =>
    Effect.gen(function*() {
      const run = yield* runCli(["run", "examples/quickstart.yaml", "--group", "listing"])
      assert.strictEqual(run.code, 0, run.stdout + run.stderr)
      assert.include(run.stdout, "listing > test")
      assert.notInclude(run.stdout, "object-crud >")
    }))

  it.effect("a usage error exits 2", () =>
    Effect.gen(function*() {
      const run = yield* runCli(["run", "--no-such-flag", "examples/quickstart.yaml"])
      assert.strictEqual(run.code, 2, run.stdout + run.stderr)
    }))

  it.effect("--trace takes off, on or retain-on-failure; anything else is a usage error", () =>
    Effect.gen(function*() {
      const on = yield* runCli(["run", "examples/quickstart.yaml", "--trace", "on"])
      assert.strictEqual(on.code, 0, on.stdout + on.stderr)
      const wrong = yield* runCli(["run", "examples/quickstart.yaml", "--trace", "sometimes"])
      assert.strictEqual(wrong.code, 2, wrong.stdout + wrong.stderr)
      assert.include(wrong.stderr, "retain-on-failure")
    }))
})
