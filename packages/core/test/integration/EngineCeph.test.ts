/**
 * The engine against the real S3 server (Ceph RGW): a multipart upload driven by captured UploadId
 * and ETags, and retries recorded + flaky detected through a loopback proxy that answers 503 once.
 *
 * The server comes from the environment (S3_ENDPOINT...); with CI=true a missing S3_ENDPOINT fails
 * the tests (never a skip); otherwise the project's start script is run (idempotent).
 */
import { DeleteBucketCommand, HeadBucketCommand } from "@aws-sdk/client-s3"
import * as NodeServices from "@effect/platform-node/NodeServices"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import * as Engine from "../../src/Engine.ts"
import * as Loader from "../../src/Loader.ts"
import { isSuccess } from "../../src/RunResult.ts"
import type { StepResult } from "../../src/RunResult.ts"
import { S3Clients } from "../../src/S3Clients.ts"
import { Target } from "../../src/Target.ts"
import type { RunEvent } from "../../src/RunEvent.ts"
import { PubSub } from "effect"
import { hang, internalError, matching, once, reset, slowDown, startFaultProxy, truncate } from "../support/faultProxy.ts"
import type { Fault, Recorded, Rule } from "../support/faultProxy.ts"
import * as Preflight from "../../src/Preflight.ts"
import { adminClient, realS3 } from "./bodiesSupport.ts"
import { envConfig } from "../support/envConfig.ts"

/** A fault proxy in front of the real server for the test's scope. */
const faultProxy = (rule?: Rule) =>
  Effect.acquireRelease(
    Effect.promise(() => startFaultProxy(env["S3_ENDPOINT"]!, rule === undefined ? {} : { rule })),
    (proxy) => Effect.promise(() => proxy.close())
  )

const s3 = realS3()
const env: Record<string, string> = {
  S3_ENDPOINT: s3.endpoint,
  S3_REGION: s3.region,
  S3_ACCESS_KEY_ID: s3.accessKeyId,
  S3_SECRET_ACCESS_KEY: s3.secretAccessKey
}

const header = (endpoint: string) => envConfig({ endpoint, extra: ["  timeout: 20s"] })

/** The start of a suite's only group, up to its before_test's CreateBucket of `s3t-engine-<bucket>-<run id>`. */
const groupWithBucket = (name: string, bucket: string) => `test_cases:
  groups:
    - name: ${name}
      vars: { bucket: "s3t-engine-${bucket}-\${{ run.id }}" }
      before_test:
        - { operation: CreateBucket, parameters: { Bucket: "\${{ vars.bucket }}" } }
`

const runYaml = (yaml: string, endpoint: string, options: Engine.RunOptions = {}) =>
  Effect.gen(function*() {
    const loaded = yield* Loader.loadString(yaml, "engine-ceph.yaml", { env })
    const bus = yield* PubSub.unbounded<RunEvent>()
    const subscription = yield* PubSub.subscribe(bus)
    const summary = yield* Engine.run(loaded.suite, { ...options, events: bus, stepSource: loaded.stepSource }).pipe(
      Effect.provide(S3Clients.layer(loaded.suite.config).pipe(Layer.provideMerge(Target.fromEndpoint(endpoint))))
    )
    const events = yield* PubSub.takeAll(subscription)
    const steps = events.flatMap((e) => (e._tag === "StepFinished" ? [e.result] : []))
    return { summary, steps }
  }).pipe(Effect.scoped, Effect.provide(NodeServices.layer))

const bucketExists = async (bucket: string): Promise<boolean> => {
  const client = adminClient(s3)
  try {
    await client.send(new HeadBucketCommand({ Bucket: bucket }))
    return true
  } catch {
    return false
  } finally {
    client.destroy()
  }
}

const removeBucket = async (bucket: string): Promise<void> => {
  const client = adminClient(s3)
  await client.send(new DeleteBucketCommand({ Bucket: bucket })).catch(() => undefined)
  client.destroy()
}

const describeSteps = (steps: ReadonlyArray<StepResult>) =>
  steps.map((s) => `${s.phase}:${s.name}:${s.outcome}${s.message === undefined ? "" : ` (${s.message})`}`).join("\n")

describe("Engine against Ceph RGW", () => {
  it.live("a multipart upload driven by captured UploadId and ETags", () =>
    Effect.gen(function*() {
      const partSize = 5 * 1024 * 1024
      const yaml = header(env["S3_ENDPOINT"]!) + `vars:
  part1: "${"a".repeat(partSize)}"
test_cases:
  groups:
    - name: multipart
      vars: { bucket: "s3t-engine-mpu-\${{ run.id }}" }
      before_test:
        - { operation: CreateBucket, parameters: { Bucket: "\${{ vars.bucket }}" } }
      test:
        - id: mpu
          operation: CreateMultipartUpload
          parameters: { Bucket: "\${{ vars.bucket }}", Key: big.bin }
        - id: p1
          operation: UploadPart
          parameters: { Bucket: "\${{ vars.bucket }}", Key: big.bin, UploadId: "\${{ steps.mpu.UploadId }}", PartNumber: 1, Body: "\${{ vars.part1 }}" }
        - id: p2
          operation: UploadPart
          parameters: { Bucket: "\${{ vars.bucket }}", Key: big.bin, UploadId: "\${{ steps.mpu.UploadId }}", PartNumber: 2, Body: tail }
        - id: parts
          operation: ListParts
          parameters: { Bucket: "\${{ vars.bucket }}", Key: big.bin, UploadId: "\${{ steps.mpu.UploadId }}" }
          expected_result:
            response: { UploadId: "\${{ steps.mpu.UploadId }}", Parts: [{ PartNumber: 1, ETag: "\${{ steps.p1.ETag }}" }, { PartNumber: 2, ETag: "\${{ steps.p2.ETag }}", Size: 4 }] }
        - operation: CompleteMultipartUpload
          parameters:
            Bucket: "\${{ vars.bucket }}"
            Key: big.bin
            UploadId: "\${{ steps.mpu.UploadId }}"
            MultipartUpload:
              Parts:
                - { PartNumber: 1, ETag: "\${{ steps.p1.ETag }}" }
                - { PartNumber: 2, ETag: "\${{ steps.p2.ETag }}" }
        - operation: HeadObject
          parameters: { Bucket: "\${{ vars.bucket }}", Key: big.bin }
          expected_result: { response: { ContentLength: ${partSize + 4} } }
      after_test:
        - { operation: DeleteObject, parameters: { Bucket: "\${{ vars.bucket }}", Key: big.bin } }
        - { operation: DeleteBucket, parameters: { Bucket: "\${{ vars.bucket }}" } }
`
      const { summary, steps } = yield* runYaml(yaml, env["S3_ENDPOINT"]!)
      assert.strictEqual(summary.counts.passed, steps.length, describeSteps(steps))
      assert.strictEqual(steps.length, 9)
      const bucket = `s3t-engine-mpu-${summary.runId}`
      assert.isFalse(yield* Effect.promise(() => bucketExists(bucket)), "after_test deleted the bucket")
    }), 120_000)

  it.live("retries are recorded and a step that passed on a retry is flaky (a proxy answers 503 once)", () =>
    Effect.gen(function*() {
      const createBucket = (r: Recorded) => r.method === "PUT" && r.path.split("/").filter((part) => part !== "").length === 1
      const proxy = yield* faultProxy(
        once((r) => r.method === "PUT" && (r.url.includes("flaky-key") || r.url.includes("no-retry") || createBucket(r)), {
          kind: "status",
          status: 503,
          code: "ServiceUnavailable",
          message: "try again"
        })
      )
      const endpoint = proxy.endpoint
      const yaml = header(endpoint) + `test_cases:
  groups:
    - name: flaky
      vars: { bucket: "s3t-engine-flaky-\${{ run.id }}" }
      before_test:
        - { name: create, operation: CreateBucket, parameters: { Bucket: "\${{ vars.bucket }}" } }
      test:
        - { name: retried, operation: PutObject, retries: { attempts: 2, backoff: 50ms }, parameters: { Bucket: "\${{ vars.bucket }}", Key: flaky-key, Body: x } }
        - { name: not-retried, operation: PutObject, parameters: { Bucket: "\${{ vars.bucket }}", Key: no-retry, Body: x } }
      after_test:
        - { operation: DeleteObject, parameters: { Bucket: "\${{ vars.bucket }}", Key: flaky-key } }
        - { operation: DeleteBucket, parameters: { Bucket: "\${{ vars.bucket }}" } }
`
      const { summary, steps } = yield* runYaml(yaml, endpoint)

      const byName = (name: string) => steps.find((s) => s.name === name)!
      const refused = proxy.seen.filter((r) => r.fault !== undefined)
      assert.isTrue(refused.length >= 3, `the proxy refused: ${refused.map((r) => r.url).join(", ")}`)
      const create = byName("create")
      assert.strictEqual(create.outcome, "passed", describeSteps(steps))
      assert.strictEqual(create.attempts, 2)
      assert.isTrue(create.flaky)
      assert.deepStrictEqual(create.attemptLog?.map((a) => [a.outcome, a.httpStatus]), [["failed", 503], ["passed", 200]])
      const retried = byName("retried")
      assert.strictEqual(retried.outcome, "passed")
      assert.strictEqual(retried.attempts, 2)
      assert.isTrue(retried.flaky)
      assert.strictEqual(retried.attemptLog?.[0]?.errorCode, "ServiceUnavailable")
      const notRetried = byName("not-retried")
      assert.strictEqual(notRetried.outcome, "failed")
      assert.strictEqual(notRetried.attempts, 1)
      assert.strictEqual(summary.counts.flaky, 2)
      assert.isFalse(isSuccess(summary.counts, { failOnFlaky: true }))
      assert.isFalse(yield* Effect.promise(() => bucketExists(`s3t-engine-flaky-${summary.runId}`)))
    }).pipe(Effect.scoped), 120_000)
})

describe("Engine against Ceph RGW through a fault proxy", () => {
  it.live("reset, 503, 500 and truncated-body faults are retried: the steps pass on a retry (flaky), cleanup leaves nothing", () =>
    Effect.gen(function*() {
      const faults: ReadonlyArray<[string, Fault]> = [
        ["reset-key", reset],
        ["slow-key", slowDown],
        ["error-key", internalError],
        ["truncated-key", truncate]
      ]
      const deleteBucket = (r: Recorded) => r.method === "DELETE" && r.path.split("/").filter((part) => part !== "").length === 1
      const rules = [
        ...faults.map(([key, fault]) => once((r) => r.path.endsWith(`/${key}`) && (r.method === "GET" || key !== "truncated-key"), fault)),
        once(deleteBucket, reset)
      ]
      const proxy = yield* faultProxy((r) => rules.reduce<Fault | undefined>((found, rule) => found ?? rule(r), undefined))
      const put = (key: string) => `{ operation: PutObject, parameters: { Bucket: "\${{ vars.bucket }}", Key: ${key}, Body: some text } }`
      const yaml = header(proxy.endpoint) + groupWithBucket("faults", "faults") + `        - ${put("truncated-key")}
      test:
        - { name: reset, operation: PutObject, retries: 4, parameters: { Bucket: "\${{ vars.bucket }}", Key: reset-key, Body: x } }
        - { name: slow, operation: PutObject, retries: 4, parameters: { Bucket: "\${{ vars.bucket }}", Key: slow-key, Body: x } }
        - { name: error, operation: PutObject, retries: 4, parameters: { Bucket: "\${{ vars.bucket }}", Key: error-key, Body: x } }
        - name: truncated
          operation: GetObject
          retries: 4
          parameters: { Bucket: "\${{ vars.bucket }}", Key: truncated-key }
          expected_result: { body: { text: some text } }
      after_test:
        - { operation: DeleteObjects, parameters: { Bucket: "\${{ vars.bucket }}", Delete: { Objects: [{ Key: reset-key }, { Key: slow-key }, { Key: error-key }, { Key: truncated-key }] } } }
        - { name: delete-bucket, operation: DeleteBucket, parameters: { Bucket: "\${{ vars.bucket }}" } }
`
      const { summary, steps } = yield* runYaml(yaml, proxy.endpoint)
      const byName = (name: string) => steps.find((s) => s.name === name)!
      assert.strictEqual(proxy.seen.filter((r) => r.fault !== undefined).length, 5, describeSteps(steps))
      for (const [name, first] of [["reset", "errored"], ["slow", "failed"], ["error", "failed"], ["truncated", "errored"], ["delete-bucket", "errored"]]) {
        const step = byName(name!)
        assert.strictEqual(step.outcome, "passed", describeSteps(steps))
        assert.isTrue(step.flaky, name)
        assert.strictEqual(step.attempts, 2, name)
        assert.strictEqual(step.attemptLog?.[0]?.outcome, first, `${name}: ${JSON.stringify(step.attemptLog)}`)
      }
      assert.match(byName("reset").attemptLog![0]!.message!, /^network error: /)
      assert.notMatch(byName("reset").attemptLog![0]!.message!, /timeout/)
      assert.strictEqual(byName("slow").attemptLog![0]!.httpStatus, 503)
      assert.strictEqual(byName("error").attemptLog![0]!.httpStatus, 500)
      assert.strictEqual(summary.counts.flaky, 5)
      assert.isFalse(yield* Effect.promise(() => bucketExists(`s3t-engine-faults-${summary.runId}`)), "after_test deleted the bucket")
    }).pipe(Effect.scoped), 120_000)

  it.live("a hang past the step's timeout is errored (timeout) and not retried", () =>
    Effect.gen(function*() {
      const proxy = yield* faultProxy(matching((r) => r.path.endsWith("/hang-key"), hang))
      const yaml = header(proxy.endpoint) + groupWithBucket("hang", "hang") + `      test:
        - { name: hung, operation: GetObject, timeout: 700ms, retries: 4, parameters: { Bucket: "\${{ vars.bucket }}", Key: hang-key } }
      after_test:
        - { operation: DeleteBucket, parameters: { Bucket: "\${{ vars.bucket }}" } }
`
      const { summary, steps } = yield* runYaml(yaml, proxy.endpoint)
      const hung = steps.find((s) => s.name === "hung")!
      assert.strictEqual(hung.outcome, "errored", describeSteps(steps))
      assert.strictEqual(hung.attempts, 1)
      assert.match(hung.message!, /^timeout: no answer within 700ms/)
      assert.strictEqual(proxy.seen.filter((r) => r.path.endsWith("/hang-key")).length, 1)
      assert.isFalse(yield* Effect.promise(() => bucketExists(`s3t-engine-hang-${summary.runId}`)))
    }).pipe(Effect.scoped), 120_000)

  it.live("the cleanup timeout bounds a cleanup request that hangs (no waiting for it to settle)", () =>
    Effect.gen(function*() {
      const proxy = yield* faultProxy(matching((r) => r.method === "DELETE", hang))
      const yaml = header(proxy.endpoint) + groupWithBucket("hung-cleanup", "hungclean") + `      test: []
      after_test:
        - { name: delete, operation: DeleteBucket, timeout: 20s, parameters: { Bucket: "\${{ vars.bucket }}" } }
`
      const { summary, steps } = yield* runYaml(yaml, proxy.endpoint, { cleanupTimeoutMs: 1_000 })
      yield* Effect.promise(() => removeBucket(`s3t-engine-hungclean-${summary.runId}`))
      const deleted = steps.find((s) => s.name === "delete")!
      assert.strictEqual(deleted.outcome, "errored", describeSteps(steps))
      assert.include(deleted.message!, "cleanup abandoned: after_test did not finish within 1000ms")
      assert.isBelow(summary.durationMs, 6_000)
    }).pipe(Effect.scoped), 60_000)

  it.live("the preflight check retries a reset as the engine does", () =>
    Effect.gen(function*() {
      const proxy = yield* faultProxy(once((r) => r.method === "HEAD", reset, () => "first"))
      yield* Preflight.checkReachable(proxy.endpoint, 2_000)
      assert.deepStrictEqual(proxy.seen.map((r) => r.fault ?? "forwarded"), ["reset", "forwarded"])
    }).pipe(Effect.scoped), 30_000)

  it.live("an error answer with an empty <Message> says what it had: status and code", () =>
    Effect.gen(function*() {
      const yaml = header(env["S3_ENDPOINT"]!) + groupWithBucket("empty-messages", "msg") + `        - { operation: PutObject, parameters: { Bucket: "\${{ vars.bucket }}", Key: k, Body: x } }
      test:
        - { name: invalid-name, operation: CreateBucket, parameters: { Bucket: "Not_A_Valid_Name" } }
        - { name: no-such-key, operation: GetObject, parameters: { Bucket: "\${{ vars.bucket }}", Key: missing } }
        - { name: not-empty, operation: DeleteBucket, parameters: { Bucket: "\${{ vars.bucket }}" } }
      after_test:
        - { operation: DeleteObject, parameters: { Bucket: "\${{ vars.bucket }}", Key: k } }
        - { operation: DeleteBucket, parameters: { Bucket: "\${{ vars.bucket }}" } }
`
      const { steps } = yield* runYaml(yaml, env["S3_ENDPOINT"]!)
      const expected: ReadonlyArray<[string, string]> = [
        ["invalid-name", "HTTP 400 Bad Request: InvalidBucketName (the error body's Message is empty)"],
        ["no-such-key", "HTTP 404 Not Found: NoSuchKey (the error body's Message is empty)"],
        ["not-empty", "HTTP 409 Conflict: BucketNotEmpty (the error body's Message is empty)"]
      ]
      for (const [name, message] of expected) {
        const step = steps.find((s) => s.name === name)!
        assert.strictEqual(step.outcome, "failed", describeSteps(steps))
        assert.strictEqual(step.actual?.errorMessage, message)
        assert.notInclude(step.message!, "without an error body")
      }
    }), 120_000)
})
