// Preloaded into the CLI by bench/scale.mjs (`node --expose-gc --import`): on SIGUSR2 it collects
// garbage and notes the heap (the bench sends it once the first thousand steps are done); at exit it
// collects again, and writes the heap figures and the peak RSS (getrusage) as JSON to the file named
// by S3TESTER_MEMORY_OUT.
import { writeFileSync } from "node:fs"

const out = process.env.S3TESTER_MEMORY_OUT
const heapAfterGc = () => {
  globalThis.gc?.()
  return process.memoryUsage().heapUsed
}
if (out !== undefined) {
  let early
  process.on("SIGUSR2", () => {
    early = heapAfterGc()
  })
  process.on("exit", () => {
    writeFileSync(out, JSON.stringify({ heapEarly: early, heapEnd: heapAfterGc(), maxRssKiB: process.resourceUsage().maxRSS }))
  })
}
