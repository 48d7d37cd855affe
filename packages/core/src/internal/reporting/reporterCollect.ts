import type { HookResult, Reporter, RunStart } from "../../Reporter.ts"
import { isFlaky } from "../../RunResult.ts"
import type { Counts, GroupResult, StepResult, Summary } from "../../RunResult.ts"
import * as Stats from "../../Stats.ts"
import { phases } from "../../Suite.ts"

/**
 * Latency of one operation, as reports write it: the figures of {@link Stats.latencyOf} over the
 * steps {@link Stats.hasLatency} accepts (so they equal the console's), with `Ms` names.
 */
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

/** Per-operation latency, sorted by operation name. */
export const latencyByOperation = (steps: Iterable<StepResult>): ReadonlyArray<OperationLatency> => {
  const byOperation = new Map<string, Array<number>>()
  for (const step of steps) {
    if (!Stats.hasLatency(step)) continue
    const list = byOperation.get(step.operation) ?? []
    list.push(step.durationMs)
    byOperation.set(step.operation, list)
  }
  return [...byOperation.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .flatMap(([operation, samples]) => {
      const latency = Stats.latencyOf(samples)
      return latency === undefined ? [] : [{
        operation,
        count: latency.count,
        minMs: latency.min,
        meanMs: latency.mean,
        p50Ms: latency.p50,
        p90Ms: latency.p90,
        p95Ms: latency.p95,
        p99Ms: latency.p99,
        maxMs: latency.max
      }]
    })
}

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
