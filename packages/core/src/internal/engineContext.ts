/**
 * What the engine's parts share during one run, and the plain-data helpers that build step results.
 */
import { Clock, Effect } from "effect"
import type { Catalog } from "../Catalog.ts"
import type { SourcePosition } from "../Diagnostic.ts"
import type { Redactor } from "../Redaction.ts"
import type { RunEvent } from "../RunEvent.ts"
import type { Outcome, StepResult } from "../RunResult.ts"
import type { S3ClientsShape } from "../S3Clients.ts"
import { durationToMillis } from "../Suite.ts"
import type { Group, Phase, Step, Suite } from "../Suite.ts"

export interface RunContext {
  readonly suite: Suite
  readonly clients: S3ClientsShape
  readonly redact: Redactor
  readonly publish: (event: RunEvent) => Effect.Effect<void>
  readonly defaultTimeoutMs: number
  readonly stepSource: (group: number, phase: Phase, step: number) => SourcePosition | undefined
  readonly catalog: Catalog
}

/** A group selected for the run, with its position in the suite (for source positions). */
export interface PlannedGroup {
  /** Index in `suite.test_cases.groups`. */
  readonly index: number
  /** Index among the groups selected for this run (the order of the summary). */
  readonly slot: number
  readonly group: Group
}

/** One step of a planned group. */
export interface StepRef {
  readonly planned: PlannedGroup
  readonly phase: Phase
  readonly index: number
  readonly step: Step
}

export const stepsOf = (planned: PlannedGroup, phase: Phase): ReadonlyArray<StepRef> =>
  planned.group[phase].map((step, index) => ({ planned, phase, index, step }))

export const stepCount = (group: Group): number =>
  group.before_test.length + group.test.length + group.after_test.length

/** Monotonic-enough milliseconds from the Effect clock (the TestClock in tests), with sub-ms precision. */
export const nowMs: Effect.Effect<number> = Effect.map(Clock.currentTimeNanos, (nanos) => Number(nanos) / 1e6)

export const elapsedSince = (startMs: number): Effect.Effect<number> =>
  Effect.map(nowMs, (now) => Math.max(0, Math.round((now - startMs) * 1000) / 1000))

/** The step's credential name: the step's, else the group's, else the suite's first. */
export const credentialOf = (ctx: RunContext, ref: StepRef): string | undefined =>
  ref.step.credential ?? ref.planned.group.credential ?? ctx.suite.config.credentials[0]?.name

/** The fields of a step result that do not depend on how it ran. */
export const baseResult = (ctx: RunContext, ref: StepRef) => {
  const { step } = ref
  const expected = step.expected_result
  const source = ctx.stepSource(ref.planned.index, ref.phase, ref.index)
  return {
    group: ref.planned.group.name,
    phase: ref.phase,
    index: ref.index,
    ...(step.id === undefined ? {} : { id: step.id }),
    name: step.name ?? step.operation,
    operation: step.operation,
    credential: credentialOf(ctx, ref) ?? "(none)",
    expected: {
      success: expected.success,
      ...(expected.error_code === undefined ? {} : { errorCode: expected.error_code }),
      ...(expected.http_status === undefined ? {} : { httpStatus: expected.http_status })
    },
    ...(source === undefined ? {} : { source })
  }
}

/** A step that did not run, with the reason. */
export const notRun = (ctx: RunContext, ref: StepRef, reason: string, outcome: Outcome = "skipped"): StepResult => ({
  ...baseResult(ctx, ref),
  outcome,
  durationMs: 0,
  attempts: 0,
  message: ctx.redact(reason)
})

/** The step's timeout: the step's, else the config's, else the run's default. */
export const timeoutOf = (ctx: RunContext, ref: StepRef): number => {
  const configured = ref.step.timeout ?? ctx.suite.config.timeout
  return configured === undefined ? ctx.defaultTimeoutMs : durationToMillis(configured)
}
