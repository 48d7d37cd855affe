/** Engine.run's retries: which steps retry, the recorded attempts, flaky passes and the backoff. */
import { assert, describe, it } from "@effect/vitest"
import { Clock, Effect, Fiber } from "effect"
import { TestClock } from "effect/testing"
import { isSuccess } from "../src/RunResult.ts"
import { CallError } from "../src/S3Clients.ts"
import type { TestRequest } from "../src/S3Clients.ts"
import type { Answer } from "./support/engineRun.ts"
import { byName, makeSuite, okWith, runSuite, serviceError } from "./support/engineRun.ts"

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
