#!/usr/bin/env -S npx tsx
/**
 * pipeline.ts: subscribes to the run's event stream and interrupts the run at the first failure
 * (an AbortController; `stop()` from the handler works too), then proves that after_test still ran:
 * the cleanup steps are in the report as passed, and the bucket is gone from the server. The steps
 * after the failure are reported `skipped` ("run interrupted"). The event stream is also where you
 * would feed results into your own store.
 *
 * Endpoint: S3_ENDPOINT (+ keys) when set, else the embedded local server (a fake).
 *
 *   npx tsx examples/pipeline.ts        deno run -A examples/pipeline.ts
 */
import { HeadBucketCommand, S3Client } from "@aws-sdk/client-s3"
import { Build, Runner } from "@s3tester/core"
import { LocalS3 } from "@s3tester/local-s3"
import { Effect } from "effect"

const { group, step, suite, untypedStep } = Build
const env = process.env
const credentials = { access_key: env.S3_ACCESS_KEY_ID ?? "local", secret_key: env.S3_SECRET_ACCESS_KEY ?? "local" }
const bucket = `s3t-api-pipeline-${Date.now().toString(36)}`

const definition = suite({
  config: { region: env.S3_REGION ?? "us-east-1", credentials: [{ name: "main", ...credentials }] },
  groups: [
    group({
      name: "stops at the first failure",
      before_test: [step("CreateBucket", { Bucket: bucket })],
      test: [
        step("PutObject", { Bucket: bucket, Key: "a", Body: "a" }),
        // wrong on purpose: the key does not exist, so this step fails and the run stops
        step("GetObject", { Bucket: bucket, Key: "does-not-exist" }, { name: "the failing step" }),
        untypedStep("Sleep", { Duration: "2s" }, { name: "never runs" }),
        step("PutObject", { Bucket: bucket, Key: "b", Body: "b" }, { name: "never runs either" })
      ],
      after_test: [step("DeleteObject", { Bucket: bucket, Key: "a" }), step("DeleteBucket", { Bucket: bucket })]
    })
  ]
})

const controller = new AbortController()
const seen: Array<string> = []
const report = await Runner.runSuite(definition, {
  ...(env.S3_ENDPOINT === undefined ? { target: LocalS3.layer } : { endpoint: env.S3_ENDPOINT }),
  signal: controller.signal,
  onEvent: (event) => {
    seen.push(event._tag)
    if (event._tag === "StepFinished") {
      const r = event.result
      console.log(`${r.phase.padEnd(11)} ${r.name.padEnd(20)} ${r.outcome}${r.message === undefined ? "" : `: ${r.message}`}`)
      if (r.outcome === "failed" || r.outcome === "errored") controller.abort(new Error(`first failure: ${r.name}`))
    }
  }
})

// The proof: after_test ran (and passed), the bucket is gone, the rest was skipped.
const cleanup = report.steps.filter((s) => s.phase === "after_test")
const bucketGone = await Effect.runPromise(Effect.tryPromise(() =>
  new S3Client({
    region: env.S3_REGION ?? "us-east-1",
    endpoint: env.S3_ENDPOINT ?? "http://127.0.0.1:1", // the embedded server has stopped: nothing to check there
    forcePathStyle: true,
    credentials: { accessKeyId: credentials.access_key, secretAccessKey: credentials.secret_key }
  }).send(new HeadBucketCommand({ Bucket: bucket }))
).pipe(Effect.match({ onSuccess: () => false, onFailure: (e) => env.S3_ENDPOINT === undefined || /NotFound|404/.test(String(e.cause)) })))

const checks = {
  "the run was stopped": report.interrupted && report.stopped === "first failure: the failing step",
  "after_test ran and passed": cleanup.length === 2 && cleanup.every((s) => s.outcome === "passed"),
  "the bucket is gone": bucketGone,
  "later steps were skipped": report.steps.filter((s) => s.name.startsWith("never runs")).every((s) => s.outcome === "skipped"),
  "events ended with RunFinished": seen.at(-1) === "RunFinished"
}
for (const [check, ok] of Object.entries(checks)) console.log(`${ok ? "ok  " : "FAIL"} ${check}`)
process.exitCode = Object.values(checks).every(Boolean) ? 0 : 1
