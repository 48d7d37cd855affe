/**
 * A call's abort signal. Every SDK call gets one (its timeout and an interruption abort it), and
 * almost none is ever aborted, so it is the part of an AbortSignal the SDK (its client, retry
 * middleware and HTTP handler) and the body reader use: `aborted`, `reason`, abort listeners and
 * `onabort`, as plain fields and an array, without the cost of making an EventTarget and of its
 * listener bookkeeping on every call.
 */

/** What the body reader needs of a signal (an AbortSignal is one). */
export interface AbortSignalLike {
  readonly aborted: boolean
  readonly reason?: unknown
  addEventListener(type: "abort", listener: () => void, options?: { readonly once?: boolean }): void
  removeEventListener(type: "abort", listener: () => void): void
}

type Listener = (this: CallAbort, event: { readonly type: "abort"; readonly target: CallAbort }) => unknown

/** A signal and its `abort()` (an AbortController and its signal in one object). */
export class CallAbort implements AbortSignalLike {
  aborted = false
  reason: unknown = undefined
  /** The SDK's fallback when a signal has no addEventListener (ours has; kept for its type). */
  onabort: Listener | null = null
  #listeners: Array<Listener> | undefined = undefined

  addEventListener(type: string, listener: Listener): void {
    // as an EventTarget: a listener added twice is called once, one added after the abort never
    if (type !== "abort" || this.aborted) return
    const listeners = (this.#listeners ??= [])
    if (!listeners.includes(listener)) listeners.push(listener)
  }

  removeEventListener(type: string, listener: Listener): void {
    const listeners = this.#listeners
    if (type !== "abort" || listeners === undefined) return
    const at = listeners.indexOf(listener)
    if (at >= 0) listeners.splice(at, 1)
  }

  /** Aborts once, with the reason an AbortController gives (an AbortError DOMException). */
  abort(): void {
    if (this.aborted) return
    this.aborted = true
    this.reason = new DOMException("This operation was aborted", "AbortError")
    const event = { type: "abort", target: this } as const
    const listeners = [...(this.#listeners ?? []), ...(this.onabort === null ? [] : [this.onabort])]
    this.#listeners = undefined
    for (const listener of listeners) {
      try {
        listener.call(this, event)
      } catch (error) {
        // as an EventTarget does: a throwing listener neither stops the others nor the caller
        queueMicrotask(() => {
          throw error
        })
      }
    }
  }
}

/**
 * Where a call's signal rides in the options of `client.send`: under this key, the SDK passes it to
 * the HTTP handler (as it does all of `send`'s options) without taking it as the command's own
 * `abortSignal`, which its retry middleware would race every call against (its clients make one
 * attempt: there is nothing to race) on top of the HTTP handler listening to it.
 */
const handlerSignal = Symbol("@s3tester/core/handlerSignal")

/** The options of `client.send` that give `signal` to the HTTP handler alone (see {@link routeHandlerSignals}). */
export const handlerOptions = (signal: CallAbort): { readonly abortSignal?: never } => {
  // (typed as the SDK's options, none of which it sets: the key is ours)
  const options: { readonly abortSignal?: never; readonly [handlerSignal]: CallAbort } = { [handlerSignal]: signal }
  return options
}

interface RequestHandler {
  handle: (request: unknown, options?: Record<PropertyKey, unknown>) => Promise<unknown>
}

const isRequestHandler = (u: unknown): u is RequestHandler =>
  typeof u === "object" && u !== null && typeof (u as { handle?: unknown }).handle === "function"

/**
 * Makes the HTTP handler of `client` (its own: the SDK makes one per client) take the signal of
 * {@link handlerOptions} as its `abortSignal`: aborting it destroys the request as before. Calls
 * that give their own `abortSignal` (a plugin's) are passed on as they are.
 */
export const routeHandlerSignals = (client: { readonly config: { readonly requestHandler?: unknown } }): void => {
  const handler = client.config.requestHandler
  if (!isRequestHandler(handler)) return
  const handle = handler.handle.bind(handler)
  handler.handle = (request, options) => {
    const signal = options?.[handlerSignal]
    return handle(request, signal === undefined ? options : { ...options, abortSignal: signal })
  }
}
