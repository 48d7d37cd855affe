#!/usr/bin/env node
// Engine overhead (issue 15, goal 3: at least 0.9x the ops/s of a raw SDK loop): PutObject + GetObject
// pairs against a loopback stub server in its own process (bench/lib/stubS3.mjs, answering at once), by
// a plain @aws-sdk/client-s3 loop and by the engine running the equivalent suite, at concurrency 1 and
// 32 (32 workers / 32 groups at once), with the same client settings as the engine's (path style, one
// attempt, checksums when required, no retries). Each run pairs the two (alternating which goes first)
// and prints both rates, their ratio and the CPU each used in this process; then medians.
//
//   npx turbo run build --filter=@s3tester/core && node bench/engine-overhead.mjs [--pairs 2500] [--runs 3]
// Measuring only: the engine's speed is another change.
import { GetObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3"
import * as Engine from "@s3tester/core/Engine"
import * as S3Clients from "@s3tester/core/S3Clients"
import * as Suite from "@s3tester/core/Suite"
import * as Target from "@s3tester/core/Target"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Schema from "effect/Schema"
import { median, option } from "./lib/cpu.mjs"
import { startStub } from "./lib/stubProcess.mjs"

const pairs = Number(option("pairs", "2500"))
const runs = Number(option("runs", "3"))
const concurrencies = [1, 32]
const credentials = { accessKeyId: "bench", secretAccessKey: "bench-secret" }
const body = "hello from the bench"

/** The raw loop: `workers` loops, each PutObject then GetObject (the body read to its end), until `pairs` are done. */
const sdkLoop = async (endpoint, workers) => {
  // The engine's settings (core internal/s3/s3Config.ts): one attempt, checksums when required, quiet.
  const client = new S3Client({
    endpoint,
    region: "us-east-1",
    forcePathStyle: true,
    maxAttempts: 1,
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
    credentials
  })
  let next = 0
  const worker = async (w) => {
    while (next < pairs) {
      const i = next++
      const Key = `w${w}/object-${i}`
      await client.send(new PutObjectCommand({ Bucket: "bench", Key, Body: body }))
      const got = await client.send(new GetObjectCommand({ Bucket: "bench", Key }))
      await got.Body.transformToByteArray()
    }
  }
  await Promise.all(Array.from({ length: workers }, (_, w) => worker(w)))
  client.destroy()
}

/** The same work as a suite: `groups` groups (run `groups` at once), their steps in order. */
const engineRun = async (endpoint, groups) => {
  const perGroup = Math.ceil(pairs / groups)
  const suite = Schema.decodeUnknownSync(Suite.Suite)({
    config: {
      endpoint_url: endpoint,
      region: "us-east-1",
      path_style: true,
      credentials: [{ name: "main", access_key: credentials.accessKeyId, secret_key: credentials.secretAccessKey }]
    },
    test_cases: {
      parallel: true,
      groups: Array.from({ length: groups }, (_, g) => ({
        name: `group-${g}`,
        test: Array.from({ length: perGroup }, (_, i) => [
          { operation: "PutObject", parameters: { Bucket: "bench", Key: `g${g}/object-${i}`, Body: body } },
          { operation: "GetObject", parameters: { Bucket: "bench", Key: `g${g}/object-${i}` } }
        ]).flat()
      }))
    }
  })
  const layer = S3Clients.S3Clients.layer(suite.config).pipe(Layer.provideMerge(Target.Target.fromEndpoint(endpoint)))
  const summary = await Effect.runPromise(Engine.run(suite, { concurrency: groups }).pipe(Effect.provide(layer)))
  if (summary.counts.passed !== summary.counts.total) {
    throw new Error(`the engine's run did not pass: ${JSON.stringify(summary.counts)}`)
  }
  return summary.counts.total
}

/** Operations per second and CPU milliseconds (this process) of one measured call. */
const measure = async (ops, run) => {
  const cpu = process.cpuUsage()
  const start = performance.now()
  const done = await run()
  const seconds = (performance.now() - start) / 1000
  const used = process.cpuUsage(cpu)
  const count = done ?? ops
  return { rate: count / seconds, cpuPerOp: (used.user + used.system) / 1000 / count }
}

const stub = await startStub()
try {
  console.log(`node ${process.version}; ${pairs} PutObject+GetObject pairs (${2 * pairs} operations) a run, ${runs} paired runs`)
  // warm both paths (JIT, sockets) before measuring
  await sdkLoop(stub.endpoint, 4)
  await engineRun(stub.endpoint, 4)
  for (const c of concurrencies) {
    const rows = []
    for (let r = 0; r < runs; r++) {
      const sdk = () => measure(2 * pairs, () => sdkLoop(stub.endpoint, c))
      const engine = () => measure(2 * pairs, () => engineRun(stub.endpoint, c))
      const [a, b] = r % 2 === 0 ? [await sdk(), await engine()] : [undefined, await engine()]
      const row = r % 2 === 0 ? { sdk: a, engine: b } : { engine: b, sdk: await sdk() }
      rows.push(row)
      console.log(
        `concurrency ${String(c).padStart(2)} run ${r + 1}: SDK ${row.sdk.rate.toFixed(0)} ops/s (${row.sdk.cpuPerOp.toFixed(3)} ms CPU/op), ` +
          `engine ${row.engine.rate.toFixed(0)} ops/s (${row.engine.cpuPerOp.toFixed(3)} ms CPU/op): ${(row.engine.rate / row.sdk.rate).toFixed(2)}x`
      )
    }
    const ratios = rows.map((row) => row.engine.rate / row.sdk.rate)
    console.log(
      `concurrency ${String(c).padStart(2)} median: SDK ${median(rows.map((row) => row.sdk.rate)).toFixed(0)} ops/s, ` +
        `engine ${median(rows.map((row) => row.engine.rate)).toFixed(0)} ops/s: ${median(ratios).toFixed(2)}x ` +
        `(pairs ${Math.min(...ratios).toFixed(2)}-${Math.max(...ratios).toFixed(2)}x) [goal 0.9x: ${median(ratios) >= 0.9 ? "met" : "not met"}]`
    )
  }
} finally {
  stub.stop()
}
