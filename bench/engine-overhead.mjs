#!/usr/bin/env node
/**
 * Engine overhead: the ops/s of the engine against a raw `@aws-sdk/client-s3` loop doing the same
 * calls with the same client settings, against a loopback stub S3 (bench/lib/stubS3.mjs)
 * in its own process, at several concurrencies. Each round runs both, a different one first each
 * round, and prints both rates and their ratio (and the CPU time per call of each, which load on the
 * machine disturbs less, and their ratio: the rate ratio the engine would reach if both were
 * CPU-bound); the summary gives medians and min-max over the paired rounds, and each side's CPU
 * per call split between the main thread and the others (V8's garbage collection and compilers).
 *
 *   npx turbo run build --filter=@s3tester/core && node bench/engine-overhead.mjs [--ops 2000] [--rounds 15] [--warm 3] [1 32]
 *   (15 short pairs by default: on a shared 2-core machine their median moves by up to 0.04 from one run
 *   to the next, where 5 pairs of 4,000 calls moved by 0.1)
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof bench/engine-overhead.mjs --profile 32   (the engine alone)
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof bench/engine-overhead.mjs --profile-sdk 32   (the SDK loop alone)
 *   node bench/engine-overhead.mjs --scripted --rounds 5 32   (the engine's own CPU per step: no SDK, no HTTP)
 *   node bench/engine-overhead.mjs --core /tmp/before/core/dist/index.js 1 32   (another build of the core, for a before/after;
 *     a copy of packages/core/{package.json,dist} in a folder whose node_modules is this repository's)
 *   node bench/engine-overhead.mjs --versus packages/.core-b/dist/index.js 32   (a before/after in one process: the
 *     other build's engine runs as a third side in every round, and is compared with both)
 *   node bench/engine-overhead.mjs --clients 32   (a third side: the same calls through the run's S3 clients
 *     alone, no engine: where the gap is, between the SDK, the S3 layer and the engine's own work)
 *   node bench/engine-overhead.mjs --phases 32   (a CPU profile across the rounds: each side's µs of CPU per call by
 *     category, SDK, Effect, core, Node, GC, and the functions that take more than in the SDK loop; see lib/phaseProfile.mjs)
 *
 * The work: `concurrency` lanes, each PutObject (1 KiB text) then GetObject (body read to the end),
 * `ops` calls in all. The SDK loop: one async loop per lane on one S3Client made from the engine's
 * own client settings. The engine: the same calls as a suite of `concurrency` groups (`parallel:
 * true`), run by `Engine.run` with the run's S3 clients, an event bus with a subscriber reading every
 * event (as the Runner does), and the default trace mode (retain-on-failure).
 */
import { GetObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3"
import { Effect, Fiber, Layer, PubSub, Schema, Stream } from "effect"
import { readdirSync, readFileSync } from "node:fs"
import { phaseTable, startPhases } from "./lib/phaseProfile.mjs"
import { startStub } from "./lib/stubProcess.mjs"

const args = process.argv.slice(2)
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`)
  if (i < 0) return fallback
  const value = Number(args[i + 1])
  args.splice(i, 2)
  return value
}
const ops = option("ops", 2000)
const coreAt = args.indexOf("--core")
const corePath = coreAt < 0 ? undefined : args.splice(coreAt, 2)[1]
const coreAt2 = args.indexOf("--versus")
const versusPath = coreAt2 < 0 ? undefined : args.splice(coreAt2, 2)[1]
const coreOf = (path) => import(path === undefined ? "@s3tester/core" : new URL(path, `file://${process.cwd()}/`).href)
const core = await coreOf(corePath)
const { RunEvent, S3Clients, Suite, Target } = core
/** `--versus`: another build of the core, run as a third side of every round. */
const versus = versusPath === undefined ? undefined : await coreOf(versusPath)
const phasesWanted = args.includes("--phases") && args.splice(args.indexOf("--phases"), 1).length > 0
/** `--profile`: the engine's runs only (for `node --cpu-prof`), no table; `--profile-sdk`: the SDK loop's only. */
const profileOnly = args.includes("--profile") && args.splice(args.indexOf("--profile"), 1).length > 0
const profileSdk = args.includes("--profile-sdk") && args.splice(args.indexOf("--profile-sdk"), 1).length > 0
/**
 * `--scripted`: the engine alone, its S3 clients scripted to answer every call on the next macrotask
 * (no SDK, no HTTP): the CPU per step of the engine's own work (steps, results, events, subscriber).
 */
const clientsWanted = args.includes("--clients") && args.splice(args.indexOf("--clients"), 1).length > 0
const scripted = args.includes("--scripted") && args.splice(args.indexOf("--scripted"), 1).length > 0
const rounds = option("rounds", 15)
/** Runs of each side before the rounds (JIT): see the warm-up below. */
const warmRuns = option("warm", 3)
const concurrencies = args.map(Number).filter((n) => n > 0)

const stub = await startStub({ bodyBytes: 1024 })
const body = "x".repeat(1024)
const bucket = "bench"

const suiteOf = (concurrency, pairs, { Suite } = core) =>
  Schema.decodeUnknownSync(Suite.Suite)({
    config: {
      endpoint_url: stub.endpoint,
      region: "us-east-1",
      credentials: [{ name: "main", access_key: "AKIABENCHBENCHBENCH0", secret_key: "benchsecretbenchsecretbenchsecret0000000" }]
    },
    test_cases: {
      parallel: true,
      groups: Array.from({ length: concurrency }, (_, g) => ({
        name: `lane-${g}`,
        test: Array.from({ length: pairs }, (_, i) => [
          { operation: "PutObject", parameters: { Bucket: bucket, Key: `k-${g}-${i}`, Body: body } },
          { operation: "GetObject", parameters: { Bucket: bucket, Key: `k-${g}-${i}` } }
        ]).flat()
      }))
    }
  })

const scriptedClients = ({ S3Clients } = core) =>
  Layer.succeed(S3Clients.S3Clients, S3Clients.S3Clients.of({
    send: () =>
      Effect.callback((resume) => {
        setImmediate(() => resume(Effect.succeed({ output: { ETag: "\"bench\"" }, httpStatus: 200, requestId: "bench" })))
      }),
    client: () => Effect.die("scripted clients make no SDK client")
  }))

const layerOf = (suite, mod = core) =>
  (scripted ? scriptedClients(mod) : mod.S3Clients.S3Clients.layer(suite.config)).pipe(
    Layer.provideMerge(mod.Target.Target.fromEndpoint(stub.endpoint))
  )

/** The engine's client settings for the suite's credential (so the SDK loop's client is the same). */
const settingsOf = (suite) =>
  Effect.runPromise(Effect.scoped(Effect.gen(function*() {
    const clients = yield* S3Clients.S3Clients
    return (yield* clients.client("main")).settings
  })).pipe(Effect.provide(layerOf(suite))))

/** ops/s of `f` (which returns how many calls it made); its CPU per call (µs) goes to `cpu`. */
const cpu = { sdk: [], engine: [] }
/**
 * The CPU ticks (1/100 s) of this process's main thread and of its other threads (V8's garbage
 * collection and compiler helpers, libuv's pool), from /proc (Linux); undefined elsewhere.
 */
const threadTicks = () => {
  try {
    let main = 0
    let others = 0
    for (const task of readdirSync("/proc/self/task")) {
      // utime and stime: fields 14 and 15 of stat, the 12th and 13th after the command's ")"
      const fields = readFileSync(`/proc/self/task/${task}/stat`, "utf8").split(") ")[1].split(" ")
      const ticks = Number(fields[11]) + Number(fields[12])
      if (Number(task) === process.pid) main += ticks
      else others += ticks
    }
    return { main, others }
  } catch {
    return undefined
  }
}
/** Per `into` array (a side's CPU per call): the µs per call of its main thread and of the others. */
const threadsOf = new Map()

const timed = async (f, into) => {
  const started = performance.now()
  const ticksStarted = threadTicks()
  const cpuStarted = process.cpuUsage()
  const n = await f()
  const used = process.cpuUsage(cpuStarted)
  const ticks = threadTicks()
  into?.push((used.user + used.system) / n)
  if (into !== undefined && ticks !== undefined && ticksStarted !== undefined) {
    if (!threadsOf.has(into)) threadsOf.set(into, { main: [], others: [] })
    threadsOf.get(into).main.push((ticks.main - ticksStarted.main) * 10_000 / n)
    threadsOf.get(into).others.push((ticks.others - ticksStarted.others) * 10_000 / n)
  }
  return n / ((performance.now() - started) / 1000)
}

const sdkLoop = async (settings, concurrency, pairs, into) => {
  const client = new S3Client(settings)
  try {
    return await timed(async () => {
      await Promise.all(Array.from({ length: concurrency }, async (_, g) => {
        for (let i = 0; i < pairs; i++) {
          const Key = `k-${g}-${i}`
          const put = await client.send(new PutObjectCommand({ Bucket: bucket, Key, Body: body, ContentLength: body.length }))
          if (put.$metadata.httpStatusCode !== 200) throw new Error("PutObject failed")
          const got = await client.send(new GetObjectCommand({ Bucket: bucket, Key }))
          if ((await got.Body.transformToByteArray()).byteLength !== 1024) throw new Error("GetObject: wrong body")
        }
      }))
      return concurrency * pairs * 2
    }, into)
  } finally {
    client.destroy()
  }
}

const engineRun = (suite, concurrency, into, mod = core) =>
  timed(() =>
    Effect.runPromise(Effect.scoped(Effect.gen(function*() {
      const bus = yield* PubSub.unbounded()
      const subscription = yield* PubSub.subscribe(bus)
      let steps = 0
      const listening = yield* Stream.fromSubscription(subscription).pipe(
        Stream.takeUntil(RunEvent.RunEvent.$is("RunFinished")),
        Stream.runForEach((event) => Effect.sync(() => {
          if (event._tag === "StepFinished") steps++
        })),
        Effect.forkChild
      )
      const summary = yield* mod.Engine.run(suite, { concurrency, events: bus })
      yield* Fiber.join(listening)
      if (summary.counts.passed !== summary.counts.total || steps !== summary.counts.total) {
        throw new Error(`the engine's run did not pass: ${JSON.stringify(summary.counts)}`)
      }
      return summary.counts.total
    })).pipe(Effect.provide(layerOf(suite, mod)))), into
  )

/**
 * `--clients`: a third side, the same calls through the run's S3 clients alone (`S3Clients.send`, one
 * `Effect.runPromise` a call, no engine, no trace), made per run as the engine's are: what the S3 layer
 * costs on top of the SDK, and so what the engine's own steps, results and events cost on top of it.
 */
const clientsLoop = (suite, concurrency, pairs, into) =>
  Effect.runPromise(Effect.scoped(Effect.gen(function*() {
    const clients = yield* S3Clients.S3Clients
    const put = core.Catalog.lookup(core.Catalog.builtIn, "PutObject")
    const get = core.Catalog.lookup(core.Catalog.builtIn, "GetObject")
    const options = { timeoutMs: 30_000 }
    return yield* Effect.promise(() =>
      timed(async () => {
        await Promise.all(Array.from({ length: concurrency }, async (_, g) => {
          for (let i = 0; i < pairs; i++) {
            const Key = `k-${g}-${i}`
            const stored = await Effect.runPromise(clients.send("main", put, { Bucket: bucket, Key, Body: body }, options))
            if (stored.httpStatus !== 200) throw new Error("PutObject failed")
            const got = await Effect.runPromise(clients.send("main", get, { Bucket: bucket, Key }, options))
            if (got.bodyBytes !== 1024) throw new Error("GetObject: wrong body")
          }
        }))
        return concurrency * pairs * 2
      }, into)
    )
  })).pipe(Effect.provide(layerOf(suite))))

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}
const fmt = (n) => n.toFixed(0)
const fmtRange = (values, f = fmt) => `${f(Math.min(...values))}-${f(Math.max(...values))}`

const rows = []
const phaseTables = []
const threadNotes = []
try {
  for (const concurrency of concurrencies.length > 0 ? concurrencies : [1, 32]) {
    const pairs = Math.max(1, Math.round(ops / 2 / concurrency))
    const suite = suiteOf(concurrency, pairs)
    if (scripted) {
      await engineRun(suite, concurrency) // warm-up
      for (let round = 0; round < rounds; round++) {
        const rate = await engineRun(suite, concurrency, cpu.engine)
        console.error(`engine, scripted clients: ${fmt(rate)} steps/s, ${cpu.engine.at(-1).toFixed(1)} µs CPU per step`)
      }
      continue
    }
    const settings = await settingsOf(suite)
    if (profileSdk) {
      for (let round = 0; round < rounds; round++) {
        const rate = await sdkLoop(settings, concurrency, pairs, cpu.sdk)
        console.error(`sdk ${fmt(rate)} ops/s, ${fmt(cpu.sdk.at(-1))} µs CPU per call`)
      }
      continue
    }
    if (profileOnly) {
      for (let round = 0; round < rounds; round++) {
        const rate = await engineRun(suite, concurrency, cpu.engine)
        console.error(`engine ${fmt(rate)} ops/s, ${fmt(cpu.engine.at(-1))} µs CPU per call`)
      }
      continue
    }
    /** The sides of each round: the SDK loop, the engine, and `--versus`'s engine. */
    const sides = [
      { name: "sdk", run: (into) => sdkLoop(settings, concurrency, pairs, into) },
      { name: "engine", run: (into) => engineRun(suite, concurrency, into) }
    ]
    if (clientsWanted) sides.push({ name: "clients", run: (into) => clientsLoop(suite, concurrency, pairs, into) })
    if (versus !== undefined) {
      const versusSuite = suiteOf(concurrency, pairs, versus)
      sides.push({ name: "versus", run: (into) => engineRun(versusSuite, concurrency, into, versus) })
    }
    // warm-up, not counted: V8 goes on compiling and deoptimising through the first three or four
    // runs of each (--trace-opt), more for the engine, which has more code
    for (let i = 0; i < warmRuns; i++) for (const side of sides) await side.run()
    const rates = new Map(sides.map((side) => [side.name, []]))
    const cpus = new Map(sides.map((side) => [side.name, []]))
    const phases = phasesWanted ? await startPhases() : undefined
    for (let round = 0; round < rounds; round++) {
      // each side goes first in turn
      for (let i = 0; i < sides.length; i++) {
        const side = sides[(round + i) % sides.length]
        const run = async () => rates.get(side.name).push(await side.run(cpus.get(side.name)))
        if (phases === undefined) await run()
        else await phases.window(side.name, async () => (await run(), concurrency * pairs * 2))
      }
      const last = (name) => rates.get(name).at(-1)
      console.error(
        `concurrency ${concurrency} round ${round + 1}: ` + sides.map((side) => `${side.name} ${fmt(last(side.name))} ops/s`).join(", ") +
          `, ratio ${(last("engine") / last("sdk")).toFixed(2)}` +
          (versus === undefined ? "" : `, versus ${(last("versus") / last("sdk")).toFixed(2)}`) +
          (clientsWanted ? `, clients ${(last("clients") / last("sdk")).toFixed(2)}` : "") +
          `; CPU per call: ` + sides.map((side) => `${side.name} ${fmt(cpus.get(side.name).at(-1))} µs`).join(", ")
      )
    }
    if (phases !== undefined) phaseTables.push([concurrency, phaseTable(await phases.stop(), "sdk")])
    const sdk = rates.get("sdk")
    const sdkCpu = cpus.get("sdk")
    for (const side of sides.slice(1)) {
      const engine = rates.get(side.name)
      const engineCpu = cpus.get(side.name)
      const ratios = engine.map((e, i) => e / sdk[i])
      // the CPU each spent per call, pair by pair (less disturbed by other load than the rates)
      const cpuRatios = engineCpu.map((e, i) => sdkCpu[i] / e)
      rows.push(
        `| ${concurrency}${side.name === "engine" ? "" : ` (${side.name})`} | ${concurrency * pairs * 2} | ${fmt(median(sdk))} (${fmtRange(sdk)}) | ${fmt(median(engine))} (${fmtRange(engine)}) | ` +
          `**${median(ratios).toFixed(2)}x** (${fmtRange(ratios, (n) => n.toFixed(2))}) | ` +
          `${fmt(median(sdkCpu))} (${fmtRange(sdkCpu)}) | ${fmt(median(engineCpu))} (${fmtRange(engineCpu)}) | ` +
          `${median(cpuRatios).toFixed(2)} (${fmtRange(cpuRatios, (n) => n.toFixed(2))}) |`
      )
    }
    const threadRows = sides.flatMap((side) => {
      const threads = threadsOf.get(cpus.get(side.name))
      return threads === undefined ? [] : [`${side.name} ${fmt(median(threads.main))} + ${fmt(median(threads.others))}`]
    })
    if (threadRows.length > 0) threadNotes.push(`concurrency ${concurrency}: ${threadRows.join(", ")}`)
    if (clientsWanted) {
      // the engine's own work: the engine against the same calls through its S3 clients alone
      const own = rates.get("engine").map((e, i) => e / rates.get("clients")[i])
      const ownCpu = cpus.get("clients").map((c, i) => c / cpus.get("engine")[i])
      rows.push(`| ${concurrency} (engine / clients) | | | | **${median(own).toFixed(2)}x** (${fmtRange(own, (n) => n.toFixed(2))}) | | | ${median(ownCpu).toFixed(2)} (${fmtRange(ownCpu, (n) => n.toFixed(2))}) |`)
    }
    if (versus !== undefined) {
      const ab = rates.get("versus").map((v, i) => v / rates.get("engine")[i])
      const abCpu = cpus.get("versus").map((v, i) => cpus.get("engine")[i] / v)
      rows.push(`| ${concurrency} (versus / engine) | | | | **${median(ab).toFixed(2)}x** (${fmtRange(ab, (n) => n.toFixed(2))}) | | | ${median(abCpu).toFixed(2)} (${fmtRange(abCpu, (n) => n.toFixed(2))}) |`)
    }
  }
} finally {
  stub.stop()
}
console.log(`Node ${process.version}, ${rounds} rounds${corePath === undefined ? "" : `, core from ${corePath}`}${versusPath === undefined ? "" : `, versus core from ${versusPath}`}`)
console.log("| concurrency | ops per run | SDK loop ops/s | engine ops/s | engine / SDK | SDK CPU µs/call | engine CPU µs/call | SDK CPU / engine CPU |")
console.log("|---|---|---|---|---|---|---|---|")
for (const row of rows) console.log(row)
if (threadNotes.length > 0) {
  console.log(`\nCPU µs per call, main thread + the other threads (V8's GC and compilers), medians: ${threadNotes.join("; ")}`)
}
for (const [concurrency, table] of phaseTables) console.log(`\nConcurrency ${concurrency}, µs of CPU per call by where it was spent (one CPU profile across the rounds):\n${table}`)
