/**
 * Plugins into catalog entries: each operation becomes a `Catalog.PluginOperation` whose `run` is
 * the operation definition and whose `normalize` validates with the operation's Schema.
 *
 * @internal
 */
import * as Catalog from "../../Catalog.ts"
import type { Operation, Plugin } from "./pluginDefine.ts"
import { validate } from "./pluginSchema.ts"
import { kebabCase } from "../s3/sdkSchema.ts"

export type PluginEntry = Catalog.PluginOperation<Operation<any>>

export const entryOf = (operation: Operation<any>, source: string): PluginEntry => ({
  name: operation.name,
  kebabName: kebabCase(operation.name),
  source,
  parameters: operation.parameterInfo,
  run: operation,
  normalize: (parameters, catalog) => {
    const checked = validate(operation.name, operation.parameterInfo, operation.parameters, parameters)
    if (operation.check === undefined) return checked
    const extra = operation.check({ parameters: checked.parameters, raw: parameters, catalog })
    return { parameters: extra.parameters, issues: [...checked.issues, ...extra.issues] }
  }
})

export const entriesOf = (plugin: Plugin): ReadonlyArray<PluginEntry> =>
  plugin.operations.map((operation) => entryOf(operation, plugin.name))

/** The plugin entry of a catalog operation, if it is one of ours (a defined operation). */
export const asPluginEntry = (operation: Catalog.OperationInfo): PluginEntry | undefined =>
  Catalog.isPluginOperation(operation) && (operation.run as Operation | undefined)?._tag === "Operation"
    ? (operation as PluginEntry)
    : undefined

/**
 * A catalog of `base` plus the operations of `plugins` (a plugin given twice, by identity or by
 * name, counts once). Throws on a name clash (the loader reports it).
 */
export const catalogOf = (plugins: ReadonlyArray<Plugin>, base: Catalog.Catalog = Catalog.builtIn): Catalog.Catalog => {
  const byName = new Map<string, Plugin>()
  for (const plugin of plugins) {
    const existing = byName.get(plugin.name)
    if (existing !== undefined && existing !== plugin) {
      // the same package reached twice (config and --plugin, two paths): keep the first
      continue
    }
    byName.set(plugin.name, plugin)
  }
  // a base that already holds a plugin's operations (a catalog built by Plugin.catalog) keeps them
  const fresh = [...byName.values()].flatMap(entriesOf).filter((entry) =>
    base.operations.get(entry.name)?.source !== entry.source
  )
  return Catalog.make(fresh, base)
}
