/**
 * The console modes are reporters like the others (fed by core's Reporters runner), resolved by
 * name in one place with json/junit/html and plugin reporters; `--verbose` shows the trace of a
 * step that did not pass.
 */
import { assert, describe, it } from "@effect/vitest"
import { Reporters, RunEvent, RunResult } from "@s3tester/core"
import type { Trace } from "@s3tester/core"
import { mkdtempSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Effect } from "effect"
import { consoleReporter } from "../src/internal/console/ConsoleReporter.ts"
import type { Detail } from "../src/internal/console/consoleFormat.ts"
import { stepLines, summaryLines } from "../src/internal/console/consoleFormat.ts"
import { loadReporters, reporterInputs, reportingOptions } from "../src/internal/reporting.ts"
import { result, summary } from "./support/results.ts"

const trace: Trace.Trace = {
  operation: "GetObject",
  parameters: { Bucket: "b", Key: "k" },
  attempts: [
    {
      attempt: 1,
      startedAt: "2026-01-01T00:00:00.000Z",
      durationMs: 40,
      exchanges: [{
        startedAt: "2026-01-01T00:00:00.000Z",
        durationMs: 35,
        request: {
          method: "GET",
          origin: "http://127.0.0.1:7480",
          path: "/b/k",
          query: "versionId=v1",
          headers: { authorization: "[redacted]", host: "127.0.0.1:7480" }
        },
        response: {
          status: 503,
          headers: { "x-amz-request-id": "req-1", "content-type": "application/xml" },
          body: { size: 120, sha256: "ab".repeat(32), head: "<Error><Code>SlowDown</Code></Error>", headEncoding: "utf8", truncated: true }
        }
      }]
    },
    {
      attempt: 2,
      startedAt: "2026-01-01T00:00:01.000Z",
      durationMs: 5_000,
      exchanges: [{
        startedAt: "2026-01-01T00:00:01.000Z",
        durationMs: 5_000,
        request: { method: "GET", origin: "http://127.0.0.1:7480", path: "/b/k", query: "", headers: {} },
        error: "timed out after 5s"
      }],
      exchangesOmitted: 2,
      error: "timed out after 5s"
    }
  ]
}

/** A GetObject step named "read" that took two attempts. */
const read = (outcome: RunResult.Outcome, extra: Partial<RunResult.StepResult> = {}) =>
  result("read", outcome, { operation: "GetObject", attempts: 2, ...extra })

const eventsOf = (results: ReadonlyArray<RunResult.StepResult>): ReadonlyArray<RunEvent.RunEvent> => {
  const counts = results.reduce((c, r) => RunResult.addOutcome(c, r.outcome, r.flaky === true), RunResult.emptyCounts())
  return [
    RunEvent.RunEvent.RunStarted({ runId: "r", endpoint: "e", groups: [{ name: "g", steps: results.length }], totalSteps: results.length }),
    RunEvent.RunEvent.GroupStarted({ group: "g" }),
    ...results.map((r) => RunEvent.RunEvent.StepFinished({ result: r })),
    RunEvent.RunEvent.RunFinished({ summary: summary(counts) })
  ]
}

const verdict = { strict: false, failOnFlaky: false }

describe("--verbose and traces", () => {
  it("prints the trace of a step that did not pass: request line, status, headers, bodies, attempts", () => {
    const lines = stepLines(read("errored", { message: "timed out after 5s", trace }), "verbose").join("\n")
    assert.include(lines, "trace of GetObject (2 attempts):")
    assert.include(lines, "attempt 1 ")
    assert.include(lines, "GET http://127.0.0.1:7480/b/k?versionId=v1 35ms")
    assert.include(lines, "-> HTTP 503")
    assert.include(lines, "x-amz-request-id: req-1")
    assert.include(lines, `response body: 120 bytes, sha256 ${"ab".repeat(8)}…, "<Error><Code>SlowDown</Code></Error>"…`)
    assert.include(lines, "attempt 2 ")
    assert.include(lines, "GET http://127.0.0.1:7480/b/k 5.00s")
    assert.include(lines, "-> timed out after 5s")
    assert.include(lines, "… 2 more exchanges, not kept")
    assert.notInclude(lines, "authorization") // request headers are not printed; the response's are
  })

  it("prints no trace without --verbose, nor for a step that passed", () => {
    const cases: ReadonlyArray<[Detail, RunResult.Outcome]> = [["normal", "failed"], ["quiet", "failed"], ["verbose", "passed"]]
    for (const [detail, outcome] of cases) {
      assert.notInclude(stepLines(read(outcome, { trace }), detail).join("\n"), "trace of", `${detail} ${outcome}`)
    }
  })
})

describe("console modes as reporters", () => {
  it.effect("a console mode fed by the reporter runner prints what its display prints", () =>
    Effect.gen(function*() {
      let out = ""
      const writers = { writeLine: (line: string) => void (out += `${line}\n`), write: (text: string) => void (out += text) }
      const reporter = consoleReporter({ mode: "list", detail: "verbose", verdict }, writers)
      const outcome = yield* Reporters.replay(eventsOf([read("passed"), read("failed", { message: "wrong", trace })]), [reporter])
      assert.isFalse(outcome.failed)
      assert.include(out, "Running 2 steps in 1 group")
      assert.include(out, "  ✓ g > test > read [main] passed 12ms (2 attempts)")
      assert.include(out, "GET http://127.0.0.1:7480/b/k?versionId=v1")
      assert.include(out, "1 passed, 1 failed")
    }))

  it("the console shows the mode named last, or the default when none is named", () => {
    const setup = { mode: "dot" as const, detail: "normal" as const, verdict, canAnimate: false }
    const none = reportingOptions(undefined, ["json"], setup)
    assert.deepStrictEqual(none.options.extraReporters?.map((r) => r.name), ["dot"])
    const named = reportingOptions(undefined, ["list", "json:out/r.json", "progress"], setup)
    assert.deepStrictEqual(named.options.extraReporters, [])
    assert.deepStrictEqual(named.options.reporters, ["list", ["json", { output: "out/r.json" }], "progress"])
    const builtIns = named.options.builtInReporters!
    const context = { outputDir: "/tmp", toolVersion: "0" }
    const make = (name: string) => (builtIns[name] as { make: (o: unknown, c: typeof context) => { name: string; onStepEnd?: unknown } }).make(undefined, context)
    // progress cannot animate here: it shows as list; the list named before it shows nothing
    assert.strictEqual(make("progress").name, "list")
    assert.isUndefined(make("list").onStepEnd)
    named.close()
    none.close()
  })

  it.effect("console modes, json and blob resolve by name in the same place; an unknown name lists them all", () =>
    Effect.gen(function*() {
      const outputDir = mkdtempSync(join(tmpdir(), "s3t-reporters-"))
      const reporters = yield* loadReporters(["dot", "json", "blob"], { outputDir })
      assert.deepStrictEqual(reporters.map((r) => r.name), ["dot", "json", "blob"])
      const error = yield* Effect.flip(loadReporters(["jsno"], { outputDir }))
      assert.match(error.message, /unknown reporter "jsno" \(did you mean "json"\?\)/)
      assert.match(error.message, /known reporters are list, dot, progress, json, junit, html, blob;/)
      assert.match(error.message, /at --reporter/)
    }))

  it("--reporter name:path becomes [name, { output }]; a bare name stays a name", () => {
    assert.deepStrictEqual(reporterInputs(["junit", "json:r.json", "html:"]), ["junit", ["json", { output: "r.json" }], "html"])
  })

  it("the summary names a cleanup step the server does not implement apart from a cleanup that failed", () => {
    const failure = (group: string, name: string, outcome: RunResult.Outcome, message: string) => ({
      group, phase: "after_test" as const, index: 0, name, operation: name, outcome, expected: { success: true }, message
    })
    const counts = { ...RunResult.emptyCounts(), total: 4, passed: 2, unsupported: 2 }
    const statistics = (failures: ReadonlyArray<ReturnType<typeof failure>>) => ({
      operations: [], stepsRun: 4, throughput: 1, failures, failuresOmitted: 0
    })
    const unsupportedOnly = summaryLines({
      ...summary(counts),
      interrupted: true,
      statistics: statistics([failure("policy", "DeleteBucketPolicy", "unsupported", "not implemented: NotImplemented (501)")])
    })
    assert.deepStrictEqual(unsupportedOnly.slice(0, 2), [
      "cleanup step unsupported: policy: DeleteBucketPolicy: not implemented: NotImplemented (501)",
      "Interrupted: cleanup ran for every started group."
    ])
    const thenFailed = summaryLines({
      ...summary(counts),
      interrupted: true,
      statistics: statistics([
        failure("policy", "DeleteBucketPolicy", "unsupported", "not implemented: NotImplemented (501)"),
        failure("policy", "EmptyBucket", "failed", "expected success, got AccessDenied (403)")
      ])
    })
    assert.deepStrictEqual(thenFailed.slice(0, 2), [
      "cleanup failed: policy: EmptyBucket: expected success, got AccessDenied (403) (and 1 more after_test step)",
      "Interrupted: cleanup did not fully pass for 1 group (resources may be left on the server)."
    ])
  })
})
