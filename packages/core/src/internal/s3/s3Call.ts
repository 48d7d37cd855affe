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
import { CallAbort } from "./s3Abort.ts"
import { clearDeadline, setDeadline } from "./s3Deadline.ts"
import type { Deadline } from "./s3Deadline.ts"
import { CallError, timeoutError, toCallError } from "./s3Errors.ts"

/** A request made ready to send (its bodies resolved), and how to let go of what it holds. */
export interface PreparedRequest<Answer> {
  /** True while the request's body is still being read by the SDK (not yet sent in full). */
  readonly uploading: () => boolean
  /** Sends the request; settles once the server has answered (or the request failed). */
  readonly send: (signal: CallAbort) => Promise<Answer>
  /** Destroys the request's streams; called once the call has settled, whatever happened. */
  readonly release: () => void
}

/** A call whose request is prepared first (see {@link preparedCall}). */
export interface PreparedCall<Answer, A> {
  readonly timeoutMs: number
  /**
   * Bounds the whole call, preparing included (a body that cannot even be prepared in time, a
   * blocked file): longer than `timeoutMs`, which starts once the request is sent.
   */
  readonly overallMs: number
  /**
   * Resolves the request's bodies (at once when there is nothing to wait for); throws or rejects
   * with the CallError that says why it cannot be sent.
   */
  readonly prepare: () => PreparedRequest<Answer> | Promise<PreparedRequest<Answer>>
  /** Reads what the answer carries (bodies). */
  readonly read: (answer: Answer, signal: CallAbort) => Promise<A>
}

/**
 * Whether an interrupted call waits for its request to settle (true unless the engine says that
 * nothing will follow it: its after_test phase).
 */
export const SettleOnInterrupt = Context.Reference<boolean>("@s3tester/core/SettleOnInterrupt", { defaultValue: () => true })

/**
 * Prepares the request, then sends it with its timeout and the settling described above (`settle`:
 * the fiber's {@link SettleOnInterrupt}); the prepared request is released once the call has
 * settled. One fiber, two deadlines (see s3Deadline): nothing is forked per call.
 */
export const preparedCall = <Answer, A>(call: PreparedCall<Answer, A>, settle: boolean): Effect.Effect<A, CallError> =>
  callWith(call, settle)

const aborted = (): Error => Object.assign(new Error("Request aborted"), { name: "AbortError" })

const rejected = <A>(error: unknown): Promise<A> => Promise.reject(error)

const callWith = <Answer, A>(call: PreparedCall<Answer, A>, settle: boolean): Effect.Effect<A, CallError> =>
  Effect.callback<A, CallError>((resume) => {
    const abort = new CallAbort()
    let timedOut = false
    let resumed = false
    let timer: Deadline | undefined
    let request: PreparedRequest<Answer> | undefined
    let answered: Promise<Answer> | undefined
    const finish = (effect: Effect.Effect<A, CallError>) => {
      clearDeadline(timer)
      clearDeadline(overall)
      if (resumed) return
      resumed = true
      resume(effect)
    }
    // the overall bound: the call's own timer only starts once the request is prepared
    const overall = setDeadline(call.overallMs, () => {
      abort.abort()
      finish(Effect.fail(timeoutError(call.overallMs)))
    })
    const sent = (prepared: PreparedRequest<Answer>): Promise<Answer> => {
      request = prepared
      // interrupted (or out of time) while preparing: nothing is sent
      if (abort.aborted) return rejected(aborted())
      timer = setDeadline(call.timeoutMs, () => {
        timedOut = true
        abort.abort()
      })
      return (answered = prepared.send(abort))
    }
    let preparing: PreparedRequest<Answer> | Promise<PreparedRequest<Answer>>
    try {
      preparing = call.prepare()
    } catch (error) {
      preparing = rejected(error)
    }
    const done = (preparing instanceof Promise ? preparing.then(sent) : sent(preparing))
      .then((answer) => call.read(answer, abort))
    done.then(
      (value) => {
        request?.release()
        finish(Effect.succeed(value))
      },
      (error: unknown) => {
        request?.release()
        finish(Effect.fail(
          timedOut ? timeoutError(call.timeoutMs) : request === undefined && error instanceof CallError ? error : toCallError(error)
        ))
      }
    )
    // On interruption: settle, as described above (the timer still bounds the wait).
    return Effect.promise(async () => {
      if (!settle || request === undefined || request.uploading()) abort.abort()
      else await answered?.catch(() => undefined)
      abort.abort()
      await done.catch(() => undefined)
      clearDeadline(timer)
      clearDeadline(overall)
    })
  })
