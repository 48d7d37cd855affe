#!/usr/bin/env node
/**
 * Times a 2,000-step run of the engine against a real S3 server (Ceph RGW from the project's start
 * script), at several group concurrencies, and prints a Markdown table for BENCHMARKS.md.
 *
 *   set -a; eval "$(bash scripts/ceph-rgw-start.sh)"; set +a
 *   npx turbo run build --filter=@s3tester/core && node bench/engine-steps.mjs 1 16
 *
 * The suite: 16 groups of 125 steps (CreateBucket; 41 x PutObject 1 KiB + GetObject; 41 x
 * DeleteObject; DeleteBucket), `parallel: true`, so `concurrency` is the number of groups at once.
 */
import { Engine, S3Clients, Suite, Target } from "@s3tester/core"
import { Effect, Layer, Schema } from "effect"

const env = process.env
if (env.S3_ENDPOINT === undefined) {
  console.error("S3_ENDPOINT is not set: eval the output of scripts/ceph-rgw-start.sh first")
  process.exit(2)
}
const concurrencies = process.argv.slice(2).map(Number).filter((n) => n > 0)
const groups = 16
const objects = 41

const suite = Schema.decodeUnknownSync(Suite.Suite)({
  config: {
    endpoint_url: env.S3_ENDPOINT,
    region: env.S3_REGION ?? "us-east-1",
    credentials: [{ name: "main", access_key: env.S3_ACCESS_KEY_ID, secret_key: env.S3_SECRET_ACCESS_KEY }]
  },
  test_cases: {
    parallel: true,
    groups: Array.from({ length: groups }, (_, g) => {
      const bucket = { Bucket: `s3t-engine-bench-\${{ run.id }}-${g}` }
      const keys = Array.from({ length: objects }, (_, i) => `obj-${i}`)
      return {
        name: `bench-${g}`,
        before_test: [{ operation: "CreateBucket", parameters: bucket }],
        test: keys.flatMap((Key) => [
          { operation: "PutObject", parameters: { ...bucket, Key, Body: "x".repeat(1024) } },
          { operation: "GetObject", parameters: { ...bucket, Key } }
        ]),
        after_test: [
          ...keys.map((Key) => ({ operation: "DeleteObject", parameters: { ...bucket, Key } })),
          { operation: "DeleteBucket", parameters: bucket }
        ]
      }
    })
  }
})

const layer = S3Clients.S3Clients.layer(suite.config).pipe(Layer.provideMerge(Target.Target.fromEndpoint(env.S3_ENDPOINT)))
const rows = []
for (const concurrency of concurrencies.length > 0 ? concurrencies : [1, 16]) {
  const summary = await Effect.runPromise(Engine.run(suite, { concurrency }).pipe(Effect.provide(layer)))
  const latency = (op) => summary.statistics.operations.find((o) => o.operation === op)?.latency
  const put = latency("PutObject")
  const get = latency("GetObject")
  rows.push(
    `| ${concurrency} | ${summary.counts.total} | ${summary.counts.passed} | ${(summary.durationMs / 1000).toFixed(2)} s | ` +
      `${summary.statistics.throughput.toFixed(0)} | ${put?.p50} / ${put?.p99} | ${get?.p50} / ${get?.p99} |`
  )
  if (summary.counts.passed !== summary.counts.total) {
    console.error(JSON.stringify(summary.statistics.failures.slice(0, 3), null, 2))
  }
}
console.log("| concurrency | steps | passed | wall clock | steps/s | PutObject p50 / p99 (ms) | GetObject p50 / p99 (ms) |")
console.log("|---|---|---|---|---|---|---|")
for (const row of rows) console.log(row)
