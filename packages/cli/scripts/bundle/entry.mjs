// The bundle's entry (scripts/bundle.mjs): bin/loadBundle.js runs the bundle's script, which defines
// every module and runs none of them, then calls `main`, which initialises the command line
// (dist/bin.js) and runs it.
//
// `launcher` is what only an ES module outside the bundle can do: import a module (a script run by
// node:vm cannot call `import()` without an experimental flag) and resolve a specifier as an ES
// import does (core imports plugins and reporters through the first: its moduleImport.ts); and the
// module of the process guards, which the launcher installed before loading the bundle (the bundle
// uses it in place of its own copy: scripts/bundle.mjs).
import { shareModules } from "./shareModules.mjs"

export const main = (launcher) => {
  shareModules(launcher)
  require("../../dist/bin.js")
}
