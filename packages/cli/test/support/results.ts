import type { RunResult } from "@s3tester/core"

/** A step's result as the engine reports it (group `g`, operation named like the step). */
export const result = (name: string, outcome: RunResult.Outcome, extra: Partial<RunResult.StepResult> = {}): RunResult.StepResult => ({
  group: "g",
  phase: "test",
  index: 0,
  name,
  operation: name,
  credential: "main",
  outcome,
  durationMs: 12,
  attempts: 1,
  expected: { success: true },
  ...extra
})

/** A run's summary with these counts (1.5s). */
export const summary = (counts: RunResult.Counts): RunResult.Summary => ({
  runId: "r",
  startedAt: "",
  finishedAt: "",
  durationMs: 1_500,
  endpoint: "e",
  counts,
  groups: [],
  interrupted: false
})
