/**
 * Finds and imports operation plugins named in `plugins:` of a suite or with `--plugin` on the
 * command line.
 *
 * A name is a package name (`@s3tester/operations-http`), resolved like Node resolves an import
 * from the directory of the file that names it, then from the current directory; or a path
 * (`./plugins/mine.js`, `../x`, `/abs/path`), relative to that directory. The module's default
 * export (or its `plugin` export) must be a plugin made by `Plugin.definePlugin`.
 *
 * @since 0.1.0
 */
import * as path from "node:path"
import { pathToFileURL } from "node:url"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import { importModule, isPath as isPathName, resolveModule } from "./internal/plugin/moduleImport.ts"
import { isPlugin } from "./internal/plugin/pluginDefine.ts"
import type { Plugin } from "./internal/plugin/pluginDefine.ts"

/**
 * A plugin that could not be found, imported, or is not a plugin.
 *
 * @category errors
 * @since 0.1.0
 */
export class PluginLoadError extends Schema.TaggedError<PluginLoadError>()("PluginLoadError", {
  /** The name as written. */
  spec: Schema.String,
  message: Schema.String
}) {}

/**
 * `true` for a name that is a path (`./x.js`, `../x`, `/abs`), not a package name (the rule
 * reporter names follow too).
 *
 * @category utils
 * @since 0.1.0
 */
export const isPath: (spec: string) => boolean = isPathName

/**
 * The file a plugin name stands for: a path relative to `directory`; a package resolved from
 * `directory`, then from `cwd`.
 *
 * @category resolution
 * @since 0.1.0
 */
export const resolve = (
  spec: string,
  directory: string,
  cwd: string = process.cwd()
): Effect.Effect<string, PluginLoadError> =>
  Effect.suspend(() => {
    const found = resolveModule(spec, [directory, cwd])
    if (found !== undefined) return Effect.succeed(found)
    return Effect.fail(
      new PluginLoadError({
        spec,
        message: isPath(spec)
          ? `cannot find plugin "${spec}" (relative to ${directory}): no such file or module`
          : `cannot find plugin package "${spec}" from ${directory}${
            path.resolve(cwd) === path.resolve(directory) ? "" : ` or ${cwd}`
          }; install it (npm install ${spec}) or give a path`
      })
    )
  })

/**
 * Imports a plugin: resolves the name (see {@link resolve}), imports the module and takes its
 * default export (or its `plugin` export).
 *
 * @category loading
 * @since 0.1.0
 */
export const load = (spec: string, directory: string, cwd?: string): Effect.Effect<Plugin, PluginLoadError> =>
  Effect.gen(function*() {
    const file = yield* resolve(spec, directory, cwd)
    const module = yield* importModule(pathToFileURL(file).href).pipe(
      Effect.mapError((why) => new PluginLoadError({ spec, message: `cannot load plugin "${spec}" (${file}): ${why}` }))
    )
    const candidates = [module["default"], module["plugin"], (module["default"] as Record<string, unknown> | undefined)?.["default"]]
    const plugin = candidates.find(isPlugin)
    if (plugin === undefined) {
      return yield* new PluginLoadError({
        spec,
        message: `"${spec}" is not an s3tester plugin: its default export must be made by Plugin.definePlugin`
      })
    }
    return plugin
  })

/**
 * Loads every plugin of a list, in order; fails with the first that cannot be loaded.
 *
 * @category loading
 * @since 0.1.0
 */
export const loadAll = (
  specs: ReadonlyArray<string>,
  directory: string,
  cwd?: string
): Effect.Effect<Array<Plugin>, PluginLoadError> => Effect.forEach(specs, (spec) => load(spec, directory, cwd))

/**
 * The plugins given with `--plugin` (repeatable): names and paths are resolved from the current
 * directory. Pass the result as `plugins` to `Loader.load` / `Loader.loadAll`, or to
 * `Plugin.catalog` for `s3tester operations`.
 *
 * @example
 * ```ts
 * const plugins = yield* PluginLoader.fromFlags(input.plugin)
 * const suites = yield* Loader.loadAll(input.files, { plugins })
 * ```
 *
 * @category loading
 * @since 0.1.0
 */
export const fromFlags = (
  specs: ReadonlyArray<string>,
  cwd: string = process.cwd()
): Effect.Effect<Array<Plugin>, PluginLoadError> => loadAll(specs, cwd, cwd)
