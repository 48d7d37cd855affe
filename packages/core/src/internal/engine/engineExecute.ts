/**
 * Carries out one attempt of a step: resolves its credential and operation, sends the call (an
 * SDK command through the S3 clients, a plugin operation through its `run`) and judges the answer
 * against the expectation. Never fails: whatever goes wrong becomes a verdict
 * (a crash in our code or in the SDK is `errored`). Interruption is not caught.
 */
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Result from "effect/Result"
import * as Catalog from "../../Catalog.ts"
import type { CallResponse } from "../../S3Clients.ts"
import { credentialOf, timeoutOf } from "./engineContext.ts"
import type { RunContext, StepRef } from "./engineContext.ts"
import { evaluate } from "./expectation.ts"
import type { CallError } from "../s3/s3Errors.ts"
import type { Recorder } from "../s3/s3Trace.ts"
import { recordCall } from "./engineTrace.ts"
import { runOperation } from "./operationRun.ts"
import type { CallResult, Verdict } from "./expectation.ts"

const errored = (message: string): Verdict => ({ outcome: "errored", message, actual: { success: false, errorMessage: message } })

const internalError = (defect: unknown): Verdict =>
  errored(`internal error: ${defect instanceof Error ? `${defect.name}: ${defect.message}` : String(defect)}`)

/**
 * Tells {@link callOf}'s verdict from its Effect by the verdict's own field (an Effect has none):
 * one property load, where `Effect.isEffect` goes through `Predicate.hasProperty`'s dual wrapper
 * and a symbol lookup, a few µs a step once the SDK's call has pushed it out of the caches.
 */
const isVerdict = (u: Effect.Effect<CallResponse, CallError> | Verdict): u is Verdict =>
  typeof (u as { readonly outcome?: unknown }).outcome === "string"

/**
 * The attempt's call, or the verdict that says why it cannot be made (made at once: its lookups are
 * plain code); a crash here (a bug in our code or the SDK's) is `errored`, not a crash of the run.
 */
const callOf = (ctx: RunContext, ref: StepRef, recorder: Recorder | undefined): Effect.Effect<CallResponse, CallError> | Verdict => {
  try {
    const credential = credentialOf(ctx, ref)
    if (credential === undefined) return errored("no credentials configured")
    const operation = Catalog.lookup(ctx.catalog, ref.step.operation)
    if (operation === undefined) return errored(`unknown operation "${ref.step.operation}"`)
    return runOperation(ctx, {
      credential,
      operation,
      parameters: ref.step.parameters,
      timeoutMs: timeoutOf(ctx, ref),
      sourceFile: ctx.stepSource(ref.planned.index, ref.phase, ref.index)?.file,
      recorder
    })
  } catch (defect) {
    return internalError(defect)
  }
}

/**
 * `recorder`: the attempt's, when traces are taken (the call's exchanges go to it, and, when
 * `described` says the verdict's trace may be kept, what the call produced). Called when the
 * attempt runs; `then` gets the verdict in the same Effect step as the call's answer (a failure or
 * a crash is judged at once), so an attempt is the call and one step around it.
 */
export const execute = <A>(
  ctx: RunContext,
  ref: StepRef,
  recorder: Recorder | undefined,
  described: (verdict: Verdict) => boolean,
  then: (verdict: Verdict) => Effect.Effect<A>
): Effect.Effect<A> => {
  const judged = (result: CallResult): Effect.Effect<A> => {
    let verdict: Verdict
    try {
      verdict = evaluate(ref.step.expected_result, result)
      // (a passing step's answer, held for a trace that will be dropped, lived on with the recorder)
      if (recorder !== undefined && described(verdict)) recordCall(recorder, result)
    } catch (defect) {
      verdict = internalError(defect)
    }
    return then(verdict)
  }
  const sent = callOf(ctx, ref, recorder)
  if (isVerdict(sent)) return then(sent)
  return Effect.matchCauseEffect(sent, {
    onSuccess: (response) => judged({ _tag: "Success", response }),
    onFailure: (cause) => {
      const failure = Cause.findError(cause)
      if (Result.isSuccess(failure)) return judged({ _tag: "Failure", error: failure.success })
      // interruption is not caught
      const defect = Cause.findDefect(failure.failure)
      return Result.isSuccess(defect) ? then(internalError(defect.success)) : Effect.failCause(defect.failure)
    }
  })
}
