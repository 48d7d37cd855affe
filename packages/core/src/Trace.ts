/**
 * The evidence behind a step's verdict: what was sent and what came back, attempt by attempt.
 * Plain data, already redacted, so reporters can print or store it as it is.
 *
 * @since 0.3.0
 */

/**
 * - `off`: no traces.
 * - `on`: every step's trace reaches the reporters (and is dropped by the engine once they have it).
 * - `retain-on-failure`: traces are taken for every step, but only those of steps that did not pass
 *   (failed, errored, fixed, unsupported) or passed only on a retry (flaky) reach the reporters;
 *   the rest are dropped at once.
 *
 * @category models
 * @since 0.3.0
 */
export type Mode = "off" | "on" | "retain-on-failure"

/**
 * @category constants
 * @since 0.3.0
 */
export const modes: ReadonlyArray<Mode> = ["off", "on", "retain-on-failure"]

/**
 * A body as a trace shows it: never the whole body, only enough to recognise it.
 *
 * @category models
 * @since 0.3.0
 */
export interface BodySummary {
  /** Size in bytes (absent when unknown, e.g. a stream not read by the engine). */
  readonly size?: number
  /** Hex SHA-256 of the whole body, when the engine saw all of it. */
  readonly sha256?: string
  /** The first bytes (at most 1 KiB): text as is when it is valid UTF-8, else base64. */
  readonly head?: string
  readonly headEncoding?: "utf8" | "base64"
  /** True when `head` is not the whole body. */
  readonly truncated?: boolean
}

/**
 * One HTTP request as sent on the wire (after signing), headers redacted.
 *
 * @category models
 * @since 0.3.0
 */
export interface Request {
  readonly method: string
  /** Scheme, host and port: `http://127.0.0.1:7480`. */
  readonly origin: string
  /** Path as sent (percent-encoded). */
  readonly path: string
  /** Query string without the `?` (signature parameters redacted), empty when none. */
  readonly query: string
  /** Header names lower-cased; `authorization`, security tokens and other secrets read `[redacted]`. */
  readonly headers: Readonly<Record<string, string>>
  readonly body?: BodySummary
}

/**
 * One HTTP response as received.
 *
 * @category models
 * @since 0.3.0
 */
export interface Response {
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  readonly body?: BodySummary
}

/**
 * One request/response pair. An attempt usually has one; the SDK may make more (redirects).
 *
 * @category models
 * @since 0.3.0
 */
export interface Exchange {
  /** ISO time the request was sent. */
  readonly startedAt: string
  readonly durationMs: number
  readonly request: Request
  /** Absent when no answer came (reset, timeout). */
  readonly response?: Response
  /** What went wrong on the wire, already redacted (`ECONNRESET`, `timed out after 5s`). */
  readonly error?: string
}

/**
 * One attempt of the step (a retried step has several, in order).
 *
 * @category models
 * @since 0.3.0
 */
export interface Attempt {
  /** 1-based. */
  readonly attempt: number
  readonly startedAt: string
  readonly durationMs: number
  readonly exchanges: ReadonlyArray<Exchange>
  /**
   * How many more exchanges the attempt made than `exchanges` keeps (the first 100 are kept: a
   * plugin operation may make many). Absent when none was left out.
   *
   * @since 0.4.0
   */
  readonly exchangesOmitted?: number
  /**
   * The parsed response the engine matched against (the SDK's output or the error's fields),
   * with bodies summarised, long lists cut (`"…": "1,234 more"`) and secrets redacted.
   */
  readonly response?: unknown
  /** The error, when the attempt did not produce a response (already redacted). */
  readonly error?: string
}

/**
 * A step's trace.
 *
 * @category models
 * @since 0.3.0
 */
export interface Trace {
  readonly operation: string
  /** The parameters after templating, secrets redacted and bodies summarised. */
  readonly parameters: Readonly<Record<string, unknown>>
  readonly attempts: ReadonlyArray<Attempt>
}
