/**
 * Runs one step: resolves its templates, carries out its attempts (retrying transient faults with
 * an exponential, jittered Schedule when the step may be retried), records every attempt, keeps
 * the output of steps that have an `id`, and builds the step's result. Never fails: whatever goes
 * wrong becomes the step's outcome. Interruption is not caught.
 */
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Result from "effect/Result"
import * as Catalog from "../../Catalog.ts"
import type { Attempt, Outcome, StepResult } from "../../RunResult.ts"
import * as Template from "../../Template.ts"
import type * as Trace from "../../Trace.ts"
import { Recorder } from "../s3/s3Trace.ts"
import { streamingParameters } from "../s3/s3Request.ts"
import { attemptOf as traceAttemptOf, mayKeep, summarizeParameters } from "./engineTrace.ts"
import { baseResult, deviationOf, elapsedMs, isoTime, msOf, retryPolicyOf, retrySchedule } from "./engineContext.ts"
import type { RunContext, StepRef } from "./engineContext.ts"
import { execute } from "./engineExecute.ts"
import type { Verdict } from "./expectation.ts"
import { hasTemplate, parseExpression } from "../template/templateParse.ts"

/** What the steps of one group share: its variables, and the outputs and outcomes of its steps that have an id. */
export interface GroupState {
  readonly vars: Readonly<Record<string, unknown>>
  readonly outputs: Map<string, unknown>
  readonly outcomes: Map<string, Outcome>
}

const didNot: Readonly<Record<Outcome, string>> = {
  passed: "passed",
  failed: "failed",
  errored: "errored",
  skipped: "was skipped",
  unsupported: "was unsupported",
  known: "deviated as its profile declares",
  fixed: "passed"
}

/**
 * When a template could not be resolved because it names a step that did not pass (so it left no
 * output), the reason to skip this step: the cause is that step, not this one.
 */
const dependencyProblem = (error: Template.TemplateError, state: GroupState): string | undefined => {
  const expression = parseExpression(error.expression)
  if (typeof expression === "string" || expression.root !== "steps") return undefined
  const id = expression.path[0]
  const outcome = id === undefined ? undefined : state.outcomes.get(String(id))
  if (outcome === undefined || outcome === "passed" || state.outputs.has(String(id))) return undefined
  return `depends on steps.${String(id)}, which ${didNot[outcome]}`
}

export const scopeOf = (ctx: RunContext, ref: StepRef, state: GroupState): Template.Scope => ({
  vars: state.vars,
  run: ctx.run,
  group: { name: ref.planned.group.name },
  steps: state.outputs
})

const attemptOf = (ctx: RunContext, verdict: Verdict, durationMs: number): Attempt => ({
  outcome: verdict.outcome,
  durationMs,
  ...(verdict.actual.httpStatus === undefined ? {} : { httpStatus: verdict.actual.httpStatus }),
  ...(verdict.actual.errorCode === undefined ? {} : { errorCode: verdict.actual.errorCode }),
  ...(verdict.message === undefined ? {} : { message: ctx.redact(verdict.message) })
})

const strictly = (verdict: Verdict): Verdict =>
  verdict.outcome === "unsupported"
    ? { ...verdict, outcome: "failed", message: `${verdict.message ?? "not implemented"} (unsupported counts as failed: strict)` }
    : verdict

/** One attempt's recorder, and when and how long it ran (its trace is built only if it may be kept). */
interface Traced {
  readonly recorder: Recorder
  readonly at: string
  readonly durationMs: number
}

/**
 * Whether `value` holds a template where Template.resolve looks for them (strings, in plain objects
 * and lists); a read-only walk, cheaper than resolving (which copies every object it walks).
 */
const holdsTemplate = (value: unknown): boolean => {
  if (typeof value === "string") return hasTemplate(value)
  if (Array.isArray(value)) return value.some(holdsTemplate)
  if (typeof value === "object" && value !== null && Object.getPrototypeOf(value) === Object.prototype) {
    for (const key in value) if (Object.hasOwn(value, key) && holdsTemplate((value as Record<string, unknown>)[key])) return true
  }
  return false
}

/**
 * The step's parameters and expectation with their templates resolved, or, when a template cannot
 * be, the step's result (errored, or skipped when it depends on a step that did not pass).
 */
const resolveTemplates = (ctx: RunContext, ref: StepRef, state: GroupState, startedAt: string): StepRef | StepResult => {
  // most steps have none: nothing to resolve, nothing to copy
  if (!holdsTemplate(ref.step.parameters) && !holdsTemplate(ref.step.expected_result)) return ref
  const scope = scopeOf(ctx, ref, state)
  const parameters = Template.resolve(ref.step.parameters, scope)
  const expected = Result.isSuccess(parameters) ? Template.resolve(ref.step.expected_result, scope) : parameters
  if (Result.isSuccess(parameters) && Result.isSuccess(expected)) {
    return { ...ref, step: { ...ref.step, parameters: parameters.success, expected_result: expected.success } }
  }
  const error = Result.isFailure(parameters) ? parameters.failure : Result.isFailure(expected) ? expected.failure : undefined
  const dependency = error === undefined ? undefined : dependencyProblem(error, state)
  const outcome = dependency === undefined ? "errored" : "skipped"
  if (ref.step.id !== undefined) state.outcomes.set(ref.step.id, outcome)
  return {
    ...baseResult(ctx, ref),
    startedAt,
    outcome,
    durationMs: 0,
    attempts: 0,
    message: ctx.redact(dependency ?? error?.message ?? "")
  } satisfies StepResult
}

const isResolved = (u: StepRef | StepResult): u is StepRef => "planned" in u

/** The attempt's verdict, and its recorder made ready for the trace. */
const noteAttempt = (ctx: RunContext, recorder: Recorder, verdict: Verdict): void => {
  // no call was made (no credential, an internal error): the verdict says why
  if (recorder.describe === undefined && verdict.outcome === "errored") {
    const error = ctx.redact(verdict.message ?? "errored")
    recorder.describe = () => ({ error })
  }
}

/** The step's result once its attempts are done (`traced`: their recorders, when traces are taken). */
const stepResult = (
  ctx: RunContext,
  ref: StepRef,
  resolved: StepRef,
  state: GroupState,
  raw: Verdict,
  run: { readonly startedAt: string; readonly durationMs: number; readonly log: ReadonlyArray<Attempt> },
  traced: ReadonlyArray<Traced> | undefined
): StepResult => {
  const verdict = ctx.strict ? strictly(raw) : raw
  const { log } = run
  if (ref.step.id !== undefined && verdict.output !== undefined) state.outputs.set(ref.step.id, verdict.output)
  if (ref.step.id !== undefined) state.outcomes.set(ref.step.id, verdict.outcome)
  const { actual } = verdict
  const retried = log.length > 1
  const keep = traced !== undefined &&
    mayKeep(ctx.trace, verdict.outcome, retried, deviationOf(ctx, ref.planned.group) !== undefined)
  const trace: Trace.Trace | undefined = !keep ? undefined : traceOf(ctx, ref, resolved, traced)
  // set in the order of the result's fields (as reporters show them), without a spread per optional one
  const result: { -readonly [K in keyof StepResult]: StepResult[K] } = Object.assign(baseResult(ctx, ref), {
    startedAt: run.startedAt,
    outcome: verdict.outcome,
    durationMs: run.durationMs,
    attempts: log.length
  })
  if (retried) result.attemptLog = log
  if (retried && verdict.outcome === "passed") result.flaky = true
  if (verdict.message !== undefined) result.message = ctx.redact(verdict.message)
  result.actual = actual.errorMessage === undefined ? actual : { ...actual, errorMessage: ctx.redact(actual.errorMessage) }
  if (trace !== undefined) result.trace = trace
  return result
}

/** The step's trace, from its attempts' recorders. */
const traceOf = (ctx: RunContext, ref: StepRef, resolved: StepRef, traced: ReadonlyArray<Traced>): Trace.Trace => {
  const operation = Catalog.lookup(ctx.catalog, ref.step.operation)
  /** One hash per body for the whole trace (the `Body` parameter is the body each attempt sends). */
  const bodies = new Map<string | Uint8Array, Trace.BodySummary>()
  return {
    operation: ref.step.operation,
    parameters: summarizeParameters(
      resolved.step.parameters,
      // a plugin operation's `Body` is a body too, whatever its Schema says
      operation === undefined ? ["Body"] : ["Body", ...streamingParameters(operation)],
      ctx.redact,
      bodies
    ),
    attempts: traced.map(({ at, durationMs, recorder }, i) => traceAttemptOf(recorder, i + 1, at, durationMs, bodies))
  }
}

/** When an attempt started (`at`: that moment as an ISO date, for its trace). */
interface AttemptStart {
  readonly clock: Clock.Clock
  readonly startMs: number
  readonly at: string
}

/**
 * Notes an attempt's verdict in `log` and, when traces are taken, its recorder in `traced`; returns
 * the verdict.
 */
const noteVerdict = (
  ctx: RunContext,
  verdict: Verdict,
  start: AttemptStart,
  log: Array<Attempt>,
  traced: Array<Traced> | undefined,
  recorder: Recorder | undefined
): Verdict => {
  const durationMs = elapsedMs(start.clock, start.startMs)
  log.push(attemptOf(ctx, verdict, durationMs))
  if (recorder !== undefined && traced !== undefined) {
    noteAttempt(ctx, recorder, verdict)
    traced.push({ recorder, at: start.at, durationMs })
  }
  return verdict
}

/** One attempt, started at `start`: its verdict, noted (see {@link noteVerdict}). */
const attempt = (
  ctx: RunContext,
  resolved: StepRef,
  start: AttemptStart,
  log: Array<Attempt>,
  traced: Array<Traced> | undefined
): Effect.Effect<Verdict> => {
  const recorder = traced === undefined ? undefined : new Recorder(ctx.redact)
  // an attempt that may be retried: its trace is kept whatever it answered (see mayKeep)
  return execute(ctx, resolved, recorder, always, (verdict) => Effect.succeed(noteVerdict(ctx, verdict, start, log, traced, recorder)))
}

const always = (): boolean => true

/**
 * Runs the step and hands its result to `finish` (the group's report), in the Effect step that
 * judges the call's answer. A step that may not be retried (most steps) is one attempt: its
 * templates, its call and its result are plain code around the call's one Effect (the clock is read
 * from the fiber), not a chain of Effect steps; a step that may be retried runs its attempts under
 * the retry Schedule.
 */
export const runStep = <A>(
  ctx: RunContext,
  ref: StepRef,
  state: GroupState,
  finish: (result: StepResult) => Effect.Effect<A>
): Effect.Effect<A> =>
  Effect.withFiber((fiber) => {
    const clock = fiber.getRef(Clock.Clock)
    const started = msOf(clock)
    const startedAt = isoTime(clock.currentTimeMillisUnsafe())
    const resolved = resolveTemplates(ctx, ref, state, startedAt)
    if (!isResolved(resolved)) return finish(resolved)
    const log: Array<Attempt> = []
    const traced: Array<Traced> | undefined = ctx.trace === "off" ? undefined : []
    const policy = retryPolicyOf(ctx, ref)
    if (policy === undefined) {
      // the attempt is the step: same start, same duration
      const start = { clock, startMs: started, at: startedAt }
      const recorder = traced === undefined ? undefined : new Recorder(ctx.redact)
      const deviates = deviationOf(ctx, ref.planned.group) !== undefined
      const described = (verdict: Verdict) => mayKeep(ctx.trace, verdict.outcome, false, deviates)
      return execute(ctx, resolved, recorder, described, (raw) => {
        const verdict = noteVerdict(ctx, raw, start, log, traced, recorder)
        return finish(stepResult(ctx, ref, resolved, state, verdict, { startedAt, durationMs: log[0]!.durationMs, log }, traced))
      })
    }
    const once = Effect.withFiber((attemptFiber) => {
      const attemptClock = attemptFiber.getRef(Clock.Clock)
      const at = traced === undefined ? "" : isoTime(attemptClock.currentTimeMillisUnsafe())
      return attempt(ctx, resolved, { clock: attemptClock, startMs: msOf(attemptClock), at }, log, traced)
    })
    return once.pipe(
      Effect.flatMap((v) => (v.outcome !== "passed" && v.transient === true ? Effect.fail(v) : Effect.succeed(v))),
      Effect.retry(retrySchedule(policy)),
      Effect.catch((v: Verdict) => Effect.succeed(v)),
      Effect.flatMap((verdict) =>
        finish(stepResult(ctx, ref, resolved, state, verdict, { startedAt, durationMs: elapsedMs(clock, started), log }, traced))
      )
    )
  })
