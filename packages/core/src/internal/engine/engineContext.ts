/**
 * What the engine's parts share during one run, and the plain-data helpers that build step results.
 */
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Schedule from "effect/Schedule"
import type { Catalog } from "../../Catalog.ts"
import type { SourcePosition } from "../../Diagnostic.ts"
import type { Deviation, Lookup } from "../../Deviation.ts"
import type { Redactor } from "../../Redaction.ts"
import type { RunEvent } from "../../RunEvent.ts"
import type { Outcome, StepResult } from "../../RunResult.ts"
import type { S3ClientsShape } from "../../S3Clients.ts"
import type { Group, Phase, Step, Suite } from "../../Suite.ts"
import type { Mode } from "../../Trace.ts"

export interface RunContext {
  readonly suite: Suite
  /** `${{ run.* }}` */
  readonly run: { readonly id: string; readonly started_at: string }
  /** Unsupported becomes failed. */
  readonly strict: boolean
  /** How long a group's after_test may take in all before its remaining steps are abandoned. */
  readonly cleanupTimeoutMs: number
  /** Every finished step goes here too (statistics). */
  readonly record: (result: StepResult) => void
  /** Groups that started and have not finished their after_test. */
  readonly cleaning: Set<string>
  readonly clients: S3ClientsShape
  readonly redact: Redactor
  readonly publish: (event: RunEvent) => Effect.Effect<void>
  /** Publishes an event at once when the bus allows it (see engineEvents), else false: `publish` it. */
  readonly offer: (event: RunEvent) => boolean
  readonly defaultTimeoutMs: number
  readonly stepSource: (group: number, phase: Phase, step: number) => SourcePosition | undefined
  readonly catalog: Catalog
  /** The deviations a target's profile declares, by check. */
  readonly deviations: Lookup
  /** Completes, with the reason, when the caller abandons cleanup (see Engine's RunOptions). */
  readonly abandonCleanup: Effect.Effect<string>
  /** Which steps' traces are taken and reach the reporters. */
  readonly trace: Mode
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

/**
 * Milliseconds on a clock's monotonic time (the TestClock's in tests), with sub-ms precision: for
 * durations, which a change of the wall clock must not stretch (and one BigInt a reading, where the
 * wall time in nanoseconds takes several: two readings a step).
 */
export const msOf = (clock: Clock.Clock): number => Number(clock.monotonicTimeNanosUnsafe()) / 1e6

/** The second whose ISO date {@link isoTime} formatted last, and that date up to its milliseconds. */
let isoSecond = Number.NaN
let isoPrefix = ""

/**
 * `new Date(epochMs).toISOString()`, for a step's start: the date of its second is formatted once
 * (V8 formats a Date in its runtime, which every step would pay), its milliseconds appended.
 */
export const isoTime = (epochMs: number): string => {
  if (!Number.isInteger(epochMs) || epochMs < 0) return new Date(epochMs).toISOString()
  const second = Math.floor(epochMs / 1000)
  if (second !== isoSecond) {
    // "….sssZ": the milliseconds are always the last five characters
    isoPrefix = new Date(second * 1000).toISOString().slice(0, -4)
    isoSecond = second
  }
  const ms = epochMs - second * 1000
  return `${isoPrefix}${ms < 10 ? "00" : ms < 100 ? "0" : ""}${ms}Z`
}

/** Milliseconds since `startMs` on `clock`, to the microsecond, never negative. */
export const elapsedMs = (clock: Clock.Clock, startMs: number): number =>
  Math.max(0, Math.round((msOf(clock) - startMs) * 1000) / 1000)

/** {@link msOf} the fiber's clock. */
export const nowMs: Effect.Effect<number> = Effect.withFiber((fiber) => Effect.succeed(msOf(fiber.getRef(Clock.Clock))))

/** {@link elapsedMs} on the fiber's clock. */
export const elapsedSince = (startMs: number): Effect.Effect<number> =>
  Effect.withFiber((fiber) => Effect.succeed(elapsedMs(fiber.getRef(Clock.Clock), startMs)))

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
    ...(ref.planned.group.id === undefined ? {} : { check: ref.planned.group.id }),
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

/** The deviation the target's profile declares for a group that is a check. */
export const deviationOf = (ctx: RunContext, group: Group): Deviation | undefined =>
  group.id === undefined ? undefined : ctx.deviations({ id: group.id, area: group.area })

/** The group's per-phase step concurrency (1 unless `concurrency: { <phase>: N }`). */
export const phaseConcurrency = (group: Group, phase: Phase): number => group.concurrency?.[phase] ?? 1

/** Retries of transient faults, when the step may be retried at all. */
export interface RetryPolicy {
  readonly attempts: number
  readonly backoffMs: number
}

export const defaultRetries = { attempts: 2, backoff: Duration.millis(200) } as const

/** How transient faults are retried: exponential, jittered backoff, up to `attempts` retries. */
export const retrySchedule = (policy: RetryPolicy) =>
  Schedule.exponential(Duration.millis(policy.backoffMs)).pipe(
    Schedule.jittered,
    Schedule.upTo({ times: policy.attempts })
  )

/**
 * The step's own `retries`, else (before_test and after_test only) the config's, else 2 retries
 * from 200ms; test steps are retried only when they set `retries`.
 */
export const retryPolicyOf = (ctx: RunContext, ref: StepRef): RetryPolicy | undefined => {
  const own = ref.step.retries
  const chosen = own !== undefined
    ? (typeof own === "number" ? { attempts: own } : own)
    : ref.phase === "test"
    ? undefined
    : ctx.suite.config.retries ?? defaultRetries
  if (chosen === undefined || chosen.attempts <= 0) return undefined
  const backoff = chosen.backoff ?? ctx.suite.config.retries?.backoff ?? defaultRetries.backoff
  return { attempts: chosen.attempts, backoffMs: Duration.toMillis(backoff) }
}

/** The step's timeout: the step's, else the config's, else the run's default. */
export const timeoutOf = (ctx: RunContext, ref: StepRef): number => {
  const configured = ref.step.timeout ?? ctx.suite.config.timeout
  return configured === undefined ? ctx.defaultTimeoutMs : Duration.toMillis(configured)
}
