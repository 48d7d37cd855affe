// The build's training run (scripts/bundle.mjs): runs the bundle, compiled from its source, as
// `s3tester <args>` (the README's quick start, against the embedded server), and when the process
// exits writes V8's code cache of it, which then holds every function that run compiled: the
// command line, the loader, the engine, the SDK. bin/loadBundle.js compiles the bundle from it.
//
//   node scripts/bundle/train.mjs <args...>
import { writeFileSync } from "node:fs"
import { setFlagsFromString } from "node:v8"
import { cacheFile, loadBundle } from "../../bin/loadBundle.js"

const bundle = loadBundle({ cache: false })
if (bundle === undefined) throw new Error("no bundle to train: run scripts/bundle.mjs")
process.on("exit", (code) => {
  // the run bounded the heap's growth (src/internal/runSuite.ts); V8's check of a code cache covers its
  // flags, so the cache is made under the defaults every command starts with
  setFlagsFromString("--heap-growing-percent=0")
  if (code === 0) writeFileSync(cacheFile, bundle.script.createCachedData())
})
bundle.main()
