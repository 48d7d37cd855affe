import * as Loader from "@s3tester/core/Loader"
import * as NodeServices from "@effect/platform-node/NodeServices"
import * as Effect from "effect/Effect"
const tick = () => new Promise(r => setTimeout(r, 50))
const mb = async () => { await tick(); gc(); return (process.memoryUsage().heapUsed / 1048576).toFixed(0) + " MB" }
console.log("base", await mb(), (process.resourceUsage().maxRSS / 1024).toFixed(0))
const c0 = process.cpuUsage()
let loaded = await Effect.runPromise(Loader.load(process.argv[2], { sources: process.argv[3] }).pipe(Effect.provide(NodeServices.layer)))
const c = process.cpuUsage(c0)
console.log("cpu", ((c.user + c.system) / 1000).toFixed(0), "ms; maxrss", (process.resourceUsage().maxRSS / 1024).toFixed(0))
console.log("loaded", await mb())
