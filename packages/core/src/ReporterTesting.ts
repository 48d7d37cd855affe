/**
 * Test fixtures for reporter authors: a recorded run to feed a reporter in its own tests, so a
 * third-party reporter can be checked against every outcome without an S3 server.
 *
 * @since 0.1.0
 */
import * as RunEvent from "./RunEvent.ts"
import * as RunResult from "./RunResult.ts"
import type { Phase } from "./Suite.ts"
import type * as Trace from "./Trace.ts"

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
      counts = RunResult.addOutcome(counts, s.outcome, RunResult.isFlaky(s))
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

/**
 * The credentials of {@link tracedEvents}' run: a reporter's output must never contain any of
 * their keys.
 *
 * @category fixtures
 * @since 0.3.0
 */
export const tracedSecrets: ReadonlyArray<string> = [
  "AKIDTRACEFIXTURE7Q",
  "wJalrXUtnFEMI/K7MDENG/bPxRfiCYtraceKEY",
  "FwoGZXIvYXdzEJr//////////wEaDtraceToken"
]

/**
 * A run of one group whose first step failed with its trace (two attempts, the first answered 503,
 * the second 200 with a body that does not match) and whose second step passed without one: the
 * trace is as the engine delivers it, redacted (`authorization: [redacted]`, the security token
 * and the presigned query's signature too). Replay it to check how a reporter shows traces.
 *
 * @category fixtures
 * @since 0.3.0
 */
export const tracedEvents = (): {
  readonly events: ReadonlyArray<RunEvent.RunEvent>
  readonly trace: Trace.Trace
  readonly startedAt: string
} => {
  const startedAt = "2026-11-24T05:00:00.100Z"
  const request = (attempt: number): Trace.Request => ({
    method: "GET",
    origin: "http://127.0.0.1:7480",
    path: "/s3t-trace/report%20%3Cb%3E.txt",
    query: "x-id=GetObject",
    headers: {
      host: "127.0.0.1:7480",
      "x-amz-date": `20261124T05000${attempt}Z`,
      "x-amz-security-token": "[redacted]",
      authorization: "[redacted]"
    }
  })
  const trace: Trace.Trace = {
    operation: "GetObject",
    parameters: { Bucket: "s3t-trace", Key: "report <b>.txt", SSECustomerKey: "[redacted]" },
    attempts: [
      {
        attempt: 1,
        startedAt,
        durationMs: 8.5,
        exchanges: [{
          startedAt,
          durationMs: 8.5,
          request: request(1),
          response: { status: 503, headers: { "x-amz-request-id": "tx-503", "retry-after": "1" }, body: { size: 0 } }
        }],
        error: "SlowDown: Please reduce your request rate (HTTP 503)"
      },
      {
        attempt: 2,
        startedAt: "2026-11-24T05:00:00.320Z",
        durationMs: 11.25,
        exchanges: [{
          startedAt: "2026-11-24T05:00:00.320Z",
          durationMs: 11.25,
          request: request(2),
          response: {
            status: 200,
            headers: { "content-type": "text/plain", "content-length": "5", etag: "\"5d41402abc4b2a76b9719d911017c592\"" },
            body: { size: 5, sha256: "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824", head: "hello", headEncoding: "utf8" }
          }
        }],
        response: { ContentLength: 5, ETag: "\"5d41402abc4b2a76b9719d911017c592\"", Body: { size: 5, head: "hello" } }
      }
    ]
  }
  const diff = "response does not match:\n  response.ContentLength: expected 6, got 5\n  response.ETag: expected \"abc\", got \"5d41402abc4b2a76b9719d911017c592\""
  const base = { group: "traced", phase: "test" as const, credential: "main", expected: { success: true } }
  const failed: RunResult.StepResult = {
    ...base,
    index: 0,
    name: "GetObject",
    operation: "GetObject",
    outcome: "failed",
    startedAt,
    durationMs: 230,
    attempts: 2,
    message: diff,
    actual: { success: true, httpStatus: 200, requestId: "tx-200" },
    trace
  }
  const passed: RunResult.StepResult = {
    ...base,
    index: 1,
    name: "HeadBucket",
    operation: "HeadBucket",
    outcome: "passed",
    durationMs: 3,
    attempts: 1,
    actual: { success: true, httpStatus: 200 }
  }
  const events = eventsOf([{ name: "traced", tags: [], steps: [failed, passed] }], {
    runId: "trace1234",
    endpoint: "http://127.0.0.1:7480",
    startedAt: "2026-11-24T05:00:00.000Z",
    durationMs: 400,
    groupDurationMs: 300
  })
  return { events, trace, startedAt }
}
