// Runs the CLI's bundle (dist/bundle/cli.cjs, made by scripts/bundle.mjs): one script, compiled
// from the V8 code cache made when it was built (dist/bundle/cli.cache), so a command starts without
// parsing and compiling the hundreds of modules it holds (BENCHMARKS.md, "Start-up"). The cache is
// made for the V8 of the Node that built it (dist/bundle/cli-v8-<version>.cache); on another Node, or
// one whose V8 flags differ (V8 rejects the cache then), the script is compiled from its source:
// slower, never different. Shared by the launcher (bin/s3tester.js) and the build's
// training run (scripts/bundle/train.mjs), which makes the cache.
import { readFileSync } from "node:fs"
import { createRequire } from "node:module"
import { dirname } from "node:path"
import { fileURLToPath } from "node:url"
import { Script } from "node:vm"
import * as processGuards from "../dist/internal/processGuards.js"

export const bundleFile = fileURLToPath(new URL("../dist/bundle/cli.cjs", import.meta.url))
/** The code cache for this Node's V8 (V8 would reject one made by another version). */
export const cacheFile = fileURLToPath(new URL(`../dist/bundle/cli-v8-${process.versions.v8}.cache`, import.meta.url))

/**
 * The bundle compiled (`script`; `cache`: whether V8 took the code cache: "accepted", "rejected", or
 * "none" for this V8) and its `main`. The process guards (signals, a closed stdout) are installed
 * first: the bundle uses this module of them, so it sees a signal that came while it loaded. The
 * bundle is a function expression (esbuild's banner and footer) taking what a CommonJS module gets,
 * plus the launcher: what only an ES module can do (see scripts/bundle/entry.mjs) and the guards.
 * Undefined when it was never built.
 */
export const loadBundle = ({ cache = true } = {}) => {
  processGuards.install()
  let source
  try {
    source = readFileSync(bundleFile, "utf8")
  } catch (error) {
    if (error?.code === "ENOENT") return undefined
    throw error
  }
  let cachedData
  if (cache) {
    try {
      cachedData = readFileSync(cacheFile)
    } catch {
      // no cache: compiled from source
    }
  }
  const script = new Script(source, { filename: bundleFile, ...(cachedData === undefined ? {} : { cachedData }) })
  const module = { exports: {} }
  const launcher = { import: (url) => import(url), resolve: (specifier) => import.meta.resolve(specifier), processGuards }
  script.runInThisContext()(module.exports, createRequire(bundleFile), module, bundleFile, dirname(bundleFile), launcher)
  const taken = cachedData === undefined ? "none" : script.cachedDataRejected === true ? "rejected" : "accepted"
  return { script, cache: taken, main: () => module.exports.main(launcher) }
}
