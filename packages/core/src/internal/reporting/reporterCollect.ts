import type { HookResult, Reporter, RunStart } from "../../Reporter.ts"
import type { Counts, GroupResult, StepResult, Summary } from "../../RunResult.ts"
import { phases } from "../../Suite.ts"

/** Latency of one operation over the steps that got an answer (not skipped, not errored). */
export interface OperationLatency {
  readonly operation: string
  readonly count: number
  readonly minMs: number
  readonly meanMs: number
  readonly p50Ms: number
  readonly p90Ms: number
  readonly p95Ms: number
  readonly p99Ms: number
  readonly maxMs: number
}

export interface CollectedGroup extends GroupResult {
  /** In phase order (before_test, test, after_test), then step order. */
  readonly steps: ReadonlyArray<StepResult>
}

/** Everything a whole-run report needs, gathered from the event stream. */
export interface CollectedRun {
  readonly summary: Summary
  /** Counts plus `flaky`: steps that passed after more than one attempt. */
  readonly counts: Counts & { readonly flaky: number }
  readonly groups: ReadonlyArray<CollectedGroup>
  readonly latency: ReadonlyArray<OperationLatency>
  /** The RunStarted event (absent only if the reporter was attached late). */
  readonly start?: RunStart
}

/** Nearest-rank percentile of sorted values. */
export const percentile = (sorted: ReadonlyArray<number>, p: number): number => {
  if (sorted.length === 0) return 0
  const rank = Math.ceil((p / 100) * sorted.length)
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!
}

const round = (ms: number) => Math.round(ms * 100) / 100

/** Per-operation latency, sorted by operation name. */
export const latencyByOperation = (steps: Iterable<StepResult>): ReadonlyArray<OperationLatency> => {
  const byOperation = new Map<string, Array<number>>()
  for (const step of steps) {
    if (step.outcome === "skipped" || step.outcome === "errored") continue
    const list = byOperation.get(step.operation) ?? []
    list.push(step.durationMs)
    byOperation.set(step.operation, list)
  }
  return [...byOperation.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([operation, values]) => {
      const sorted = [...values].sort((a, b) => a - b)
      return {
        operation,
        count: sorted.length,
        minMs: round(sorted[0] ?? 0),
        meanMs: round(sorted.reduce((s, v) => s + v, 0) / Math.max(1, sorted.length)),
        p50Ms: round(percentile(sorted, 50)),
        p90Ms: round(percentile(sorted, 90)),
        p95Ms: round(percentile(sorted, 95)),
        p99Ms: round(percentile(sorted, 99)),
        maxMs: round(sorted[sorted.length - 1] ?? 0)
      }
    })
}

/** The engine marks flaky steps; older results: passed after more than one attempt. */
export const isFlaky = (step: StepResult): boolean =>
  step.flaky ?? (step.outcome === "passed" && step.attempts > 1)

const stepOrder = (a: StepResult, b: StepResult) =>
  phases.indexOf(a.phase) - phases.indexOf(b.phase) || a.index - b.index

/**
 * Hooks that gather the run and call `finish` once, at the end, with the whole of it. Spread them
 * into a reporter: `{ name, apiVersion: 1, ...Reporter.collect((run) => [{ path, content }]) }`.
 */
export const collect = (
  finish: (run: CollectedRun) => HookResult
): Required<Pick<Reporter, "onRunStart" | "onStepEnd" | "onGroupEnd" | "onRunEnd">> => {
  let start: RunStart | undefined
  const steps = new Map<string, Array<StepResult>>()
  return {
    onRunStart: (run) => {
      start = run
    },
    onStepEnd: (result) => {
      const list = steps.get(result.group) ?? []
      list.push(result)
      steps.set(result.group, list)
    },
    onGroupEnd: () => undefined,
    onRunEnd: (summary) => {
      const collected: Array<CollectedGroup> = summary.groups.map((group) => ({
        ...group,
        steps: [...(steps.get(group.name) ?? [])].sort(stepOrder)
      }))
      const all = collected.flatMap((group) => group.steps)
      const flaky = typeof summary.counts.flaky === "number"
        ? summary.counts.flaky
        : all.filter(isFlaky).length
      return finish({
        summary,
        counts: { ...summary.counts, flaky },
        groups: collected,
        latency: latencyByOperation(all),
        ...(start === undefined ? {} : { start })
      })
    }
  }
}
