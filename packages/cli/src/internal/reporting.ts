/**
 * The CLI's side of reporting: the reporters known by name, `--reporter name[:path]`,
 * `--output-dir`, `--shard i/n`, loading the config's `reporters:` (the command line replaces them),
 * and the exit code when a reporter failed (3, unless tests failed: 1). The console (`list`, `dot`)
 * stays with ConsoleReporter: naming it only picks its mode.
 */
import { dirname, resolve as resolvePath } from "node:path"
import { fileURLToPath } from "node:url"
import * as Blob from "@s3tester/core/Blob"
import * as Reporters from "@s3tester/core/Reporters"
import * as RunResult from "@s3tester/core/RunResult"
import * as Shard from "@s3tester/core/Shard"
import type * as Loader from "@s3tester/core/Loader"
import type * as Reporter from "@s3tester/core/Reporter"
import type * as RunEvent from "@s3tester/core/RunEvent"
import * as Effect from "effect/Effect"
import * as Result from "effect/Result"
import type * as PubSub from "effect/PubSub"
import type * as Scope from "effect/Scope"
import * as Flag from "effect/cli/Flag"
import { pc, pcErr } from "./console/colors.ts"
import { version } from "../version.ts"
import { ExitCode, ExitWith } from "./ExitCode.ts"

/** `--reporter name[:path]`, repeatable; replaces the config's `reporters:`. */
export const reporterFlag = Flag.String("reporter").pipe(
  Flag.atLeast(0),
  Flag.withDescription(
    "A reporter, name[:output path] (repeatable; replaces the config's reporters): list, dot, json, junit, html, blob, a package or a path"
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

const writeLine = (line: string) => void process.stdout.write(`${line}\n`)
const stderr = (line: string) => void process.stderr.write(`${line}\n`)

/**
 * The console reporters: printed by the console reporter of runSuite (ConsoleReporter), so naming
 * one in `--reporter` or `reporters:` only chooses its mode.
 */
export const consoleNames = ["list", "dot"] as const

const consoleMarker = (name: string): Reporter.Reporter => ({ name, apiVersion: 1 })

/** Reporters known by name without naming a package (imported when a run loads its reporters, not for --help). */
export const builtIns = (): Promise<Readonly<Record<string, Reporter.ReporterFactory<any> | Reporter.Reporter>>> =>
  Promise.all([import("@s3tester/reporter-json"), import("@s3tester/reporter-junit"), import("@s3tester/reporter-html")]).then(
    ([json, junit, html]) => ({
      list: consoleMarker("list"),
      dot: consoleMarker("dot"),
      json: json.default,
      junit: junit.default,
      html: html.default,
      blob: Blob.reporter
    })
  )

/** `json:out/r.json` -> json with `output` (relative to the working directory). */
export const cliSpecs = (values: ReadonlyArray<string>, cwd = process.cwd()): ReadonlyArray<Reporters.ReporterSpec> =>
  values.map((value) => {
    const colon = value.indexOf(":")
    const name = colon <= 0 ? value : value.slice(0, colon)
    const output = colon <= 0 ? undefined : value.slice(colon + 1)
    return {
      name,
      ...(output === undefined || output === "" ? {} : { options: { output } }),
      baseDir: cwd,
      path: ["--reporter"]
    }
  })

/** The config's `reporters:`, with where each was written; paths relative to the config file. */
export const configSpecs = (loaded: Loader.LoadedSuite): ReadonlyArray<Reporters.ReporterSpec> => {
  const baseDir = dirname(resolvePath(loaded.file))
  return (loaded.suite.reporters ?? []).map((entry, i) => {
    const [name, options] = typeof entry === "string" ? [entry, undefined] : entry
    const source = loaded.sourceOf(["reporters", i])
    return {
      name,
      ...(options === undefined ? {} : { options }),
      baseDir,
      path: ["reporters", i],
      ...(source === undefined ? {} : { source }),
      sourceOfOption: (path) => loaded.sourceOf(["reporters", i, 1, ...path])
    }
  })
}

export interface ReportingOptions {
  /** `--reporter` values; empty: the config's reporters, else the default console reporter. */
  readonly reporters: ReadonlyArray<string>
  readonly outputDir: string
  readonly shard?: Shard.Shard | undefined
}

const cliDir = dirname(fileURLToPath(import.meta.url))

/**
 * What the reporters of a run are: the console mode the user named (`list`/`dot`, if any) and the
 * other reporters, loaded.
 */
export interface LoadedReporters {
  readonly consoleMode: "list" | "dot" | undefined
  readonly reporters: ReadonlyArray<Reporter.Reporter>
}

/**
 * Loads the reporters of a run: `--reporter` values replace the config's `reporters:`. A problem is
 * printed like any config error and exits with 2.
 */
export const loadReporters = (
  loaded: Loader.LoadedSuite | undefined,
  options: ReportingOptions,
  context: { readonly region?: string | undefined } = {}
): Effect.Effect<LoadedReporters, ExitWith> => {
  const fromCli = cliSpecs(options.reporters)
  const specs = fromCli.length > 0 ? fromCli : loaded === undefined ? [] : configSpecs(loaded)
  const isConsole = (spec: Reporters.ReporterSpec) => (consoleNames as ReadonlyArray<string>).includes(spec.name)
  const consoleSpec = specs.findLast(isConsole)
  const region = context.region ?? loaded?.suite.config.region
  const fileSpecs = specs.filter((spec) => !isConsole(spec))
  const known = fileSpecs.length === 0 ? Effect.succeed({}) : Effect.promise(builtIns)
  return known.pipe(Effect.flatMap((builtIns) => Reporters.resolve(fileSpecs, {
    builtIns,
    context: {
      outputDir: resolvePath(options.outputDir),
      toolVersion: version,
      ...(region === undefined ? {} : { region }),
      ...(loaded === undefined ? {} : { suiteFile: loaded.file }),
      ...(options.shard === undefined ? {} : { shard: options.shard })
    },
    warn: (line) => stderr(pcErr.yellow(`warning: ${line}`)),
    searchFrom: [process.cwd(), cliDir]
  }))).pipe(
    Effect.map((reporters): LoadedReporters => ({
      consoleMode: consoleSpec === undefined ? undefined : (consoleSpec.name as "list" | "dot"),
      reporters
    })),
    Effect.catchTag("ConfigError", (error) =>
      Effect.sync(() => stderr(pcErr.red(error.message))).pipe(
        Effect.andThen(Effect.fail(new ExitWith(ExitCode.invalidConfiguration)))
      ))
  )
}

/** Parses `--shard`; a malformed value exits with 2. */
export const parseShard = (value: string | undefined): Effect.Effect<Shard.Shard | undefined, ExitWith> => {
  if (value === undefined) return Effect.succeed(undefined)
  const parsed = Shard.parse(value)
  if (Result.isSuccess(parsed)) return Effect.succeed(parsed.success)
  return Effect.sync(() => stderr(pcErr.red(parsed.failure))).pipe(
    Effect.andThen(Effect.fail(new ExitWith(ExitCode.invalidConfiguration)))
  )
}

/** The groups a shard runs (`--group` narrows first); undefined: no sharding, keep `groups`. */
export const shardGroups = (
  loaded: Loader.LoadedSuite,
  shard: Shard.Shard | undefined,
  groups: ReadonlyArray<string>
): ReadonlyArray<string> => (shard === undefined ? groups : Shard.groupNames(loaded.suite, shard, groups))

/**
 * Subscribes the reporters to the run's bus (call before `Engine.run`); the returned effect waits
 * for them, prints their failures and the files they wrote, and returns whether any failed.
 */
export const attachReporters = (
  bus: PubSub.PubSub<RunEvent.RunEvent>,
  reporters: ReadonlyArray<Reporter.Reporter>,
  outputDir: string
): Effect.Effect<Effect.Effect<Reporters.Outcome>, never, Scope.Scope> =>
  Reporters.attach(bus, reporters, { outputDir: resolvePath(outputDir), log: (line) => stderr(pcErr.red(line)) }).pipe(
    Effect.map((done) => done.pipe(Effect.tap(printOutcome)))
  )

/** Prints the reporter failures (once per reporter and hook) and the files written. */
export const printOutcome = (outcome: Reporters.Outcome): Effect.Effect<void> =>
  Effect.sync(() => {
    for (const file of outcome.files) writeLine(pc.dim(`report: ${file}`))
    for (const line of Reporters.formatFailures(outcome)) stderr(pcErr.red(line))
  })

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
