/**
 * One SDK call: its timeout, and what an interruption (Ctrl-C, the cleanup bound) does to it.
 *
 * The step's timeout aborts the request and fails with a `timeout` CallError. An interruption
 * waits for the request to settle before it goes on, so after_test never races a write the server
 * may still apply: a request whose body is still being uploaded is aborted at once (the server
 * discards an incomplete body); a request sent in full is given until its timeout for the server's
 * answer (its headers), then whatever is left (reading a body) is aborted. Where nothing runs after
 * the call (after_test: see {@link SettleOnInterrupt}), an interruption aborts at once, so the
 * cleanup bound and a second Ctrl-C stay prompt.
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import { timeoutError, toCallError } from "./s3Errors.ts"
import type { CallError } from "./s3Errors.ts"

export interface SettledCall<Answer, A> {
  readonly timeoutMs: number
  /** True while the request's body is still being read by the SDK (not yet sent in full). */
  readonly uploading: () => boolean
  /** Sends the request; settles once the server has answered (or the request failed). */
  readonly send: (signal: AbortSignal) => Promise<Answer>
  /** Reads what the answer carries (bodies). */
  readonly read: (answer: Answer, signal: AbortSignal) => Promise<A>
}

/**
 * Whether an interrupted call waits for its request to settle (true unless the engine says that
 * nothing will follow it: its after_test phase).
 */
export const SettleOnInterrupt = Context.Reference<boolean>("@s3tester/core/SettleOnInterrupt", { defaultValue: () => true })

export const settledCall = <Answer, A>(call: SettledCall<Answer, A>): Effect.Effect<A, CallError> =>
  Effect.gen(function*() {
    return yield* callWith(call, yield* SettleOnInterrupt)
  })

const callWith = <Answer, A>(call: SettledCall<Answer, A>, settle: boolean): Effect.Effect<A, CallError> =>
  Effect.callback<A, CallError>((resume) => {
    const controller = new AbortController()
    let timedOut = false
    const timer = setTimeout(() => {
      timedOut = true
      controller.abort()
    }, call.timeoutMs)
    const answered = Promise.resolve().then(() => call.send(controller.signal))
    const done = answered.then((answer) => call.read(answer, controller.signal))
    done.then(
      (value) => {
        clearTimeout(timer)
        resume(Effect.succeed(value))
      },
      (error: unknown) => {
        clearTimeout(timer)
        resume(Effect.fail(timedOut ? timeoutError(call.timeoutMs) : toCallError(error)))
      }
    )
    // On interruption: settle, as described above (the timer still bounds the wait).
    return Effect.promise(async () => {
      if (!settle || call.uploading()) controller.abort()
      else await answered.catch(() => undefined)
      controller.abort()
      await done.catch(() => undefined)
      clearTimeout(timer)
    })
  })
