/**
 * The `s3tester` command line: argument parsing, console output and exit codes. Everything else
 * lives in `@s3tester/core`.
 *
 * @since 0.1.0
 */
import { Suite } from "@s3tester/core"
import type { Loader } from "@s3tester/core"
import { Effect } from "effect"
import { Argument, Command, Flag } from "effect/cli"
import pc from "picocolors"
import { countsLine } from "./internal/ConsoleReporter.ts"
import { ExitCode, ExitWith } from "./internal/ExitCode.ts"
import { loadSuites } from "./internal/loadSuites.ts"
import { runSuite } from "./internal/runSuite.ts"
import { RunResult } from "@s3tester/core"

const write = (line: string) => Effect.sync(() => process.stdout.write(`${line}\n`))

const files = Argument.String("files").pipe(
  Argument.variadic({ min: 1 }),
  Argument.withDescription("YAML suite files")
)

const stepCount = (group: Suite.Group) => group.before_test.length + group.test.length + group.after_test.length

/** Fails with exit code 2 when `--group` names a group no file has. */
const checkGroupNames = (suites: ReadonlyArray<Loader.LoadedSuite>, groups: ReadonlyArray<string>) =>
  Effect.gen(function*() {
    const known = new Set(suites.flatMap((loaded) => loaded.suite.test_cases.groups.map((group) => group.name)))
    const unknown = groups.filter((name) => !known.has(name))
    if (unknown.length === 0) return
    yield* Effect.sync(() =>
      process.stderr.write(
        `--group: no group named ${unknown.map((name) => `"${name}"`).join(", ")}; groups are: ${[...known].join(", ")}\n`
      )
    )
    return yield* Effect.fail(new ExitWith(ExitCode.invalidConfiguration))
  })

const printPlan = (loaded: Loader.LoadedSuite, groups: ReadonlyArray<string>) =>
  Effect.gen(function*() {
    const { suite } = loaded
    const endpoint = suite.config.endpoint_url ?? "the embedded local server"
    yield* write(pc.bold(`${loaded.file}: ${endpoint} (${suite.test_cases.parallel ? "groups in parallel" : "groups in order"})`))
    for (const group of suite.test_cases.groups) {
      if (groups.length > 0 && !groups.includes(group.name)) continue
      const credential = group.credential ?? suite.config.credentials[0]?.name ?? "(none)"
      yield* write(`  ${group.name} [${credential}]${group.tags.length > 0 ? ` tags: ${group.tags.join(", ")}` : ""}`)
      for (const phase of Suite.phases) {
        for (const step of group[phase]) {
          const stepCredential = step.credential === undefined ? "" : ` [${step.credential}]`
          const expectation = step.expected_result.success
            ? "expect success"
            : `expect ${step.expected_result.error_code ?? "an error"}`
          yield* write(`    ${phase} > ${step.name ?? step.operation}${stepCredential} ${pc.dim(expectation)}`)
        }
      }
    }
  })

const runCommand = Command.make(
  "run",
  {
    files,
    group: Flag.String("group").pipe(
      Flag.atLeast(0),
      Flag.withDescription("Run only this group (repeatable)")
    ),
    dryRun: Flag.Boolean("dry-run").pipe(
      Flag.withDefault(false),
      Flag.withDescription("Validate and print the plan without contacting the endpoint")
    ),
    endpoint: Flag.String("endpoint").pipe(
      Flag.optional,
      Flag.withDescription("Override config.endpoint_url")
    ),
    concurrency: Flag.Int("concurrency").pipe(
      Flag.withDefault(8),
      Flag.withDescription("How many groups run at once when test_cases.parallel is true")
    )
  },
  (input) =>
    Effect.gen(function*() {
      const suites = yield* loadSuites(input.files)
      yield* checkGroupNames(suites, input.group)
      if (input.dryRun) {
        for (const loaded of suites) yield* printPlan(loaded, input.group)
        yield* write(pc.green("Configuration is valid (dry run: nothing was sent)."))
        return
      }
      let counts = RunResult.emptyCounts()
      for (const loaded of suites) {
        const summary = yield* runSuite(loaded, {
          groups: input.group,
          endpoint: input.endpoint._tag === "Some" ? input.endpoint.value : undefined,
          concurrency: Math.max(1, input.concurrency)
        })
        counts = RunResult.mergeCounts(counts, summary.counts)
      }
      if (suites.length > 1) yield* write(`All files: ${countsLine(counts)} (${counts.total} steps)`)
      if (!RunResult.isSuccess(counts)) return yield* Effect.fail(new ExitWith(ExitCode.testsFailed))
    })
).pipe(Command.withDescription("Run suites against their endpoint (or the embedded local server)"))

const validateCommand = Command.make(
  "validate",
  { files },
  (input) =>
    Effect.gen(function*() {
      const suites = yield* loadSuites(input.files)
      for (const loaded of suites) {
        const groups = loaded.suite.test_cases.groups
        const steps = groups.reduce((sum, group) => sum + stepCount(group), 0)
        yield* write(`${pc.green("✓")} ${loaded.file}: ${groups.length} groups, ${steps} steps, valid`)
      }
    })
).pipe(Command.withDescription("Check suites without running them: every problem, with file:line:column"))

/**
 * The root command.
 *
 * @since 0.1.0
 */
export const command = Command.make("s3tester").pipe(
  Command.withDescription("Run declarative S3 compatibility scenarios against any S3 endpoint"),
  Command.withSubcommands([runCommand, validateCommand])
)
