/**
 * The reporters of a code-first run: objects, factories, names and `[name, options]` pairs, resolved
 * with the same loader as the CLI's (`Reporters.resolve`); without any, the suite's `reporters:`.
 *
 * @internal
 */
import { createRequire } from "node:module"
import { dirname, resolve as resolvePath } from "node:path"
import * as Effect from "effect/Effect"
import * as Blob from "../../Blob.ts"
import { ConfigError } from "../../ConfigError.ts"
import type * as Loader from "../../Loader.ts"
import { checkShape, isReporterFactory } from "../../Reporter.ts"
import type { Reporter, ReporterFactory } from "../../Reporter.ts"
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
    return (createRequire(import.meta.url)("../../package.json") as { version: string }).version
  } catch {
    return "0.0.0"
  }
}

/** The version of @s3tester/core (reports name it). */
export const coreVersion: string = packageVersion()

const isCodeSource = (file: string) => file === "code-built suite" || !/\.(ya?ml|json)$/i.test(file)

export const resolveReporters = (
  inputs: ReadonlyArray<ReporterInput> | undefined,
  loaded: Loader.LoadedSuite,
  outputDir: string
): Effect.Effect<ReadonlyArray<Reporter>, ConfigError> =>
  Effect.gen(function*() {
    const baseDir = isCodeSource(loaded.file) ? process.cwd() : dirname(resolvePath(loaded.file))
    const builtIns: Record<string, ReporterFactory<any> | Reporter> = { blob: Blob.reporter }
    const direct: Array<{ readonly at: number; readonly reporter: Reporter }> = []
    const specs: Array<ReporterSpec & { readonly at: number }> = []
    const list: ReadonlyArray<ReporterInput> = inputs ??
      (loaded.suite.reporters ?? []).map((entry) => typeof entry === "string" ? entry : [entry[0], entry[1]] as const)
    list.forEach((input, at) => {
      const path = inputs === undefined ? ["reporters", at] : ["options.reporters", at]
      const source = inputs === undefined ? loaded.sourceOf(["reporters", at]) : undefined
      const where = {
        baseDir,
        path,
        ...(source === undefined ? {} : { source }),
        ...(inputs === undefined ? { sourceOfOption: (p: ReadonlyArray<string | number>) => loaded.sourceOf(["reporters", at, 1, ...p]) } : {})
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
    const errors: Array<string> = []
    for (const { reporter } of direct) {
      const shape = checkShape(reporter)
      if (shape.error !== undefined) errors.push(`reporter ${JSON.stringify((reporter as { name?: unknown }).name ?? "?")} ${shape.error}`)
      for (const warning of shape.warnings) process.stderr.write(`warning: ${warning}\n`)
    }
    if (errors.length > 0) return yield* new ConfigError({ diagnostics: errors.map((message) => ({ path: ["options.reporters"], message })) })
    const resolved = yield* resolveSpecs(specs, {
      builtIns,
      context: {
        outputDir,
        toolVersion: coreVersion,
        region: loaded.suite.config.region,
        ...(isCodeSource(loaded.file) ? {} : { suiteFile: loaded.file })
      },
      searchFrom: [process.cwd()]
    })
    const ordered: Array<{ readonly at: number; readonly reporter: Reporter }> = [
      ...direct,
      ...resolved.map((reporter, i) => ({ at: specs[i]!.at, reporter }))
    ]
    return ordered.sort((a, b) => a.at - b.at).map(({ reporter }) => reporter)
  })
