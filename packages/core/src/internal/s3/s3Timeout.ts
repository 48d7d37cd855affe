/**
 * The per-call timeout: interrupts the call (which aborts its HTTP request) and fails with a
 * `timeout` CallError.
 */
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import { timeoutError } from "./s3Errors.ts"
import type { CallError } from "./s3Errors.ts"

export const withTimeout =
  (timeoutMs: number) => <A, R>(self: Effect.Effect<A, CallError, R>): Effect.Effect<A, CallError, R> =>
    Effect.timeoutOrElse(self, {
      duration: Duration.millis(timeoutMs),
      orElse: () => Effect.fail(timeoutError(timeoutMs))
    })
