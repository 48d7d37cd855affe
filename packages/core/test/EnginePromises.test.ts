import { assert, describe, it } from "@effect/vitest"
import { Clock, Deferred, Effect, Fiber, Layer, PubSub, Schema } from "effect"
import { TestClock } from "effect/testing"
import * as Engine from "../src/Engine.ts"
import * as Loader from "../src/Loader.ts"
import type { RunEvent } from "../src/RunEvent.ts"
import { isSuccess } from "../src/RunResult.ts"
import type { StepResult, Summary } from "../src/RunResult.ts"
import { CallError, S3Clients } from "../src/S3Clients.ts"
import type { CallResponse, TestRequest } from "../src/S3Clients.ts"
import * as Suite from "../src/Suite.ts"
import { Target } from "../src/Target.ts"
import * as NodeServices from "@effect/platform-node/NodeServices"

type Answer = Effect.Effect<CallResponse, CallError>

const okWith = (output: Record<string, unknown>): Answer => Effect.succeed({ output, httpStatus: 200 })
const serviceError = (errorCode: string, httpStatus: number): CallError =>
  new CallError({ kind: "service", errorCode, httpStatus, message: errorCode })

const targetLayer = Layer.succeed(Target, Target.of({ endpoint: "http://fake", description: "fake", embedded: false }))

const makeSuite = (
  groups: ReadonlyArray<Record<string, unknown>>,
  extra: { readonly config?: Record<string, unknown>; readonly vars?: Record<string, unknown>; readonly parallel?: boolean } = {}
): Suite.Suite =>
  Schema.decodeUnknownSync(Suite.Suite)({
    ...(extra.vars === undefined ? {} : { vars: extra.vars }),
    config: { endpoint_url: "http://fake", credentials: [{ name: "main", access_key: "AK", secret_key: "SK" }], ...extra.config },
    test_cases: { parallel: extra.parallel ?? false, groups }
  })

const runSuite = (
  suite: Suite.Suite,
  handler: (request: TestRequest) => Answer,
  options: Omit<Engine.RunOptions, "events"> = {}
) =>
  Effect.gen(function*() {
    const bus = yield* PubSub.unbounded<RunEvent>()
    const subscription = yield* PubSub.subscribe(bus)
    const summary: Summary = yield* Engine.run(suite, { runId: "run1", ...options, events: bus }).pipe(
      Effect.provide([S3Clients.layerTest(handler), targetLayer])
    )
    const events = yield* PubSub.takeAll(subscription)
    const steps = events.flatMap((e) => (e._tag === "StepFinished" ? [e.result] : []))
    return { summary, events, steps }
  })

const byName = (steps: ReadonlyArray<StepResult>, name: string): StepResult => {
  const found = steps.find((s) => s.name === name)
  assert.isDefined(found, `no step ${name}`)
  return found!
}

describe("Engine: templating", () => {
  it.effect("resolves vars, run, group and captured step outputs; keeps whole-value types", () =>
    Effect.gen(function*() {
      const inputs: Array<Record<string, unknown>> = []
      const suite = makeSuite([{
        name: "g1",
        vars: { bucket: "s3t-${{ run.id }}-${{ vars.prefix }}", n: 7 },
        test: [
          { id: "mpu", name: "create", operation: "CreateMultipartUpload", parameters: { Bucket: "${{ vars.bucket }}", Key: "k" } },
          { id: "list", name: "list", operation: "ListObjectsV2", parameters: { Bucket: "${{ vars.bucket }}", MaxKeys: "${{ vars.n }}" } },
          {
            name: "use",
            operation: "PutObject",
            parameters: {
              Bucket: "${{ group.name }}",
              Key: "${{ steps.list.Contents[1].Key }}/${{ steps.mpu.UploadId }}",
              Body: "x${{ steps.list.Contents }}"
            },
            expected_result: { response: { ETag: "${{ steps.mpu.UploadId }}" } }
          },
          { name: "missing", operation: "PutObject", parameters: { Bucket: "b", Key: "${{ steps.list.Contents[5].Key }}" } }
        ]
      }], { vars: { prefix: "p" } })
      const { steps } = yield* runSuite(suite, (request) => {
        inputs.push(request.input)
        switch (request.operation.name) {
          case "CreateMultipartUpload":
            return okWith({ UploadId: "U1" })
          case "ListObjectsV2":
            return okWith({ Contents: [{ Key: "a" }, { Key: "b" }] })
          default:
            return okWith({ ETag: "U1" })
        }
      })
      assert.deepStrictEqual(inputs[0], { Bucket: "s3t-run1-p", Key: "k" })
      assert.deepStrictEqual(inputs[1], { Bucket: "s3t-run1-p", MaxKeys: 7 })
      assert.deepStrictEqual(inputs[2], { Bucket: "g1", Key: "b/U1", Body: "x[{\"Key\":\"a\"},{\"Key\":\"b\"}]" })
      assert.strictEqual(byName(steps, "use").outcome, "passed")
      const missing = byName(steps, "missing")
      assert.strictEqual(missing.outcome, "errored")
      assert.include(missing.message, "steps.list.Contents[5]")
      assert.include(missing.message, "no item 5")
      assert.strictEqual(missing.attempts, 0)
      assert.strictEqual(inputs.length, 3)
    }))

  it.effect("a step whose referenced step failed is skipped, naming the step", () =>
    Effect.gen(function*() {
      const suite = makeSuite([{
        name: "g",
        test: [
          { id: "put", name: "put", operation: "PutObject", parameters: { Bucket: "b", Key: "k" } },
          { name: "head", operation: "HeadObject", parameters: { Bucket: "b", Key: "${{ steps.put.ETag }}" } }
        ]
      }])
      const { steps } = yield* runSuite(suite, () => Effect.fail(serviceError("AccessDenied", 403)))
      assert.strictEqual(byName(steps, "put").outcome, "failed")
      assert.strictEqual(byName(steps, "head").outcome, "skipped")
      assert.strictEqual(byName(steps, "head").message, "depends on steps.put, which failed")
    }))
})

describe("Engine: expectations and outcomes", () => {
  it.effect("response is a subset match with a readable diff", () =>
    Effect.gen(function*() {
      const output = {
        ContentLength: 5,
        LastModified: new Date("2024-01-02T03:04:05.000Z"),
        Contents: [{ Key: "a", Size: 1 }, { Key: "b", Size: 2 }]
      }
      const suite = makeSuite([{
        name: "g",
        test: [
          { name: "same", operation: "ListObjectsV2", parameters: { Bucket: "b" }, expected_result: { response: { ContentLength: "5", LastModified: "2024-01-02T03:04:05Z", Contents: [{ Key: "a" }, { Size: 2 }] } } },
          { name: "differs", operation: "ListObjectsV2", parameters: { Bucket: "b" }, expected_result: { response: { ContentLength: 6, Missing: "x", Contents: [{ Key: "a" }, { Key: "c" }] } } },
          { name: "length", operation: "ListObjectsV2", parameters: { Bucket: "b" }, expected_result: { response: { Contents: [{ Key: "a" }] } } }
        ]
      }])
      const { steps } = yield* runSuite(suite, () => okWith(output))
      assert.strictEqual(byName(steps, "same").outcome, "passed")
      const differs = byName(steps, "differs")
      assert.strictEqual(differs.outcome, "failed")
      assert.strictEqual(
        differs.message,
        "response does not match:\n  response.ContentLength: expected 6, got 5\n  response.Missing: expected \"x\", got nothing (no such field)\n  response.Contents[1].Key: expected \"c\", got \"b\""
      )
      assert.include(byName(steps, "length").message, "response.Contents: expected 1 items, got 2")
    }))

  it.effect("strict turns unsupported into failed; isSuccess honours strict and failOnFlaky", () =>
    Effect.gen(function*() {
      const suite = makeSuite([{ name: "g", test: [{ name: "ni", operation: "ListBuckets" }] }])
      const handler = () => Effect.fail(serviceError("NotImplemented", 501))
      const lax = yield* runSuite(suite, handler)
      assert.strictEqual(lax.steps[0]!.outcome, "unsupported")
      assert.isTrue(isSuccess(lax.summary.counts))
      assert.isFalse(isSuccess(lax.summary.counts, { strict: true }))
      const strict = yield* runSuite(suite, handler, { strict: true })
      assert.strictEqual(strict.steps[0]!.outcome, "failed")
      assert.include(strict.steps[0]!.message, "strict")
      assert.strictEqual(strict.summary.counts.failed, 1)
    }))
})

/** Runs with the TestClock moved forward until the run finishes (retries sleep). */
const runAdvancing = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
  Effect.gen(function*() {
    const fiber = yield* Effect.forkChild(effect)
    for (let i = 0; i < 30; i++) yield* TestClock.adjust("1 second")
    return yield* Fiber.join(fiber)
  })

describe("Engine: retries", () => {
  it.effect("before/after steps retry transient faults by default; every attempt is recorded; passing on a retry is flaky", () =>
    Effect.gen(function*() {
      const attempts = new Map<string, number>()
      const suite = makeSuite([{
        name: "g",
        before_test: [{ name: "setup", operation: "CreateBucket", parameters: { Bucket: "setup" } }],
        test: [
          { name: "verdict", operation: "PutObject", parameters: { Bucket: "b", Key: "verdict" } },
          { name: "asked", operation: "PutObject", parameters: { Bucket: "b", Key: "asked" }, retries: { attempts: 3, backoff: "100ms" } },
          { name: "expected503", operation: "PutObject", parameters: { Bucket: "b", Key: "expected503" }, retries: 2, expected_result: { success: false, http_status: 503 } }
        ],
        after_test: [{ name: "always", operation: "DeleteBucket", parameters: { Bucket: "always" } }]
      }])
      const handler = (request: TestRequest): Answer => {
        const key = String(request.input["Key"] ?? request.input["Bucket"])
        const n = (attempts.get(key) ?? 0) + 1
        attempts.set(key, n)
        if (key === "setup" && n === 1) return Effect.fail(serviceError("SlowDown", 503))
        if (key === "verdict" && n === 1) return Effect.fail(serviceError("InternalError", 500))
        if (key === "asked" && n <= 2) return Effect.fail(new CallError({ kind: "network", message: "socket hang up" }))
        if (key === "expected503") return Effect.fail(serviceError("ServiceUnavailable", 503))
        if (key === "always") return Effect.fail(serviceError("InternalError", 500))
        return okWith({})
      }
      const { steps, summary } = yield* runAdvancing(runSuite(suite, handler))
      const setup = byName(steps, "setup")
      assert.strictEqual(setup.outcome, "passed")
      assert.strictEqual(setup.attempts, 2)
      assert.isTrue(setup.flaky)
      assert.deepStrictEqual(setup.attemptLog?.map((a) => [a.outcome, a.httpStatus, a.errorCode]), [
        ["failed", 503, "SlowDown"],
        ["passed", 200, undefined]
      ])
      const verdict = byName(steps, "verdict")
      assert.strictEqual(verdict.outcome, "failed") // test steps are not retried unless they ask
      assert.strictEqual(verdict.attempts, 1)
      const asked = byName(steps, "asked")
      assert.strictEqual(asked.outcome, "passed")
      assert.strictEqual(asked.attempts, 3)
      assert.isTrue(asked.flaky)
      const expected503 = byName(steps, "expected503")
      assert.strictEqual(expected503.outcome, "passed") // the verdict under test is never retried away
      assert.strictEqual(expected503.attempts, 1)
      const always = byName(steps, "always")
      assert.strictEqual(always.outcome, "failed")
      assert.strictEqual(always.attempts, 3) // 1 + the default 2 retries
      assert.strictEqual(always.attemptLog?.length, 3)
      assert.strictEqual(summary.counts.flaky, 2)
      assert.isTrue(isSuccess({ ...summary.counts, failed: 0 }))
      assert.isFalse(isSuccess({ ...summary.counts, failed: 0 }, { failOnFlaky: true }))
    }))

  it.effect("config retries set the default policy; attempts 0 turns retries off", () =>
    Effect.gen(function*() {
      let calls = 0
      const suite = makeSuite(
        [{ name: "g", before_test: [{ name: "setup", operation: "CreateBucket", parameters: { Bucket: "x" } }] }],
        { config: { retries: { attempts: 0 } } }
      )
      const { steps } = yield* runSuite(suite, () => {
        calls++
        return Effect.fail(serviceError("InternalError", 500))
      })
      assert.strictEqual(calls, 1)
      assert.strictEqual(steps[0]!.attempts, 1)
      assert.isUndefined(steps[0]!.attemptLog)
    }))

  it.effect("backoff is exponential: the second retry waits about twice the first", () =>
    Effect.gen(function*() {
      const at: Array<number> = []
      const suite = makeSuite([{ name: "g", test: [{ name: "s", operation: "ListBuckets", retries: { attempts: 2, backoff: "1s" } }] }])
      const fiber = yield* Effect.forkChild(runSuite(suite, () =>
        Effect.flatMap(Clock.currentTimeMillis, (now) => {
          at.push(now)
          return Effect.fail(serviceError("SlowDown", 503))
        })
      ))
      for (let i = 0; i < 40; i++) yield* TestClock.adjust("100 millis")
      yield* Fiber.join(fiber)
      assert.strictEqual(at.length, 3)
      const first = at[1]! - at[0]!
      const second = at[2]! - at[1]!
      assert.isTrue(first >= 800 && first <= 1200, `first wait ${first}`)
      assert.isTrue(second >= 1600 && second <= 2400, `second wait ${second}`)
    }))
})

describe("Engine: concurrency and cleanup", () => {
  it.effect("a phase with concurrency runs its steps at once, bounded", () =>
    Effect.gen(function*() {
      let running = 0
      let peak = 0
      const suite = makeSuite([{
        name: "g",
        concurrency: { test: 3 },
        test: Array.from({ length: 7 }, (_, i) => ({ name: `s${i}`, operation: "ListBuckets" }))
      }])
      const fiber = yield* Effect.forkChild(runSuite(suite, () =>
        Effect.gen(function*() {
          running++
          peak = Math.max(peak, running)
          yield* Effect.sleep("1 second")
          running--
          return { output: {} }
        })
      ))
      yield* TestClock.adjust("1 second")
      yield* TestClock.adjust("1 second")
      yield* TestClock.adjust("1 second")
      const { summary } = yield* Fiber.join(fiber)
      assert.strictEqual(peak, 3)
      assert.strictEqual(summary.counts.passed, 7)
    }))

  it.effect("groups in a parallel suite are bounded by concurrency", () =>
    Effect.gen(function*() {
      let running = 0
      let peak = 0
      const suite = makeSuite(
        Array.from({ length: 6 }, (_, i) => ({ name: `g${i}`, test: [{ name: "s", operation: "ListBuckets" }] })),
        { parallel: true }
      )
      const fiber = yield* Effect.forkChild(runSuite(suite, () =>
        Effect.gen(function*() {
          running++
          peak = Math.max(peak, running)
          yield* Effect.sleep("1 second")
          running--
          return { output: {} }
        }), { concurrency: 2 }))
      for (let i = 0; i < 3; i++) yield* TestClock.adjust("1 second")
      yield* Fiber.join(fiber)
      assert.strictEqual(peak, 2)
    }))

  it.effect("after_test is bounded by the cleanup timeout; the tracker tells which groups are still cleaning", () =>
    Effect.gen(function*() {
      const tracker = Engine.makeCleanupTracker()
      const inCleanup = yield* Deferred.make<void>()
      const suite = makeSuite([{
        name: "stuck-group",
        test: [{ name: "t", operation: "ListBuckets" }],
        after_test: [
          { name: "hang", operation: "DeleteBucket", parameters: { Bucket: "hang" } },
          { name: "next", operation: "DeleteBucket", parameters: { Bucket: "next" } }
        ]
      }])
      const fiber = yield* Effect.forkChild(runSuite(suite, (request) =>
        request.input["Bucket"] === "hang"
          ? Effect.andThen(Deferred.succeed(inCleanup, undefined), Effect.never)
          : okWith({}), { cleanupTimeoutMs: 5_000, cleanupTracker: tracker }))
      yield* Deferred.await(inCleanup)
      assert.deepStrictEqual(tracker.pending(), ["stuck-group"])
      yield* TestClock.adjust("5 seconds")
      const { steps } = yield* Fiber.join(fiber)
      assert.deepStrictEqual(tracker.pending(), [])
      assert.strictEqual(byName(steps, "hang").outcome, "errored")
      assert.include(byName(steps, "hang").message, "cleanup abandoned")
      assert.strictEqual(byName(steps, "next").outcome, "errored")
      assert.strictEqual(steps.length, 3)
    }))

  it.effect("after_test runs after a step timeout", () =>
    Effect.gen(function*() {
      const suite = makeSuite([{
        name: "g",
        test: [{ name: "slow", operation: "ListBuckets", timeout: "2s" }],
        after_test: [{ name: "clean", operation: "DeleteBucket", parameters: { Bucket: "x" } }]
      }])
      const fiber = yield* Effect.forkChild(runSuite(suite, (request) =>
        request.operation.name === "ListBuckets" ? Effect.never : okWith({})))
      yield* TestClock.adjust("2 seconds")
      const { steps } = yield* Fiber.join(fiber)
      assert.deepStrictEqual(steps.map((s) => `${s.name}:${s.outcome}`), ["slow:errored", "clean:passed"])
    }))
})

describe("Engine: statistics", () => {
  it.effect("counts per operation, latency percentiles, wall-clock throughput, failures with expected vs actual", () =>
    Effect.gen(function*() {
      const suite = makeSuite([{
        name: "g",
        test: [
          ...Array.from({ length: 10 }, (_, i) => ({ name: `put${i}`, operation: "PutObject", parameters: { Bucket: "b", Key: `${(i + 1) * 100}` } })),
          { name: "denied", operation: "GetObject", parameters: { Bucket: "b", Key: "denied" } }
        ]
      }])
      const fiber = yield* Effect.forkChild(runSuite(suite, (request) => {
        const key = String(request.input["Key"])
        return key === "denied"
          ? Effect.fail(serviceError("AccessDenied", 403))
          : Effect.as(Effect.sleep(`${Number(key)} millis`), { output: {} })
      }))
      for (let i = 0; i < 60; i++) yield* TestClock.adjust("100 millis")
      const { summary } = yield* Fiber.join(fiber)
      const stats = summary.statistics!
      const put = stats.operations.find((o) => o.operation === "PutObject")!
      assert.strictEqual(put.counts.passed, 10)
      assert.deepStrictEqual(
        [put.latency!.min, put.latency!.p50, put.latency!.p90, put.latency!.p99, put.latency!.max, put.latency!.mean],
        [100, 500, 900, 1000, 1000, 550]
      )
      const get = stats.operations.find((o) => o.operation === "GetObject")!
      assert.strictEqual(get.counts.failed, 1)
      assert.strictEqual(stats.stepsRun, 11)
      assert.strictEqual(summary.durationMs, 5500)
      assert.strictEqual(stats.throughput, 2)
      assert.strictEqual(stats.failures.length, 1)
      assert.deepStrictEqual(stats.failures[0]!.expected, { success: true })
      assert.strictEqual(stats.failures[0]!.actual?.errorCode, "AccessDenied")
      assert.include(stats.failures[0]!.message, "expected success, got AccessDenied")
    }))
})

describe("Loader: template references", () => {
  const load = (text: string) =>
    Loader.loadString(text, "t.yaml", { env: {} }).pipe(Effect.flip, Effect.provide(NodeServices.layer))
  const header = `config:
  credentials: [{ name: main, access_key: a, secret_key: b }]
test_cases:
  groups:
`
  it.effect("unknown vars, unknown and later steps, bad run fields are config errors with positions", () =>
    Effect.gen(function*() {
      const error = yield* load(header + `    - name: g
      vars: { bucket: b }
      concurrency: { test: 2 }
      before_test:
        - { id: mk, operation: CreateBucket, parameters: { Bucket: "\${{ vars.buckett }}" } }
      test:
        - { id: a, operation: PutObject, parameters: { Bucket: "\${{ steps.mk.Location }}", Key: "\${{ steps.b.ETag }}" } }
        - { id: b, operation: PutObject, parameters: { Bucket: "\${{ vars.bucket }}", Key: "\${{ steps.a.ETag }}" } }
        - { operation: PutObject, parameters: { Bucket: "\${{ run.idd }}", Key: "\${{ steps.nope.ETag }}" } }
      after_test:
        - { operation: DeleteBucket, parameters: { Bucket: "\${{ steps.b.ETag }}-\${{ group.name }}" } }
`)
      const lines = error.diagnostics.map((d) => `${d.position?.line}:${d.position?.column}: ${d.message}`)
      assert.deepStrictEqual(lines, [
        "9:68: unknown variable \"buckett\" in ${{ vars.buckett }}; did you mean \"bucket\"?",
        "11:97: ${{ steps.b.ETag }}: step \"b\" does not run before this one (a step can only use the output of earlier steps)",
        "12:91: ${{ steps.a.ETag }}: step \"a\" does not run before this one (a step can only use the output of earlier steps)",
        "13:57: ${{ run.idd }}: run has run.id and run.started_at",
        "13:80: unknown step id \"nope\" in steps.nope.ETag; no step of this group has that id"
      ])
    }))

  it.effect("templates other than env in config or a step's name are errors", () =>
    Effect.gen(function*() {
      const error = yield* load(`config:
  region: "\${{ run.id }}"
  credentials: [{ name: main, access_key: a, secret_key: b }]
test_cases:
  groups:
    - name: g
      test:
        - { name: "\${{ vars.x }}", operation: ListBuckets }
`)
      assert.deepStrictEqual(error.diagnostics.map((d) => d.message), [
        "${{ run.id }}: only ${{ env.NAME }} is resolved in config",
        "${{ vars.x }}: only ${{ env.NAME }} is resolved in a step's name"
      ])
    }))
})
