/**
 * The `s3tester` command line: argument parsing, console output and exit codes. Everything else
 * lives in `@s3tester/core`.
 *
 * @since 0.1.0
 */
import * as EngineDefaults from "@s3tester/core/EngineDefaults"
import * as Suite from "@s3tester/core/Suite"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Argument from "effect/cli/Argument"
import * as Command from "effect/cli/Command"
import * as Flag from "effect/cli/Flag"
import { cleanCommand } from "./internal/commands/cleanCommand.ts"
import { pc } from "./internal/console/colors.ts"
import { countsLine } from "./internal/console/ConsoleReporter.ts"
import { consoleFlags, consoleSetup, detailOf, switchFlag } from "./internal/consoleFlags.ts"
import { ExitCode, ExitWith } from "./internal/ExitCode.ts"
import * as Interrupts from "./internal/interrupts.ts"
import { loadSuites, strictChecks } from "./internal/onDemand.ts"
import { defaultWorkers, filesToRun, runFiles } from "./internal/runFiles.ts"
import { operations } from "./internal/commands/operationsCommand.ts"
import { listLines, planLines } from "./internal/plan.ts"
import { exitCodeFor, parseShard, reportingFlags } from "./internal/reporting.ts"
import { conformanceCommand } from "./internal/commands/conformanceCommand.ts"
import { matrixCommand } from "./internal/commands/matrixCommand.ts"
import { mergeReportsCommand } from "./internal/commands/reportingCommands.ts"
import { criteriaOf, selectFiles } from "./internal/selectionFlags.ts"
import { usage } from "./internal/usageErrors.ts"
import { counted } from "./internal/console/wording.ts"
import type { SelectedFile } from "./internal/selectionFlags.ts"

const write = (line: string) => Effect.sync(() => process.stdout.write(`${line}\n`))

const files = Argument.String("files").pipe(
  Argument.variadic({ min: 1 }),
  Argument.withDescription("YAML suite files")
)

const pluginFlag = Flag.String("plugin").pipe(
  Flag.atLeast(0),
  Flag.withDescription("Load an operation plugin: a package name or a path (repeatable; adds to the config's plugins)")
)

const selectionFlags = {
  group: Flag.String("group").pipe(
    Flag.atLeast(0),
    Flag.withDescription("Run only this group (repeatable)")
  ),
  grep: Flag.String("grep").pipe(
    Flag.withAlias("g"),
    Flag.optional,
    Flag.withDescription("Run only test steps whose `group > step` (or `group > phase > step`) matches this regex")
  ),
  tags: Flag.String("tags").pipe(
    Flag.atLeast(0),
    Flag.withDescription("Run only groups with these tags: `a,b` any of them, `a+b` all of them (repeatable: any)")
  )
}

/** A duration flag (`30s`, `500ms`, `2m`) in milliseconds; anything else is a usage error (exit 2). */
const durationMs = (flag: string, value: string) =>
  Effect.suspend(() => {
    try {
      const ms = Suite.durationToMillis(value)
      if (ms > 0) return Effect.succeed(ms)
    } catch {
      // reported below
    }
    return usage(`--${flag}: "${value}" is not a duration such as 500ms, 30s or 2m`)
  })

/** `--timeout` replaces `config.timeout` (steps that set their own `timeout` keep it): what the plan shows. */
const withTimeout = (file: SelectedFile, timeout: string): SelectedFile => {
  const suite = file.selected.suite
  const config = { ...suite.config, timeout: Suite.parseDuration(timeout) }
  return { ...file, selected: { ...file.selected, suite: { ...suite, config } } }
}

const runCommand = Command.make(
  "run",
  {
    files,
    ...selectionFlags,
    list: switchFlag("list", "Print the groups and steps that would run, and exit"),
    dryRun: switchFlag("dry-run", "Validate and print the full plan without contacting the endpoint"),
    endpoint: Flag.String("endpoint").pipe(
      Flag.optional,
      Flag.withDescription("Override config.endpoint_url")
    ),
    concurrency: Flag.Int("concurrency").pipe(
      Flag.withDefault(EngineDefaults.defaultConcurrency),
      Flag.withDescription("How many groups run at once when test_cases.parallel is true")
    ),
    workers: Flag.Int("workers").pipe(
      Flag.withDefault(defaultWorkers),
      Flag.withDescription(
        `How many files run at once (default ${defaultWorkers}: 4 per core); output stays grouped by file, in the order given`
      )
    ),
    timeout: Flag.String("timeout").pipe(
      Flag.optional,
      Flag.withDescription("Per-step timeout (e.g. 10s), overriding config.timeout")
    ),
    cleanupTimeout: Flag.String("cleanup-timeout").pipe(
      Flag.withDefault(`${EngineDefaults.defaultCleanupTimeoutMs / 1_000}s`),
      Flag.withDescription("How long a group's after_test may take in all (also after Ctrl-C)")
    ),
    strict: switchFlag("strict", "Count unsupported steps (NotImplemented) as failed"),
    failOnFlaky: switchFlag("fail-on-flaky", "Fail the run when a step passed only on a retry"),
    ...consoleFlags,
    plugin: pluginFlag,
    ...reportingFlags
  },
  (input) =>
    Effect.gen(function*() {
      const detail = yield* detailOf(input.quiet, input.verbose)
      const shard = yield* parseShard(Option.getOrUndefined(input.shard))
      const cleanupTimeoutMs = yield* durationMs("cleanup-timeout", input.cleanupTimeout)
      if (input.concurrency < 1) return yield* usage(`--concurrency: ${input.concurrency} is not a number of groups (at least 1)`)
      const concurrency = input.concurrency
      if (input.workers < 1) return yield* usage(`--workers: ${input.workers} is not a number of files (at least 1)`)
      const timeoutMs = Option.isSome(input.timeout) ? yield* durationMs("timeout", input.timeout.value) : undefined
      let selected = yield* Effect.flatMap(loadSuites(input.files, input.plugin, "steps"), (suites) => selectFiles(suites, input))
      if (input.list) {
        for (const file of selected) for (const line of listLines(file.loaded, file.selected)) yield* write(line)
        return
      }
      if (input.dryRun) {
        const timeout = Option.getOrUndefined(input.timeout)
        const planned = timeout === undefined ? selected : selected.map((file) => withTimeout(file, timeout))
        for (const file of planned) {
          for (const line of planLines(file.loaded, file.selected, { concurrency, env: process.env })) yield* write(line)
        }
        yield* write(pc.green("Configuration is valid (dry run: nothing was sent)."))
        return
      }
      const files = filesToRun(selected, input.plugin, yield* criteriaOf(input), input.workers)
      selected = [] // files that wait for a worker are loaded again at their turn: no suite is held for them
      const verdict = { strict: input.strict, failOnFlaky: input.failOnFlaky }
      const console = consoleSetup(Option.getOrUndefined(input.console), detail, verdict)
      const abandonCleanup = yield* Interrupts.install(cleanupTimeoutMs)
      const { counts, reportersFailed } = yield* runFiles(files, input.workers, {
        endpoint: Option.getOrUndefined(input.endpoint),
        concurrency,
        strict: input.strict,
        timeoutMs,
        cleanupTimeoutMs,
        trace: input.trace,
        abandonCleanup,
        console,
        reporting: { reporters: input.reporter, outputDir: input.outputDir, shard }
      })
      if (files.length > 1) yield* write(`All files: ${countsLine(counts)} (${counted(counts.total, "step")})`)
      const code = exitCodeFor(counts, reportersFailed, verdict)
      if (code !== ExitCode.passed) return yield* Effect.fail(new ExitWith({ code }))
    }).pipe(Effect.scoped)
).pipe(Command.withDescription("Run suites against their endpoint (or the embedded local server)"))

const listCommand = Command.make(
  "list",
  { files, plugin: pluginFlag, ...selectionFlags },
  (input) =>
    Effect.gen(function*() {
      const suites = yield* loadSuites(input.files, input.plugin)
      const selected = yield* selectFiles(suites, input)
      let steps = 0
      for (const file of selected) {
        for (const line of listLines(file.loaded, file.selected)) yield* write(line)
        steps += Suite.totalSteps(file.selected.suite.test_cases.groups)
      }
      const groups = selected.reduce((sum, file) => sum + file.selected.suite.test_cases.groups.length, 0)
      yield* write(`Total: ${counted(steps, "step")} in ${counted(groups, "group")} in ${counted(selected.length, "file")}`)
    })
).pipe(Command.withDescription("Print the groups and steps that would run (with the same selection flags as run)"))

/** Of two exit codes, the one to report: any problem over none, a configuration problem (2) over an unreachable endpoint (3). */
const graver = (a: number, b: number): number => (a === ExitCode.passed ? b : b === ExitCode.passed ? a : Math.min(a, b))

const validateCommand = Command.make(
  "validate",
  {
    files,
    plugin: pluginFlag,
    strict: switchFlag(
      "strict",
      "Also check that every file:// body exists (exit 2) and that every credential reaches the endpoint: one ListBuckets each (exit 3)"
    )
  },
  (input) =>
    Effect.gen(function*() {
      // --strict places a missing body file at its parameter, so it keeps every node's place; a
      // plain validate needs the places a problem is reported at, which every load finds alike
      const suites = yield* loadSuites(input.files, input.plugin, input.strict ? "full" : "steps")
      let code: number = ExitCode.passed
      for (const loaded of suites) {
        const groups = loaded.suite.test_cases.groups
        const steps = Suite.totalSteps(groups)
        yield* write(`${pc.green("✓")} ${loaded.file}: ${counted(groups.length, "group")}, ${counted(steps, "step")}, valid`)
        if (input.strict) code = graver(code, yield* strictChecks(loaded))
      }
      if (code !== ExitCode.passed) return yield* Effect.fail(new ExitWith({ code }))
    })
).pipe(Command.withDescription("Check suites without running them: every problem, with file:line:column"))

/**
 * The root command.
 *
 * @since 0.1.0
 */
export const command = Command.make("s3tester").pipe(
  Command.withDescription("Run declarative S3 compatibility scenarios against any S3 endpoint"),
  Command.withSubcommands([
    runCommand,
    listCommand,
    validateCommand,
    conformanceCommand,
    matrixCommand,
    operations,
    mergeReportsCommand,
    cleanCommand
  ])
)
