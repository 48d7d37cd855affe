import * as RunEvent from "../../src/RunEvent.ts"
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
): ReadonlyArray<RunEvent.RunEvent> => {
  const events: Array<RunEvent.RunEvent> = [
    RunEvent.RunEvent.RunStarted({
      runId,
      endpoint: "http://s3.test",
      groups: groups.map(([name, outcomes]) => ({ name, steps: outcomes.length })),
      totalSteps: groups.reduce((n, [, o]) => n + o.length, 0)
    })
  ]
  const results: Array<RunResult.GroupResult> = []
  for (const [name, outcomes] of groups) {
    events.push(RunEvent.RunEvent.GroupStarted({ group: name }))
    let counts = RunResult.emptyCounts()
    outcomes.forEach((outcome, i) => {
      events.push(RunEvent.RunEvent.StepFinished({ result: step(name, i, outcome) }))
      counts = RunResult.addOutcome(counts, outcome)
    })
    const result: RunResult.GroupResult = { name, tags: ["t"], outcome: RunResult.worstOutcome(counts), durationMs: 5, counts }
    results.push(result)
    events.push(RunEvent.RunEvent.GroupFinished({ result }))
  }
  events.push(
    RunEvent.RunEvent.RunFinished({
      summary: {
        runId,
        startedAt: "2026-01-01T00:00:00.000Z",
        finishedAt: "2026-01-01T00:00:01.000Z",
        durationMs: 1000,
        endpoint: "http://s3.test",
        counts: results.reduce((c, g) => RunResult.mergeCounts(c, g.counts), RunResult.emptyCounts()),
        groups: results,
        interrupted: false
      }
    })
  )
  return events
}
