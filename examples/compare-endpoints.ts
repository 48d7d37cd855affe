#!/usr/bin/env -S npx tsx
/**
 * compare-endpoints.ts: runs one suite against two endpoints and prints the steps whose outcomes
 * differ. Default: the embedded local server (a fake: no signature checks, one account) against
 * S3_ENDPOINT (+ keys) when set, else against a second embedded server (then nothing differs).
 * Against a real server the anonymous read and the wrong-key request show the fake's blind spots.
 *
 *   S3_ENDPOINT=http://127.0.0.1:7480 npx tsx examples/compare-endpoints.ts
 */
import { Build, Runner } from "@s3tester/core"
import type { RunResult } from "@s3tester/core"
import { LocalS3 } from "@s3tester/local-s3"

const { group, step, suite } = Build
const env = process.env
const bucket = "s3t-api-compare-${{ run.id }}"

const definition = suite({
  config: {
    region: env.S3_REGION ?? "us-east-1",
    credentials: [
      { name: "main", access_key: env.S3_ACCESS_KEY_ID ?? "local", secret_key: env.S3_SECRET_ACCESS_KEY ?? "local" },
      { name: "wrong-secret", access_key: env.S3_ACCESS_KEY_ID ?? "local", secret_key: "not-the-secret" },
      { name: "anonymous", anonymous: true }
    ]
  },
  groups: [
    group({
      name: "behaviour",
      before_test: [step("CreateBucket", { Bucket: bucket }), step("PutObject", { Bucket: bucket, Key: "private.txt", Body: "secret" })],
      test: [
        step("GetObject", { Bucket: bucket, Key: "private.txt" }, { expect: { body: { text: "secret" } } }),
        step("GetObject", { Bucket: bucket, Key: "private.txt" }, {
          name: "anonymous read of a private object",
          credential: "anonymous",
          expect: { success: false, error_code: "AccessDenied" }
        }),
        step("ListObjectsV2", { Bucket: bucket }, {
          name: "request signed with a wrong secret",
          credential: "wrong-secret",
          expect: { success: false, error_code: "SignatureDoesNotMatch" }
        }),
        step("GetObject", { Bucket: bucket, Key: "missing" }, { expect: { success: false, error_code: "NoSuchKey" } }),
        step("CopyObject", { Bucket: bucket, Key: "copy.txt", CopySource: `${bucket}/private.txt` }),
        step("GetObjectTagging", { Bucket: bucket, Key: "copy.txt" })
      ],
      after_test: [
        step("DeleteObjects", { Bucket: bucket, Delete: { Objects: [{ Key: "private.txt" }, { Key: "copy.txt" }] } }),
        step("DeleteBucket", { Bucket: bucket })
      ]
    })
  ]
})

const key = (s: RunResult.StepResult) => `${s.group} > ${s.phase} #${s.index + 1} ${s.name}`
const options = { runId: Date.now().toString(36) }
const [a, b] = await Promise.all([
  Runner.runSuite(definition, { ...options, target: LocalS3.layer }),
  Runner.runSuite(
    definition,
    env.S3_ENDPOINT === undefined ? { ...options, target: LocalS3.layer } : { ...options, endpoint: env.S3_ENDPOINT }
  )
])

const byKey = new Map(b.steps.map((s) => [key(s), s]))
const differences = a.steps.flatMap((s) => {
  const other = byKey.get(key(s))
  return other === undefined || other.outcome !== s.outcome ? [{ step: key(s), a: s, b: other }] : []
})
console.log(`A: ${a.endpoint}: ${a.counts.passed}/${a.counts.total} passed`)
console.log(`B: ${b.endpoint}: ${b.counts.passed}/${b.counts.total} passed`)
if (differences.length === 0) console.log("no differences")
for (const d of differences) {
  console.log(`${d.step}\n  A ${d.a.outcome}${d.a.message === undefined ? "" : `: ${d.a.message}`}\n  B ${d.b?.outcome ?? "absent"}${d.b?.message === undefined ? "" : `: ${d.b.message}`}`)
}
// Both runs must have produced every step; the differences are the output, not a failure.
process.exitCode = a.steps.length === b.steps.length && a.steps.length === 10 ? 0 : 1
