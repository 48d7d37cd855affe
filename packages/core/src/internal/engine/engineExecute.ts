/**
 * Carries out one attempt of a step: resolves its credential and operation, sends the call (an
 * SDK command through the S3 clients, a plugin operation through its `run`) and judges the answer
 * against the expectation. Never fails: whatever goes wrong becomes a verdict
 * (a crash in our code or in the SDK is `errored`). Interruption is not caught.
 */
import * as Effect from "effect/Effect"
import * as Catalog from "../../Catalog.ts"
import { credentialOf, timeoutOf } from "./engineContext.ts"
import type { RunContext, StepRef } from "./engineContext.ts"
import { evaluate } from "./expectation.ts"
import { directoryOf } from "../loader/sourceDirectory.ts"
import { TraceRecorder } from "../s3/s3Trace.ts"
import { recordCall } from "./engineTrace.ts"
import { runOperation } from "./operationRun.ts"
import type { CallResult, Verdict } from "./expectation.ts"

const errored = (message: string): Verdict => ({ outcome: "errored", message, actual: { success: false, errorMessage: message } })

export const execute = (ctx: RunContext, ref: StepRef): Effect.Effect<Verdict> =>
  Effect.suspend(() => {
    const credential = credentialOf(ctx, ref)
    if (credential === undefined) return Effect.succeed(errored("no credentials configured"))
    const operation = Catalog.lookup(ctx.catalog, ref.step.operation)
    if (operation === undefined) return Effect.succeed(errored(`unknown operation "${ref.step.operation}"`))
    const source = ctx.stepSource(ref.planned.index, ref.phase, ref.index)
    return runOperation(ctx, {
      credential,
      operation,
      parameters: ref.step.parameters,
      timeoutMs: timeoutOf(ctx, ref),
      baseDirectory: directoryOf(source?.file)
    }).pipe(
      Effect.map((response): CallResult => ({ _tag: "Success", response })),
      Effect.catch((error) => Effect.succeed<CallResult>({ _tag: "Failure", error })),
      Effect.tap((result) =>
        Effect.map(TraceRecorder, (recorder) => {
          if (recorder !== undefined) recordCall(recorder, result)
        })
      ),
      Effect.map((result) => evaluate(ref.step.expected_result, result))
    )
  }).pipe(
    Effect.catchDefect((defect) =>
      Effect.succeed(errored(`internal error: ${defect instanceof Error ? `${defect.name}: ${defect.message}` : String(defect)}`))
    )
  )

