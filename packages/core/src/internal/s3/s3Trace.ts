/**
 * Captures the HTTP exchanges of one attempt for its trace: the HTTP handler of every client of the
 * run (see s3Handler) sees each request after signing and its raw answer before the SDK parses it;
 * plugins that speak HTTP themselves report their exchanges through the same {@link Recorder}.
 * Requests and answers are kept as sent until the attempt's trace is built, and redacted then (a
 * trace that is not wanted costs no redaction); response bodies are watched as they stream (size,
 * hash, first KiB), never kept.
 *
 * The engine hands the S3 clients a Recorder per attempt on the options of its `send`, marked with
 * it ({@link recording}); the options the clients give `client.send` are marked the same way (the
 * SDK passes them to the HTTP handler as they are), and so are those of the calls a plugin makes
 * with the client it is given ({@link recordingClient}). Without a recorder (traces off) nothing is
 * captured. (A mark, not an Effect service provided around each attempt: Effect copies a context
 * with one more service whole, every service of the run, after a few lookups: that on every call.)
 */
import type { S3Client } from "@aws-sdk/client-s3"
import type { Readable } from "node:stream"
import { redactHeaders, redactQuery } from "../../Redaction.ts"
import type { Redactor } from "../../Redaction.ts"
import type * as Trace from "../../Trace.ts"
import { BodyWatcher, summarizeBytes, tap } from "./traceBody.ts"
import type { BodyCache } from "./traceBody.ts"

/** At most this many exchanges are kept per attempt (a plugin operation may make many). */
export const maxExchanges = 100

/** A request as it goes on the wire, before redaction. */
export interface RawRequest {
  readonly method: string
  /** The full URL (query included). */
  readonly url: string | URL
  readonly headers: Readonly<Record<string, string | ReadonlyArray<string> | undefined>>
  /** A body in memory is summarised whole; a stream only by its Content-Length. */
  readonly body?: unknown
}

/** One exchange under way: its answer (or failure) is recorded when it comes. */
export interface PendingExchange {
  /** Records the answer's status and headers; returns the body to read instead of `body` (watched, when a stream). */
  readonly respond: <B>(status: number, headers: RawRequest["headers"], body: B) => B | Readable
  /** Records that no answer came. */
  readonly fail: (error: unknown) => void
}

const isReadable = (u: unknown): u is Readable =>
  typeof u === "object" && u !== null && typeof (u as { pipe?: unknown }).pipe === "function" &&
  typeof (u as { on?: unknown }).on === "function"

/** Whether the answer's headers say it has no body (a Content-Length of 0 and no chunked encoding). */
const isEmpty = (headers: RawRequest["headers"]): boolean =>
  headers["content-length"] === "0" && headers["transfer-encoding"] === undefined

/** One exchange of the attempt (a class: the HTTP handler records one per call). */
class Entry {
  /** Epoch milliseconds (made an ISO date only if the trace is wanted). */
  readonly startedAt = Date.now()
  readonly started = performance.now()
  /** Kept as sent (the SDK's request, its URL put together only if the trace is wanted), redacted only then. */
  readonly request: RawRequest | WireRequest
  durationMs: number | undefined = undefined
  response: { readonly status: number; readonly headers: RawRequest["headers"]; readonly body?: BodyWatcher } | undefined = undefined
  error: unknown = undefined
  constructor(request: RawRequest | WireRequest) {
    this.request = request
  }
}

const elapsed = (since: number) => Math.round((performance.now() - since) * 1000) / 1000

/** Where the reader of a watched body says what it read (see Recorder.readsBody). */
export interface BodyFeed {
  /**
   * The body as far as it was read: its size, its first bytes (at least those a trace shows), and
   * its SHA-256 (hex, computed when asked) once it was read to its end, undefined if it failed.
   */
  readonly seen: (size: number, head: Buffer, sha256: (() => string) | undefined) => void
}

/** What the engine matched against, described when the trace is built. */
export interface Described {
  readonly response?: unknown
  readonly error?: string
}

/** The exchanges and the parsed answer of one attempt. */
export class Recorder {
  readonly #entries: Array<Entry> = []
  /** Exchanges made beyond {@link maxExchanges}: counted, not kept. */
  omitted = 0
  /** Describes the parsed response or the error (set by the engine once the call settled). */
  describe: (() => Described) | undefined = undefined

  readonly redact: Redactor

  constructor(redact: Redactor) {
    this.redact = redact
  }

  /**
   * Set by the engine for a call whose successful answer's body it reads to its end itself
   * (GetObject's `Body`): the trace then gets what the engine's reader saw through
   * {@link takeBodyFeed}, rather than watching a pass-through stream (the same bytes).
   */
  readsBody = false
  #unread: BodyFeed | undefined = undefined

  /** What watches the body the engine reads (see readsBody), once; undefined if there is none. */
  takeBodyFeed(): BodyFeed | undefined {
    const feed = this.#unread
    this.#unread = undefined
    return feed
  }

  /** Records a request as it is sent (a plugin's: see OperationContext's `trace`). */
  begin(raw: RawRequest): PendingExchange {
    const entry = this.sending(raw)
    return {
      respond: (status, headers, responseBody) => this.answered(entry, status, headers, responseBody),
      fail: (error) => this.failed(entry, error)
    }
  }

  /** @internal Records a request as it is sent (the HTTP handler's: no closures per call). */
  sending(request: RawRequest | WireRequest): Entry {
    const entry = new Entry(request)
    if (this.#entries.length < maxExchanges) this.#entries.push(entry)
    else this.omitted++
    return entry
  }

  /** @internal Records the answer's status and headers; returns the body to read instead of `body` (watched, when a stream). */
  answered<B>(entry: Entry, status: number, headers: RawRequest["headers"], responseBody: B): B | Readable {
    entry.durationMs = elapsed(entry.started)
    const readable = isReadable(responseBody)
    // an answer without a body (Content-Length 0, most writes' answers) is not watched: none will pass
    const empty = readable && isEmpty(headers)
    const watcher = !readable ? undefined : empty ? BodyWatcher.empty() : new BodyWatcher()
    entry.response = watcher === undefined ? { status, headers } : { status, headers, body: watcher }
    if (watcher === undefined || empty || !isReadable(responseBody)) return responseBody
    const ended = () => {
      entry.durationMs = elapsed(entry.started)
    }
    // a successful answer whose body the engine reads (see readsBody): watched as it reads it
    if (this.readsBody && status >= 200 && status < 300) {
      this.#unread = {
        seen: (size, head, sha256) => {
          watcher.seen(size, head, sha256)
          if (sha256 !== undefined) ended()
        }
      }
      return responseBody
    }
    return tap(responseBody, watcher, ended)
  }

  /** @internal Records that no answer came. */
  failed(entry: Entry, error: unknown): void {
    entry.durationMs = elapsed(entry.started)
    entry.error = error
  }

  #request(request: RawRequest | WireRequest, cache: BodyCache | undefined): Trace.Request {
    const raw = isWireRequest(request) ? rawOf(request) : request
    const url = typeof raw.url === "string" ? new URL(raw.url) : raw.url
    const headers = redactHeaders(raw.headers, this.redact)
    const length = Number(headers["content-length"])
    const body = raw.body === undefined || raw.body === null
      ? undefined
      : typeof raw.body === "string" || raw.body instanceof Uint8Array
      ? summarizeBytes(raw.body, this.redact, cache)
      : Number.isFinite(length)
      ? { size: length }
      : undefined
    return {
      method: raw.method.toUpperCase(),
      origin: url.origin,
      path: url.pathname,
      query: redactQuery(url.search.replace(/^\?/, ""), this.redact),
      headers,
      ...(body === undefined ? {} : { body })
    }
  }

  /** The exchanges so far, as plain data (bodies already summarised for the trace taken from `cache`). */
  exchanges(cache?: BodyCache): ReadonlyArray<Trace.Exchange> {
    return this.#entries.map((entry) => ({
      startedAt: new Date(entry.startedAt).toISOString(),
      durationMs: entry.durationMs ?? elapsed(entry.started),
      request: this.#request(entry.request, cache),
      ...(entry.response === undefined
        ? {}
        : {
          response: {
            status: entry.response.status,
            headers: redactHeaders(entry.response.headers, this.redact),
            ...(entry.response.body === undefined ? {} : { body: entry.response.body.summary(this.redact) })
          }
        }),
      ...(entry.error === undefined
        ? {}
        : {
          error: this.redact(entry.error instanceof Error ? `${entry.error.name}: ${entry.error.message}` : String(entry.error))
        })
    }))
  }
}

interface WireRequest {
  readonly method: string
  readonly protocol: string
  readonly hostname: string
  readonly port?: number
  readonly path: string
  readonly query: Record<string, string | Array<string> | null>
  readonly headers: Record<string, string>
  readonly body?: unknown
}

interface WireResponse {
  readonly statusCode: number
  readonly headers: Record<string, string>
  body?: unknown
}

const isWireRequest = (u: unknown): u is WireRequest =>
  typeof u === "object" && u !== null && typeof (u as WireRequest).method === "string" &&
  typeof (u as WireRequest).hostname === "string" && typeof (u as WireRequest).path === "string"

/** The query as the SDK's HTTP handler writes it (RFC 3986 escapes, bare keys for null values). */
const queryString = (query: WireRequest["query"]): string => {
  const escape = (s: string) =>
    encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
  return Object.keys(query).sort().flatMap((key) => {
    const value = query[key]
    if (value === null || value === undefined) return [escape(key)]
    return (Array.isArray(value) ? value : [value]).map((v) => `${escape(key)}=${escape(v)}`)
  }).join("&")
}

const urlOf = (request: WireRequest): string => {
  const port = request.port === undefined ? "" : `:${request.port}`
  const host = request.hostname.includes(":") && !request.hostname.startsWith("[") ? `[${request.hostname}]` : request.hostname
  const query = queryString(request.query)
  return `${request.protocol.replace(/:?$/, ":")}//${host}${port}${request.path}${query === "" ? "" : `?${query}`}`
}

/**
 * The recorder of each call under way, found by the HTTP handler on the options the SDK hands it (a
 * property, not a WeakMap: its entries would be ephemerons every scavenge walks; not
 * async context: that puts hooks on every promise of the process).
 */
const recorderKey = Symbol.for("@s3tester/core/traceRecorder")

interface Marked {
  [recorderKey]?: Recorder | undefined
}

/**
 * Marks `object` (the options of an S3Clients or SDK `send`) as one of the attempt's, whose
 * exchanges go to `recorder`.
 */
export const recording = <C extends object>(recorder: Recorder | undefined, object: C): C => {
  const marked = object as C & Marked
  if (recorder !== undefined || marked[recorderKey] !== undefined) marked[recorderKey] = recorder
  return object
}

/** The recorder `object` was marked with (see {@link recording}), if any. */
export const recorderMarked = (object: object): Recorder | undefined => (object as Marked)[recorderKey]

/** The request as a trace shows it (put together only for a trace that is wanted). */
const rawOf = (request: WireRequest): RawRequest => ({
  method: request.method,
  url: urlOf(request),
  headers: request.headers,
  body: request.body
})

/**
 * Sends `request` with `send` (the HTTP handler's own `handle`), its exchange recorded in
 * `recorder`: the signed request as it is sent, the raw answer before the SDK's deserializer reads
 * its body (see s3Handler).
 */
export const traceExchange = <R extends { readonly response: unknown }>(
  recorder: Recorder,
  request: unknown,
  send: () => Promise<R>
): Promise<R> => {
  if (!isWireRequest(request)) return send()
  const entry = recorder.sending(request)
  return send().then(
    (result) => {
      const response = result.response as WireResponse
      response.body = recorder.answered(entry, response.statusCode, response.headers, response.body)
      return result
    },
    (error: unknown) => {
      recorder.failed(entry, error)
      throw error
    }
  )
}

/**
 * The run's shared `client` as one plugin step sees it: its calls (and those of helpers it is
 * given to, such as lib-storage's Upload) go to `recorder`: the options of each `send` are marked
 * (a copy: the caller's are left as they are).
 */
export const recordingClient = (client: S3Client, recorder: Recorder | undefined): S3Client =>
  recorder === undefined ? client : new Proxy(client, {
    get: (target, key) => {
      if (key === "send") {
        // send(command), send(command, options), send(command, callback), send(command, options, callback)
        return (command: never, optionsOrCallback?: unknown, callback?: unknown) =>
          typeof optionsOrCallback === "function"
            ? target.send(command, recording(recorder, {}), optionsOrCallback as never)
            : target.send(command, recording(recorder, { ...(optionsOrCallback as object | undefined) }), callback as never)
      }
      const value: unknown = Reflect.get(target, key, target)
      return typeof value === "function" ? value.bind(target) : value
    }
  })
