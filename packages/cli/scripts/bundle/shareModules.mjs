// Makes plugins and reporters share the bundle's copies of effect, @effect/platform-node and
// @s3tester/core. The bundle holds every public module of them (scripts/bundle.mjs: the virtual
// module `s3tester:shared-modules` requires each on first use); a facade per module (an ES module
// in dist/bundle/facades/) re-exports the bundle's copy, and resolve hooks (resolveHooks.mjs) send a
// plugin's import of the installed file to its facade. The hooks are registered just before the
// first plugin or reporter module is imported (core's moduleImport.ts calls the importer set here):
// registering costs a loader thread, which most commands never need.
import { readFileSync } from "node:fs"
import { register } from "node:module"
import { sharedModules } from "s3tester:shared-modules"

const sharedModule = Symbol.for("@s3tester/cli/sharedModule")
const importModule = Symbol.for("@s3tester/core/importModule")

/** [URL of an installed file, URL of its facade] for every shared module installed where the CLI is. */
const facades = (resolve) => {
  const shared = JSON.parse(readFileSync(new URL("./shared.json", import.meta.url), "utf8"))
  const pairs = []
  for (const { name, files } of shared) {
    let main
    try {
      main = resolve(name)
    } catch {
      continue // not installed where the CLI is: nothing of it to share
    }
    for (const [file, facade] of files) pairs.push([new URL(file, main).href, new URL(facade, import.meta.url).href])
  }
  return pairs
}

export const shareModules = (launcher) => {
  const loaded = new Map()
  globalThis[sharedModule] = (key) => {
    if (!loaded.has(key)) loaded.set(key, sharedModules[key]())
    return loaded.get(key)
  }
  let registered = false
  globalThis[importModule] = (url) => {
    if (!registered) {
      registered = true
      register(new URL("./resolveHooks.js", import.meta.url), { data: { facades: facades(launcher.resolve) } })
    }
    return launcher.import(url)
  }
}
