/**
 * Test fixtures for reporter authors: a recorded run to feed a reporter in its own tests, so a
 * third-party reporter can be checked against every outcome without an S3 server.
 *
 * @since 0.1.0
 */
import * as RunEvent from "./RunEvent.ts"
import * as RunResult from "./RunResult.ts"
import type { Phase } from "./Suite.ts"

/** A group and key name that must show as text in every report. */
const evil = "<script>alert(1)</script>"

const step = (group: string, phase: Phase, index: number, operation: string, outcome: RunResult.Outcome, extra: Partial<RunResult.StepResult> = {}): RunResult.StepResult => ({
  group,
  phase,
  index,
  name: operation,
  operation,
  credential: "main",
  outcome,
  durationMs: 12 + index * 7,
  attempts: 1,
  expected: { success: true },
  ...(outcome === "skipped" ? {} : { actual: { success: outcome === "passed", httpStatus: outcome === "passed" ? 200 : 404, requestId: `tx-${group.length}-${index}` } }),
  ...extra
})

/**
 * The events of a small finished run with every outcome, a flaky step, duplicate step names and a
 * hostile group and key name (`<script>alert(1)</script>`): replay them into a reporter in its tests.
 *
 * @example
 * for (const event of ReporterTesting.sampleEvents()) { ... feed the reporter's hooks ... }
 *
 * @category fixtures
 * @since 0.1.0
 */
export const sampleEvents = (): ReadonlyArray<RunEvent.RunEvent> => {
  const groups: ReadonlyArray<{ name: string; tags: ReadonlyArray<string>; steps: ReadonlyArray<RunResult.StepResult> }> = [
    {
      name: "object-crud",
      tags: ["smoke", "objects"],
      steps: [
        step("object-crud", "before_test", 0, "CreateBucket", "passed"),
        step("object-crud", "test", 0, "PutObject", "passed"),
        step("object-crud", "test", 1, "GetObject", "failed", {
          message: `expected the error NoSuchKey, got success for key ${evil}`,
          expected: { success: false, errorCode: "NoSuchKey", httpStatus: 404 },
          actual: { success: true, httpStatus: 200, requestId: "tx000-req-failed" }
        }),
        step("object-crud", "test", 2, "GetObject", "passed", { attempts: 2, flaky: true }),
        step("object-crud", "after_test", 0, "DeleteBucket", "passed")
      ]
    },
    {
      name: evil,
      tags: ["xss", "a&b"],
      steps: [
        step(evil, "test", 0, "PutObjectTagging", "unsupported", { message: "NotImplemented (501)", actual: { success: false, httpStatus: 501, errorCode: "NotImplemented" } }),
        step(evil, "test", 1, "ListObjectsV2", "errored", { message: "connect ECONNREFUSED \u0001 & <x>", actual: { success: false, errorCode: "TimeoutError" } }),
        step(evil, "test", 2, "PutObject", "skipped", { message: "before_test failed" })
      ]
    }
  ]
  return eventsOf(groups, {
    runId: "abcd1234",
    endpoint: "http://127.0.0.1:7480",
    startedAt: "2026-11-24T05:00:00.000Z",
    durationMs: 1500,
    groupDurationMs: 250
  })
}

/**
 * A group of a recorded run: its name, tags and step results, in the order they finished.
 *
 * @category models
 * @since 0.1.0
 */
export interface RecordedGroup {
  readonly name: string
  readonly tags: ReadonlyArray<string>
  readonly steps: ReadonlyArray<RunResult.StepResult>
}

/**
 * The events a run of these groups publishes, in order (RunStarted, then per group GroupStarted,
 * StepFinished..., GroupFinished, then RunFinished with the summary): build your own fixture runs.
 *
 * @category fixtures
 * @since 0.1.0
 */
export const eventsOf = (
  groups: ReadonlyArray<RecordedGroup>,
  run: {
    readonly runId: string
    readonly endpoint: string
    readonly startedAt: string
    readonly durationMs: number
    readonly groupDurationMs: number
  }
): ReadonlyArray<RunEvent.RunEvent> => {
  const events: Array<RunEvent.RunEvent> = [
    RunEvent.RunEvent.RunStarted({
      runId: run.runId,
      endpoint: run.endpoint,
      groups: groups.map((g) => ({ name: g.name, steps: g.steps.length })),
      totalSteps: groups.reduce((n, g) => n + g.steps.length, 0)
    })
  ]
  const results: Array<RunResult.GroupResult> = []
  for (const g of groups) {
    events.push(RunEvent.RunEvent.GroupStarted({ group: g.name }))
    let counts = RunResult.emptyCounts()
    for (const s of g.steps) {
      events.push(RunEvent.RunEvent.StepFinished({ result: s }))
      counts = RunResult.addOutcome(counts, s.outcome, s.flaky === true)
    }
    const result: RunResult.GroupResult = {
      name: g.name,
      tags: g.tags,
      outcome: RunResult.worstOutcome(counts),
      durationMs: run.groupDurationMs,
      counts
    }
    results.push(result)
    events.push(RunEvent.RunEvent.GroupFinished({ result }))
  }
  events.push(RunEvent.RunEvent.RunFinished({
    summary: {
      runId: run.runId,
      startedAt: run.startedAt,
      finishedAt: new Date(Date.parse(run.startedAt) + run.durationMs).toISOString(),
      durationMs: run.durationMs,
      endpoint: run.endpoint,
      counts: results.reduce((c, g) => RunResult.mergeCounts(c, g.counts), RunResult.emptyCounts()),
      groups: results,
      interrupted: false
    }
  }))
  return events
}

/**
 * A reporter context for tests (output directory, tool version, region).
 *
 * @category fixtures
 * @since 0.1.0
 */
export const context = { outputDir: "unused", toolVersion: "0.1.0", region: "us-east-1" }
