/** Engine.run's concurrency within a phase and across groups, cleanup bounds, and the run's statistics. */
import { assert, describe, it } from "@effect/vitest"
import { Deferred, Effect, Fiber } from "effect"
import { TestClock } from "effect/testing"
import * as Engine from "../src/Engine.ts"
import { byName, concurrencyProbe, makeSuite, okWith, runSuite, serviceError } from "./support/engineRun.ts"

describe("Engine: concurrency and cleanup", () => {
  it.effect("a phase with concurrency runs its steps at once, bounded", () =>
    Effect.gen(function*() {
      const probe = concurrencyProbe("1 second")
      const suite = makeSuite([{
        name: "g",
        concurrency: { test: 3 },
        test: Array.from({ length: 7 }, (_, i) => ({ name: `s${i}`, operation: "ListBuckets" }))
      }])
      const fiber = yield* Effect.forkChild(runSuite(suite, probe.handler))
      yield* TestClock.adjust("1 second")
      yield* TestClock.adjust("1 second")
      yield* TestClock.adjust("1 second")
      const { summary } = yield* Fiber.join(fiber)
      assert.strictEqual(probe.peak(), 3)
      assert.strictEqual(summary.counts.passed, 7)
    }))

  it.effect("groups in a parallel suite are bounded by concurrency", () =>
    Effect.gen(function*() {
      const probe = concurrencyProbe("1 second")
      const suite = makeSuite(
        Array.from({ length: 6 }, (_, i) => ({ name: `g${i}`, test: [{ name: "s", operation: "ListBuckets" }] })),
        { parallel: true }
      )
      const fiber = yield* Effect.forkChild(runSuite(suite, probe.handler, { concurrency: 2 }))
      for (let i = 0; i < 3; i++) yield* TestClock.adjust("1 second")
      yield* Fiber.join(fiber)
      assert.strictEqual(probe.peak(), 2)
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
