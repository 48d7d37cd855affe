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
