import { assert, describe, it } from "@effect/vitest"
import { Deferred, Effect, Fiber, Layer, PubSub, Schema } from "effect"
import { TestClock } from "effect/testing"
import * as Engine from "../src/Engine.ts"
import type { RunEvent } from "../src/RunEvent.ts"
import type { StepResult, Summary } from "../src/RunResult.ts"
import { CallError, S3Clients } from "../src/S3Clients.ts"
import type { CallResponse, TestRequest } from "../src/S3Clients.ts"
import * as Suite from "../src/Suite.ts"
import { Target } from "../src/Target.ts"

// ---------------------------------------------------------------------------------------------
// fixtures

type Answer = Effect.Effect<CallResponse, CallError>

const ok: Answer = Effect.succeed({ output: {}, httpStatus: 200, requestId: "rid-ok" })
const fail = (errorCode: string, httpStatus: number, message = errorCode, extra: Partial<{ sdkName: string; bodyless: boolean }> = {}): Answer =>
  Effect.fail(new CallError({ kind: "service", errorCode, httpStatus, message, requestId: `rid-${errorCode}`, ...extra }))
const noAnswer = (kind: "network" | "timeout" | "invalid", message: string): Answer =>
  Effect.fail(new CallError({ kind, message }))

const answers: Record<string, Answer> = {
  ok,
  ni: fail("NotImplemented", 501, "not implemented here"),
  bare501: fail("Http501", 501, "HTTP 501 without an error body"),
  denied: fail("AccessDenied", 403, "Access Denied"),
  nokey: fail("NoSuchKey", 404, "The specified key does not exist."),
  head404: fail("NotFound", 404, "HTTP 404 Not Found without an error body", { bodyless: true }),
  head403: fail("Forbidden", 403, "HTTP 403 Forbidden without an error body", { bodyless: true }),
  aliased: fail("NoSuchTagSet", 404, "no tags", { sdkName: "NoSuchTagSetError" }),
  network: noAnswer("network", "connect ECONNREFUSED 127.0.0.1:1"),
  timeout: noAnswer("timeout", "no answer within 10ms; the request was aborted"),
  invalid: noAnswer("invalid", "No value provided for input HTTP label: Bucket."),
  die: Effect.die(new Error("handler crashed")),
  hang: Effect.never
}

interface Call {
  readonly key: string
  readonly credential: string
  readonly operation: string
  readonly timeoutMs: number
}

/** A scripted S3: answers by the step's `Key` parameter, recording every call. */
const scripted = (calls: Array<Call>, extra: Record<string, Answer> = {}) => (request: TestRequest): Answer => {
  const key = String(request.input["Key"] ?? "ok")
  calls.push({ key, credential: request.credential, operation: request.operation.name, timeoutMs: request.timeoutMs })
  return extra[key] ?? answers[key] ?? ok
}

const targetLayer = Layer.succeed(Target, Target.of({ endpoint: "http://fake", description: "fake target", embedded: false }))

const credentials = [
  { name: "main", access_key: "AKMAIN", secret_key: "main-s3cr3t" },
  { name: "alt", access_key: "AKALT", secret_key: "alt-s3cr3t" }
]

const makeSuite = (
  groups: ReadonlyArray<Record<string, unknown>>,
  options: { readonly parallel?: boolean; readonly timeout?: string } = {}
): Suite.Suite =>
  Schema.decodeUnknownSync(Suite.Suite)({
    config: { endpoint_url: "http://fake", credentials, ...(options.timeout === undefined ? {} : { timeout: options.timeout }) },
    test_cases: { parallel: options.parallel ?? false, groups }
  })

const step = (key: string, expected?: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  name: key,
  operation: "GetObject",
  parameters: { Bucket: "b", Key: key },
  ...(expected === undefined ? {} : { expected_result: expected }),
  ...extra
})

interface Ran {
  readonly summary: Summary
  readonly events: ReadonlyArray<RunEvent>
  readonly steps: ReadonlyArray<StepResult>
}

const stepsOf = (events: ReadonlyArray<RunEvent>): ReadonlyArray<StepResult> =>
  events.flatMap((e) => (e._tag === "StepFinished" ? [e.result] : []))

/** Runs `suite` with a subscriber attached before the run starts; returns the summary and every event. */
const runSuite = (
  suite: Suite.Suite,
  handler: (request: TestRequest) => Answer,
  options: Omit<Engine.RunOptions, "events"> = {}
) =>
  Effect.gen(function*() {
    const bus = yield* PubSub.unbounded<RunEvent>()
    const subscription = yield* PubSub.subscribe(bus)
    const summary = yield* Engine.run(suite, { ...options, events: bus }).pipe(
      Effect.provide([S3Clients.layerTest(handler), targetLayer])
    )
    const events = yield* PubSub.takeAll(subscription)
    return { summary, events, steps: stepsOf(events) } satisfies Ran
  })

const times = <A>(value: A, n: number): Array<A> => Array.from({ length: n }, () => value)

const outcomes = (steps: ReadonlyArray<StepResult>) => steps.map((s) => `${s.phase}:${s.name}:${s.outcome}`)

// ---------------------------------------------------------------------------------------------

describe("Engine.run: outcomes", () => {
  const cases: ReadonlyArray<readonly [key: string, expected: Record<string, unknown> | undefined, outcome: string]> = [
    ["ok", undefined, "passed"],
    ["ni", undefined, "unsupported"],
    ["bare501", { success: true }, "unsupported"],
    ["denied", undefined, "failed"],
    ["denied", { success: false, error_code: "AccessDenied", http_status: 403 }, "passed"],
    ["denied", { success: false }, "passed"],
    ["denied", { success: false, http_status: 404 }, "failed"],
    ["nokey", { success: false, error_code: "NoSuchBucket" }, "failed"],
    ["ok", { success: false, error_code: "NoSuchKey" }, "failed"],
    ["ni", { success: false, error_code: "NotImplemented", http_status: 501 }, "passed"],
    ["head404", { success: false, error_code: "NoSuchKey", http_status: 404 }, "passed"],
    ["head404", { success: false, error_code: "NoSuchBucket" }, "passed"],
    ["head404", { success: false, error_code: "NotFound" }, "passed"],
    ["head404", { success: false, error_code: "AccessDenied" }, "failed"],
    ["head403", { success: false, error_code: "AccessDenied", http_status: 403 }, "passed"],
    ["head403", { success: false, error_code: "Forbidden" }, "passed"],
    ["nokey", { success: false, error_code: "NotFound" }, "failed"],
    ["aliased", { success: false, error_code: "NoSuchTagSetError" }, "passed"],
    ["aliased", { success: false, error_code: "NoSuchTagSet" }, "passed"],
    ["network", { success: false }, "errored"],
    ["timeout", { success: false, error_code: "RequestTimeout" }, "errored"],
    ["invalid", undefined, "errored"],
    ["die", undefined, "errored"]
  ]

  it.effect("judges each answer against its expectation", () =>
    Effect.gen(function*() {
      const calls: Array<Call> = []
      const suite = makeSuite([{ name: "g", test: cases.map(([key, expected]) => step(key, expected)) }])
      const { steps, summary } = yield* runSuite(suite, scripted(calls))
      assert.deepStrictEqual(
        steps.map((s) => s.outcome),
        cases.map(([, , outcome]) => outcome)
      )
      assert.strictEqual(calls.length, cases.length)
      assert.strictEqual(summary.counts.total, cases.length)
      assert.strictEqual(summary.counts.passed, cases.filter(([, , o]) => o === "passed").length)
      assert.strictEqual(summary.groups[0]!.outcome, "errored")
    }))

  it.effect("messages and the actual answer", () =>
    Effect.gen(function*() {
      const suite = makeSuite([{
        name: "g",
        test: [
          step("denied"),
          step("ok", { success: false, error_code: "NoSuchKey", http_status: 404 }),
          step("nokey", { success: false, error_code: "NoSuchBucket" }),
          step("ni"),
          step("network"),
          step("die"),
          step("ok"),
          { name: "bogus", operation: "FrobnicateObject" }
        ]
      }])
      const { steps } = yield* runSuite(suite, scripted([]))
      assert.strictEqual(steps[0]!.message, "expected success, got AccessDenied (403): Access Denied")
      assert.deepStrictEqual(steps[0]!.actual, {
        success: false,
        httpStatus: 403,
        errorCode: "AccessDenied",
        errorMessage: "Access Denied",
        requestId: "rid-AccessDenied"
      })
      assert.deepStrictEqual(steps[0]!.expected, { success: true })
      assert.strictEqual(steps[1]!.message, "expected NoSuchKey (404), got success (200)")
      assert.deepStrictEqual(steps[1]!.expected, { success: false, errorCode: "NoSuchKey", httpStatus: 404 })
      assert.strictEqual(
        steps[2]!.message,
        "expected NoSuchBucket, got NoSuchKey (404): The specified key does not exist."
      )
      assert.strictEqual(steps[3]!.message, "not implemented: NotImplemented (501): not implemented here")
      assert.strictEqual(steps[4]!.message, "network error: connect ECONNREFUSED 127.0.0.1:1")
      assert.strictEqual(steps[5]!.message, "internal error: Error: handler crashed")
      assert.isUndefined(steps[6]!.message)
      assert.deepStrictEqual(steps[6]!.actual, { success: true, httpStatus: 200, requestId: "rid-ok" })
      assert.strictEqual(steps[6]!.attempts, 1)
      assert.strictEqual(steps[7]!.outcome, "errored")
      assert.strictEqual(steps[7]!.message, "unknown operation \"FrobnicateObject\"")
      assert.strictEqual(steps[7]!.name, "bogus")
      assert.strictEqual(steps[7]!.operation, "FrobnicateObject")
    }))

  it.effect("credential: the step's, else the group's, else the first; results carry names, ids, sources", () =>
    Effect.gen(function*() {
      const calls: Array<Call> = []
      const suite = makeSuite([
        { name: "a", test: [step("ok"), step("ok", undefined, { credential: "alt", id: "second" })] },
        { name: "b", credential: "alt", test: [step("ok"), step("ok", undefined, { credential: "main" })] }
      ])
      const { steps } = yield* runSuite(suite, scripted(calls), {
        stepSource: (group, phase, index) => ({ file: "suite.yaml", line: 10 * group + index + 1, column: phase.length })
      })
      assert.deepStrictEqual(calls.map((c) => c.credential), ["main", "alt", "alt", "main"])
      assert.deepStrictEqual(steps.map((s) => s.credential), ["main", "alt", "alt", "main"])
      assert.strictEqual(steps[1]!.id, "second")
      assert.deepStrictEqual(steps[3]!.source, { file: "suite.yaml", line: 12, column: 4 })
    }))
})

describe("Engine.run: phases", () => {
  it.effect("a before_test step that does not pass stops the phase, skips the test phase; after_test still runs", () =>
    Effect.gen(function*() {
      const calls: Array<Call> = []
      const suite = makeSuite([{
        name: "g",
        before_test: [step("ok"), step("denied"), step("never1")],
        test: [step("never2"), step("never3")],
        after_test: [step("cleanup")]
      }, { name: "h", before_test: [step("ni")], test: [step("t")] }])
      const { steps, summary } = yield* runSuite(suite, scripted(calls))
      assert.deepStrictEqual(calls.map((c) => c.key), ["ok", "denied", "cleanup", "ni"])
      assert.deepStrictEqual(outcomes(steps), [
        "before_test:ok:passed",
        "before_test:denied:failed",
        "before_test:never1:skipped",
        "test:never2:skipped",
        "test:never3:skipped",
        "after_test:cleanup:passed",
        "before_test:ni:unsupported",
        "test:t:skipped"
      ])
      for (const skipped of steps.filter((s) => s.outcome === "skipped" && s.group === "g")) {
        assert.strictEqual(skipped.message, "before_test failed: denied")
        assert.strictEqual(skipped.attempts, 0)
      }
      assert.deepStrictEqual(summary.groups[0]!.counts, {
        total: 6,
        passed: 2,
        failed: 1,
        errored: 0,
        skipped: 3,
        unsupported: 0,
        known: 0,
        fixed: 0,
        flaky: 0
      })
    }))

  it.effect("test steps all run; after_test runs when a test step dies, and its failures don't stop it", () =>
    Effect.gen(function*() {
      const calls: Array<Call> = []
      const suite = makeSuite([{
        name: "g",
        test: [step("die"), step("denied"), step("ok")],
        after_test: [step("network", undefined, { retries: 0 }), step("nokey"), step("cleanup")]
      }])
      const { steps } = yield* runSuite(suite, scripted(calls))
      assert.deepStrictEqual(outcomes(steps), [
        "test:die:errored",
        "test:denied:failed",
        "test:ok:passed",
        "after_test:network:errored",
        "after_test:nokey:failed",
        "after_test:cleanup:passed"
      ])
    }))

  it.effect("interruption: after_test runs (with working timeouts), unrun steps are skipped, RunFinished says interrupted", () =>
    Effect.gen(function*() {
      const calls: Array<Call> = []
      const inFlight = yield* Deferred.make<void>()
      const suite = makeSuite([
        {
          name: "first",
          before_test: [step("setup")],
          test: [step("slow"), step("next")],
          after_test: [step("stuck", undefined, { timeout: "1s" }), step("cleanup")]
        },
        { name: "second", test: [step("later")], after_test: [step("later-cleanup")] }
      ])
      const bus = yield* PubSub.unbounded<RunEvent>()
      const subscription = yield* PubSub.subscribe(bus)
      const handler = scripted(calls, {
        slow: Effect.andThen(Deferred.succeed(inFlight, undefined), Effect.never),
        stuck: Effect.never
      })
      const fiber = yield* Engine.run(suite, { events: bus, runId: "r1" }).pipe(
        Effect.provide([S3Clients.layerTest(handler), targetLayer]),
        Effect.forkChild
      )
      yield* Deferred.await(inFlight)
      const interrupting = yield* Effect.forkChild(Fiber.interrupt(fiber))
      yield* TestClock.adjust("2 seconds")
      yield* Fiber.join(interrupting)
      const events = yield* PubSub.takeAll(subscription)
      const steps = stepsOf(events)
      assert.deepStrictEqual(calls.map((c) => c.key), ["setup", "slow", "stuck", "cleanup"])
      assert.deepStrictEqual(outcomes(steps), [
        "before_test:setup:passed",
        "test:slow:skipped",
        "test:next:skipped",
        "after_test:stuck:errored",
        "after_test:cleanup:passed",
        "test:later:skipped",
        "after_test:later-cleanup:skipped"
      ])
      assert.strictEqual(steps[1]!.message, "run interrupted (while its request was in flight)")
      assert.strictEqual(steps[2]!.message, "run interrupted")
      assert.match(steps[3]!.message ?? "", /^timeout: no answer within 1000ms/)
      const last = events[events.length - 1]!
      assert.strictEqual(last._tag, "RunFinished")
      if (last._tag === "RunFinished") {
        assert.isTrue(last.summary.interrupted)
        assert.strictEqual(last.summary.counts.total, 7)
        assert.deepStrictEqual(last.summary.groups.map((g) => g.name), ["first", "second"])
      }
      assert.deepStrictEqual(
        events.filter((e) => e._tag !== "StepFinished").map((e) => e._tag),
        ["RunStarted", "GroupStarted", "GroupFinished", "GroupStarted", "GroupFinished", "RunFinished"]
      )
    }))
})

describe("Engine.run: timeouts", () => {
  it.effect("per-step timeout (step, then config, then option, then 30s) -> errored", () =>
    Effect.gen(function*() {
      const calls: Array<Call> = []
      const withConfig = makeSuite([{
        name: "g",
        test: [step("hang", undefined, { timeout: "50ms" }), step("ok")]
      }], { timeout: "2s" })
      const fiber = yield* runSuite(withConfig, scripted(calls)).pipe(Effect.forkChild)
      yield* TestClock.adjust("100 millis")
      const { steps } = yield* Fiber.join(fiber)
      assert.deepStrictEqual(calls.map((c) => c.timeoutMs), [50, 2000])
      assert.strictEqual(steps[0]!.outcome, "errored")
      assert.match(steps[0]!.message ?? "", /^timeout: no answer within 50ms/)
      assert.strictEqual(steps[0]!.durationMs, 50)
      assert.strictEqual(steps[1]!.outcome, "passed")

      const plain = makeSuite([{ name: "g", test: [step("ok")] }])
      const more: Array<Call> = []
      yield* runSuite(plain, scripted(more), { defaultTimeoutMs: 700 })
      yield* runSuite(plain, scripted(more))
      assert.deepStrictEqual(more.map((c) => c.timeoutMs), [700, 30_000])
    }))
})

describe("Engine.run: groups", () => {
  const concurrencyProbe = () => {
    let inFlight = 0
    let max = 0
    const handler = (_: TestRequest): Answer =>
      Effect.gen(function*() {
        inFlight++
        max = Math.max(max, inFlight)
        yield* Effect.sleep("20 millis")
        inFlight--
        return { output: {}, httpStatus: 200 }
      })
    return { handler, max: () => max }
  }
  const groups = ["a", "b", "c", "d", "e"].map((name) => ({ name, test: [step("one"), step("two")] }))

  it.live("sequential suites run one group at a time; parallel ones run concurrently, bounded by concurrency", () =>
    Effect.gen(function*() {
      const sequential = concurrencyProbe()
      const inOrder = yield* runSuite(makeSuite(groups, { parallel: false }), sequential.handler, { concurrency: 4 })
      assert.strictEqual(sequential.max(), 1)
      assert.deepStrictEqual(inOrder.summary.groups.map((g) => g.name), ["a", "b", "c", "d", "e"])
      const bounded = concurrencyProbe()
      const { summary } = yield* runSuite(makeSuite(groups, { parallel: true }), bounded.handler, { concurrency: 2 })
      assert.strictEqual(bounded.max(), 2)
      assert.deepStrictEqual(summary.groups.map((g) => g.name), ["a", "b", "c", "d", "e"])
      const unbounded = concurrencyProbe()
      yield* runSuite(makeSuite(groups, { parallel: true }), unbounded.handler)
      assert.strictEqual(unbounded.max(), 5)
    }))

  it.effect("only the selected groups run", () =>
    Effect.gen(function*() {
      const calls: Array<Call> = []
      const { summary, events } = yield* runSuite(makeSuite(groups), scripted(calls), { groups: ["b", "d"] })
      assert.deepStrictEqual(summary.groups.map((g) => g.name), ["b", "d"])
      assert.strictEqual(calls.length, 4)
      const started = events[0]!
      assert.strictEqual(started._tag, "RunStarted")
      if (started._tag === "RunStarted") assert.strictEqual(started.totalSteps, 4)
    }))
})

describe("Engine.run: events and summary", () => {
  it.effect("publishes every event, in order, and the summary", () =>
    Effect.gen(function*() {
      const suite = makeSuite([
        { name: "one", tags: ["x"], before_test: [step("ok")], test: [step("denied"), step("ni")], after_test: [step("ok")] },
        { name: "two", test: [step("ok")] }
      ])
      const { events, summary } = yield* runSuite(suite, scripted([]), { runId: "run-42" })
      assert.deepStrictEqual(events.map((e) => e._tag), [
        "RunStarted",
        ...["GroupStarted", ...times("StepFinished", 4), "GroupFinished"],
        ...["GroupStarted", "StepFinished", "GroupFinished"],
        "RunFinished"
      ])
      const started = events[0]!
      if (started._tag !== "RunStarted") return assert.fail("RunStarted first")
      assert.deepStrictEqual(started.groups, [{ name: "one", steps: 4 }, { name: "two", steps: 1 }])
      assert.strictEqual(started.totalSteps, 5)
      assert.strictEqual(started.runId, "run-42")
      assert.strictEqual(started.endpoint, "fake target")
      const finished = events[events.length - 1]!
      if (finished._tag !== "RunFinished") return assert.fail("RunFinished last")
      assert.deepStrictEqual(finished.summary, summary)
      assert.strictEqual(summary.runId, "run-42")
      assert.strictEqual(summary.endpoint, "fake target")
      assert.isFalse(summary.interrupted)
      assert.deepStrictEqual(summary.counts, { total: 5, passed: 3, failed: 1, errored: 0, skipped: 0, unsupported: 1, known: 0, fixed: 0, flaky: 0 })
      assert.deepStrictEqual(summary.groups[0]!, {
        name: "one",
        tags: ["x"],
        outcome: "failed",
        durationMs: 0,
        counts: { total: 4, passed: 2, failed: 1, errored: 0, skipped: 0, unsupported: 1, known: 0, fixed: 0, flaky: 0 }
      })
      assert.strictEqual(summary.groups[1]!.outcome, "passed")
      assert.isTrue(!Number.isNaN(Date.parse(summary.startedAt)) && !Number.isNaN(Date.parse(summary.finishedAt)))
    }))

  it.live("parallel groups: each group's events are in order and every step is reported once", () =>
    Effect.gen(function*() {
      const groups = ["a", "b", "c"].map((name) => ({
        name,
        before_test: [step("ok")],
        test: [step("ok"), step("denied")],
        after_test: [step("ok")]
      }))
      const handler = (request: TestRequest) => Effect.andThen(Effect.sleep("5 millis"), scripted([])(request))
      const { events } = yield* runSuite(makeSuite(groups, { parallel: true }), handler)
      assert.strictEqual(events[0]!._tag, "RunStarted")
      assert.strictEqual(events[events.length - 1]!._tag, "RunFinished")
      for (const name of ["a", "b", "c"]) {
        const own = events.filter((e) =>
          (e._tag === "GroupStarted" && e.group === name) ||
          (e._tag === "StepFinished" && e.result.group === name) ||
          (e._tag === "GroupFinished" && e.result.name === name)
        )
        assert.deepStrictEqual(own.map((e) => e._tag), ["GroupStarted", ...times("StepFinished", 4), "GroupFinished"])
        assert.deepStrictEqual(
          stepsOf(own).map((s) => `${s.phase}:${s.index}`),
          ["before_test:0", "test:0", "test:1", "after_test:0"]
        )
      }
    }))

  it.effect("without options: a short random run id, no event bus needed", () =>
    Effect.gen(function*() {
      const suite = makeSuite([{ name: "g", test: [step("ok")] }])
      const run = Engine.run(suite).pipe(Effect.provide([S3Clients.layerTest(scripted([])), targetLayer]))
      const [first, second] = [yield* run, yield* run]
      assert.strictEqual(first.counts.passed, 1)
      assert.match(first.runId, /^[0-9a-f]{8}$/)
      assert.notStrictEqual(first.runId, second.runId)
    }))
})

describe("Engine.run: redaction", () => {
  it.effect("secrets in error messages never reach results", () =>
    Effect.gen(function*() {
      const leaky = {
        leak: fail("SignatureDoesNotMatch", 403, "The request signature we calculated does not match; key main-s3cr3t"),
        leak2: noAnswer("network", `connect to http://x/?secret=${encodeURIComponent("alt-s3cr3t")} failed`)
      }
      const suite = makeSuite([{ name: "g", test: [step("leak"), step("leak2")] }])
      const { steps, events } = yield* runSuite(suite, scripted([], leaky))
      assert.strictEqual(
        steps[0]!.message,
        "expected success, got SignatureDoesNotMatch (403): The request signature we calculated does not match; key ***"
      )
      assert.strictEqual(steps[0]!.actual?.errorMessage, "The request signature we calculated does not match; key ***")
      assert.strictEqual(steps[1]!.message, "network error: connect to http://x/?secret=*** failed")
      const all = JSON.stringify(events)
      assert.isFalse(all.includes("main-s3cr3t"))
      assert.isFalse(all.includes("alt-s3cr3t"))
    }))
})
