import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import type { StepResult } from "../src/RunResult.ts"
import * as Stats from "../src/Stats.ts"

const result = (operation: string, durationMs: number, outcome: StepResult["outcome"] = "passed"): StepResult => ({
  group: "g",
  phase: "test",
  index: 0,
  name: operation,
  operation,
  credential: "main",
  outcome,
  durationMs,
  attempts: outcome === "skipped" ? 0 : 1,
  expected: { success: true }
})

describe("Stats", () => {
  it.effect("percentiles use the nearest rank", () =>
    Effect.sync(() => {
      const samples = Array.from({ length: 100 }, (_, i) => i + 1)
      const latency = Stats.latencyOf(samples)!
      assert.deepStrictEqual(latency, { count: 100, min: 1, mean: 50.5, p50: 50, p90: 90, p95: 95, p99: 99, max: 100 })
      assert.strictEqual(Stats.percentile([7], 99), 7)
      assert.isUndefined(Stats.latencyOf([]))
    }))

  it.effect("skipped steps count but have no latency; throughput uses the elapsed time", () =>
    Effect.sync(() => {
      const collector = Stats.makeCollector()
      collector.add(result("PutObject", 10))
      collector.add(result("PutObject", 30, "failed"))
      collector.add(result("GetObject", 0, "skipped"))
      const stats = collector.statistics(2_000)
      assert.strictEqual(stats.stepsRun, 2)
      assert.strictEqual(stats.throughput, 1)
      assert.deepStrictEqual(stats.operations.map((o) => [o.operation, o.counts.total, o.latency?.mean]), [
        ["PutObject", 2, 20],
        ["GetObject", 1, undefined]
      ])
      assert.deepStrictEqual(stats.failures.map((f) => f.outcome), ["failed"])
    }))

  it.effect("errored steps count and ran, but have no latency (no answer); flaky steps without the mark count by their attempts", () =>
    Effect.sync(() => {
      const collector = Stats.makeCollector()
      collector.add(result("PutObject", 10))
      collector.add(result("PutObject", 30_000, "errored"))
      collector.add({ ...result("PutObject", 20), attempts: 2 })
      const stats = collector.statistics(1_000)
      assert.strictEqual(stats.stepsRun, 3)
      const put = stats.operations[0]!
      assert.deepStrictEqual([put.counts.total, put.counts.errored, put.counts.flaky], [3, 1, 1])
      assert.deepStrictEqual([put.latency?.count, put.latency?.max, put.latency?.mean], [2, 20, 15])
    }))

  it.effect("the failure list is capped", () =>
    Effect.sync(() => {
      const collector = Stats.makeCollector()
      for (let i = 0; i < Stats.maxFailures + 5; i++) collector.add(result("PutObject", 1, "errored"))
      const stats = collector.statistics(1)
      assert.strictEqual(stats.failures.length, Stats.maxFailures)
      assert.strictEqual(stats.failuresOmitted, 5)
    }))

  it.effect("past the cap, every cleanup step that did not pass is still kept (the summary names it)", () =>
    Effect.sync(() => {
      const collector = Stats.makeCollector()
      for (let i = 0; i < Stats.maxFailures + 5; i++) collector.add(result("PutObject", 1, "failed"))
      collector.add({ ...result("DeleteBucket", 1, "errored"), group: "late", phase: "after_test" })
      collector.add(result("PutObject", 1, "failed"))
      const stats = collector.statistics(1)
      assert.strictEqual(stats.failures.length, Stats.maxFailures + 1)
      assert.strictEqual(stats.failuresOmitted, 6)
      assert.deepStrictEqual(stats.failures.filter((f) => f.phase === "after_test").map((f) => [f.group, f.name]), [["late", "DeleteBucket"]])
    }))
})
