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
import { Recorder, TraceRecorder } from "../s3/s3Trace.ts"
import { streamingParameters } from "../s3/s3Request.ts"
import { attemptOf as traceAttemptOf, mayKeep, summarizeParameters } from "./engineTrace.ts"
import { baseResult, deviationOf, elapsedSince, nowMs, retryPolicyOf, retrySchedule } from "./engineContext.ts"
import type { RunContext, StepRef } from "./engineContext.ts"
import { execute } from "./engineExecute.ts"
import type { Verdict } from "./expectation.ts"
import { parseExpression } from "../template/templateParse.ts"

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

export const runStep = (ctx: RunContext, ref: StepRef, state: GroupState): Effect.Effect<StepResult> =>
  Effect.gen(function*() {
    const started = yield* nowMs
    const startedAt = new Date(yield* Clock.currentTimeMillis).toISOString()
    const scope = scopeOf(ctx, ref, state)
    const parameters = Template.resolve(ref.step.parameters, scope)
    const expected = Result.isSuccess(parameters) ? Template.resolve(ref.step.expected_result, scope) : parameters
    if (Result.isFailure(parameters) || Result.isFailure(expected)) {
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
    const resolved: StepRef = {
      ...ref,
      step: { ...ref.step, parameters: parameters.success, expected_result: expected.success }
    }
    const log: Array<Attempt> = []
    /** Each attempt's recorder: its trace is built only if it may be kept (see mayKeep). */
    const traced: Array<{ readonly recorder: Recorder; readonly at: string; readonly durationMs: number }> | undefined =
      ctx.trace === "off" ? undefined : []
    const once = Effect.gen(function*() {
      const attemptStarted = yield* nowMs
      if (traced === undefined) {
        const verdict = yield* execute(ctx, resolved)
        log.push(attemptOf(ctx, verdict, yield* elapsedSince(attemptStarted)))
        return verdict
      }
      const attemptAt = new Date(yield* Clock.currentTimeMillis).toISOString()
      const recorder = new Recorder(ctx.redact)
      const verdict = yield* Effect.provideService(execute(ctx, resolved), TraceRecorder, recorder)
      const durationMs = yield* elapsedSince(attemptStarted)
      log.push(attemptOf(ctx, verdict, durationMs))
      // no call was made (no credential, an internal error): the verdict says why
      if (recorder.describe === undefined && verdict.outcome === "errored") {
        const error = ctx.redact(verdict.message ?? "errored")
        recorder.describe = () => ({ error })
      }
      traced.push({ recorder, at: attemptAt, durationMs })
      return verdict
    })
    const policy = retryPolicyOf(ctx, ref)
    const raw = policy === undefined
      ? yield* once
      : yield* once.pipe(
        Effect.flatMap((v) => (v.outcome !== "passed" && v.transient === true ? Effect.fail(v) : Effect.succeed(v))),
        Effect.retry(retrySchedule(policy)),
        Effect.catch((v: Verdict) => Effect.succeed(v))
      )
    const verdict = ctx.strict ? strictly(raw) : raw
    const durationMs = yield* elapsedSince(started)
    if (ref.step.id !== undefined && verdict.output !== undefined) state.outputs.set(ref.step.id, verdict.output)
    if (ref.step.id !== undefined) state.outcomes.set(ref.step.id, verdict.outcome)
    const { actual } = verdict
    const retried = log.length > 1
    const keep = traced !== undefined &&
      mayKeep(ctx.trace, verdict.outcome, retried, deviationOf(ctx, ref.planned.group) !== undefined)
    const operation = keep ? Catalog.lookup(ctx.catalog, ref.step.operation) : undefined
    /** One hash per body for the whole trace (the `Body` parameter is the body each attempt sends). */
    const bodies = new Map<string | Uint8Array, Trace.BodySummary>()
    const trace: Trace.Trace | undefined = !keep ? undefined : {
      operation: ref.step.operation,
      parameters: summarizeParameters(
        parameters.success,
        // a plugin operation's `Body` is a body too, whatever its Schema says
        operation === undefined ? ["Body"] : ["Body", ...streamingParameters(operation)],
        ctx.redact,
        bodies
      ),
      attempts: traced.map(({ at, durationMs, recorder }, i) => traceAttemptOf(recorder, i + 1, at, durationMs, bodies))
    }
    return {
      ...baseResult(ctx, ref),
      startedAt,
      outcome: verdict.outcome,
      durationMs,
      attempts: log.length,
      ...(retried ? { attemptLog: log } : {}),
      ...(retried && verdict.outcome === "passed" ? { flaky: true } : {}),
      ...(verdict.message === undefined ? {} : { message: ctx.redact(verdict.message) }),
      actual: actual.errorMessage === undefined ? actual : { ...actual, errorMessage: ctx.redact(actual.errorMessage) },
      ...(trace === undefined ? {} : { trace })
    } satisfies StepResult
  })
