/**
 * Finding and importing the module of an operation plugin or a reporter: one rule for what is a
 * path, one resolution, and an import within a time limit (a module whose top-level await never
 * settles would otherwise hang the CLI forever).
 *
 * @internal
 */
import { existsSync } from "node:fs"
import { createRequire } from "node:module"
import { isAbsolute, join, resolve } from "node:path"
import { fileURLToPath } from "node:url"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"

/** How long a plugin's module may take to import. */
export const importTimeout = Duration.seconds(30)

/** Why an import failed, in one line. */
const reason = (error: unknown): string => (error instanceof Error ? error.message.split("\n")[0]! : String(error))

/**
 * How plugin and reporter modules are imported, if set: the bundled command line sets it to import
 * from outside its bundle (a script run by node:vm cannot call `import()`) and to make the module's
 * imports of effect and core resolve to its own copies (packages/cli/scripts/bundle/shareModules.mjs).
 * A global symbol: the bundle sets it before any of the program runs.
 */
const importer = Symbol.for("@s3tester/core/importModule")

/** The module at `url`, or why it could not be imported (the caller names the plugin). */
export const importModule = (url: string): Effect.Effect<Record<string, unknown>, string> =>
  Effect.tryPromise({
    try: () => {
      const imported = (globalThis as { [importer]?: (url: string) => Promise<unknown> })[importer]
      return (imported === undefined ? import(url) : imported(url)) as Promise<Record<string, unknown>>
    },
    catch: reason
  }).pipe(
    Effect.timeoutOrElse({
      duration: importTimeout,
      orElse: () =>
        Effect.fail(
          `it did not finish loading within ${
            Duration.format(importTimeout)
          } (does its module await something that never settles?)`
        )
    })
  )

/**
 * `true` for a name that is a path (`./x.js`, `../x`, `.`, `/abs`, `C:\x`), not a package name:
 * the one rule for plugin and reporter names (`chart.js` is a package name, as npm allows).
 */
export const isPath = (name: string): boolean =>
  name === "." || name === ".." || /^\.\.?[\\/]/.test(name) || isAbsolute(name)

/**
 * The file a plugin or reporter name stands for: a path, relative to the first directory; a
 * package, resolved like an import from each directory in turn, then from the core itself (for
 * ESM-only packages), else a file of that name in the first directory. Undefined when nothing is found.
 */
export const resolveModule = (name: string, directories: ReadonlyArray<string>): string | undefined => {
  const from = (directory: string, id: string): string | undefined => {
    try {
      return createRequire(join(directory, "__s3tester_resolver__.js")).resolve(id)
    } catch {
      return undefined
    }
  }
  const [first = process.cwd()] = directories
  if (isPath(name)) return from(first, resolve(first, name))
  for (const directory of directories) {
    const found = from(directory, name)
    if (found !== undefined) return found
  }
  try {
    return fileURLToPath(import.meta.resolve(name))
  } catch {
    // `my-reporter.js` written without `./`: a file next to the one that names it
    const file = resolve(first, name)
    return existsSync(file) ? file : undefined
  }
}
