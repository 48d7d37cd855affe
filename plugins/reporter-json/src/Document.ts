/**
 * The JSON report's document, built from a collected run. Its shape is documented by
 * `schema/report.schema.json` (JSON Schema draft 2020-12).
 *
 * @since 0.1.0
 */
import { type Baseline, type Reporter, RunResult } from "@s3tester/core"

/**
 * The document's format version (a breaking change of the shape increments it).
 *
 * @category constants
 * @since 0.1.0
 */
export const version = 2 as const

/**
 * @category models
 * @since 0.1.0
 */
export interface JsonStep {
  readonly phase: string
  readonly index: number
  readonly id?: string
  readonly name: string
  readonly operation: string
  readonly credential: string
  readonly outcome: RunResult.Outcome
  readonly flaky: boolean
  readonly durationMs: number
  readonly attempts: number
  readonly expected: RunResult.StepResult["expected"]
  readonly actual: {
    readonly success?: boolean
    readonly httpStatus?: number
    readonly errorCode?: string
    readonly requestId?: string
  }
  readonly message?: string
  readonly source?: { readonly file: string; readonly line: number; readonly column: number }
}

/**
 * @category models
 * @since 0.1.0
 */
export interface JsonReport {
  readonly version: typeof version
  readonly run: {
    readonly id: string
    readonly startedAt: string
    readonly finishedAt: string
    readonly durationMs: number
    readonly endpoint: string
    readonly region?: string
    readonly toolVersion: string
    readonly interrupted: boolean
    readonly shard?: { readonly index: number; readonly total: number }
    /** The target's name (conformance runs). */
    readonly target?: string
    /** The profile the checks were judged against. */
    readonly profile?: string
  }
  /** The comparison with a baseline report, when the run had one. */
  readonly baseline?: Baseline.Diff
  readonly summary: RunResult.Counts & { readonly flaky: number }
  readonly latency: ReadonlyArray<Reporter.OperationLatency>
  readonly groups: ReadonlyArray<{
    readonly name: string
    readonly id?: string
    readonly area?: string
    readonly doc?: string
    readonly deviation?: RunResult.DeviationNote
    readonly tags: ReadonlyArray<string>
    readonly outcome: RunResult.Outcome
    readonly durationMs: number
    readonly counts: RunResult.Counts
    readonly steps: ReadonlyArray<JsonStep>
  }>
}

const step = (s: RunResult.StepResult): JsonStep => ({
  phase: s.phase,
  index: s.index,
  ...(s.id === undefined ? {} : { id: s.id }),
  name: s.name,
  operation: s.operation,
  credential: s.credential,
  outcome: s.outcome,
  flaky: RunResult.isFlaky(s),
  durationMs: s.durationMs,
  attempts: s.attempts,
  expected: s.expected,
  actual: {
    ...(s.actual === undefined ? {} : { success: s.actual.success }),
    ...(s.actual?.httpStatus === undefined ? {} : { httpStatus: s.actual.httpStatus }),
    ...(s.actual?.errorCode === undefined ? {} : { errorCode: s.actual.errorCode }),
    ...(s.actual?.requestId === undefined ? {} : { requestId: s.actual.requestId })
  },
  ...(s.message === undefined ? {} : { message: s.message }),
  ...(s.source === undefined ? {} : { source: s.source })
})

/**
 * The document of a run. Step messages come redacted from the engine; the document holds no
 * credentials (only their names) and no bodies.
 *
 * @category constructors
 * @since 0.1.0
 */
export const make = (run: Reporter.CollectedRun, context: Reporter.ReporterContext): JsonReport => ({
  version,
  run: {
    id: run.summary.runId,
    startedAt: run.summary.startedAt,
    finishedAt: run.summary.finishedAt,
    durationMs: run.summary.durationMs,
    endpoint: run.summary.endpoint,
    ...(context.region === undefined ? {} : { region: context.region }),
    toolVersion: context.toolVersion,
    interrupted: run.summary.interrupted,
    ...(context.shard === undefined ? {} : { shard: context.shard }),
    ...(run.summary.target === undefined ? {} : { target: run.summary.target }),
    ...(run.summary.profile === undefined ? {} : { profile: run.summary.profile })
  },
  ...(run.summary.baseline === undefined ? {} : { baseline: run.summary.baseline }),
  summary: run.counts,
  latency: run.latency,
  groups: run.groups.map((group) => ({
    name: group.name,
    ...(group.id === undefined ? {} : { id: group.id }),
    ...(group.area === undefined ? {} : { area: group.area }),
    ...(group.doc === undefined ? {} : { doc: group.doc }),
    ...(group.deviation === undefined ? {} : { deviation: group.deviation }),
    tags: group.tags,
    outcome: group.outcome,
    durationMs: group.durationMs,
    counts: group.counts,
    steps: group.steps.map(step)
  }))
})
