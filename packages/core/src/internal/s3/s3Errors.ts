/**
 * The one error type of an S3 call, and the mapping from what the AWS SDK throws to it.
 */
import { STATUS_CODES } from "node:http"
import * as Schema from "effect/Schema"

/**
 * Why an S3 call produced no successful output.
 *
 * - `service`: the server answered with an error status (the answer is the verdict material).
 * - `network`: no answer: connection refused or reset, DNS failure, broken response body.
 * - `timeout`: no answer within the step's timeout; the request was aborted.
 * - `invalid`: the request was never sent (the SDK refused the input, unknown credential...).
 */
export const CallErrorKind = Schema.Literals(["service", "network", "timeout", "invalid"])

export type CallErrorKind = typeof CallErrorKind.Type

export class CallError extends Schema.TaggedError<CallError>()("CallError", {
  kind: CallErrorKind,
  message: Schema.String,
  /** The HTTP status of the answer (`service` errors). */
  httpStatus: Schema.optionalKey(Schema.Number),
  /**
   * The S3 error code: the `Code` of the error body, else the SDK error's name; for an answer
   * without a body (HEAD) whose SDK name says nothing (`Unknown`), the status' name (`Forbidden`).
   * For `network` errors, the system error code (`ECONNREFUSED`).
   */
  errorCode: Schema.optionalKey(Schema.String),
  /** The SDK error's `name` when it differs from `errorCode`. */
  sdkName: Schema.optionalKey(Schema.String),
  requestId: Schema.optionalKey(Schema.String),
  /** True when the error answer had no parsable body (e.g. HEAD 404/403): only the status says anything. */
  bodyless: Schema.optionalKey(Schema.Boolean)
}) {}

/** Names that say nothing about the error: the SDK uses them when it could not read an error code. */
const genericNames: ReadonlySet<string> = new Set(["Unknown", "UnknownError", "Error", "S3ServiceException", ""])

const statusName = (status: number): string => {
  const text = STATUS_CODES[status]
  return text === undefined ? `Http${status}` : text.replace(/[^A-Za-z0-9]+/g, "")
}

/** System error codes of a connection that failed or broke. */
const networkCodes: ReadonlySet<string> = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ECONNABORTED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ETIMEDOUT",
  "EPIPE",
  "EHOSTUNREACH",
  "EHOSTDOWN",
  "ENETUNREACH",
  "ENETDOWN",
  "EPROTO",
  "ERR_STREAM_PREMATURE_CLOSE",
  "ERR_SSL_WRONG_VERSION_NUMBER",
  "CERT_HAS_EXPIRED",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE"
])

interface SdkErrorLike {
  readonly name?: unknown
  readonly message?: unknown
  readonly Code?: unknown
  readonly code?: unknown
  readonly RequestId?: unknown
  readonly $metadata?: { readonly httpStatusCode?: unknown; readonly requestId?: unknown }
  readonly $response?: { readonly statusCode?: unknown }
}

const str = (u: unknown): string | undefined => (typeof u === "string" && u.length > 0 ? u : undefined)
const num = (u: unknown): number | undefined => (typeof u === "number" && Number.isFinite(u) ? u : undefined)

const optional = <K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } =>
  (value === undefined ? {} : { [key]: value }) as { [P in K]?: V }

/**
 * Maps anything the SDK (or our own request preparation) throws to a {@link CallError}.
 */
export const toCallError = (cause: unknown): CallError => {
  const e: SdkErrorLike = typeof cause === "object" && cause !== null ? (cause as SdkErrorLike) : {}
  const name = str(e.name)
  const message = str(e.message) ?? (typeof cause === "string" ? cause : String(cause))
  const status = num(e.$metadata?.httpStatusCode) ?? num(e.$response?.statusCode)
  const code = str(e.code)
  // A system error code means the connection broke, even when an answer had begun (its status is
  // known but its body was cut short): there is no usable answer.
  const broken = code !== undefined && (networkCodes.has(code) || code.startsWith("UND_ERR"))
  if (status !== undefined && !broken) {
    const bodyCode = str(e.Code)
    const bodyless = bodyCode === undefined && status >= 300
    const errorCode = bodyCode ??
      (name !== undefined && !genericNames.has(name) && !/^\d+$/.test(name)
        ? name
        : status < 300
        ? "MalformedResponse" // a success status whose body the SDK could not read
        : statusName(status))
    const statusLine = `HTTP ${status} ${STATUS_CODES[status] ?? ""}`.trimEnd()
    const text = message !== "UnknownError" && message !== ""
      ? message
      : bodyCode === undefined
      ? `${statusLine} without an error body`
      : `${statusLine}: ${bodyCode} (the error body's Message is empty)`
    return new CallError({
      kind: "service",
      message: text,
      httpStatus: status,
      errorCode,
      ...optional("sdkName", name !== undefined && name !== errorCode && !genericNames.has(name) ? name : undefined),
      ...optional("requestId", str(e.$metadata?.requestId) ?? str(e.RequestId)),
      bodyless
    })
  }
  // The SDK's handler names resets and broken pipes (and its own socket timers) TimeoutError: they
  // are connection failures. Only the step's timeout (see timeoutError) is a timeout.
  if (broken || message === "socket hang up" || name === "TimeoutError") {
    const firstLine = message.split("\n")[0] ?? message
    return new CallError({
      kind: "network",
      message: status === undefined ? firstLine : `${firstLine} (the HTTP ${status} answer was cut short)`,
      ...optional("errorCode", code)
    })
  }
  return new CallError({
    kind: "invalid",
    message,
    ...optional("errorCode", name !== undefined && !genericNames.has(name) ? name : undefined)
  })
}

/** Error codes of throttling and passing server trouble. */
const transientCodes: ReadonlySet<string> = new Set([
  "SlowDown",
  "Throttling",
  "ThrottlingException",
  "RequestLimitExceeded",
  "TooManyRequests",
  "TooManyRequestsException",
  "InternalError",
  "ServiceUnavailable",
  "RequestTimeout"
])

/**
 * Worth retrying: no connection or a broken one (`network`), throttling (429, SlowDown...), 5xx
 * except 501. A timeout is not: the step's timeout is its budget.
 */
export const isTransient = (error: CallError): boolean => {
  if (error.kind === "network") return true
  if (error.kind !== "service") return false
  const status = error.httpStatus
  if (status === 501) return false
  if (status !== undefined && (status === 429 || status >= 500)) return true
  return error.errorCode !== undefined && transientCodes.has(error.errorCode)
}

/** The error of a call that got no answer in time. */
export const timeoutError = (timeoutMs: number): CallError =>
  new CallError({ kind: "timeout", message: `no answer within ${timeoutMs}ms; the request was aborted` })

/** The error of a call that could not be prepared (never sent). */
export const invalidError = (message: string): CallError => new CallError({ kind: "invalid", message })
