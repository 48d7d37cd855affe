/**
 * The loader's plugins pre-pass: imports the plugins a suite names in `plugins:` (and those given
 * by the caller) and builds the catalog its steps are validated against. A plugin that cannot be
 * loaded is a diagnostic at the place it is named.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import * as Catalog from "../../Catalog.ts"
import type * as Diagnostic from "../../Diagnostic.ts"
import * as PluginLoader from "../../PluginLoader.ts"
import { catalogOf } from "./pluginCatalog.ts"
import type { Plugin } from "./pluginDefine.ts"
import { utilities } from "./pluginUtilities.ts"
import { directoryOf } from "../loader/sourceDirectory.ts"
import { get } from "../loader/yamlTree.ts"
import type { MapNode } from "../loader/yamlTree.ts"

export interface PluginOptions {
  /** Plugins given by the caller (`--plugin`): loaded objects, or names resolved from the cwd. */
  readonly plugins?: ReadonlyArray<string | Plugin> | undefined
  readonly catalog?: Catalog.Catalog | undefined
}

export const loadPlugins = (
  tree: MapNode,
  options: PluginOptions | undefined,
  report: (diagnostic: Diagnostic.Diagnostic) => void
): Effect.Effect<{ readonly catalog: Catalog.Catalog; readonly plugins: ReadonlyArray<Plugin> }> =>
  Effect.gen(function*() {
    const plugins: Array<Plugin> = []
    for (const given of options?.plugins ?? []) {
      if (typeof given !== "string") {
        plugins.push(given)
        continue
      }
      const loaded = yield* Effect.result(PluginLoader.fromFlags([given]))
      if (loaded._tag === "Success") plugins.push(...loaded.success)
      else report({ path: ["plugins"], message: `--plugin ${given}: ${loaded.failure.message}` })
    }
    const node = get(tree, "plugins")
    if (node?._tag === "Seq") {
      for (const [i, item] of node.items.entries()) {
        if (item._tag !== "Scalar" || typeof item.value !== "string") continue // the schema reports it
        const loaded = yield* Effect.result(PluginLoader.load(item.value, directoryOf(item.loc.file)))
        if (loaded._tag === "Success") plugins.push(loaded.success)
        else report({ position: item.loc, path: ["plugins", i], message: loaded.failure.message })
      }
    }
    try {
      return { catalog: catalogOf([utilities, ...plugins], options?.catalog ?? Catalog.builtIn), plugins }
    } catch (error) {
      report({
        ...(node === undefined ? {} : { position: node.loc }),
        path: ["plugins"],
        message: error instanceof Error ? error.message : String(error)
      })
      return { catalog: catalogOf([utilities], options?.catalog ?? Catalog.builtIn), plugins }
    }
  })
