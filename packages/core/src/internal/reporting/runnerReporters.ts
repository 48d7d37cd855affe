/**
 * The reporters of a run, the one place they are chosen: objects, factories, names and
 * `[name, options]` pairs given to the run (the CLI's `--reporter` among them), else the suite's
 * `reporters:`, each with where it was written, resolved by `Reporters.resolve`.
 *
 * Names given to the run are resolved like a command line's: paths (a reporter file, a relative
 * `output`) against the working directory. Names from `reporters:` are resolved against the config
 * file's directory.
 *
 * @internal
 */
import { createRequire } from "node:module"
import { dirname, resolve as resolvePath } from "node:path"
import * as Effect from "effect/Effect"
import { ConfigError } from "../../ConfigError.ts"
import type * as Loader from "../../Loader.ts"
import { checkShape, isReporterFactory } from "../../Reporter.ts"
import type { Reporter, ReporterFactory } from "../../Reporter.ts"
import type { Shard } from "../../Shard.ts"
import { resolveSpecs } from "./reportersResolve.ts"
import type { ReporterSpec } from "./reportersResolve.ts"

/** A reporter given to the run API. */
export type ReporterInput =
  | Reporter
  | ReporterFactory<any>
  | string
  | readonly [string, Readonly<Record<string, unknown>>]

const packageVersion = (): string => {
  try {
    return (createRequire(import.meta.url)("../../../package.json") as { version: string }).version
  } catch {
    return "0.0.0"
  }
}

/** The version of @s3tester/core (reports name it). */
export const coreVersion: string = packageVersion()

/** How the reporters of a run are chosen and made, beyond the inputs and the suite. */
export interface ReportersSetup {
  /** Where reporters write files with a relative path (absolute). */
  readonly outputDir: string
  /** More reporters known by name (the CLI's console modes). */
  readonly builtIns?: Readonly<Record<string, ReporterFactory<any> | Reporter>>
  /** The version reports name (default: @s3tester/core's). */
  readonly toolVersion?: string
  /** This run's shard, told to reporter factories. */
  readonly shard?: Shard
  /** Load-time warnings (default: standard error). */
  readonly warn?: (line: string) => void
  /** More directories to look reporter packages up from (after the working directory). */
  readonly searchFrom?: ReadonlyArray<string>
  /** Where an input was given, for messages (default `options.reporters[i]`; the CLI: `--reporter`). */
  readonly inputPath?: (at: number) => ReadonlyArray<string | number>
}

const isCodeSource = (file: string) => file === "code-built suite" || !/\.(ya?ml|json)$/i.test(file)

type Where = Omit<ReporterSpec, "name" | "options">

const resolveAll = (
  entries: ReadonlyArray<{ readonly input: ReporterInput; readonly where: Where }>,
  setup: ReportersSetup,
  about: { readonly region?: string | undefined; readonly suiteFile?: string | undefined }
): Effect.Effect<ReadonlyArray<Reporter>, ConfigError> =>
  Effect.gen(function*() {
    const builtIns: Record<string, ReporterFactory<any> | Reporter> = { ...setup.builtIns }
    const direct: Array<{ readonly at: number; readonly reporter: Reporter }> = []
    const specs: Array<ReporterSpec & { readonly at: number }> = []
    entries.forEach(({ input, where }, at) => {
      if (typeof input === "string") specs.push({ at, name: input, ...where })
      else if (Array.isArray(input)) {
        const [name, options] = input as readonly [string, Readonly<Record<string, unknown>>]
        specs.push({ at, name, options, ...where })
      } else if (isReporterFactory(input)) {
        const key = `${(input as ReporterFactory).name}#${at}`
        builtIns[key] = input as ReporterFactory
        specs.push({ at, name: key, ...where })
      } else direct.push({ at, reporter: input as Reporter })
    })
    const warn = setup.warn ?? ((line: string) => process.stderr.write(`warning: ${line}\n`))
    const errors: Array<string> = []
    for (const { reporter } of direct) {
      const shape = checkShape(reporter)
      if (shape.error !== undefined) errors.push(`reporter ${JSON.stringify((reporter as { name?: unknown }).name ?? "?")} ${shape.error}`)
      for (const warning of shape.warnings) warn(warning)
    }
    if (errors.length > 0) return yield* new ConfigError({ diagnostics: errors.map((message) => ({ path: ["options.reporters"], message })) })
    const resolved = yield* resolveSpecs(specs, {
      builtIns,
      context: {
        outputDir: setup.outputDir,
        toolVersion: setup.toolVersion ?? coreVersion,
        ...(about.region === undefined ? {} : { region: about.region }),
        ...(about.suiteFile === undefined ? {} : { suiteFile: about.suiteFile }),
        ...(setup.shard === undefined ? {} : { shard: setup.shard })
      },
      warn,
      searchFrom: [process.cwd(), ...(setup.searchFrom ?? [])]
    })
    const ordered: Array<{ readonly at: number; readonly reporter: Reporter }> = [
      ...direct,
      ...resolved.map((reporter, i) => ({ at: specs[i]!.at, reporter }))
    ]
    return ordered.sort((a, b) => a.at - b.at).map(({ reporter }) => reporter)
  })

/**
 * Reporters given by the caller (code, or the command line's `--reporter`): names and relative
 * `output` options resolved against the working directory.
 */
export const resolveInputs = (
  inputs: ReadonlyArray<ReporterInput>,
  setup: ReportersSetup,
  about: { readonly region?: string | undefined; readonly suiteFile?: string | undefined } = {}
): Effect.Effect<ReadonlyArray<Reporter>, ConfigError> => {
  const inputPath = setup.inputPath ?? ((at: number) => ["options.reporters", at])
  return resolveAll(inputs.map((input, at) => ({ input, where: { baseDir: process.cwd(), path: inputPath(at) } })), setup, about)
}

/**
 * The reporters of a run: `inputs` when given, else the suite's `reporters:` (names and relative
 * paths resolved against the config file's directory, errors naming where each was written). Every
 * problem is one ConfigError.
 */
export const resolveReporters = (
  inputs: ReadonlyArray<ReporterInput> | undefined,
  loaded: Loader.LoadedSuite,
  setup: ReportersSetup
): Effect.Effect<ReadonlyArray<Reporter>, ConfigError> => {
  const about = { region: loaded.suite.config.region, ...(isCodeSource(loaded.file) ? {} : { suiteFile: loaded.file }) }
  if (inputs !== undefined) return resolveInputs(inputs, setup, about)
  const baseDir = isCodeSource(loaded.file) ? process.cwd() : dirname(resolvePath(loaded.file))
  const entries = (loaded.suite.reporters ?? []).map((entry, at) => {
    const source = loaded.sourceOf(["reporters", at])
    const where: Where = {
      baseDir,
      path: ["reporters", at],
      ...(source === undefined ? {} : { source }),
      sourceOfOption: (p) => loaded.sourceOf(["reporters", at, 1, ...p])
    }
    return { input: (typeof entry === "string" ? entry : [entry[0], entry[1]] as const) as ReporterInput, where }
  })
  return resolveAll(entries, setup, about)
}
