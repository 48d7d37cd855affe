/**
 * What a run produces: one {@link StepResult} per step, one {@link GroupResult} per group and a
 * {@link Summary} for the run. These are plain data so reporters and merged reports can use them.
 *
 * @since 0.1.0
 */
import type { Diff as BaselineDiff } from "./Baseline.ts"
import type { SourcePosition } from "./Diagnostic.ts"
import type { Statistics } from "./Stats.ts"
import type { Phase } from "./Suite.ts"
import type { Trace } from "./Trace.ts"

/**
 * - `passed`: the answer matched the expectation.
 * - `failed`: the answer contradicts the expectation.
 * - `errored`: no usable answer (network, timeout, invalid parameters, a crash in our code).
 * - `skipped`: not run (filtered out, or its group's before_test failed).
 * - `unsupported`: the server answered NotImplemented / 501 where success was expected.
 * - `known`: the check deviated from the expectation exactly as its target's profile declares (not a failure).
 * - `fixed`: the profile declares a deviation that did not happen: the check passes (a failure under
 *   `strictProfile`, so stale profile entries are caught).
 *
 * @category models
 * @since 0.1.0
 */
export type Outcome = "passed" | "failed" | "errored" | "skipped" | "unsupported" | "known" | "fixed"

/**
 * @category constants
 * @since 0.1.0
 */
export const outcomes: ReadonlyArray<Outcome> = [
  "passed",
  "failed",
  "errored",
  "skipped",
  "unsupported",
  "known",
  "fixed"
]

/**
 * A declared deviation as reports show it.
 *
 * @category models
 * @since 0.2.0
 */
export interface DeviationNote {
  /** What the profile says the server does instead, in words (`error_code NoSuchKey`, `unsupported`). */
  readonly observed: string
  readonly reason: string
  readonly link?: string
  /** The profile it comes from (`ceph-rgw-16`). */
  readonly profile: string
}

/**
 * What the server actually answered (or what went wrong before it could).
 *
 * @category models
 * @since 0.1.0
 */
export interface Actual {
  readonly success: boolean
  readonly httpStatus?: number
  readonly errorCode?: string
  readonly errorMessage?: string
  readonly requestId?: string
}

/**
 * One attempt of a step that was retried.
 *
 * @category models
 * @since 0.1.0
 */
export interface Attempt {
  /** The attempt's own verdict. */
  readonly outcome: Outcome
  readonly durationMs: number
  readonly httpStatus?: number
  readonly errorCode?: string
  /** Why it did not pass, already redacted. */
  readonly message?: string
}

/**
 * @category models
 * @since 0.1.0
 */
export interface StepResult {
  readonly group: string
  /** The id of the check (group) the step belongs to, when the group is a check. */
  readonly check?: string
  readonly phase: Phase
  /** Position of the step in its phase (0-based). */
  readonly index: number
  readonly id?: string
  /** Display name: the step's `name`, else its operation. */
  readonly name: string
  readonly operation: string
  /** The credential's name (never its keys). */
  readonly credential: string
  readonly outcome: Outcome
  /** ISO time the step started (absent for a step that did not run), for timelines. */
  readonly startedAt?: string
  readonly durationMs: number
  /** How many calls were made (0: the step did not run; more than 1: it was retried). */
  readonly attempts: number
  /** Every attempt, in order, when the step was retried (absent after a single attempt). */
  readonly attemptLog?: ReadonlyArray<Attempt>
  /** True when the step passed only on a retry. */
  readonly flaky?: boolean
  /** Why the step did not pass (or was skipped), already redacted. */
  readonly message?: string
  readonly expected: { readonly success: boolean; readonly errorCode?: string; readonly httpStatus?: number }
  readonly actual?: Actual
  readonly source?: SourcePosition
  /** What was sent and received, when traces are on (`--trace`), already redacted. */
  readonly trace?: Trace
}

/**
 * @category models
 * @since 0.1.0
 */
export type Counts = { readonly [K in Outcome]: number } & {
  readonly total: number
  /** Steps that passed only on a retry (they are also counted as passed). */
  readonly flaky: number
}

/**
 * @category models
 * @since 0.1.0
 */
export interface GroupResult {
  readonly name: string
  /** The check id (`multipart/complete-too-small`) when the group is a check. */
  readonly id?: string
  readonly area?: string
  /** The page that documents the behaviour the check expects. */
  readonly doc?: string
  /** The profile's declared deviation that applied to this check, if any. */
  readonly deviation?: DeviationNote
  readonly tags: ReadonlyArray<string>
  /** `passed` when every step passed; otherwise the worst outcome of its steps. */
  readonly outcome: Outcome
  readonly durationMs: number
  readonly counts: Counts
}

/**
 * @category models
 * @since 0.1.0
 */
export interface Summary {
  readonly runId: string
  readonly startedAt: string
  readonly finishedAt: string
  readonly durationMs: number
  readonly endpoint: string
  readonly counts: Counts
  readonly groups: ReadonlyArray<GroupResult>
  /** True when the run was interrupted (Ctrl-C) before every group finished. */
  readonly interrupted: boolean
  /** The target's name when it has one (conformance runs: `ceph-rgw`), for reports and the matrix. */
  readonly target?: string
  /** The profile of declared deviations the checks were judged against. */
  readonly profile?: string
  /** The comparison with a baseline report, when one was given. */
  readonly baseline?: BaselineDiff
  /**
   * Per-operation counts and latencies, throughput, and the failure list. The engine always sets
   * it; a summary merged from shards may lack it (percentiles do not merge).
   */
  readonly statistics?: Statistics
}

/**
 * @category constructors
 * @since 0.1.0
 */
export const emptyCounts = (): Counts => ({
  total: 0,
  passed: 0,
  failed: 0,
  errored: 0,
  skipped: 0,
  unsupported: 0,
  known: 0,
  fixed: 0,
  flaky: 0
})

/**
 * @category combinators
 * @since 0.1.0
 */
export const addOutcome = (counts: Counts, outcome: Outcome, flaky = false): Counts => {
  // every field written out, in emptyCounts' order: a spread with a computed key is V8's slow path
  // (~50x slower, and this runs for every step, several times)
  const next: { -readonly [K in keyof Counts]: number } = {
    total: counts.total + 1,
    passed: counts.passed,
    failed: counts.failed,
    errored: counts.errored,
    skipped: counts.skipped,
    unsupported: counts.unsupported,
    known: counts.known,
    fixed: counts.fixed,
    flaky: counts.flaky + (flaky ? 1 : 0)
  }
  next[outcome] += 1
  return next
}

/**
 * Whether a step passed only on a retry. The engine marks such steps `flaky: true`; results
 * without the mark (older reports) count as flaky when they passed after more than one attempt.
 *
 * @category predicates
 * @since 0.3.0
 */
export const isFlaky = (step: Pick<StepResult, "flaky" | "outcome" | "attempts">): boolean =>
  step.flaky ?? (step.outcome === "passed" && step.attempts > 1)

const severity: Record<Outcome, number> = {
  passed: 0,
  known: 1,
  skipped: 2,
  unsupported: 3,
  fixed: 4,
  failed: 5,
  errored: 6
}

/**
 * The outcome that describes a set of counts:
 * `errored` > `failed` > `fixed` > `unsupported` > `skipped` > `known` > `passed`.
 *
 * @category combinators
 * @since 0.1.0
 */
export const worstOutcome = (counts: Counts): Outcome =>
  outcomes.reduce<Outcome>(
    (worst, outcome) => (counts[outcome] > 0 && severity[outcome] > severity[worst] ? outcome : worst),
    "passed"
  )

/**
 * Whether a run with these counts is a success. `strict` counts unsupported as a failure,
 * `failOnFlaky` counts a step that passed only on a retry as a failure.
 *
 * @category predicates
 * @since 0.1.0
 */
export const isSuccess = (
  counts: Counts,
  options?: { readonly strict?: boolean; readonly failOnFlaky?: boolean; readonly strictProfile?: boolean }
): boolean =>
  counts.failed === 0 && counts.errored === 0 && (options?.strict === true ? counts.unsupported === 0 : true) &&
  (options?.failOnFlaky === true ? counts.flaky === 0 : true) &&
  (options?.strictProfile === true ? (counts.fixed ?? 0) === 0 : true)

/**
 * Whether a run is a success: its counts (see {@link isSuccess}), not interrupted, and no
 * regression against its baseline.
 *
 * @category predicates
 * @since 0.2.0
 */
export const isRunSuccess = (
  summary: Pick<Summary, "counts" | "interrupted" | "baseline">,
  options?: { readonly strict?: boolean; readonly failOnFlaky?: boolean; readonly strictProfile?: boolean }
): boolean =>
  !summary.interrupted && isSuccess(summary.counts, options) && (summary.baseline?.regressions.length ?? 0) === 0

/**
 * @category combinators
 * @since 0.1.0
 */
export const mergeCounts = (a: Counts, b: Counts): Counts => ({
  total: a.total + b.total,
  passed: a.passed + b.passed,
  failed: a.failed + b.failed,
  errored: a.errored + b.errored,
  skipped: a.skipped + b.skipped,
  unsupported: a.unsupported + b.unsupported,
  known: (a.known ?? 0) + (b.known ?? 0),
  fixed: (a.fixed ?? 0) + (b.fixed ?? 0),
  flaky: a.flaky + b.flaky
})
