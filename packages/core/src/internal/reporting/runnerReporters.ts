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
import { Effect } from "effect"
import * as Blob from "../../Blob.ts"
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

/** Reporters known by name without loading a package. */
export const coreBuiltIns: Readonly<Record<string, ReporterFactory<any> | Reporter>> = { blob: Blob.reporter }

/**
 * The reporters s3tester ships as packages, loaded by name when named (`json` is
 * `@s3tester/reporter-json`): listed with the built-ins when a name is unknown.
 */
export const bundledNames: ReadonlyArray<string> = ["json", "junit", "html"]

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

/**
 * The reporters of a run: `inputs` when given, else the suite's `reporters:`. Every problem is one
 * ConfigError naming where the reporter was written.
 */
export const resolveReporters = (
  inputs: ReadonlyArray<ReporterInput> | undefined,
  loaded: Loader.LoadedSuite,
  setup: ReportersSetup
): Effect.Effect<ReadonlyArray<Reporter>, ConfigError> =>
  Effect.gen(function*() {
    const fromConfig = inputs === undefined
    const baseDir = !fromConfig || isCodeSource(loaded.file) ? process.cwd() : dirname(resolvePath(loaded.file))
    const builtIns: Record<string, ReporterFactory<any> | Reporter> = { ...coreBuiltIns, ...setup.builtIns }
    const direct: Array<{ readonly at: number; readonly reporter: Reporter }> = []
    const specs: Array<ReporterSpec & { readonly at: number }> = []
    const list: ReadonlyArray<ReporterInput> = inputs ??
      (loaded.suite.reporters ?? []).map((entry) => typeof entry === "string" ? entry : [entry[0], entry[1]] as const)
    const inputPath = setup.inputPath ?? ((at: number) => ["options.reporters", at])
    list.forEach((input, at) => {
      const source = fromConfig ? loaded.sourceOf(["reporters", at]) : undefined
      const where = {
        baseDir,
        path: fromConfig ? ["reporters", at] : inputPath(at),
        ...(source === undefined ? {} : { source }),
        ...(fromConfig ? { sourceOfOption: (p: ReadonlyArray<string | number>) => loaded.sourceOf(["reporters", at, 1, ...p]) } : {})
      }
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
    const region = loaded.suite.config.region
    const resolved = yield* resolveSpecs(specs, {
      builtIns,
      known: [...Object.keys(builtIns).filter((name) => !name.includes("#")), ...bundledNames],
      context: {
        outputDir: setup.outputDir,
        toolVersion: setup.toolVersion ?? coreVersion,
        ...(region === undefined ? {} : { region }),
        ...(isCodeSource(loaded.file) ? {} : { suiteFile: loaded.file }),
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
