/** Engine.run's phases (before_test, test, after_test), interruption and per-step timeouts. */
import { assert, describe, it } from "@effect/vitest"
import { Deferred, Effect, Fiber, PubSub } from "effect"
import { TestClock } from "effect/testing"
import * as Engine from "../src/Engine.ts"
import type { RunEvent } from "../src/RunEvent.ts"
import { S3Clients } from "../src/S3Clients.ts"
import type { Call } from "./support/engineRun.ts"
import { makeSuite, outcomes, runSuite, scripted, step, stepsOf, targetLayer } from "./support/engineRun.ts"

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
      }], { config: { timeout: "2s" } })
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

  it.effect("durations are monotonic: the wall clock set back an hour during a step does not change its duration", () =>
    Effect.gen(function*() {
      const answering = yield* Deferred.make<void>()
      const answered = yield* Deferred.make<void>()
      const suite = makeSuite([{ name: "g", test: [step("slow")] }])
      const fiber = yield* runSuite(suite, () =>
        Deferred.succeed(answering, undefined).pipe(
          Effect.andThen(Deferred.await(answered)),
          Effect.as({ output: {}, httpStatus: 200 })
        )).pipe(Effect.forkChild)
      yield* Deferred.await(answering)
      yield* TestClock.setTime(-3_600_000)
      yield* TestClock.adjust("250 millis")
      yield* Deferred.succeed(answered, undefined)
      const { steps, summary } = yield* Fiber.join(fiber)
      assert.strictEqual(steps[0]!.outcome, "passed")
      assert.strictEqual(steps[0]!.durationMs, 250)
      assert.strictEqual(summary.durationMs, 250)
    }))
})
