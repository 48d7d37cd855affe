/**
 * The engine keeps counts and latency samples, not responses: a 20,000-step run against the
 * embedded server must grow the heap by less than 50 MB (measured after a forced GC, with the
 * summary still referenced). The figure is printed for the record.
 */
import { assert, describe, it } from "@effect/vitest"
import { Engine, RunEvent, S3Clients, Suite } from "@s3tester/core"
import { Effect, Fiber, Layer, PubSub, Schema, Stream } from "effect"
import * as V8 from "node:v8"
import * as Vm from "node:vm"
import { LocalS3 } from "../src/index.ts"

V8.setFlagsFromString("--expose-gc")
const gc = Vm.runInNewContext("gc") as () => void

const groups = 20
const stepsPerGroup = 1_000 // 1 CreateBucket + 997 test steps + 2 cleanup steps

const suite = (): Suite.Suite =>
  Schema.decodeUnknownSync(Suite.Suite)({
    config: { credentials: [{ name: "main", access_key: "AK", secret_key: "SK" }] },
    test_cases: {
      parallel: true,
      groups: Array.from({ length: groups }, (_, g) => ({
        name: `mem-${g}`,
        vars: { bucket: `s3t-engine-mem-${g}` },
        before_test: [{ operation: "CreateBucket", parameters: { Bucket: "${{ vars.bucket }}" } }],
        test: Array.from({ length: stepsPerGroup - 3 }, (_, i) =>
          i % 2 === 0
            ? { operation: "PutObject", parameters: { Bucket: "${{ vars.bucket }}", Key: `k${i % 10}`, Body: "x".repeat(256) } }
            : { operation: "ListObjectsV2", parameters: { Bucket: "${{ vars.bucket }}" } }),
        after_test: [
          ...Array.from({ length: 1 }, () => ({ operation: "DeleteObjects", parameters: { Bucket: "${{ vars.bucket }}", Delete: { Objects: Array.from({ length: 10 }, (_, k) => ({ Key: `k${k}` })) } } })),
          { operation: "DeleteBucket", parameters: { Bucket: "${{ vars.bucket }}" } }
        ]
      }))
    }
  })

const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10

describe("Engine memory", () => {
  it.live("a 20,000-step run against the embedded server grows the heap by less than 50 MB", () =>
    Effect.gen(function*() {
      const planned = suite()
      const bus = yield* PubSub.unbounded<RunEvent.RunEvent>()
      const subscription = yield* PubSub.subscribe(bus)
      let seen = 0
      const consumer = yield* Stream.fromSubscription(subscription).pipe(
        Stream.takeUntil(RunEvent.RunEvent.$is("RunFinished")),
        Stream.runForEach(() => Effect.sync(() => void seen++)),
        Effect.forkChild
      )
      gc()
      const before = process.memoryUsage().heapUsed
      let peak = before
      const sampler = setInterval(() => {
        peak = Math.max(peak, process.memoryUsage().heapUsed)
      }, 100)
      const started = Date.now()
      const summary = yield* Engine.run(planned, { events: bus, concurrency: 8 }).pipe(
        Effect.ensuring(Effect.sync(() => clearInterval(sampler)))
      )
      const elapsed = Date.now() - started
      yield* Fiber.join(consumer)
      gc()
      const after = process.memoryUsage().heapUsed
      const growth = after - before
      console.log(
        `engine memory: ${summary.counts.total} steps in ${elapsed} ms; heap ${mb(before)} MB -> ${mb(after)} MB ` +
          `(growth ${mb(growth)} MB after GC, peak ${mb(peak)} MB without GC), ${seen} events`
      )
      assert.strictEqual(summary.counts.total, groups * stepsPerGroup)
      assert.strictEqual(summary.counts.passed, groups * stepsPerGroup, JSON.stringify(summary.statistics?.failures.slice(0, 3)))
      assert.isBelow(growth, 50 * 1024 * 1024)
    }).pipe(
      Effect.scoped,
      Effect.provide(S3Clients.S3Clients.layer(suite().config).pipe(Layer.provideMerge(LocalS3.layer)))
    ), 600_000)
})
