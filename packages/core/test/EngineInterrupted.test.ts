/**
 * The engine's parts for a run stopped early: a run interrupted before its first group started
 * (Engine.runInterrupted), and cleanup abandoned by the caller (RunOptions.abandonCleanup).
 */
import { assert, describe, it } from "@effect/vitest"
import { Deferred, Effect, Fiber, Layer, PubSub, Schema } from "effect"
import * as Engine from "../src/Engine.ts"
import type { RunEvent } from "../src/RunEvent.ts"
import { S3Clients } from "../src/S3Clients.ts"
import type { CallResponse, TestRequest } from "../src/S3Clients.ts"
import * as Suite from "../src/Suite.ts"
import { Target } from "../src/Target.ts"

const targetLayer = Layer.succeed(Target, Target.of({ endpoint: "http://fake", description: "fake", embedded: false }))

const suite = (afterSteps: number): Suite.Suite =>
  Schema.decodeUnknownSync(Suite.Suite)({
    config: { endpoint_url: "http://fake", credentials: [{ name: "main", access_key: "AK", secret_key: "SK" }] },
    test_cases: {
      groups: [{
        name: "g",
        before_test: [{ operation: "CreateBucket", parameters: { Bucket: "b" } }],
        test: [{ operation: "ListObjectsV2", parameters: { Bucket: "b" } }],
        after_test: Array.from({ length: afterSteps }, (_, i) => ({ name: `clean-${i}`, operation: "HeadBucket", parameters: { Bucket: "b" } }))
      }]
    }
  })

describe("Engine: a run stopped early", () => {
  it.effect("runInterrupted: RunStarted, every step skipped, RunFinished interrupted; nothing sent", () =>
    Effect.gen(function*() {
      const sent: Array<TestRequest> = []
      const bus = yield* PubSub.unbounded<RunEvent>()
      const subscription = yield* PubSub.subscribe(bus)
      const summary = yield* Engine.runInterrupted(suite(2), { events: bus }).pipe(
        Effect.provide([S3Clients.layerTest((request) => Effect.sync(() => (sent.push(request), { output: {} }))), targetLayer])
      )
      const events = yield* PubSub.takeAll(subscription)
      assert.deepStrictEqual(events.map((e) => e._tag), [
        "RunStarted", "GroupStarted", "StepFinished", "StepFinished", "StepFinished", "StepFinished", "GroupFinished", "RunFinished"
      ])
      assert.isTrue(summary.interrupted)
      assert.strictEqual(summary.counts.skipped, 4)
      assert.strictEqual(summary.counts.total, 4)
      assert.strictEqual(sent.length, 0)
    }))

  it.live("abandonCleanup: the after_test step under way stops, the rest is errored with the reason, the run finishes", () =>
    Effect.gen(function*() {
      const abandon = yield* Deferred.make<string>()
      const cleaning = yield* Deferred.make<void>()
      const handler = (request: TestRequest): Effect.Effect<CallResponse> =>
        request.operation.name === "HeadBucket"
          ? Deferred.succeed(cleaning, undefined).pipe(Effect.andThen(Effect.never))
          : Effect.succeed({ output: {} })
      const fiber = yield* Engine.run(suite(3), { abandonCleanup: Deferred.await(abandon) }).pipe(
        Effect.provide([S3Clients.layerTest(handler), targetLayer]),
        Effect.forkChild
      )
      yield* Deferred.await(cleaning)
      yield* Deferred.succeed(abandon, "second SIGINT")
      const summary = yield* Fiber.join(fiber)
      assert.strictEqual(summary.counts.passed, 2)
      assert.strictEqual(summary.counts.errored, 3)
      const cleanup = summary.statistics?.failures.filter((f) => f.phase === "after_test") ?? []
      assert.deepStrictEqual(cleanup.map((f) => [f.name, f.message]), [
        ["clean-0", "cleanup abandoned: second SIGINT (while its request was in flight)"],
        ["clean-1", "cleanup abandoned: second SIGINT"],
        ["clean-2", "cleanup abandoned: second SIGINT"]
      ])
    }))
})
