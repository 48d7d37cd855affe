/**
 * Loads suite files: YAML (with `include:`) -> the decoded {@link Suite.Suite}, or one
 * {@link ConfigError.ConfigError} that lists every problem of every file, each as
 * `file:line:column: message (at path)`. Nothing is sent anywhere: loading only reads files.
 *
 * What the loader does, in order:
 *
 * 1. reads each file (a regular file of at most {@link maxFileBytes} bytes: a directory, a device or a
 *    larger file is a diagnostic at the place it is named) and parses it keeping positions (syntax
 *    errors, duplicate keys, several documents: diagnostics); YAML anchors, aliases and merge keys
 *    (`<<: *defaults`) are supported, up to 200,000 values added by aliases;
 * 2. per file: hyphenated keys become their underscore form (`before-test` -> `before_test`), unknown
 *    keys are reported with a did-you-mean, an empty `before_test:`/`test:`/`after_test:`/`tags:`/
 *    `parameters:`/`expected_result:` means "absent" (the default), and `${{ env.NAME }}` is
 *    substituted everywhere in string values (other roots, `vars` `run` `steps` `group`, are left for
 *    later stages; an unknown root is an error);
 * 3. merges includes: included files first, in the order listed, then the including file;
 *    `config.credentials` and `test_cases.groups` are concatenated, for every other key the including
 *    file wins (and a later include wins over an earlier one); includes nest, a file reached twice is
 *    merged once, a cycle is an error;
 * 4. imports the operation plugins the suite names in `plugins:` (package names resolved from the
 *    naming file's directory, then the cwd, or relative paths) plus those given in `options.plugins`
 *    (see PluginLoader), and builds the catalog: built-in, utility (`Sleep`, `WaitUntil`) and plugin
 *    operations; a plugin that cannot be loaded is a diagnostic at the place it is named; then
 *    resolves operation names through the catalog (`put-object` -> `PutObject`) and normalises
 *    parameters (`content-type` -> `ContentType`), reporting unknown operations and parameters with a
 *    did-you-mean, and missing or mistyped parameters;
 * 5. checks references: every credential a group or step names exists, credential names, group names
 *    and step ids (within a group) are unique, a credential has `access_key` and `secret_key` unless
 *    `anonymous: true`;
 * 6. a group without `credential` gets the first credential of `config.credentials` (its steps use it
 *    unless they name their own);
 * 7. decodes with the {@link Suite.Suite} schema (all errors, excess keys rejected) and reports every
 *    issue at the position of the value.
 *
 * When a file (or an include) cannot be read or parsed, steps 5 and 7 are skipped for that load: the
 * merged tree is incomplete and they would only report consequences of the first problem.
 *
 * The values of `access_key`, `secret_key`, `session_token` (and of any string that came from the
 * environment) are never echoed in a message.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as FileSystem from "effect/FileSystem"
import * as Path from "effect/Path"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import * as Catalog from "./Catalog.ts"
import { ConfigError, sortDiagnostics } from "./ConfigError.ts"
import type * as Diagnostic from "./Diagnostic.ts"
import { buildIndex, type IndexEntry, pathKey, sourceInTree } from "./internal/loader/normalizeIndex.ts"
import { checkTree } from "./internal/loader/checkTree.ts"
import { issueDiagnostics } from "./internal/loader/normalizeIssues.ts"
import { loadPlugins } from "./internal/plugin/pluginLoad.ts"
import { maxFileBytes as suiteFileLimit, readSuiteFile } from "./internal/loader/suiteFile.ts"
import { type IncludeContext, loadTree } from "./internal/loader/yamlInclude.ts"
import { compactSources, type Sources } from "./internal/loader/compactSources.ts"
import { decodeByGroup } from "./internal/loader/decodeByGroup.ts"
import { loadChunked } from "./internal/loader/loadChunked.ts"
import { type MapNode, toPlain } from "./internal/loader/yamlTree.ts"
import type * as Plugin from "./Plugin.ts"
import * as Suite from "./Suite.ts"

/**
 * @category models
 * @since 0.1.0
 */
export interface LoadOptions {
  /** Where `${{ env.NAME }}` is looked up. Default: `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>> | undefined
  /** The operations a step may name. Default: {@link Catalog.builtIn}; utility and plugin operations are added. */
  readonly catalog?: Catalog.Catalog | undefined
  /** Operation plugins besides the suite's `plugins:` (`--plugin`): loaded plugins, or names resolved from the cwd. */
  readonly plugins?: ReadonlyArray<string | Plugin.Plugin> | undefined
  /**
   * What {@link LoadedSuite.sourceOf} can answer once the suite is loaded. `"full"` (the default):
   * every path. `"steps"`: every path outside `test_cases.groups`, and inside them where each group
   * and each step was written (a path inside a step answers its step's place): the positions of every
   * node of every step are not held, a large suite's biggest part after loading (`run` needs no more);
   * a large file is then also loaded piece by piece, so its whole tree is never held either (the same
   * checks and the same suite; any problem is found and worded on the whole file, as with `"full"`).
   */
  readonly sources?: "full" | "steps" | undefined
}

/**
 * A decoded suite and where each part of it was written.
 *
 * @category models
 * @since 0.1.0
 */
export interface LoadedSuite {
  /** The file it was loaded from, as given. */
  readonly file: string
  readonly suite: Suite.Suite
  /**
   * Where a step was written (possibly in an included file): group index, phase, step index, as in
   * `suite.test_cases.groups[group][phase][step]`.
   */
  readonly stepSource: (group: number, phase: Suite.Phase, step: number) => Diagnostic.SourcePosition | undefined
  /**
   * Where the node at a document path was written: the key's position for a mapping value, the item's
   * position for a list item. Paths use the normalised names (`before_test`, `Bucket`).
   */
  readonly sourceOf: (path: ReadonlyArray<string | number>) => Diagnostic.SourcePosition | undefined
  /** The operations its steps were validated against (built-in, utilities, plugins): pass it to `Engine.run`. */
  readonly catalog: Catalog.Catalog
  /** The operation plugins loaded for it. */
  readonly plugins: ReadonlyArray<Plugin.Plugin>
}

const decodeSuite = Schema.decodeUnknownResult(Suite.Suite)

const failWith = (diagnostics: ReadonlyArray<Diagnostic.Diagnostic>): ConfigError =>
  new ConfigError({ diagnostics: sortDiagnostics(dedupe(diagnostics)) })

const dedupe = (diagnostics: ReadonlyArray<Diagnostic.Diagnostic>): Array<Diagnostic.Diagnostic> => {
  const seen = new Set<string>()
  return diagnostics.filter((d) => {
    const key = JSON.stringify([d.position, d.path, d.message])
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}

/**
 * Loads a suite from text, as if read from `file` (includes are resolved relative to its directory,
 * and positions name it).
 *
 * **Example**
 *
 * ```ts
 * import * as NodeServices from "@effect/platform-node/NodeServices"
 * import * as Effect from "effect/Effect"
 * import * as Loader from "@s3tester/core/Loader"
 *
 * const loaded = Loader.loadString("config: ...", "inline.yaml", { env: {} }).pipe(
 *   Effect.provide(NodeServices.layer)
 * )
 * ```
 *
 * @category loading
 * @since 0.1.0
 */
export const loadString = (
  text: string,
  file: string,
  options?: LoadOptions
): Effect.Effect<LoadedSuite, ConfigError, FileSystem.FileSystem | Path.Path> =>
  Effect.gen(function*() {
    const path = yield* Path.Path
    const diagnostics: Array<Diagnostic.Diagnostic> = []
    const absolute = path.resolve(file)
    const context: IncludeContext = {
      env: options?.env ?? process.env,
      report: (diagnostic) => {
        diagnostics.push(diagnostic)
      },
      seen: new Set([absolute]),
      incomplete: false
    }
    if (options?.sources === "steps") {
      // a large valid file, piece by piece (never its whole tree at once); anything else as below
      const chunked = yield* loadChunked(text, file, context.env, options)
      if (chunked !== undefined) return loadedSuite(file, chunked.suite, chunked.catalog, chunked.plugins, chunked.sources)
    }
    const tree = yield* loadTree(text, file, [{ absolute, file }], context)
    if (tree === undefined) {
      if (diagnostics.length === 0) {
        diagnostics.push({
          position: { file, line: 1, column: 1 },
          path: [],
          message: "the file is empty: a suite needs config and test_cases"
        })
      }
      return yield* failWith(diagnostics)
    }
    const { catalog, plugins } = yield* loadPlugins(tree, options, context.report)
    const final = checkTree(tree, catalog, context.report, !context.incomplete)
    // The index of every path's source is built when needed: a problem to place, a position inside parameters.
    let index: Map<string, IndexEntry> | undefined
    const indexOf = () => (index ??= buildIndex(final))
    const sources = () => options?.sources === "steps" ? compactSources(final) : fullSources(final)
    // a valid suite, group by group; anything that does not decode is worded by decoding the whole below
    const suite = diagnostics.length === 0 ? decodeByGroup(final) : undefined
    if (suite !== undefined) return loadedSuite(file, suite, catalog, plugins, sources())
    const decoded = decodeSuite(toPlain(final), { errors: "all", onExcessProperty: "error" })
    if (Result.isFailure(decoded) && !context.incomplete) {
      diagnostics.push(...issueDiagnostics(decoded.failure.issue, indexOf(), { file, line: 1, column: 1 }))
    }
    if (Result.isFailure(decoded) && diagnostics.length === 0) {
      // not expected (every issue maps to a diagnostic), but never let an invalid suite through
      diagnostics.push({ position: { file, line: 1, column: 1 }, path: [], message: decoded.failure.message })
    }
    if (diagnostics.length > 0 || Result.isFailure(decoded)) return yield* failWith(diagnostics)
    return loadedSuite(file, decoded.success, catalog, plugins, sources())
  })

/** Built outside the loader's generator, so the suite holds only what `sourceOf` keeps (not every tree of the load). */
const loadedSuite = (
  file: string,
  suite: Suite.Suite,
  catalog: Catalog.Catalog,
  plugins: ReadonlyArray<Plugin.Plugin>,
  sources: Sources
): LoadedSuite => ({ file, suite, catalog, plugins, stepSource: sources.stepSource, sourceOf: sources.sourceOf })

/** Every path's source: the tree, and the index of the paths inside normalised parameters when one is asked for. */
const fullSources = (final: MapNode): Sources => {
  let index: Map<string, IndexEntry> | undefined
  const sourceOf: Sources["sourceOf"] = (documentPath) => {
    const inTree = sourceInTree(final, documentPath)
    if (inTree !== "index") return inTree
    const entry = (index ??= buildIndex(final)).get(pathKey(documentPath))
    return entry === undefined ? undefined : (entry.key ?? entry.value)
  }
  return { sourceOf, stepSource: (group, phase, step) => sourceOf(["test_cases", "groups", group, phase, step]) }
}

/**
 * Loads one suite file and everything it includes.
 *
 * @category loading
 * @since 0.1.0
 */
export const load = (
  file: string,
  options?: LoadOptions
): Effect.Effect<LoadedSuite, ConfigError, FileSystem.FileSystem | Path.Path> =>
  Effect.gen(function*() {
    const text = yield* readSuiteFile(file).pipe(Effect.mapError((reason) => failWith([cannotRead(file, reason)])))
    return yield* loadString(text, file, options)
  })

/** A missing file has no place to point at; a file that exists but cannot be used, its first line. */
const cannotRead = (file: string, reason: string): Diagnostic.Diagnostic =>
  reason === "no such file"
    ? { path: [], message: `cannot read ${file}: ${reason}` }
    : { position: { file, line: 1, column: 1 }, path: [], message: `cannot read ${file}: ${reason}` }

/**
 * The largest suite file (top-level or included) the loader reads, in bytes (32 MiB); a larger file,
 * or anything that is not a regular file (a directory, a device, a pipe), is a diagnostic.
 *
 * @category constants
 * @since 0.1.0
 */
export const maxFileBytes: number = suiteFileLimit

/**
 * Loads every file; fails with one {@link ConfigError} holding the diagnostics of all the files that
 * have problems (so one run shows everything to fix). The suites come back in the order given.
 *
 * @category loading
 * @since 0.1.0
 */
export const loadAll = (
  files: Iterable<string>,
  options?: LoadOptions
): Effect.Effect<Array<LoadedSuite>, ConfigError, FileSystem.FileSystem | Path.Path> =>
  Effect.gen(function*() {
    // One file at a time: a file's intermediate trees are garbage before the next one is parsed (loading
    // is CPU work; reading files side by side saved nothing measurable, holding several large trees did).
    const results = yield* Effect.forEach(files, (file) => Effect.result(load(file, options)))
    const diagnostics = results.flatMap((r) => Result.isFailure(r) ? r.failure.diagnostics : [])
    if (diagnostics.length > 0) return yield* failWith(diagnostics)
    return results.flatMap((r) => Result.isSuccess(r) ? [r.success] : [])
  })
