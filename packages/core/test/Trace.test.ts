/**
 * Traces: what they show of headers, queries, bodies, parameters and responses (never a secret),
 * and which steps carry one under each mode (the engine with scripted answers).
 */
import { assert, describe, it } from "@effect/vitest"
import { createHash } from "node:crypto"
import { Readable } from "node:stream"
import { Effect, Layer, PubSub, Schema } from "effect"
import * as Engine from "../src/Engine.ts"
import { attemptOf, summarizeParameters, summarizeValue } from "../src/internal/engine/engineTrace.ts"
import { CallAbort } from "../src/internal/s3/s3Abort.ts"
import { drain } from "../src/internal/s3/s3Body.ts"
import { Recorder } from "../src/internal/s3/s3Trace.ts"
import { summarizeBytes } from "../src/internal/s3/traceBody.ts"
import * as Redaction from "../src/Redaction.ts"
import type { RunEvent } from "../src/RunEvent.ts"
import type { StepResult } from "../src/RunResult.ts"
import { CallError, S3Clients } from "../src/S3Clients.ts"
import type { CallResponse } from "../src/S3Clients.ts"
import * as Suite from "../src/Suite.ts"
import { Target } from "../src/Target.ts"
import type * as Trace from "../src/Trace.ts"

const secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
const redact = Redaction.make([secret])
const sha256 = (text: string) => createHash("sha256").update(text).digest("hex")

describe("trace redaction", () => {
  it("masks secret headers whatever their case, and secrets in any other header", () => {
    const headers = Redaction.redactHeaders({
      Authorization: "AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/s3/aws4_request, Signature=abc",
      "X-Amz-Security-Token": "FwoGZXIvYXdzEtoken",
      "x-amz-server-side-encryption-customer-key": "a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5",
      "x-amz-server-side-encryption-customer-key-MD5": "bWQ1bWQ1bWQ1bWQ1",
      "x-amz-copy-source-server-side-encryption-customer-key": "Y29weWtleQ==",
      "x-custom": `echo ${secret}`,
      "Content-Type": "text/plain"
    }, redact)
    assert.deepStrictEqual(headers, {
      authorization: "***",
      "x-amz-security-token": "***",
      "x-amz-server-side-encryption-customer-key": "***",
      "x-amz-server-side-encryption-customer-key-md5": "***",
      "x-amz-copy-source-server-side-encryption-customer-key": "***",
      "x-custom": "echo ***",
      "content-type": "text/plain"
    })
  })

  it("masks presigned signatures, credentials and tokens in a query, the rest byte for byte", () => {
    const query = "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKID%2F20260101%2Fus-east-1%2Fs3%2Faws4_request" +
      "&X-Amz-Date=20260101T000000Z&X-Amz-Expires=900&X-Amz-Security-Token=IQoJb3JpZ2luX2Vj%2Bsecret" +
      "&X-Amz-Signature=0123456789abcdef&x-id=GetObject&prefix=a%20b&acl"
    assert.strictEqual(
      Redaction.redactQuery(query, redact),
      "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=***&X-Amz-Date=20260101T000000Z&X-Amz-Expires=900" +
        "&X-Amz-Security-Token=***&X-Amz-Signature=***&x-id=GetObject&prefix=a%20b&acl"
    )
    assert.strictEqual(Redaction.redactQuery("AWSAccessKeyId=AKID&Signature=c2ln&Expires=1", redact), "AWSAccessKeyId=***&Signature=***&Expires=1")
    assert.strictEqual(Redaction.redactQuery(`marker=${encodeURIComponent(secret)}`, redact), "marker=***")
  })
})

describe("trace bodies", () => {
  it("summarises a body as size, sha256 and its first KiB, a secret in it masked", () => {
    const text = `key=${secret}\n${"x".repeat(3000)}`
    const summary = summarizeBytes(text, redact)
    assert.strictEqual(summary.size, Buffer.byteLength(text))
    assert.strictEqual(summary.sha256, sha256(text))
    assert.strictEqual(summary.headEncoding, "utf8")
    assert.strictEqual(summary.truncated, true)
    assert.strictEqual(summary.head?.length, 1024)
    assert.isTrue(summary.head?.startsWith("key=***\n"))
    assert.deepStrictEqual(summarizeBytes("small", redact), {
      size: 5,
      sha256: sha256("small"),
      head: "small",
      headEncoding: "utf8",
      truncated: false
    })
  })

  it("masks a secret that straddles the first KiB, and shows binary bodies as base64", () => {
    const text = `${"y".repeat(1010)}${secret}${"z".repeat(100)}`
    const summary = summarizeBytes(text, redact)
    assert.strictEqual(summary.head, `${"y".repeat(1010)}***${"z".repeat(11)}`)
    const binary = summarizeBytes(new Uint8Array([0xff, 0xfe, 0x00, 0x01]), redact)
    assert.strictEqual(binary.headEncoding, "base64")
    assert.strictEqual(binary.head, Buffer.from([0xff, 0xfe, 0x00, 0x01]).toString("base64"))
  })
})

describe("trace values", () => {
  it("masks secret names and secret values, summarises bodies, cuts long lists with a count", () => {
    const parameters = summarizeParameters(
      {
        Bucket: "b",
        SSECustomerKey: "a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5",
        Metadata: { note: `the secret is ${secret}` },
        Body: `body with ${secret}`,
        Delete: { Objects: Array.from({ length: 1_234 + 50 }, (_, i) => ({ Key: `k${i}` })) }
      },
      ["Body"],
      redact
    )
    const text = JSON.stringify(parameters)
    assert.notInclude(text, secret)
    assert.notInclude(text, "a2V5a2V5")
    assert.strictEqual(parameters["SSECustomerKey"], "***")
    assert.deepStrictEqual(parameters["Metadata"], { note: "the secret is ***" })
    const body = parameters["Body"] as Trace.BodySummary
    assert.strictEqual(body.size, `body with ${secret}`.length)
    assert.strictEqual(body.head, "body with ***")
    const objects = (parameters["Delete"] as { Objects: Array<unknown> }).Objects
    assert.strictEqual(objects.length, 51)
    assert.deepStrictEqual(objects[50], { "…": "1,234 more" })
    assert.deepStrictEqual(summarizeValue({ At: new Date(0), Raw: new Uint8Array(3) }, redact), {
      At: "1970-01-01T00:00:00.000Z",
      Raw: { size: 3, sha256: createHash("sha256").update(new Uint8Array(3)).digest("hex"), head: "\u0000\u0000\u0000", headEncoding: "utf8", truncated: false }
    })
  })

  it("records an exchange: request line redacted, response body watched as it is read", async () => {
    const recorder = new Recorder(redact)
    const exchange = recorder.begin({
      method: "get",
      url: `http://127.0.0.1:7480/b/k?X-Amz-Signature=abcdef&X-Amz-Credential=AKID%2Fx&versionId=v1`,
      headers: { Authorization: "AWS4-HMAC-SHA256 Signature=abcdef", "x-note": secret }
    })
    const body = exchange.respond(200, { "content-type": "text/plain", "x-echo": secret }, Readable.from([Buffer.from("hello "), Buffer.from("world")]))
    let read = ""
    for await (const chunk of body as Readable) read += String(chunk)
    assert.strictEqual(read, "hello world")
    const [recorded] = recorder.exchanges()
    assert.deepStrictEqual(recorded?.request, {
      method: "GET",
      origin: "http://127.0.0.1:7480",
      path: "/b/k",
      query: "X-Amz-Signature=***&X-Amz-Credential=***&versionId=v1",
      headers: { authorization: "***", "x-note": "***" }
    })
    assert.deepStrictEqual(recorded?.response, {
      status: 200,
      headers: { "content-type": "text/plain", "x-echo": "***" },
      body: { size: 11, sha256: sha256("hello world"), head: "hello world", headEncoding: "utf8", truncated: false }
    })
  })
})

describe("trace exchanges", () => {
  it("an attempt keeps its first 100 exchanges and counts the ones it left out", () => {
    const recorder = new Recorder(redact)
    for (let i = 0; i < 103; i++) {
      recorder.begin({ method: "PUT", url: `http://127.0.0.1:7480/b/part-${i}`, headers: {} }).respond(200, {}, undefined)
    }
    const attempt = attemptOf(recorder, 1, "2026-01-01T00:00:00.000Z", 5)
    assert.strictEqual(attempt.exchanges.length, 100)
    assert.strictEqual(attempt.exchanges[99]?.request.path, "/b/part-99")
    assert.strictEqual(attempt.exchangesOmitted, 3)
    const few = new Recorder(redact)
    few.begin({ method: "GET", url: "http://127.0.0.1:7480/b", headers: {} }).respond(200, {}, undefined)
    assert.isFalse("exchangesOmitted" in attemptOf(few, 1, "2026-01-01T00:00:00.000Z", 5))
  })
})

describe("trace bodies the engine reads", () => {
  /** An exchange whose 200 answer's body the engine reads itself (GetObject's), through its feed. */
  const readByEngine = (body: Readable) => {
    const recorder = new Recorder(redact)
    recorder.readsBody = true
    const exchange = recorder.begin({ method: "GET", url: "http://127.0.0.1:7480/b/k", headers: {} })
    const passed = exchange.respond(200, { "content-type": "text/plain" }, body)
    return { recorder, passed, feed: recorder.takeBodyFeed() }
  }

  it.effect("the trace shows what the engine's reader saw: size, hash and first KiB of a whole body", () =>
    Effect.promise(async () => {
      const text = `${secret} ${"y".repeat(5000)}`
      const { feed, passed, recorder } = readByEngine(Readable.from([Buffer.from(text.slice(0, 100)), Buffer.from(text.slice(100))]))
      const observed = await drain(passed, new CallAbort(), false, feed)
      assert.strictEqual(observed.sha256, sha256(text))
      const body = recorder.exchanges()[0]?.response?.body
      assert.deepStrictEqual([body?.size, body?.sha256, body?.truncated], [text.length, sha256(text), true])
      assert.isTrue(body?.head?.startsWith("*** yyy"))
      assert.strictEqual(body?.head?.length, 1024)
    }))

  it.effect("a body that fails midway: the trace shows the bytes read, no hash, truncated", () =>
    Effect.promise(async () => {
      const broken = new Readable({ read() {} })
      const { feed, passed, recorder } = readByEngine(broken)
      const reading = drain(passed, new CallAbort(), false, feed)
      broken.push(Buffer.from("partial"))
      setImmediate(() => broken.destroy(new Error("socket hang up")))
      const failure = await reading.then(() => undefined, (error: unknown) => error)
      assert.instanceOf(failure, Error)
      const body = recorder.exchanges()[0]?.response?.body
      assert.deepStrictEqual(body, { size: 7, head: "partial", headEncoding: "utf8", truncated: true })
    }))
})

// ---------------------------------------------------------------------------------------------
// the engine: which steps carry a trace

const targetLayer = Layer.succeed(Target, Target.of({ endpoint: "http://fake", description: "fake target", embedded: false }))

const suite = Schema.decodeUnknownSync(Suite.Suite)({
  config: { endpoint_url: "http://fake", credentials: [{ name: "main", access_key: "AKMAIN", secret_key: secret }] },
  test_cases: {
    groups: [{
      name: "g",
      test: [
        { name: "passes", operation: "ListObjectsV2", parameters: { Bucket: "b", Prefix: secret } },
        { name: "fails", operation: "HeadObject", parameters: { Bucket: "b", Key: "missing" } },
        {
          name: "retried",
          operation: "GetObject",
          parameters: { Bucket: "b", Key: "flaky" },
          retries: { attempts: 2, backoff: "1ms" },
          expected_result: { success: false, error_code: "NoSuchKey" }
        }
      ]
    }]
  }
})

const answer = (calls: Map<string, number>) => (key: string): Effect.Effect<CallResponse, CallError> => {
  const n = (calls.get(key) ?? 0) + 1
  calls.set(key, n)
  if (key === "missing") return Effect.fail(new CallError({ kind: "service", httpStatus: 404, errorCode: "NotFound", message: "HTTP 404", bodyless: true }))
  if (key === "flaky" && n === 1) return Effect.fail(new CallError({ kind: "service", httpStatus: 503, errorCode: "SlowDown", message: "slow down" }))
  return Effect.succeed({ output: { Contents: [{ Key: "a" }], Note: `echo ${secret}` }, httpStatus: 200, requestId: "rid" })
}

const runWith = (trace: Trace.Mode | undefined) =>
  Effect.gen(function*() {
    const calls = new Map<string, number>()
    const bus = yield* PubSub.unbounded<RunEvent>()
    const subscription = yield* PubSub.subscribe(bus)
    const summary = yield* Engine.run(suite, { events: bus, ...(trace === undefined ? {} : { trace }) }).pipe(
      Effect.provide(Layer.mergeAll(S3Clients.layerTest((r) => answer(calls)(String(r.input["Key"] ?? ""))), targetLayer))
    )
    const events = yield* PubSub.takeAll(subscription)
    const steps = new Map(events.flatMap((e): Array<[string, StepResult]> => (e._tag === "StepFinished" ? [[e.result.name, e.result]] : [])))
    return { summary, steps }
  }).pipe(Effect.scoped)

describe("Engine traces", () => {
  it.live("retain-on-failure (the default) gives traces to steps that did not pass only", () =>
    Effect.gen(function*() {
      const { steps, summary } = yield* runWith(undefined)
      assert.isUndefined(steps.get("passes")?.trace)
      assert.isString(steps.get("passes")?.startedAt)
      const failed = steps.get("fails")!
      assert.strictEqual(failed.outcome, "failed")
      assert.deepStrictEqual(failed.trace?.parameters, { Bucket: "b", Key: "missing" })
      assert.deepStrictEqual(failed.trace?.attempts[0]?.response, {
        error: { kind: "service", httpStatus: 404, errorCode: "NotFound", message: "HTTP 404" }
      })
      assert.notInclude(JSON.stringify(summary), "\"trace\"")
    }))

  it.live("on: every step has its trace, every attempt of a retried one; no secret in any", () =>
    Effect.gen(function*() {
      const { steps } = yield* runWith("on")
      const passes = steps.get("passes")!
      assert.deepStrictEqual(passes.trace?.parameters, { Bucket: "b", Prefix: "***" })
      assert.deepStrictEqual(passes.trace?.attempts[0]?.response, {
        httpStatus: 200,
        requestId: "rid",
        output: { Contents: [{ Key: "a" }], Note: "echo ***" }
      })
      const retried = steps.get("retried")!
      assert.strictEqual(retried.attempts, 2)
      assert.deepStrictEqual(retried.trace?.attempts.map((a) => a.attempt), [1, 2])
      assert.strictEqual((retried.trace?.attempts[0]?.response as { error: { errorCode: string } }).error.errorCode, "SlowDown")
      assert.strictEqual((retried.trace?.attempts[1]?.response as { httpStatus: number }).httpStatus, 200)
      assert.notInclude(JSON.stringify([...steps.values()]), secret)
    }))

  it.live("off: no step has a trace", () =>
    Effect.gen(function*() {
      const { steps } = yield* runWith("off")
      assert.isTrue([...steps.values()].every((s) => s.trace === undefined && s.startedAt !== undefined))
    }))
})

describe("Engine traces and deviations", () => {
  it.live("retain-on-failure keeps the trace of a check that passes against a declared deviation (fixed)", () =>
    Effect.gen(function*() {
      const check = Schema.decodeUnknownSync(Suite.Suite)({
        config: { endpoint_url: "http://fake", credentials: [{ name: "main", access_key: "AKMAIN", secret_key: secret }] },
        test_cases: { groups: [{ id: "objects/put", name: "put", test: [{ name: "put", operation: "PutObject", parameters: { Bucket: "b", Key: "k", Body: "x" } }] }] }
      })
      const bus = yield* PubSub.unbounded<RunEvent>()
      const subscription = yield* PubSub.subscribe(bus)
      yield* Engine.run(check, {
        events: bus,
        deviations: ({ id }) => (id === "objects/put" ? { observed: { success: false, error_code: "NotImplemented" }, reason: "not there", profile: "p" } : undefined)
      }).pipe(Effect.provide(Layer.mergeAll(S3Clients.layerTest(() => Effect.succeed({ output: {}, httpStatus: 200 })), targetLayer)))
      const [put] = (yield* PubSub.takeAll(subscription)).flatMap((e) => (e._tag === "StepFinished" ? [e.result] : []))
      assert.strictEqual(put?.outcome, "fixed")
      assert.strictEqual(put?.trace?.operation, "PutObject")
      assert.deepStrictEqual((put?.trace?.parameters["Body"] as Trace.BodySummary).head, "x")
      // the passing answer is described too: its trace is kept
      assert.deepStrictEqual(put?.trace?.attempts[0]?.response, { httpStatus: 200, output: {} })
    }).pipe(Effect.scoped))
})
