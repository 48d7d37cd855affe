/**
 * Traces against the real S3 server (Ceph RGW), through a loopback fault proxy that answers 503 to
 * chosen requests: a wrong expectation, a 403 from a credential with a wrong secret and a response
 * mismatch each carry a trace with the request line, the status, the response headers and the body
 * summary; a retried step has every attempt; a reset connection shows the request and the error;
 * no secret appears anywhere in the serialized results.
 * Under the default mode (retain-on-failure) the steps that passed carry none.
 */
import * as NodeServices from "@effect/platform-node/NodeServices"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, PubSub } from "effect"
import * as Engine from "../../src/Engine.ts"
import * as Loader from "../../src/Loader.ts"
import type { RunEvent } from "../../src/RunEvent.ts"
import type { StepResult } from "../../src/RunResult.ts"
import { S3Clients } from "../../src/S3Clients.ts"
import { Target } from "../../src/Target.ts"
import type * as Trace from "../../src/Trace.ts"
import { matching, once, reset, slowDown, startFaultProxy } from "../support/faultProxy.ts"
import type { Rule } from "../support/faultProxy.ts"
import { realS3 } from "./bodiesSupport.ts"

const s3 = realS3()
const wrongSecret = "trace-test-wrong-secret-9c2e41"
const env = { S3_ACCESS_KEY_ID: s3.accessKeyId, S3_SECRET_ACCESS_KEY: s3.secretAccessKey, WRONG_SECRET: wrongSecret }

const suite = (endpoint: string) => `config:
  endpoint_url: ${endpoint}
  region: ${s3.region}
  timeout: 20s
  credentials:
    - { name: main, access_key: "\${{ env.S3_ACCESS_KEY_ID }}", secret_key: "\${{ env.S3_SECRET_ACCESS_KEY }}" }
    - { name: wrong, access_key: "\${{ env.S3_ACCESS_KEY_ID }}", secret_key: "\${{ env.WRONG_SECRET }}" }
test_cases:
  groups:
    - name: traces
      vars: { bucket: "s3t-trace-\${{ run.id }}" }
      before_test:
        - { operation: CreateBucket, parameters: { Bucket: "\${{ vars.bucket }}" } }
        - { operation: PutObject, parameters: { Bucket: "\${{ vars.bucket }}", Key: flaky.txt, Body: flaky } }
      test:
        - name: passes
          operation: PutObject
          parameters: { Bucket: "\${{ vars.bucket }}", Key: plain.txt, Body: plain }
        - name: wrong expectation
          operation: PutObject
          parameters: { Bucket: "\${{ vars.bucket }}", Key: secret.txt, Body: "the key is \${{ env.S3_SECRET_ACCESS_KEY }}" }
          expected_result: { success: false, error_code: AccessDenied }
        - name: wrong secret
          operation: GetObject
          credential: wrong
          parameters: { Bucket: "\${{ vars.bucket }}", Key: plain.txt }
        - name: response mismatch
          operation: ListObjectsV2
          parameters: { Bucket: "\${{ vars.bucket }}" }
          expected_result: { response: { KeyCount: 7 } }
        - name: flaky
          operation: GetObject
          retries: { attempts: 2, backoff: 20ms }
          parameters: { Bucket: "\${{ vars.bucket }}", Key: flaky.txt }
          expected_result: { body: { text: flaky } }
        - name: always throttled
          operation: HeadObject
          retries: { attempts: 2, backoff: 20ms }
          parameters: { Bucket: "\${{ vars.bucket }}", Key: throttled.txt }
        - name: connection reset
          operation: HeadObject
          parameters: { Bucket: "\${{ vars.bucket }}", Key: reset.txt }
      after_test:
        - { operation: DeleteObject, parameters: { Bucket: "\${{ vars.bucket }}", Key: plain.txt } }
        - { operation: DeleteObject, parameters: { Bucket: "\${{ vars.bucket }}", Key: secret.txt } }
        - { operation: DeleteObject, parameters: { Bucket: "\${{ vars.bucket }}", Key: flaky.txt } }
        - { operation: DeleteBucket, parameters: { Bucket: "\${{ vars.bucket }}" } }
`

/** The first GET of flaky.txt, and every request for throttled.txt, are answered 503 SlowDown; reset.txt's connection is reset. */
const firstFlaky = once((r) => r.method === "GET" && r.path.endsWith("/flaky.txt"), slowDown)
const throttled = matching((r) => r.path.endsWith("/throttled.txt"), slowDown)
const dropped = matching((r) => r.path.endsWith("/reset.txt"), reset)
const rule: Rule = (request) => firstFlaky(request) ?? throttled(request) ?? dropped(request)

const run = Effect.gen(function*() {
  const proxy = yield* Effect.acquireRelease(
    Effect.promise(() => startFaultProxy(s3.endpoint, { rule })),
    (p) => Effect.promise(() => p.close())
  )
  const loaded = yield* Loader.loadString(suite(proxy.endpoint), "trace-ceph.yaml", { env })
  const bus = yield* PubSub.unbounded<RunEvent>()
  const subscription = yield* PubSub.subscribe(bus)
  const summary = yield* Engine.run(loaded.suite, { events: bus, stepSource: loaded.stepSource }).pipe(
    Effect.provide(S3Clients.layer(loaded.suite.config).pipe(Layer.provideMerge(Target.fromEndpoint(proxy.endpoint))))
  )
  const steps = (yield* PubSub.takeAll(subscription)).flatMap((e) => (e._tag === "StepFinished" ? [e.result] : []))
  return { summary, steps }
}).pipe(Effect.scoped, Effect.provide(NodeServices.layer))

const describeSteps = (steps: ReadonlyArray<StepResult>) =>
  steps.map((s) => `${s.phase}:${s.name}:${s.outcome}${s.message === undefined ? "" : ` (${s.message})`}`).join("\n")

/** The one exchange of the trace's only attempt. */
const onlyExchange = (trace: Trace.Trace | undefined): Trace.Exchange => {
  assert.strictEqual(trace?.attempts.length, 1)
  assert.strictEqual(trace?.attempts[0]?.exchanges.length, 1)
  return trace!.attempts[0]!.exchanges[0]!
}

describe("traces against Ceph RGW", () => {
  it.live("failing steps carry the request, status, headers and body; no secret anywhere", () =>
    Effect.gen(function*() {
      const { steps, summary } = yield* run
      const report = describeSteps(steps)
      const byName = new Map(steps.map((s) => [s.name, s]))
      const serialized = JSON.stringify(steps)
      assert.notInclude(serialized, s3.secretAccessKey, report)
      assert.notInclude(serialized, wrongSecret, report)
      assert.notInclude(JSON.stringify(summary), "\"trace\"")
      assert.isTrue(steps.every((s) => s.startedAt !== undefined), report)

      const passed = byName.get("passes")!
      assert.strictEqual(passed.outcome, "passed", report)
      assert.isUndefined(passed.trace, "retain-on-failure drops the traces of steps that passed")

      const wrongExpectation = byName.get("wrong expectation")!
      assert.strictEqual(wrongExpectation.outcome, "failed", report)
      const put = onlyExchange(wrongExpectation.trace)
      assert.strictEqual(put.request.method, "PUT")
      assert.match(put.request.path, /^\/s3t-trace-[0-9a-f]+\/secret\.txt$/)
      assert.strictEqual(put.request.headers["authorization"], "***")
      assert.strictEqual(put.request.body?.head, "the key is ***")
      assert.strictEqual(put.response?.status, 200)
      assert.isString(put.response?.headers["etag"])
      assert.deepStrictEqual(put.response?.body, { size: 0 })
      assert.deepStrictEqual((wrongExpectation.trace?.parameters["Body"] as Trace.BodySummary).head, "the key is ***")

      const forbidden = byName.get("wrong secret")!
      assert.strictEqual(forbidden.outcome, "failed", report)
      const get = onlyExchange(forbidden.trace)
      assert.strictEqual(get.request.method, "GET")
      assert.strictEqual(get.response?.status, 403)
      assert.strictEqual(get.response?.headers["content-type"], "application/xml")
      assert.include(get.response?.body?.head ?? "", "<Code>SignatureDoesNotMatch</Code>")
      assert.strictEqual(get.response?.body?.size, Number(get.response?.headers["content-length"]))
      assert.match(get.response?.body?.sha256 ?? "", /^[0-9a-f]{64}$/)

      const mismatch = byName.get("response mismatch")!
      assert.strictEqual(mismatch.outcome, "failed", report)
      const list = onlyExchange(mismatch.trace)
      assert.strictEqual(list.request.query, "list-type=2")
      assert.strictEqual(list.response?.status, 200)
      assert.include(list.response?.body?.head ?? "", "<ListBucketResult")
      const parsed = mismatch.trace?.attempts[0]?.response as { output: { KeyCount: number; Contents: Array<{ Key: string }> } }
      assert.strictEqual(parsed.output.KeyCount, 3)
      assert.deepStrictEqual(parsed.output.Contents.map((c) => c.Key), ["flaky.txt", "plain.txt", "secret.txt"])

      const flaky = byName.get("flaky")!
      assert.strictEqual(flaky.outcome, "passed", report)
      assert.isTrue(flaky.flaky, report)
      const [first, second] = flaky.trace?.attempts ?? []
      assert.strictEqual(first?.exchanges[0]?.response?.status, 503)
      assert.include(first?.exchanges[0]?.response?.body?.head ?? "", "SlowDown")
      assert.strictEqual(second?.exchanges[0]?.response?.status, 200)
      assert.deepStrictEqual(second?.exchanges[0]?.response?.body?.head, "flaky")
      assert.strictEqual((second?.response as { body: Trace.BodySummary }).body.size, 5)
      // the body the engine read is the exchange's body, watched as it was read: the same bytes, to the end
      assert.deepStrictEqual(second?.exchanges[0]?.response?.body, (second?.response as { body: Trace.BodySummary }).body)

      const throttled = byName.get("always throttled")!
      assert.strictEqual(throttled.outcome, "failed", report)
      assert.deepStrictEqual(throttled.trace?.attempts.map((a) => a.exchanges[0]?.response?.status), [503, 503, 503])
      assert.deepStrictEqual(throttled.trace?.attempts.map((a) => a.attempt), [1, 2, 3])

      const dropped = byName.get("connection reset")!
      assert.strictEqual(dropped.outcome, "errored", report)
      const lost = onlyExchange(dropped.trace)
      assert.strictEqual(lost.request.method, "HEAD")
      assert.isUndefined(lost.response)
      assert.isString(lost.error)
      assert.match(dropped.trace?.attempts[0]?.error ?? "", /^network/)
    }), 120_000)
})
