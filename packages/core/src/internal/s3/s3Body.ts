/**
 * Consumes the streaming members of an SDK output (GetObject's `Body`, event streams): read to the
 * end, counting and hashing the bytes and keeping only the first 64 KiB (as text), so sockets go back
 * to the pool and memory does not grow with object sizes. An abort destroys the stream. The trace of
 * our own client's call watches the `Body` it reads through a feed (see s3Trace's Recorder.readsBody).
 */
import { createHash, hash, type Hash } from "node:crypto"
import type { Observed } from "../../Body.ts"
import { TEXT_PREFIX_BYTES } from "../../Body.ts"
import { releaseChunk } from "../body/bodyChunks.ts"
import type { AbortSignalLike } from "./s3Abort.ts"
import type { BodyFeed } from "./s3Trace.ts"

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

/**
 * Counts, hashes and keeps the head of what passes through, and tells a trace's feed what it saw
 * once the body ends or fails. A body that fits in its head (most answers' bodies) is hashed from
 * the head it keeps anyway, and only when its hash is asked for (an expectation, a trace); a
 * longer one as it streams, from the moment it outgrows the head.
 */
class Observer {
  size = 0
  readonly #feed: BodyFeed | undefined
  constructor(feed?: BodyFeed) {
    this.#feed = feed
  }
  /** Made once the body is longer than its head. */
  #hash: Hash | undefined = undefined
  readonly #head: Array<Buffer> = []
  #headBytes = 0
  add(chunk: unknown): void {
    const bytes = chunk instanceof Uint8Array
      ? Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)
      : typeof chunk === "string"
      ? Buffer.from(chunk)
      : undefined
    if (bytes === undefined) return
    this.size += bytes.byteLength
    if (this.#hash === undefined && this.size > TEXT_PREFIX_BYTES) {
      // the body outgrows its head: what came before is all in the head
      this.#hash = createHash("sha256")
      for (const part of this.#head) this.#hash.update(part)
    }
    this.#hash?.update(bytes)
    if (this.#headBytes < TEXT_PREFIX_BYTES) {
      const part = bytes.subarray(0, TEXT_PREFIX_BYTES - this.#headBytes)
      this.#head.push(Buffer.from(part)) // a copy: the chunk's buffer may be pooled
      this.#headBytes += part.byteLength
    }
  }
  /** The head as one buffer (most bodies come in one chunk: no copy then). */
  #joinedHead(): Buffer {
    return this.#head.length === 1 ? this.#head[0]! : Buffer.concat(this.#head)
  }
  result(): Observed {
    const head = this.#joinedHead()
    // a body longer than its head was hashed as it came; a shorter one is hashed from its head when asked
    let sha256 = this.#hash?.digest("hex")
    const sha256Of = (): string => (sha256 ??= hash("sha256", head, "hex"))
    this.#feed?.seen(this.size, head, sha256Of)
    // the text too is made when asked: most bodies are only counted (no body expectation, no trace)
    let text: string | undefined
    return {
      size: this.size,
      get sha256() {
        return sha256Of()
      },
      get text() {
        return (text ??= head.toString("utf8"))
      },
      complete: this.#headBytes === this.size
    }
  }
  /** The body failed before its end: the feed gets what was read. */
  abandon(): void {
    this.#feed?.seen(this.size, this.#joinedHead(), undefined)
  }
}

const abortReason = (signal: AbortSignalLike): Error =>
  signal.reason instanceof Error ? signal.reason : Object.assign(new Error("Request aborted"), { name: "AbortError" })

const onAbort = (signal: AbortSignalLike, abort: () => void): (() => void) => {
  if (signal.aborted) {
    abort()
    return () => {}
  }
  signal.addEventListener("abort", abort, { once: true })
  return () => signal.removeEventListener("abort", abort)
}

const drainIterator = async (
  iterable: AsyncIterable<unknown>,
  stop: () => void,
  signal: AbortSignalLike,
  free: boolean,
  feed?: BodyFeed
) => {
  const observer = new Observer(feed)
  const release = onAbort(signal, stop)
  try {
    for await (const chunk of iterable) {
      if (signal.aborted) throw abortReason(signal)
      observer.add(chunk)
      if (free) releaseChunk(chunk)
    }
    if (signal.aborted) throw abortReason(signal)
  } catch (error) {
    observer.abandon()
    throw error
  } finally {
    release()
  }
  return observer.result()
}

/** A Node stream nobody has read, ended or destroyed yet (an SDK answer's body, as it comes). */
const isFresh = (stream: NodeReadableLike): stream is NodeReadableLike & NodeJS.EventEmitter =>
  (stream as { readonly readableDidRead?: unknown }).readableDidRead === false &&
  (stream as { readonly destroyed?: unknown }).destroyed === false &&
  (stream as { readonly readableEnded?: unknown }).readableEnded === false &&
  typeof (stream as { readonly off?: unknown }).off === "function"

/**
 * Reads a fresh Node stream with its events (lighter than an async iterator: no generator, no
 * promise per chunk); the same outcome: its bytes observed in order, an error or an abort
 * (which destroys it) rejects, and so does a stream closed before its end.
 */
const drainEvents = (stream: NodeReadableLike & NodeJS.EventEmitter, signal: AbortSignalLike, free: boolean, feed?: BodyFeed) =>
  new Promise<Observed>((resolve, reject) => {
    const observer = new Observer(feed)
    const onData = (chunk: unknown) => {
      observer.add(chunk)
      if (free) releaseChunk(chunk)
    }
    const settle = (error: unknown) => {
      stream.off("data", onData)
      stream.off("end", onEnd)
      stream.off("error", settle)
      stream.off("close", onClose)
      release()
      if (error === undefined && !signal.aborted) return resolve(observer.result())
      observer.abandon()
      reject(error ?? abortReason(signal))
    }
    const onEnd = () => settle(undefined)
    const onClose = () => settle(Object.assign(new Error("Premature close"), { code: "ERR_STREAM_PREMATURE_CLOSE" }))
    // (an abort destroys the stream; its events come on a later tick, with the listeners below)
    const release = onAbort(signal, () => stream.destroy(abortReason(signal)))
    stream.on("data", onData)
    stream.on("end", onEnd)
    stream.on("error", settle)
    stream.on("close", onClose)
  })

/**
 * Reads a stream to its end: its size, SHA-256 and first 64 KiB. With `free`, each chunk's memory
 * is freed once read (see bodyChunks): only for a Node stream whose chunks nobody else holds (an
 * SDK answer's body, fresh from the socket).
 */
export const drain = async (stream: unknown, signal: AbortSignalLike, free = false, feed?: BodyFeed): Promise<Observed> => {
  if (isNodeReadable(stream)) {
    return isFresh(stream)
      ? drainEvents(stream, signal, free, feed)
      : drainIterator(stream, () => stream.destroy(abortReason(signal)), signal, free, feed)
  }
  if (isWebStream(stream)) {
    const reader = stream.getReader()
    const observer = new Observer(feed)
    const release = onAbort(signal, () => void reader.cancel(abortReason(signal)).catch(() => {}))
    try {
      for (;;) {
        const { done, value } = await reader.read()
        if (done) break
        observer.add(value)
      }
      if (signal.aborted) throw abortReason(signal)
    } catch (error) {
      observer.abandon()
      throw error
    } finally {
      release()
      reader.releaseLock()
    }
    return observer.result()
  }
  if (isAsyncIterable(stream)) {
    const iterator = stream[Symbol.asyncIterator]()
    const iterable: AsyncIterable<unknown> = { [Symbol.asyncIterator]: () => iterator }
    return drainIterator(iterable, () => void iterator.return?.().catch(() => {}), signal, false, feed)
  }
  return new Observer(feed).result()
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
  /** The streaming member `Body` (else the first streaming member), observed while it was read. */
  readonly body?: Observed
}

/**
 * Splits an SDK output into its plain members, its `$metadata` (status, request id) and its
 * streaming members, which are drained (their byte count is kept, their content is not).
 * `freeChunks`: the output is our own SDK client's answer, whose body chunks can be freed as they
 * are read (see {@link drain}); not for a plugin's output, which may hand out buffers it keeps.
 */
export const consumeOutput = async (
  raw: unknown,
  signal: AbortSignalLike,
  freeChunks = false,
  bodyFeed?: BodyFeed
): Promise<ConsumedOutput> => {
  const output: Record<string, unknown> = {}
  // (made once per call: the output's members, its metadata, and its streams, usually none or one)
  const consumed: { -readonly [K in keyof ConsumedOutput]: ConsumedOutput[K] } = { output }
  let streams: Array<readonly [string, unknown]> | undefined
  const members = isObject(raw) ? raw : {}
  for (const key in members) {
    if (!Object.hasOwn(members, key)) continue
    const value = members[key]
    if (key === "$metadata") {
      if (isObject(value)) {
        if (typeof value["httpStatusCode"] === "number") consumed.httpStatus = value["httpStatusCode"]
        if (typeof value["requestId"] === "string") consumed.requestId = value["requestId"]
      }
    } else if (typeof value === "object" && isStreaming(value)) {
      ;(streams ??= []).push([key, value])
    } else {
      output[key] = value
    }
  }
  if (streams === undefined) return consumed
  let bodyBytes = 0
  consumed.bodyBytes = 0
  try {
    for (const [key, stream] of streams) {
      const observed = await drain(stream, signal, freeChunks, key === "Body" ? bodyFeed : undefined)
      bodyBytes += observed.size
      if (consumed.body === undefined || key === "Body") consumed.body = observed
    }
  } catch (error) {
    for (const [, stream] of streams) discard(stream)
    throw error
  }
  consumed.bodyBytes = bodyBytes
  return consumed
}
