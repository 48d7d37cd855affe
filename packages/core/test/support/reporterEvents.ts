import * as ReporterTesting from "../../src/ReporterTesting.ts"
import type * as RunEvent from "../../src/RunEvent.ts"
import * as RunResult from "../../src/RunResult.ts"
import type { Phase } from "../../src/Suite.ts"

export const step = (
  group: string,
  index: number,
  outcome: RunResult.Outcome,
  extra: Partial<RunResult.StepResult> = {}
): RunResult.StepResult => ({
  group,
  phase: "test" as Phase,
  index,
  name: extra.operation ?? "PutObject",
  operation: "PutObject",
  credential: "main",
  outcome,
  durationMs: 10 + index,
  attempts: 1,
  expected: { success: true },
  actual: { success: outcome === "passed", httpStatus: outcome === "passed" ? 200 : 403, requestId: `req-${group}-${index}` },
  ...extra
})

/** The events of a run of `groups` (name -> outcomes of its test steps). */
export const runEvents = (
  groups: ReadonlyArray<readonly [string, ReadonlyArray<RunResult.Outcome>]>,
  runId = "run1"
): ReadonlyArray<RunEvent.RunEvent> =>
  ReporterTesting.eventsOf(
    groups.map(([name, outcomes]) => ({ name, tags: ["t"], steps: outcomes.map((outcome, i) => step(name, i, outcome)) })),
    { runId, endpoint: "http://s3.test", startedAt: "2026-01-01T00:00:00.000Z", durationMs: 1000, groupDurationMs: 5 }
  )
