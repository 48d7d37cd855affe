// Preloaded with `node --import` (NODE_OPTIONS): records every module the process loads (the URL
// of each ES module loaded, and every CommonJS file required) and writes them, one per line, to
// the file named by S3TESTER_IMPORTS_OUT when the process exits. Used by StartupImports.test.ts and
// bench/startup.mjs.
import { createRequire, register } from "node:module"
import { writeFileSync } from "node:fs"
import { MessageChannel } from "node:worker_threads"

const out = process.env.S3TESTER_IMPORTS_OUT
if (out !== undefined) {
  const urls = new Set()
  const { port1, port2 } = new MessageChannel()
  port1.on("message", (url) => urls.add(url))
  port1.unref()
  // Load hooks run off the main thread: the URL of each module loaded comes back over the port
  // (the URL it was finally resolved to, after any other hooks; a bare import.meta.resolve loads nothing).
  const hooks = `
    let port
    export const initialize = (data) => { port = data.port }
    export const load = async (url, context, next) => {
      port.postMessage(url)
      return next(url, context)
    }`
  register(`data:text/javascript,${encodeURIComponent(hooks)}`, {
    parentURL: import.meta.url,
    data: { port: port2 },
    transferList: [port2]
  })
  process.on("exit", () => {
    const required = Object.keys(createRequire(import.meta.url).cache)
    writeFileSync(out, [...urls, ...required].join("\n") + "\n")
  })
}
