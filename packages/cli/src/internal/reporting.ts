/**
 * The CLI's side of reporting: `--reporter name[:path]`, `--output-dir`, `--shard i/n`, the console
 * modes as reporters known by name (`list`, `dot`, `progress`), and the exit code when a reporter
 * failed (3, unless tests failed: 1). Choosing and loading reporters is core's (`Runner.run`,
 * `Reporters.resolveInputs`): json, junit, html and plugin reporters are packages loaded by name
 * when named; the console is always there, in the mode named last, else the default one.
 */
import { dirname } from "node:path"
import { fileURLToPath } from "node:url"
import * as Reporters from "@s3tester/core/Reporters"
import * as RunResult from "@s3tester/core/RunResult"
import * as Shard from "@s3tester/core/Shard"
import type * as Loader from "@s3tester/core/Loader"
import type * as Reporter from "@s3tester/core/Reporter"
import type * as Runner from "@s3tester/core/Runner"
import * as Effect from "effect/Effect"
import * as Result from "effect/Result"
import * as Flag from "effect/cli/Flag"
import { pc, pcErr } from "./console/colors.ts"
import { consoleReporter } from "./console/ConsoleReporter.ts"
import type { ConsoleOptions, ConsoleWriters } from "./console/ConsoleReporter.ts"
import { modes } from "./console/consoleDisplay.ts"
import type { Mode } from "./console/consoleDisplay.ts"
import { ExitCode, InvalidInput } from "./ExitCode.ts"
import { version } from "../version.ts"

/** `--reporter name[:path]`, repeatable; replaces the config's `reporters:`. */
export const reporterFlag = Flag.String("reporter").pipe(
  Flag.atLeast(0),
  Flag.withDescription(
    "A reporter, name[:output path] (repeatable; replaces the config's reporters): list, dot, progress, json, junit, html, blob, a package or a path"
  )
)

/** `--output-dir`: where report files without an explicit path go. */
export const outputDirFlag = Flag.String("output-dir").pipe(
  Flag.withDefault(Reporters.defaultOutputDir),
  Flag.withDescription("Where reports are written (default s3tester-report/)")
)

/** `--shard i/n`: run a deterministic 1/n of the groups. */
export const shardFlag = Flag.String("shard").pipe(
  Flag.optional,
  Flag.withDescription("Run shard i of n (i/n): a deterministic slice of the groups; merge blobs with merge-reports")
)

/** `--reporter`, `--output-dir`, `--shard`: what `run` and `conformance` share. */
export const reportingFlags = { reporter: reporterFlag, outputDir: outputDirFlag, shard: shardFlag }

const writeLine = (line: string) => void process.stdout.write(`${line}\n`)
const stderr = (line: string) => void process.stderr.write(`${line}\n`)

/** `json:out/r.json` -> `["json", { output }]` (a relative output is resolved against the working directory). */
export const reporterInputs = (values: ReadonlyArray<string>): ReadonlyArray<Runner.ReporterInput> =>
  values.map((value) => {
    const colon = value.indexOf(":")
    const name = colon <= 0 ? value : value.slice(0, colon)
    const output = colon <= 0 ? "" : value.slice(colon + 1)
    return output === "" ? name : [name, { output }] as const
  })

const nameOf = (value: string) => (value.indexOf(":") <= 0 ? value : value.slice(0, value.indexOf(":")))

const isMode = (name: string): name is Mode => (modes as ReadonlyArray<string>).includes(name)

/** Where the CLI's reporter packages are found when the working directory does not have them. */
const cliDir = dirname(fileURLToPath(import.meta.url))

/** How a run's console is set up: the default mode, and whether `progress` can animate here. */
export interface ConsoleSetup extends ConsoleOptions {
  readonly canAnimate: boolean
}

/**
 * A run's reporters as `Runner.run` options: `--reporter` values (else the config's `reporters:`),
 * the console modes known by name, and the console in the default mode when none is named. The
 * console shows one mode (`shown`): the last named. `close` removes a live display if the run did not end.
 * `writers`: where the console and the `report:` lines go (default stdout; a file's lane when
 * several files run at once).
 */
export const reportingOptions = (
  loaded: Loader.LoadedSuite | undefined,
  reporters: ReadonlyArray<string>,
  console: ConsoleSetup,
  writers?: ConsoleWriters
): { readonly options: Runner.RunOptions; readonly shown: Mode; readonly close: () => void } => {
  const named = reporters.length > 0
    ? reporters.map(nameOf)
    : (loaded?.suite.reporters ?? []).map((entry) => (typeof entry === "string" ? entry : entry[0]))
  const shown = named.findLast(isMode)
  const closes: Array<() => void> = []
  // `close` is the CLI's, not a reporter hook: the reporter given to the run has only its hooks
  const make = (mode: Mode): Reporter.Reporter => {
    const { close, ...reporter } = consoleReporter({
      ...console,
      mode: mode === "progress" && !console.canAnimate ? "list" : mode
    }, writers)
    closes.push(close)
    return reporter
  }
  // A console mode named before the last is not shown: it reports nothing.
  const factory = (mode: Mode): Reporter.ReporterFactory<unknown> => ({
    name: mode,
    apiVersion: 1,
    make: () => (mode === shown ? make(mode) : { name: mode, apiVersion: 1 })
  })
  const options: Runner.RunOptions = {
    ...(reporters.length > 0 ? { reporters: reporterInputs(reporters) } : {}),
    builtInReporters: { list: factory("list"), dot: factory("dot"), progress: factory("progress") },
    extraReporters: shown === undefined ? [make(console.mode)] : [],
    toolVersion: version,
    reporterSearchFrom: [cliDir],
    reporterInputPath: () => ["--reporter"],
    warn: (line) => stderr(pcErr.yellow(`warning: ${line}`)),
    reporterLog: (line) => stderr(pcErr.red(line)),
    onReportersDone: (outcome) => printOutcome(outcome, writers?.writeLine)
  }
  return { options, shown: shown ?? console.mode, close: () => closes.forEach((close) => close()) }
}

/**
 * Loads `--reporter` values without a run (merge-reports replays recorded events into them), with
 * the same names as a run. A problem is a ConfigError (exit 2).
 */
export const loadReporters = (
  reporters: ReadonlyArray<string>,
  context: { readonly outputDir: string; readonly region?: string | undefined }
) => {
  const { options } = reportingOptions(undefined, reporters, {
    mode: "list",
    detail: "normal",
    verdict: { strict: false, failOnFlaky: false },
    canAnimate: false
  })
  return Reporters.resolveInputs(options.reporters ?? [], {
    outputDir: context.outputDir,
    ...(options.builtInReporters === undefined ? {} : { builtIns: options.builtInReporters }),
    toolVersion: version,
    searchFrom: [cliDir],
    inputPath: () => ["--reporter"],
    warn: (line) => stderr(pcErr.yellow(`warning: ${line}`))
  }, { region: context.region })
}

/** Parses `--shard`; a malformed value is a usage error (exit 2). */
export const parseShard = (value: string | undefined): Effect.Effect<Shard.Shard | undefined, InvalidInput> => {
  if (value === undefined) return Effect.succeed(undefined)
  const parsed = Shard.parse(value)
  if (Result.isSuccess(parsed)) return Effect.succeed(parsed.success)
  return Effect.fail(new InvalidInput({ message: pcErr.red(parsed.failure) }))
}

/** Prints the reporter failures (once per reporter and hook) and the files written. */
export const printOutcome = (outcome: Reporters.Outcome, write: (line: string) => void = writeLine): void => {
  for (const file of outcome.files) write(pc.dim(`report: ${file}`))
  for (const line of Reporters.formatFailures(outcome)) stderr(pcErr.red(line))
}

/** 1 when tests failed, else 3 when a reporter failed, else 0. */
export const exitCodeFor = (
  counts: RunResult.Counts,
  reporterFailed: boolean,
  verdict?: { readonly strict?: boolean; readonly failOnFlaky?: boolean; readonly strictProfile?: boolean }
): number =>
  !RunResult.isSuccess(counts, verdict)
    ? ExitCode.testsFailed
    : reporterFailed
    ? ExitCode.runNotCarriedOut
    : ExitCode.passed
