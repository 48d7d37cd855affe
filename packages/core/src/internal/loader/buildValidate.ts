/**
 * Validation of code-built suites: the definition is written as a YAML document (JSON is YAML) and
 * loaded by the Loader, so it goes through exactly the normalisation and checks of a YAML file.
 *
 * @internal
 */
import type * as Effect from "effect/Effect"
import type * as FileSystem from "effect/FileSystem"
import type * as Path from "effect/Path"
import type { Definition, ValidateOptions } from "../../Build.ts"
import type { ConfigError } from "../../ConfigError.ts"
import * as Loader from "../../Loader.ts"
import * as Plugin from "../../Plugin.ts"

/** The name of the plugin that carries a run's inline operations. */
export const inlinePluginName = "inline operations"

/** One plugin with the given inline operations (the last one of a name wins), or none. */
export const inlinePlugin = (operations: ReadonlyArray<Plugin.Operation<any>>): ReadonlyArray<Plugin.Plugin> => {
  if (operations.length === 0) return []
  const byName = new Map<string, Plugin.Operation<any>>()
  for (const operation of operations) byName.set(operation.name, operation)
  return [Plugin.definePlugin({ name: inlinePluginName, operations: [...byName.values()] })]
}

export const validateDefinition = (
  definition: Definition,
  options: ValidateOptions
): Effect.Effect<Loader.LoadedSuite, ConfigError, FileSystem.FileSystem | Path.Path> =>
  Loader.loadString(JSON.stringify(definition.document, null, 2), options.source ?? "code-built suite", {
    env: options.env,
    plugins: [...inlinePlugin([...definition.operations, ...(options.operations ?? [])]), ...(options.plugins ?? [])]
  })
