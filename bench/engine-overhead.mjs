#!/usr/bin/env node
/**
 * Engine overhead: the ops/s of the engine against a raw `@aws-sdk/client-s3` loop doing the same
 * calls with the same client settings, against a loopback stub S3 (bench/lib/stubS3.mjs)
 * in its own process, at several concurrencies. Each round runs both, in alternating order, and
 * prints both rates and their ratio (and the CPU time per call of each, which load on the machine
 * disturbs less, and their ratio: the rate ratio the engine would reach if both were CPU-bound); the
 * summary gives medians and min-max over the paired rounds.
 *
 *   npx turbo run build --filter=@s3tester/core && node bench/engine-overhead.mjs [--ops 2000] [--rounds 15] [1 32]
 *   (15 short pairs by default: on a shared 2-core machine their median moves by up to 0.04 from one run
 *   to the next, where 5 pairs of 4,000 calls moved by 0.1)
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof bench/engine-overhead.mjs --profile 32   (the engine alone)
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof bench/engine-overhead.mjs --profile-sdk 32   (the SDK loop alone)
 *   node bench/engine-overhead.mjs --scripted --rounds 5 32   (the engine's own CPU per step: no SDK, no HTTP)
 *   node bench/engine-overhead.mjs --core /tmp/before/core/dist/index.js 1 32   (another build of the core, for a before/after;
 *     a copy of packages/core/{package.json,dist} in a folder whose node_modules is this repository's)
 *
 * The work: `concurrency` lanes, each PutObject (1 KiB text) then GetObject (body read to the end),
 * `ops` calls in all. The SDK loop: one async loop per lane on one S3Client made from the engine's
 * own client settings. The engine: the same calls as a suite of `concurrency` groups (`parallel:
 * true`), run by `Engine.run` with the run's S3 clients, an event bus with a subscriber reading every
 * event (as the Runner does), and the default trace mode (retain-on-failure).
 */
import { GetObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3"
import { Effect, Fiber, Layer, PubSub, Schema, Stream } from "effect"
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
const { Engine, RunEvent, S3Clients, Suite, Target } = await import(
  corePath === undefined ? "@s3tester/core" : new URL(corePath, `file://${process.cwd()}/`).href
)
/** `--profile`: the engine's runs only (for `node --cpu-prof`), no table; `--profile-sdk`: the SDK loop's only. */
const profileOnly = args.includes("--profile") && args.splice(args.indexOf("--profile"), 1).length > 0
const profileSdk = args.includes("--profile-sdk") && args.splice(args.indexOf("--profile-sdk"), 1).length > 0
/**
 * `--scripted`: the engine alone, its S3 clients scripted to answer every call on the next macrotask
 * (no SDK, no HTTP): the CPU per step of the engine's own work (steps, results, events, subscriber).
 */
const scripted = args.includes("--scripted") && args.splice(args.indexOf("--scripted"), 1).length > 0
const rounds = option("rounds", 15)
const concurrencies = args.map(Number).filter((n) => n > 0)

const stub = await startStub({ bodyBytes: 1024 })
const body = "x".repeat(1024)
const bucket = "bench"

const suiteOf = (concurrency, pairs) =>
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

const scriptedClients = () =>
  Layer.succeed(S3Clients.S3Clients, S3Clients.S3Clients.of({
    send: () =>
      Effect.callback((resume) => {
        setImmediate(() => resume(Effect.succeed({ output: { ETag: "\"bench\"" }, httpStatus: 200, requestId: "bench" })))
      }),
    client: () => Effect.die("scripted clients make no SDK client")
  }))

const layerOf = (suite) =>
  (scripted ? scriptedClients() : S3Clients.S3Clients.layer(suite.config)).pipe(
    Layer.provideMerge(Target.Target.fromEndpoint(stub.endpoint))
  )

/** The engine's client settings for the suite's credential (so the SDK loop's client is the same). */
const settingsOf = (suite) =>
  Effect.runPromise(Effect.scoped(Effect.gen(function*() {
    const clients = yield* S3Clients.S3Clients
    return (yield* clients.client("main")).settings
  })).pipe(Effect.provide(layerOf(suite))))

/** ops/s of `f` (which returns how many calls it made); its CPU per call (µs) goes to `cpu`. */
const cpu = { sdk: [], engine: [] }
const timed = async (f, into) => {
  const started = performance.now()
  const cpuStarted = process.cpuUsage()
  const n = await f()
  const used = process.cpuUsage(cpuStarted)
  into?.push((used.user + used.system) / n)
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

const engineRun = (suite, concurrency, into) =>
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
      const summary = yield* Engine.run(suite, { concurrency, events: bus })
      yield* Fiber.join(listening)
      if (summary.counts.passed !== summary.counts.total || steps !== summary.counts.total) {
        throw new Error(`the engine's run did not pass: ${JSON.stringify(summary.counts)}`)
      }
      return summary.counts.total
    })).pipe(Effect.provide(layerOf(suite)))), into
  )

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}
const fmt = (n) => n.toFixed(0)
const fmtRange = (values, f = fmt) => `${f(Math.min(...values))}-${f(Math.max(...values))}`

const rows = []
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
    // warm-up (JIT, sockets), not counted
    await sdkLoop(settings, concurrency, Math.max(1, Math.round(pairs / 4)))
    await engineRun(suiteOf(concurrency, Math.max(1, Math.round(pairs / 4))), concurrency)
    const sdk = []
    const engine = []
    cpu.sdk = []
    cpu.engine = []
    for (let round = 0; round < rounds; round++) {
      if (round % 2 === 0) {
        sdk.push(await sdkLoop(settings, concurrency, pairs, cpu.sdk))
        engine.push(await engineRun(suite, concurrency, cpu.engine))
      } else {
        engine.push(await engineRun(suite, concurrency, cpu.engine))
        sdk.push(await sdkLoop(settings, concurrency, pairs, cpu.sdk))
      }
      console.error(
        `concurrency ${concurrency} round ${round + 1}: sdk ${fmt(sdk[round])} ops/s, engine ${fmt(engine[round])} ops/s, ` +
          `ratio ${(engine[round] / sdk[round]).toFixed(2)}; CPU per call: sdk ${fmt(cpu.sdk[round])} µs, engine ${fmt(cpu.engine[round])} µs`
      )
    }
    const ratios = engine.map((e, i) => e / sdk[i])
    // the CPU each spent per call, pair by pair (less disturbed by other load than the rates)
    const cpuRatios = cpu.engine.map((e, i) => cpu.sdk[i] / e)
    rows.push(
      `| ${concurrency} | ${concurrency * pairs * 2} | ${fmt(median(sdk))} (${fmtRange(sdk)}) | ${fmt(median(engine))} (${fmtRange(engine)}) | ` +
        `**${median(ratios).toFixed(2)}x** (${fmtRange(ratios, (n) => n.toFixed(2))}) | ` +
        `${fmt(median(cpu.sdk))} (${fmtRange(cpu.sdk)}) | ${fmt(median(cpu.engine))} (${fmtRange(cpu.engine)}) | ` +
        `${median(cpuRatios).toFixed(2)} (${fmtRange(cpuRatios, (n) => n.toFixed(2))}) |`
    )
  }
} finally {
  stub.stop()
}
console.log(`Node ${process.version}, ${rounds} paired rounds${corePath === undefined ? "" : `, core from ${corePath}`}`)
console.log("| concurrency | ops per run | SDK loop ops/s | engine ops/s | engine / SDK | SDK CPU µs/call | engine CPU µs/call | SDK CPU / engine CPU |")
console.log("|---|---|---|---|---|---|---|---|")
for (const row of rows) console.log(row)
