/** Engine.run's groups (sequential, parallel, selected), the events it publishes and the summary. */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Fiber, PubSub } from "effect"
import * as Engine from "../src/Engine.ts"
import type { RunEvent } from "../src/RunEvent.ts"
import { S3Clients } from "../src/S3Clients.ts"
import type { TestRequest } from "../src/S3Clients.ts"
import type { Call } from "./support/engineRun.ts"
import { concurrencyProbe, makeSuite, runSuite, scripted, step, stepsOf, targetLayer, times } from "./support/engineRun.ts"

describe("Engine.run: groups", () => {
  const groups = ["a", "b", "c", "d", "e"].map((name) => ({ name, test: [step("one"), step("two")] }))

  it.live("sequential suites run one group at a time; parallel ones run concurrently, bounded by concurrency", () =>
    Effect.gen(function*() {
      const sequential = concurrencyProbe("20 millis")
      const inOrder = yield* runSuite(makeSuite(groups, { parallel: false }), sequential.handler, { concurrency: 4 })
      assert.strictEqual(sequential.peak(), 1)
      assert.deepStrictEqual(inOrder.summary.groups.map((g) => g.name), ["a", "b", "c", "d", "e"])
      const bounded = concurrencyProbe("20 millis")
      const { summary } = yield* runSuite(makeSuite(groups, { parallel: true }), bounded.handler, { concurrency: 2 })
      assert.strictEqual(bounded.peak(), 2)
      assert.deepStrictEqual(summary.groups.map((g) => g.name), ["a", "b", "c", "d", "e"])
      const unbounded = concurrencyProbe("20 millis")
      yield* runSuite(makeSuite(groups, { parallel: true }), unbounded.handler)
      assert.strictEqual(unbounded.peak(), 5)
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

  it.live("an unbounded bus gets the events of quick steps in batches, not a wake-up a step", () =>
    Effect.gen(function*() {
      const bus = yield* PubSub.unbounded<RunEvent>()
      const subscription = yield* PubSub.subscribe(bus)
      let wakeUps = 0
      const tags: Array<RunEvent["_tag"]> = []
      const reader = yield* Effect.forkChild(Effect.gen(function*() {
        while (tags.at(-1) !== "RunFinished") {
          const batch = yield* PubSub.takeAll(subscription)
          wakeUps++
          tags.push(...batch.map((event) => event._tag))
        }
      }))
      // 50 steps one after another, each answered on the next turn of the event loop
      const suite = makeSuite([{ name: "g", test: times(step("s"), 50) }])
      const answer = Effect.promise(() => new Promise<void>((resolve) => setImmediate(resolve))).pipe(
        Effect.as({ output: {}, httpStatus: 200 })
      )
      yield* Engine.run(suite, { events: bus }).pipe(Effect.provide([S3Clients.layerTest(() => answer), targetLayer]))
      yield* Fiber.join(reader)
      assert.deepStrictEqual(tags, ["RunStarted", "GroupStarted", ...times("StepFinished", 50), "GroupFinished", "RunFinished"])
      // one wake-up a step (52 or more) when each turn's events were published on their own
      assert.isBelow(wakeUps, 20)
    }))
})
