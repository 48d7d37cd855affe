import { isAbsolute, resolve } from "node:path"
import { pathToFileURL } from "node:url"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import * as SchemaIssue from "effect/SchemaIssue"
import * as Blob from "../../Blob.ts"
import { ConfigError } from "../../ConfigError.ts"
import type * as Diagnostic from "../../Diagnostic.ts"
import { checkShape, isReporterFactory } from "../../Reporter.ts"
import type { Reporter, ReporterContext, ReporterFactory } from "../../Reporter.ts"
import { didYouMean } from "../loader/didYouMean.ts"
import { importModule, isPath, resolveModule } from "../plugin/moduleImport.ts"

/**
 * One reporter to load: a name (built-in, package, path) and its raw options, with where it was
 * written (for error messages).
 */
export interface ReporterSpec {
  readonly name: string
  readonly options?: unknown
  /** The directory relative paths (a reporter file, an `output` option) are resolved against. */
  readonly baseDir: string
  /** Where the spec was written; absent for the command line. */
  readonly source?: Diagnostic.SourcePosition
  /** The document path of the spec, e.g. `["reporters", 1]`, or `["--reporter"]`. */
  readonly path: ReadonlyArray<string | number>
  /** Where an option was written, by its path inside the options (for precise error positions). */
  readonly sourceOfOption?: (path: ReadonlyArray<string | number>) => Diagnostic.SourcePosition | undefined
}

/**
 * The reporters s3tester ships as packages, loaded by name when named (`json` is
 * `@s3tester/reporter-json`): listed with the built-ins when a name is unknown.
 */
export const bundledNames: ReadonlyArray<string> = ["json", "junit", "html"]

export interface ResolveOptions {
  /** More reporters known by name without loading anything (`blob` always is). */
  readonly builtIns?: Readonly<Record<string, ReporterFactory<any> | Reporter>>
  readonly context: ReporterContext
  /** Load-time warnings (a hook name the contract does not know). Default: standard error. */
  readonly warn?: (line: string) => void
  /** More directories to look packages up from (after the spec's base directory). */
  readonly searchFrom?: ReadonlyArray<string>
  /** The names an unknown name is compared with (default: the built-ins'). */
  readonly known?: ReadonlyArray<string>
}

type Found = { readonly _tag: "Found"; readonly url: string; readonly id: string } | { readonly _tag: "NotFound" }

const candidates = (name: string): ReadonlyArray<string> => {
  if (isPath(name)) return [name]
  const list: Array<string> = []
  if (!name.includes("/") && !name.startsWith("@")) {
    list.push(`@s3tester/reporter-${name}`, `s3tester-reporter-${name}`)
  }
  list.push(name)
  return list
}

const diagnostic = (spec: ReporterSpec, message: string, inner: ReadonlyArray<string | number> = []) => {
  const position = (inner.length > 0 ? spec.sourceOfOption?.(inner) : undefined) ?? spec.source
  return {
    ...(position === undefined ? {} : { position }),
    path: [...spec.path, ...inner],
    message
  } satisfies Diagnostic.Diagnostic
}

const configError = (diagnostics: ReadonlyArray<Diagnostic.Diagnostic>) => new ConfigError({ diagnostics })

/** Makes a relative `output` option absolute against the spec's base directory. */
const withAbsoluteOutput = (options: unknown, baseDir: string): unknown => {
  if (typeof options !== "object" || options === null || Array.isArray(options)) return options
  const output = (options as Record<string, unknown>).output
  if (typeof output !== "string" || isAbsolute(output)) return options
  return { ...options, output: resolve(baseDir, output) }
}

const formatter = SchemaIssue.makeFormatterStandardSchemaV1()

const instantiate = (
  spec: ReporterSpec,
  exported: unknown,
  context: ReporterContext
): { readonly reporter?: Reporter; readonly errors: ReadonlyArray<Diagnostic.Diagnostic> } => {
  const hasOptions = spec.options !== undefined &&
    !(typeof spec.options === "object" && spec.options !== null && Object.keys(spec.options).length === 0)
  if (isReporterFactory(exported)) {
    const factory = exported
    if (factory.apiVersion !== 1) {
      const shape = checkShape(factory)
      return { errors: [diagnostic(spec, `reporter "${spec.name}" ${shape.error ?? "has a wrong apiVersion"}`)] }
    }
    let options: unknown = undefined
    if (factory.options !== undefined) {
      const decoded = Schema.decodeUnknownResult(factory.options as Schema.Decoder<unknown>)(
        withAbsoluteOutput(spec.options ?? {}, spec.baseDir),
        { errors: "all", onExcessProperty: "error" }
      )
      if (decoded._tag === "Failure") {
        const issues = formatter(decoded.failure.issue).issues
        return {
          errors: issues.map((issue) => {
            const path = (issue.path ?? []).map((p) => (typeof p === "object" && p !== null ? p.key : p) as string | number)
            const message = issue.message === "Expected no excess property"
              ? `unknown option "${String(path.at(-1))}"`
              : issue.message
            return diagnostic(spec, `reporter "${spec.name}": ${message}`, path)
          })
        }
      }
      options = decoded.success
    } else if (hasOptions) {
      return { errors: [diagnostic(spec, `reporter "${spec.name}" takes no options`)] }
    }
    try {
      return { reporter: factory.make(options, context), errors: [] }
    } catch (error) {
      return {
        errors: [diagnostic(spec, `reporter "${spec.name}" could not be created: ${error instanceof Error ? error.message : String(error)}`)]
      }
    }
  }
  if (hasOptions) return { errors: [diagnostic(spec, `reporter "${spec.name}" takes no options`)] }
  return { reporter: exported as Reporter, errors: [] }
}

const exportOf = (module: Record<string, unknown>): unknown => module.default ?? module.reporter ?? module

/**
 * Loads reporters: each name is looked up as a built-in, then `@s3tester/reporter-<name>`, then
 * `s3tester-reporter-<name>`, then as a package name, then as a path relative to the spec's base
 * directory (the config file's directory). Options are decoded with the reporter's own schema.
 * Every problem of every spec is one {@link ConfigError}; hook-name typos are warnings.
 */
export const resolveSpecs = (
  specs: ReadonlyArray<ReporterSpec>,
  options: ResolveOptions
): Effect.Effect<ReadonlyArray<Reporter>, ConfigError> =>
  Effect.gen(function*() {
    const warn = options.warn ?? ((line: string) => process.stderr.write(`warning: ${line}\n`))
    const builtIns: Readonly<Record<string, ReporterFactory<any> | Reporter>> = { ...options.builtIns, blob: options.builtIns?.blob ?? Blob.reporter }
    const reporters: Array<Reporter> = []
    const errors: Array<Diagnostic.Diagnostic> = []
    for (const spec of specs) {
      let exported: unknown = Object.hasOwn(builtIns, spec.name) ? builtIns[spec.name] : undefined
      if (exported === undefined) {
        const dirs = [spec.baseDir, ...(options.searchFrom ?? [])]
        let found: Found = { _tag: "NotFound" }
        for (const id of candidates(spec.name)) {
          const file = resolveModule(id, dirs)
          if (file !== undefined) {
            found = { _tag: "Found", url: pathToFileURL(file).href, id }
            break
          }
        }
        if (found._tag === "NotFound") {
          const names = options.known ?? [
            ...Object.keys(builtIns).filter((name) => !name.includes("#") && name !== "blob"),
            ...bundledNames,
            "blob"
          ]
          const suggestion = didYouMean(spec.name, names)
          const tried = [...new Set([...candidates(spec.name), resolve(spec.baseDir, spec.name)])]
          errors.push(diagnostic(
            spec,
            `unknown reporter "${spec.name}"${suggestion === undefined ? "" : ` (did you mean "${suggestion}"?)`}: ` +
              `known reporters are ${names.join(", ")}; also tried ${tried.join(", ")}`
          ))
          continue
        }
        const url = found.url
        const loaded = yield* importModule(url).pipe(Effect.result)
        if (loaded._tag === "Failure") {
          errors.push(diagnostic(spec, `reporter "${spec.name}" (${found.id}) could not be loaded: ${loaded.failure}`))
          continue
        }
        exported = exportOf(loaded.success)
      }
      const made = instantiate(spec, exported, options.context)
      errors.push(...made.errors)
      if (made.reporter === undefined) continue
      const shape = checkShape(made.reporter)
      if (shape.error !== undefined) {
        errors.push(diagnostic(spec, `reporter "${spec.name}" ${shape.error}`))
        continue
      }
      for (const warning of shape.warnings) warn(warning)
      reporters.push(made.reporter)
    }
    if (errors.length > 0) return yield* Effect.fail(configError(errors))
    return reporters
  })
