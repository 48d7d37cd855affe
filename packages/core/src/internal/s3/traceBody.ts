/**
 * Bodies as traces show them (see Trace.BodySummary): size, SHA-256 and the first KiB, redacted,
 * as text when it is UTF-8, else base64. Streams are watched as they pass (never buffered), so a
 * trace costs a hash and at most a few KiB per body whatever its size.
 */
import { createHash, type Hash } from "node:crypto"
import { Transform } from "node:stream"
import type { Readable } from "node:stream"
import type { Observed } from "../../Body.ts"
import type { Redactor } from "../../Redaction.ts"
import type { BodySummary } from "../../Trace.ts"

/** How much of a body a trace shows. */
export const headBytes = 1024

/**
 * How much more is read for redaction: a secret that starts in the first KiB is masked whole
 * before the text is cut (secrets are far shorter than this).
 */
const redactionWindow = 256

const utf8 = new TextDecoder("utf-8", { fatal: true })

/** The bytes as text, dropping a character cut at the end; undefined when they are not UTF-8. */
const asText = (bytes: Uint8Array, cut: boolean): string | undefined => {
  for (let drop = 0; drop <= (cut ? 3 : 0) && drop < bytes.byteLength + 1; drop++) {
    try {
      return utf8.decode(bytes.subarray(0, bytes.byteLength - drop))
    } catch {
      // try again without a partial character at the end
    }
  }
  return undefined
}

/** The summary of a body's first bytes (`head` holds up to {@link headBytes} + the redaction window). */
export const summarize = (
  head: Uint8Array,
  redact: Redactor,
  whole: { readonly size?: number; readonly sha256?: string }
): BodySummary => {
  const longer = whole.size === undefined ? head.byteLength > headBytes : whole.size > head.byteLength
  const text = asText(head, longer || head.byteLength > headBytes)
  const out = (fields: Pick<BodySummary, "head" | "headEncoding" | "truncated">): BodySummary => ({
    ...(whole.size === undefined ? {} : { size: whole.size }),
    ...(whole.sha256 === undefined ? {} : { sha256: whole.sha256 }),
    ...fields
  })
  if (head.byteLength === 0) return whole.size === 0 ? { size: 0 } : out({})
  if (text !== undefined) {
    const redacted = redact(text)
    const cut = redacted.length > headBytes
    return out({ head: cut ? redacted.slice(0, headBytes) : redacted, headEncoding: "utf8", truncated: cut || longer })
  }
  const cut = head.byteLength > headBytes
  return out({
    head: Buffer.from(head.subarray(0, headBytes)).toString("base64"),
    headEncoding: "base64",
    truncated: cut || longer
  })
}

/**
 * Summaries already made for one trace, by body: a step's `Body` parameter is usually the very
 * body the SDK sends, hashed once.
 */
export type BodyCache = Map<string | Uint8Array, BodySummary>

/** A whole body in memory (a string or bytes). */
export const summarizeBytes = (body: string | Uint8Array, redact: Redactor, cache?: BodyCache): BodySummary => {
  const cached = cache?.get(body)
  if (cached !== undefined) return cached
  const bytes = typeof body === "string" ? Buffer.from(body) : body
  const summary = summarize(bytes.subarray(0, headBytes + redactionWindow), redact, {
    size: bytes.byteLength,
    sha256: createHash("sha256").update(bytes).digest("hex")
  })
  cache?.set(body, summary)
  return summary
}

/** A body the engine read (GetObject's `Body`): its size and hash are known, its text kept. */
export const summarizeObserved = (observed: Observed, redact: Redactor): BodySummary =>
  summarize(Buffer.from(observed.text.slice(0, headBytes + redactionWindow)), redact, {
    size: observed.size,
    sha256: observed.sha256
  })

/** The SHA-256 of no bytes. */
const emptySha256 = createHash("sha256").digest("hex")

/** Counts, hashes and keeps the first bytes of what passes through (or what its reader saw). */
export class BodyWatcher {
  size = 0
  ended = false
  /** Made with the first bytes (many answers have none). */
  #hash: Hash | undefined = undefined
  #head: Array<Buffer> = []
  #headSize = 0
  /** A body known to be empty (its Content-Length is 0): nothing will pass. */
  static empty(): BodyWatcher {
    const watcher = new BodyWatcher()
    watcher.ended = true
    return watcher
  }
  /** The body's hash as whoever read it computes it (see {@link seen}). */
  #sha256: (() => string) | undefined = undefined
  add(chunk: Uint8Array): void {
    this.size += chunk.byteLength
    this.#hash ??= createHash("sha256")
    this.#hash.update(chunk)
    const room = headBytes + redactionWindow - this.#headSize
    if (room > 0) {
      const part = Buffer.from(chunk.subarray(0, room)) // a copy: the chunk's buffer may be pooled
      this.#head.push(part)
      this.#headSize += part.byteLength
    }
  }
  /**
   * What the body's reader saw (it kept the head and hashes the body itself): its size, first
   * bytes (not copied: the reader's own copy), and its hash if it read the body to its end.
   */
  seen(size: number, head: Buffer, sha256: (() => string) | undefined): void {
    this.size = size
    const kept = head.subarray(0, headBytes + redactionWindow)
    this.#head = [kept]
    this.#headSize = kept.byteLength
    this.#sha256 = sha256
    if (sha256 !== undefined) this.ended = true
  }
  /** What has been seen so far: the hash only once the body ended. */
  summary(redact: Redactor): BodySummary {
    const head = Buffer.concat(this.#head)
    if (!this.ended) return { ...summarize(head, redact, {}), size: this.size, truncated: true }
    return summarize(head, redact, { size: this.size, sha256: this.#sha256?.() ?? this.#hash?.copy().digest("hex") ?? emptySha256 })
  }
}

/**
 * `stream` as seen through `watcher`: a pass-through the SDK reads instead of the socket.
 * Errors are passed on; destroying the tap destroys the source (an aborted read frees the socket).
 */
export const tap = (stream: Readable, watcher: BodyWatcher, onEnd: () => void): Readable => {
  const through = new Transform({
    transform(chunk: Uint8Array, _encoding, callback) {
      watcher.add(typeof chunk === "string" ? Buffer.from(chunk) : chunk)
      callback(null, chunk)
    },
    flush(callback) {
      watcher.ended = true
      onEnd()
      callback()
    }
  })
  stream.on("error", (error) => through.destroy(error))
  through.on("close", () => {
    if (!stream.destroyed && !stream.readableEnded) stream.destroy()
  })
  return stream.pipe(through)
}
