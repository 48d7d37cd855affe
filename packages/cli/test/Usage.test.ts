/**
 * The command line itself: usage errors (short, with a did-you-mean), counts in words, the
 * embedded server's warning, the global flags offered, and colour only where it belongs.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { runCli } from "./support/runCli.ts"

const oneGroup = "packages/cli/test/fixtures/unreachable.yaml"
const escape = "\u001b["

describe("usage errors", () => {
  it.effect("an unknown flag prints the problem and one line on --help, not the whole help: exit 2", () =>
    Effect.gen(function*() {
      const run = yield* runCli(["run", "--no-such-flag", "examples/quickstart.yaml"])
      assert.strictEqual(run.code, 2, run.stdout + run.stderr)
      assert.strictEqual(run.stdout, "")
      const lines = run.stderr.trimEnd().split("\n")
      assert.deepStrictEqual(lines, [
        "s3tester run: unknown flag --no-such-flag",
        `Run "s3tester run --help" for usage.`
      ])
    }))

  it.effect("--concurrency 0 is a usage error, not silently 1", () =>
    Effect.gen(function*() {
      const run = yield* runCli(["run", "--concurrency", "0", "examples/quickstart.yaml"])
      assert.strictEqual(run.code, 2, run.stdout + run.stderr)
      assert.deepStrictEqual(run.stderr.trimEnd().split("\n"), [
        "s3tester run: --concurrency: 0 is not a number of groups (at least 1)",
        `Run "s3tester run --help" for usage.`
      ])
      assert.notInclude(run.stdout, "passed")
    }))

  it.effect("an unknown subcommand gets a did-you-mean: a close spelling, a prefix, a suite file", () =>
    Effect.gen(function*() {
      const misspelt = yield* runCli(["valdate", "examples/quickstart.yaml"])
      assert.strictEqual(misspelt.code, 2)
      assert.include(misspelt.stderr, `unknown command "valdate"; did you mean "validate"?`)
      assert.notInclude(misspelt.stdout + misspelt.stderr, "SUBCOMMANDS")
      const prefix = yield* runCli(["merge", "out/"])
      assert.include(prefix.stderr, `did you mean "merge-reports"?`)
      const file = yield* runCli(["examples/quickstart.yaml"])
      assert.strictEqual(file.code, 2)
      assert.include(file.stderr, "s3tester run examples/quickstart.yaml")
      const nothingClose = yield* runCli(["frobnicate"])
      assert.include(nothingClose.stderr, "commands: run, list, validate, conformance, matrix, operations, merge-reports, clean")
    }))

  it.effect("the help offers only global flags that do something (no --wizard, no --log-level)", () =>
    Effect.gen(function*() {
      const help = yield* runCli(["--help"])
      assert.strictEqual(help.code, 0, help.stderr)
      assert.include(help.stdout, "--version")
      assert.notInclude(help.stdout, "--wizard")
      assert.notInclude(help.stdout, "--log-level")
      const wizard = yield* runCli(["run", "--wizard"])
      assert.strictEqual(wizard.code, 2)
      assert.include(wizard.stderr, "unknown flag --wizard")
    }))
})

describe("wording", () => {
  it.effect("one group and one step are singular in validate and list", () =>
    Effect.gen(function*() {
      const validate = yield* runCli(["validate", oneGroup])
      assert.strictEqual(validate.code, 0, validate.stderr)
      assert.include(validate.stdout, `${oneGroup}: 1 group, 1 step, valid`)
      const list = yield* runCli(["list", oneGroup])
      assert.include(list.stdout, "Total: 1 step in 1 group in 1 file")
    }))

  it.effect("the quick start names the embedded server's fakeness once", () =>
    Effect.gen(function*() {
      const run = yield* runCli(["run", "examples/quickstart.yaml"])
      assert.strictEqual(run.code, 0, run.stdout + run.stderr)
      assert.strictEqual(run.stdout.match(/fake/gi)?.length, 1, run.stdout)
      assert.match(run.stdout, /^Running \d+ steps in 2 groups$/m)
    }))
})

describe("colour", () => {
  it.effect("with CI set, nothing piped is coloured (CI=1 s3tester run ... | cat -A)", () =>
    Effect.gen(function*() {
      const run = yield* runCli(["run", "examples/quickstart.yaml"], { env: { CI: "1", NO_COLOR: undefined, FORCE_COLOR: undefined } })
      assert.strictEqual(run.code, 0, run.stdout + run.stderr)
      assert.include(run.stdout, "passed")
      assert.notInclude(run.stdout + run.stderr, escape)
      const usage = yield* runCli(["run", "--nope", "x.yaml"], { env: { CI: "1", NO_COLOR: undefined, FORCE_COLOR: undefined } })
      assert.notInclude(usage.stderr, escape)
    }))

  it.effect("FORCE_COLOR colours a pipe; NO_COLOR wins over it", () =>
    Effect.gen(function*() {
      const forced = yield* runCli(["validate", "examples/quickstart.yaml"], { env: { NO_COLOR: undefined, FORCE_COLOR: "1" } })
      assert.include(forced.stdout, escape)
      const both = yield* runCli(["validate", "examples/quickstart.yaml"], { env: { NO_COLOR: "1", FORCE_COLOR: "1" } })
      assert.strictEqual(both.code, 0, both.stderr)
      assert.notInclude(both.stdout, escape)
      const off = yield* runCli(["validate", "examples/quickstart.yaml"], { env: { NO_COLOR: undefined, FORCE_COLOR: "0", CI: "1" } })
      assert.notInclude(off.stdout, escape)
    }))
})
