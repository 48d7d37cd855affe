// Makes the modules plugins and reporters import from effect, @effect/platform-node and
// @s3tester/core resolve to the bundle's copies (resolveHooks.mjs, through the facades that
// scripts/bundle.mjs wrote, keyed by the URL of the installed file each stands for). The hooks are
// registered just before the first plugin or reporter module is imported (core's moduleImport.ts
// calls the function set here): registering costs a loader thread, which most commands never need.
import { readFileSync } from "node:fs"
import { register } from "node:module"

const registerHooks = () => {
  const shared = JSON.parse(readFileSync(new URL("./shared.json", import.meta.url), "utf8"))
  const facades = []
  for (const { name, files } of shared) {
    let main
    try {
      main = import.meta.resolve(name)
    } catch {
      continue // not installed where the CLI is: nothing of it to share
    }
    for (const [file, facade] of files) facades.push([new URL(file, main).href, new URL(facade, import.meta.url).href])
  }
  register(new URL("./resolveHooks.js", import.meta.url), { data: { facades } })
}

export const shareModules = () => {
  let registered = false
  globalThis[Symbol.for("@s3tester/core/beforeModuleImport")] = async () => {
    if (registered) return
    registered = true
    registerHooks()
  }
}
