/**
 * The JSON report's document, built from a collected run. Its shape is the Schema in
 * `ReportSchema.ts`, published as `schema/report.schema.json` (JSON Schema draft 2020-12).
 *
 * @since 0.1.0
 */
import { type Reporter, RunResult } from "@s3tester/core"
import * as ReportSchema from "./ReportSchema.ts"

/**
 * The document's format version (a breaking change of the shape increments it).
 *
 * @category constants
 * @since 0.1.0
 */
export const version = ReportSchema.version

/**
 * @category models
 * @since 0.1.0
 */
export type JsonStep = typeof ReportSchema.Step.Type

/**
 * @category models
 * @since 0.1.0
 */
export type JsonReport = typeof ReportSchema.Report.Type

const step = (s: RunResult.StepResult): JsonStep => ({
  phase: s.phase,
  index: s.index,
  ...(s.id === undefined ? {} : { id: s.id }),
  name: s.name,
  operation: s.operation,
  credential: s.credential,
  outcome: s.outcome,
  flaky: RunResult.isFlaky(s),
  ...(s.startedAt === undefined ? {} : { startedAt: s.startedAt }),
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
  ...(s.source === undefined ? {} : { source: s.source }),
  ...(s.trace === undefined ? {} : { trace: s.trace })
})

/**
 * The document of a run. Step messages and traces come redacted from the engine; the document
 * holds no credentials (only their names) and no bodies (traces summarise them).
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
