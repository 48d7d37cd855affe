/** Engine.run's verdict on each answer, its messages, credentials, and redaction of secrets. */
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import type { Call } from "./support/engineRun.ts"
import { fail, makeSuite, noAnswer, runSuite, scripted, step } from "./support/engineRun.ts"

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
