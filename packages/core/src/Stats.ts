/**
 * The statistics of a run: counts and latency percentiles per operation, wall-clock throughput
 * and the list of steps that did not pass (expected vs actual). The collector keeps counts and one
 * number per step (its latency), never responses, so memory stays small for long runs.
 *
 * @since 0.1.0
 */
import type { SourcePosition } from "./Diagnostic.ts"
import { addOutcome, emptyCounts, isFlaky } from "./RunResult.ts"
import type { Actual, Counts, Outcome, StepResult } from "./RunResult.ts"
import type { Phase } from "./Suite.ts"

/**
 * Milliseconds; percentiles use the nearest-rank method; every figure is rounded to the microsecond
 * (3 decimals). Computed by {@link latencyOf} over the steps {@link hasLatency} accepts: the console,
 * the JSON and the HTML reports all show these figures.
 *
 * @category models
 * @since 0.1.0
 */
export interface Latency {
  readonly count: number
  readonly min: number
  readonly mean: number
  readonly p50: number
  readonly p90: number
  readonly p95: number
  readonly p99: number
  readonly max: number
}

/**
 * @category models
 * @since 0.1.0
 */
export interface OperationStats {
  readonly operation: string
  readonly counts: Counts
  /** Latency of the steps that got an answer (see {@link hasLatency}); absent when none did. */
  readonly latency?: Latency
}

/**
 * A step that failed, errored or was unsupported: what was expected and what came back.
 *
 * @category models
 * @since 0.1.0
 */
export interface Failure {
  readonly group: string
  readonly phase: Phase
  readonly index: number
  readonly name: string
  readonly operation: string
  readonly outcome: Outcome
  readonly expected: StepResult["expected"]
  readonly actual?: Actual
  readonly message?: string
  readonly source?: SourcePosition
}

/**
 * @category models
 * @since 0.1.0
 */
export interface Statistics {
  /** One entry per operation, in order of first appearance. */
  readonly operations: ReadonlyArray<OperationStats>
  /** Steps that were carried out (not skipped). */
  readonly stepsRun: number
  /** Steps carried out per second of the run's elapsed (wall-clock) time. */
  readonly throughput: number
  /**
   * Steps that did not pass (failed, errored, unsupported): every after_test one (what a summary
   * says about cleanup rests on them), and the first {@link maxFailures} of the others.
   */
  readonly failures: ReadonlyArray<Failure>
  /** How many more (before_test and test steps) did not pass but are left out of `failures`. */
  readonly failuresOmitted: number
}

/**
 * How many failures of before_test and test steps {@link Statistics} keeps (after_test ones are
 * all kept).
 *
 * @category constants
 * @since 0.1.0
 */
export const maxFailures = 1_000

/**
 * The value at percentile `p` (0-100) of ascending `sorted` samples (nearest rank).
 *
 * @category utils
 * @since 0.1.0
 */
export const percentile = (sorted: ArrayLike<number>, p: number): number => {
  if (sorted.length === 0) return 0
  const rank = Math.ceil((p / 100) * sorted.length)
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!
}

const round = (n: number): number => Math.round(n * 1000) / 1000

/**
 * Whether a step's duration counts in latency figures: the step ran (at least one attempt) and got
 * an answer. Skipped steps did not run; errored steps got no usable answer (network failure,
 * timeout), and their durations (often the timeout itself) would only distort the percentiles.
 *
 * @category predicates
 * @since 0.3.0
 */
export const hasLatency = (result: Pick<StepResult, "attempts" | "outcome">): boolean =>
  result.attempts > 0 && result.outcome !== "errored"

/**
 * The latency figures of `samples` (milliseconds, any order); `undefined` when there are none.
 *
 * @category utils
 * @since 0.1.0
 */
export const latencyOf = (samples: ArrayLike<number>): Latency | undefined => {
  if (samples.length === 0) return undefined
  const sorted = Float64Array.from(samples).sort()
  let sum = 0
  for (const sample of sorted) sum += sample
  return {
    count: sorted.length,
    min: round(sorted[0]!),
    mean: round(sum / sorted.length),
    p50: round(percentile(sorted, 50)),
    p90: round(percentile(sorted, 90)),
    p95: round(percentile(sorted, 95)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted[sorted.length - 1]!)
  }
}

/** Growable list of numbers, 8 bytes each. */
class Samples {
  private data = new Float64Array(64)
  length = 0
  push(value: number): void {
    if (this.length === this.data.length) {
      const next = new Float64Array(this.data.length * 2)
      next.set(this.data)
      this.data = next
    }
    this.data[this.length++] = value
  }
  view(): Float64Array {
    return this.data.subarray(0, this.length)
  }
}

/**
 * Accumulates step results as they finish.
 *
 * @category models
 * @since 0.1.0
 */
export interface Collector {
  readonly add: (result: StepResult) => void
  /** The statistics so far; `elapsedMs` is the run's wall-clock time. */
  readonly statistics: (elapsedMs: number) => Statistics
}

const failing: ReadonlySet<Outcome> = new Set(["failed", "errored", "unsupported"])

/**
 * @category constructors
 * @since 0.1.0
 */
export const makeCollector = (): Collector => {
  const operations = new Map<string, { counts: Counts; samples: Samples }>()
  const failures: Array<Failure> = []
  let omitted = 0
  /** Failures kept of before_test and test steps (capped at maxFailures). */
  let kept = 0
  let stepsRun = 0
  return {
    add: (result) => {
      let entry = operations.get(result.operation)
      if (entry === undefined) {
        entry = { counts: emptyCounts(), samples: new Samples() }
        operations.set(result.operation, entry)
      }
      entry.counts = addOutcome(entry.counts, result.outcome, isFlaky(result))
      if (result.attempts > 0) stepsRun++
      if (hasLatency(result)) entry.samples.push(result.durationMs)
      if (failing.has(result.outcome)) {
        if (result.phase !== "after_test" && kept >= maxFailures) omitted++
        else {
          if (result.phase !== "after_test") kept++
          failures.push({
            group: result.group,
            phase: result.phase,
            index: result.index,
            name: result.name,
            operation: result.operation,
            outcome: result.outcome,
            expected: result.expected,
            ...(result.actual === undefined ? {} : { actual: result.actual }),
            ...(result.message === undefined ? {} : { message: result.message }),
            ...(result.source === undefined ? {} : { source: result.source })
          })
        }
      }
    },
    statistics: (elapsedMs) => ({
      operations: [...operations].map(([operation, { counts, samples }]) => {
        const latency = latencyOf(samples.view())
        return latency === undefined ? { operation, counts } : { operation, counts, latency }
      }),
      stepsRun,
      throughput: elapsedMs > 0 ? round(stepsRun / (elapsedMs / 1000)) : 0,
      failures: [...failures],
      failuresOmitted: omitted
    })
  }
}
