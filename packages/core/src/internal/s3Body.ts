/**
 * Consumes the streaming members of an SDK output (GetObject's `Body`, event streams): read to the
 * end, counting bytes, never buffering, so sockets go back to the pool and memory does not grow with
 * object sizes. An abort destroys the stream.
 */

interface NodeReadableLike {
  readonly pipe: (...args: ReadonlyArray<never>) => unknown
  readonly on: (...args: ReadonlyArray<never>) => unknown
  readonly destroy: (error?: Error) => unknown
  readonly [Symbol.asyncIterator]: () => AsyncIterator<unknown>
}

const isObject = (u: unknown): u is Record<PropertyKey, unknown> => typeof u === "object" && u !== null

const isNodeReadable = (u: unknown): u is NodeReadableLike =>
  isObject(u) &&
  typeof u["pipe"] === "function" &&
  typeof u["on"] === "function" &&
  typeof u["destroy"] === "function" &&
  typeof u[Symbol.asyncIterator] === "function"

const isWebStream = (u: unknown): u is ReadableStream<unknown> =>
  typeof ReadableStream !== "undefined" && u instanceof ReadableStream

const isAsyncIterable = (u: unknown): u is AsyncIterable<unknown> =>
  isObject(u) && typeof u[Symbol.asyncIterator] === "function"

/** Whether an output member is something that must be consumed. */
export const isStreaming = (u: unknown): boolean => isNodeReadable(u) || isWebStream(u) || isAsyncIterable(u)

const sizeOf = (chunk: unknown): number =>
  chunk instanceof Uint8Array ? chunk.byteLength : typeof chunk === "string" ? Buffer.byteLength(chunk) : 0

const abortReason = (signal: AbortSignal): Error =>
  signal.reason instanceof Error ? signal.reason : Object.assign(new Error("Request aborted"), { name: "AbortError" })

const onAbort = (signal: AbortSignal, abort: () => void): (() => void) => {
  if (signal.aborted) {
    abort()
    return () => {}
  }
  signal.addEventListener("abort", abort, { once: true })
  return () => signal.removeEventListener("abort", abort)
}

const drainIterator = async (iterable: AsyncIterable<unknown>, stop: () => void, signal: AbortSignal) => {
  let bytes = 0
  const release = onAbort(signal, stop)
  try {
    for await (const chunk of iterable) {
      if (signal.aborted) throw abortReason(signal)
      bytes += sizeOf(chunk)
    }
  } finally {
    release()
  }
  if (signal.aborted) throw abortReason(signal)
  return bytes
}

/** Reads a stream to its end and returns its size in bytes. */
export const drain = async (stream: unknown, signal: AbortSignal): Promise<number> => {
  if (isNodeReadable(stream)) {
    return drainIterator(stream, () => stream.destroy(abortReason(signal)), signal)
  }
  if (isWebStream(stream)) {
    const reader = stream.getReader()
    let bytes = 0
    const release = onAbort(signal, () => void reader.cancel(abortReason(signal)).catch(() => {}))
    try {
      for (;;) {
        const { done, value } = await reader.read()
        if (done) break
        bytes += sizeOf(value)
      }
    } finally {
      release()
      reader.releaseLock()
    }
    if (signal.aborted) throw abortReason(signal)
    return bytes
  }
  if (isAsyncIterable(stream)) {
    const iterator = stream[Symbol.asyncIterator]()
    const iterable: AsyncIterable<unknown> = { [Symbol.asyncIterator]: () => iterator }
    return drainIterator(iterable, () => void iterator.return?.().catch(() => {}), signal)
  }
  return 0
}

/** Releases a stream that will not be read (after another member failed). */
export const discard = (stream: unknown): void => {
  try {
    if (isNodeReadable(stream)) stream.destroy()
    else if (isWebStream(stream)) void stream.cancel().catch(() => {})
  } catch {
    // already released
  }
}

export interface ConsumedOutput {
  readonly output: Readonly<Record<string, unknown>>
  readonly httpStatus?: number
  readonly requestId?: string
  /** Total bytes of the streaming members, when there were any. */
  readonly bodyBytes?: number
}

/**
 * Splits an SDK output into its plain members, its `$metadata` (status, request id) and its
 * streaming members, which are drained (their byte count is kept, their content is not).
 */
export const consumeOutput = async (raw: unknown, signal: AbortSignal): Promise<ConsumedOutput> => {
  const output: Record<string, unknown> = {}
  const streams: Array<unknown> = []
  let httpStatus: number | undefined
  let requestId: string | undefined
  for (const [key, value] of Object.entries(isObject(raw) ? raw : {})) {
    if (key === "$metadata") {
      if (isObject(value)) {
        if (typeof value["httpStatusCode"] === "number") httpStatus = value["httpStatusCode"]
        if (typeof value["requestId"] === "string") requestId = value["requestId"]
      }
    } else if (isStreaming(value)) {
      streams.push(value)
    } else {
      output[key] = value
    }
  }
  let bodyBytes: number | undefined
  try {
    for (const stream of streams) bodyBytes = (bodyBytes ?? 0) + (await drain(stream, signal))
  } catch (error) {
    for (const stream of streams) discard(stream)
    throw error
  }
  return {
    output,
    ...(httpStatus === undefined ? {} : { httpStatus }),
    ...(requestId === undefined ? {} : { requestId }),
    ...(bodyBytes === undefined ? {} : { bodyBytes })
  }
}
