/**
 * Runs one step: resolves its credential, operation and timeout, sends the call and judges the
 * answer. Never fails: whatever goes wrong becomes the step's outcome (a crash in our code or in
 * the SDK is `errored`). Interruption is not caught.
 */
import { Effect } from "effect"
import type { StepResult } from "../RunResult.ts"
import { durationToMillis } from "../Suite.ts"
import { baseResult, credentialOf, elapsedSince, nowMs } from "./engineContext.ts"
import type { RunContext, StepRef } from "./engineContext.ts"
import { evaluate } from "./expectation.ts"
import type { CallResult, Verdict } from "./expectation.ts"
import { lookupOperation } from "./s3Catalog.ts"

export const timeoutOf = (ctx: RunContext, ref: StepRef): number => {
  const configured = ref.step.timeout ?? ctx.suite.config.timeout
  return configured === undefined ? ctx.defaultTimeoutMs : durationToMillis(configured)
}

const errored = (message: string): Verdict => ({ outcome: "errored", message, actual: { success: false, errorMessage: message } })

const execute = (ctx: RunContext, ref: StepRef): Effect.Effect<Verdict> =>
  Effect.suspend(() => {
    const credential = credentialOf(ctx, ref)
    if (credential === undefined) return Effect.succeed(errored("no credentials configured"))
    const operation = lookupOperation(ref.step.operation)
    if (operation === undefined) return Effect.succeed(errored(`unknown operation "${ref.step.operation}"`))
    return ctx.clients.send(credential, operation, ref.step.parameters, { timeoutMs: timeoutOf(ctx, ref) }).pipe(
      Effect.map((response): CallResult => ({ _tag: "Success", response })),
      Effect.catch((error) => Effect.succeed<CallResult>({ _tag: "Failure", error })),
      Effect.map((result) => evaluate(ref.step.expected_result, result))
    )
  }).pipe(
    Effect.catchDefect((defect) =>
      Effect.succeed(errored(`internal error: ${defect instanceof Error ? `${defect.name}: ${defect.message}` : String(defect)}`))
    )
  )

export const runStep = (ctx: RunContext, ref: StepRef): Effect.Effect<StepResult> =>
  Effect.gen(function*() {
    const started = yield* nowMs
    const verdict = yield* execute(ctx, ref)
    const durationMs = yield* elapsedSince(started)
    const { actual } = verdict
    return {
      ...baseResult(ctx, ref),
      outcome: verdict.outcome,
      durationMs,
      attempts: 1,
      ...(verdict.message === undefined ? {} : { message: ctx.redact(verdict.message) }),
      actual: actual.errorMessage === undefined ? actual : { ...actual, errorMessage: ctx.redact(actual.errorMessage) }
    }
  })
