/**
 * Runs one step: resolves its credential, operation and timeout, sends the call and judges the
 * answer. Never fails: whatever goes wrong becomes the step's outcome (a crash in our code or in
 * the SDK is `errored`). Interruption is not caught.
 */
import { Effect } from "effect"
import type { StepResult } from "../RunResult.ts"
import { baseResult, elapsedSince, nowMs } from "./engineContext.ts"
import type { RunContext, StepRef } from "./engineContext.ts"
import { execute } from "./engineExecute.ts"

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
