/**
 * One run against the embedded server, two readers: the console's figures (the engine's
 * statistics, `Stats`) and the JSON report's latency must be the same numbers.
 */
import { assert, describe, it } from "@effect/vitest"
import { Engine, RunEvent, S3Clients, Suite } from "@s3tester/core"
import { LocalS3 } from "@s3tester/local-s3"
import { Effect, Fiber, Layer, PubSub, Schema, Stream } from "effect"
import { reportOf } from "./reportSupport.ts"

const suite = Schema.decodeUnknownSync(Suite.Suite)({
  config: { credentials: [{ name: "main", access_key: "AK", secret_key: "SK" }] },
  test_cases: {
    groups: [{
      name: "latency",
      before_test: [{ operation: "CreateBucket", parameters: { Bucket: "s3t-json-latency" } }],
      test: [
        ...Array.from({ length: 12 }, (_, i) => ({ operation: "PutObject", parameters: { Bucket: "s3t-json-latency", Key: `k${i}`, Body: "x".repeat(64 * i) } })),
        ...Array.from({ length: 5 }, (_, i) => ({ operation: "GetObject", parameters: { Bucket: "s3t-json-latency", Key: `k${i}` } })),
        // A failed step (wrong expectation) has an answer: it counts in both.
        { operation: "GetObject", parameters: { Bucket: "s3t-json-latency", Key: "missing" } }
      ],
      after_test: [
        { operation: "DeleteObjects", parameters: { Bucket: "s3t-json-latency", Delete: { Objects: Array.from({ length: 12 }, (_, i) => ({ Key: `k${i}` })) } } },
        { operation: "DeleteBucket", parameters: { Bucket: "s3t-json-latency" } }
      ]
    }]
  }
})

describe("json reporter: latency of a real run", () => {
  it.live("the JSON report's latency equals the console's (the engine's statistics) for the same run", () =>
    Effect.gen(function*() {
      const bus = yield* PubSub.unbounded<RunEvent.RunEvent>()
      const subscription = yield* PubSub.subscribe(bus)
      const collected = yield* Stream.fromSubscription(subscription).pipe(
        Stream.takeUntil(RunEvent.RunEvent.$is("RunFinished")),
        Stream.runCollect,
        Effect.forkChild
      )
      const summary = yield* Engine.run(suite, { events: bus, concurrency: 4 })
      const events = yield* Fiber.join(collected)
      assert.strictEqual(summary.counts.failed, 1)
      const doc = yield* reportOf(events)
      const console = summary.statistics!.operations.flatMap((o) =>
        o.latency === undefined ? [] : [[o.operation, o.latency.count, o.latency.min, o.latency.mean, o.latency.p50, o.latency.p90, o.latency.p95, o.latency.p99, o.latency.max]]
      )
      const json = doc.latency.map((l: any) => [l.operation, l.count, l.minMs, l.meanMs, l.p50Ms, l.p90Ms, l.p95Ms, l.p99Ms, l.maxMs])
      assert.deepStrictEqual(json, [...console].sort((a, b) => String(a[0]).localeCompare(String(b[0]))))
      assert.deepStrictEqual(json.map((l: Array<unknown>) => [l[0], l[1]]), [["CreateBucket", 1], ["DeleteBucket", 1], ["DeleteObjects", 1], ["GetObject", 6], ["PutObject", 12]])
    }).pipe(
      Effect.scoped,
      Effect.provide(S3Clients.S3Clients.layer(suite.config).pipe(Layer.provideMerge(LocalS3.layer)))
    ))
})
