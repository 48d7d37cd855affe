#!/usr/bin/env -S npx tsx
/**
 * custom-operation.ts: operations defined inline with `Plugin.defineOperation`, no plugin package:
 * `PutMany` puts N objects under a prefix then lists them and returns the count it saw, and
 * `CountKeys` counts the keys under a prefix. Their parameters are typed from their Schema
 * (`step(PutMany, { Bucket, Count })`) and validated before the run like any operation. Cleanup
 * uses the built-in `EmptyBucket` and `DeleteBucketIfExists`.
 *
 * Endpoint: S3_ENDPOINT (+ keys) when set, else the embedded local server (a fake).
 *
 *   npx tsx examples/custom-operation.ts
 */
import { Build, Plugin, Runner } from "@s3tester/core"
import { LocalS3 } from "@s3tester/local-s3"
import { Schema } from "effect"

const { group, step, suite, untypedStep } = Build
const env = process.env

const PutMany = Plugin.defineOperation({
  name: "PutMany",
  description: "Puts Count objects under Prefix, then lists the prefix: returns the count listed",
  parameters: Schema.Struct({ Bucket: Schema.String, Prefix: Schema.String, Count: Schema.Int }),
  run: async ({ Bucket, Prefix, Count }, ctx) => {
    for (let i = 0; i < Count; i++) await ctx.sendAsync("PutObject", { Bucket, Key: `${Prefix}${i}`, Body: `object ${i}` })
    const { output } = await ctx.sendAsync("ListObjectsV2", { Bucket, Prefix })
    return { Listed: output["KeyCount"] }
  }
})

const CountKeys = Plugin.defineOperation({
  name: "CountKeys",
  description: "Counts the keys under Prefix (one page of ListObjectsV2)",
  parameters: Schema.Struct({ Bucket: Schema.String, Prefix: Schema.String }),
  run: async ({ Bucket, Prefix }, ctx) => {
    const { output } = await ctx.sendAsync("ListObjectsV2", { Bucket, Prefix })
    return { Keys: ((output["Contents"] ?? []) as ReadonlyArray<unknown>).length }
  }
})

const bucket = "s3t-api-ops-${{ run.id }}"
const definition = suite({
  config: {
    region: env.S3_REGION ?? "us-east-1",
    credentials: [{ name: "main", access_key: env.S3_ACCESS_KEY_ID ?? "local", secret_key: env.S3_SECRET_ACCESS_KEY ?? "local" }]
  },
  groups: [
    group({
      name: "put many, list, count",
      before_test: [step("CreateBucket", { Bucket: bucket })],
      test: [
        step(PutMany, { Bucket: bucket, Prefix: "batch/", Count: 25 }, { expect: { response: { Listed: 25 } } }),
        step("ListObjectsV2", { Bucket: bucket, Prefix: "batch/1" }, { expect: { response: { KeyCount: 11 } } }),
        step(CountKeys, { Bucket: bucket, Prefix: "batch/2" }, { expect: { response: { Keys: 6 } } })
      ],
      // the built-in utilities are named by string (validated before the run all the same)
      after_test: [untypedStep("EmptyBucket", { Bucket: bucket }), untypedStep("DeleteBucketIfExists", { Bucket: bucket })]
    })
  ]
})

const report = await Runner.runSuite(
  definition,
  env.S3_ENDPOINT === undefined ? { target: LocalS3.layer } : { endpoint: env.S3_ENDPOINT }
)
for (const s of report.steps) console.log(`${s.phase.padEnd(11)} ${s.name.padEnd(14)} ${s.outcome}${s.message === undefined ? "" : `: ${s.message}`}`)
console.log(`${report.counts.passed}/${report.counts.total} passed against ${report.endpoint}`)
process.exitCode = report.success ? 0 : 1
