/**
 * The engine keeps counts and latency samples, not responses: a 20,000-step run against the
 * embedded server must grow the heap by less than 50 MB (measured after a forced GC, with the
 * summary still referenced), whatever the trace mode: `off`; `retain-on-failure` with one test
 * step in 20 failing (their traces reach the events, the others are dropped at once); `on` (every
 * step's trace reaches the events). The consumer looks at each trace and lets it go, as a reporter
 * that does not keep them would. The figures are printed for the record.
 */
import { assert, describe, it } from "@effect/vitest"
import { Engine, RunEvent, S3Clients, Suite } from "@s3tester/core"
import type { Trace } from "@s3tester/core"
import { Effect, Fiber, Layer, PubSub, Schema, Stream } from "effect"
import * as V8 from "node:v8"
import * as Vm from "node:vm"
import { LocalS3 } from "../src/index.ts"

V8.setFlagsFromString("--expose-gc")
const gc = Vm.runInNewContext("gc") as () => void

const groups = 20
const stepsPerGroup = 1_000 // 1 CreateBucket + 997 test steps + 2 cleanup steps

/** Every `failEvery`-th test step is a ListObjectsV2 whose expected response does not match. */
const suite = (failEvery = 0): Suite.Suite =>
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
            : {
              operation: "ListObjectsV2",
              parameters: { Bucket: "${{ vars.bucket }}" },
              ...(failEvery > 0 && i % failEvery === 1 ? { expected_result: { response: { KeyCount: -1 } } } : {})
            }),
        after_test: [
          ...Array.from({ length: 1 }, () => ({ operation: "DeleteObjects", parameters: { Bucket: "${{ vars.bucket }}", Delete: { Objects: Array.from({ length: 10 }, (_, k) => ({ Key: `k${k}` })) } } })),
          { operation: "DeleteBucket", parameters: { Bucket: "${{ vars.bucket }}" } }
        ]
      }))
    }
  })

const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10

const cases: ReadonlyArray<{ readonly trace: Trace.Mode; readonly failEvery: number }> = [
  { trace: "off", failEvery: 0 },
  { trace: "retain-on-failure", failEvery: 20 },
  { trace: "on", failEvery: 0 }
]

describe("Engine memory", () => {
  it.live.each(cases)("a 20,000-step run (trace $trace) grows the heap by less than 50 MB", ({ failEvery, trace }) =>
    Effect.gen(function*() {
      const planned = suite(failEvery)
      const bus = yield* PubSub.unbounded<RunEvent.RunEvent>()
      const subscription = yield* PubSub.subscribe(bus)
      let seen = 0
      let traced = 0
      let exchanges = 0
      const consumer = yield* Stream.fromSubscription(subscription).pipe(
        Stream.takeUntil(RunEvent.RunEvent.$is("RunFinished")),
        Stream.runForEach((event) =>
          Effect.sync(() => {
            seen++
            if (event._tag === "StepFinished" && event.result.trace !== undefined) {
              traced++
              exchanges += event.result.trace.attempts.reduce((n, a) => n + a.exchanges.length, 0)
            }
          })
        ),
        Effect.forkChild
      )
      gc()
      const before = process.memoryUsage().heapUsed
      let peak = before
      const sampler = setInterval(() => {
        peak = Math.max(peak, process.memoryUsage().heapUsed)
      }, 100)
      const started = Date.now()
      const summary = yield* Engine.run(planned, { events: bus, concurrency: 8, trace }).pipe(
        Effect.ensuring(Effect.sync(() => clearInterval(sampler)))
      )
      const elapsed = Date.now() - started
      yield* Fiber.join(consumer)
      gc()
      const after = process.memoryUsage().heapUsed
      const growth = after - before
      console.log(
        `engine memory (trace ${trace}): ${summary.counts.total} steps in ${elapsed} ms; heap ${mb(before)} MB -> ${mb(after)} MB ` +
          `(growth ${mb(growth)} MB after GC, peak ${mb(peak)} MB without GC), ${seen} events, ${traced} traces (${exchanges} exchanges)`
      )
      const failing = failEvery === 0
        ? 0
        : groups * Array.from({ length: stepsPerGroup - 3 }, (_, i) => i).filter((i) => i % 2 === 1 && i % failEvery === 1).length
      assert.strictEqual(summary.counts.total, groups * stepsPerGroup)
      assert.strictEqual(summary.counts.failed, failing, JSON.stringify(summary.statistics?.failures.slice(0, 3)))
      assert.strictEqual(summary.counts.passed, groups * stepsPerGroup - failing)
      assert.strictEqual(traced, trace === "on" ? groups * stepsPerGroup : failing)
      assert.strictEqual(exchanges, traced)
      assert.isBelow(growth, 50 * 1024 * 1024)
    }).pipe(
      Effect.scoped,
      Effect.provide(S3Clients.S3Clients.layer(suite().config).pipe(Layer.provideMerge(LocalS3.layer)))
    ), 600_000)
})
