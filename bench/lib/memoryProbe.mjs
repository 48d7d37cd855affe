// Preloaded into the CLI by bench/scale.mjs (`node --expose-gc --import`): on each SIGUSR2 it collects
// garbage and notes the heap (the bench sends one once the first thousand steps are done and one before
// the last thousand); at exit it collects again, and writes the heap figures and the peak RSS
// (getrusage) as JSON to the file named by S3TESTER_MEMORY_OUT.
import { writeFileSync } from "node:fs"

const out = process.env.S3TESTER_MEMORY_OUT
const heapAfterGc = () => {
  globalThis.gc?.()
  return process.memoryUsage().heapUsed
}
if (out !== undefined) {
  const heaps = []
  process.on("SIGUSR2", () => {
    heaps.push(heapAfterGc())
  })
  process.on("exit", () => {
    writeFileSync(out, JSON.stringify({ heaps, heapAtExit: heapAfterGc(), maxRssKiB: process.resourceUsage().maxRSS }))
  })
}
