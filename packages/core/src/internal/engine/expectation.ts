/**
 * The verdict of one call against its step's expectation: a pure function of the expectation and
 * what the call produced.
 */
import type { Actual, Outcome } from "../../RunResult.ts"
import type { CallResponse } from "../../S3Clients.ts"
import type { Expectation } from "../../Suite.ts"
import { checkBody } from "./expectationBody.ts"
import { matchResponse } from "./expectationResponse.ts"
import { isTransient } from "../s3/s3Errors.ts"
import type { CallError } from "../s3/s3Errors.ts"

export type CallResult =
  | { readonly _tag: "Success"; readonly response: CallResponse }
  | { readonly _tag: "Failure"; readonly error: CallError }

export interface Verdict {
  readonly outcome: Outcome
  /** Why the step did not pass (not yet redacted). */
  readonly message?: string
  readonly actual: Actual
  /** The call failed in a way worth retrying (throttling, 5xx other than 501, no connection). */
  readonly transient?: boolean
  /** The operation's output, when the call succeeded (for `${{ steps.<id>.* }}`). */
  readonly output?: Readonly<Record<string, unknown>>
}

/** Codes that a body-less 404 / 403 (a HEAD answer) stands for. */
const bodylessEquivalents: Readonly<Record<number, ReadonlyArray<string>>> = {
  404: ["NoSuchKey", "NoSuchBucket", "NotFound"],
  403: ["AccessDenied", "Forbidden"]
}

/** Every error code an answer can be matched by: its code, the SDK's name, and body-less equivalents. */
export const codesOf = (error: CallError): ReadonlySet<string> => {
  const codes = new Set<string>()
  if (error.errorCode !== undefined) codes.add(error.errorCode)
  if (error.sdkName !== undefined) codes.add(error.sdkName)
  if (error.bodyless === true && error.httpStatus !== undefined) {
    for (const code of bodylessEquivalents[error.httpStatus] ?? []) codes.add(code)
  }
  return codes
}

/** What a successful call answered, as a result shows it. */
const answered = (response: CallResponse): Actual => {
  const actual: { -readonly [K in keyof Actual]: Actual[K] } = { success: true }
  if (response.httpStatus !== undefined) actual.httpStatus = response.httpStatus
  if (response.requestId !== undefined) actual.requestId = response.requestId
  return actual
}

/** What a failed call answered, as a result shows it. */
const failedWith = (error: CallError): Actual => {
  const { httpStatus, errorCode, message, requestId } = error
  return {
    success: false,
    ...(httpStatus === undefined ? {} : { httpStatus }),
    ...(errorCode === undefined ? {} : { errorCode }),
    errorMessage: message,
    ...(requestId === undefined ? {} : { requestId })
  }
}

const describeAnswer = (error: CallError): string =>
  `${error.errorCode ?? "an error"}${error.httpStatus === undefined ? "" : ` (${error.httpStatus})`}: ${error.message}`

const describeExpectedError = (expected: Expectation): string =>
  expected.error_code === undefined && expected.http_status === undefined
    ? "an error"
    : [expected.error_code, expected.http_status === undefined ? undefined : `(${expected.http_status})`]
      .filter((part) => part !== undefined)
      .join(" ")

const noAnswer: Readonly<Record<Exclude<CallError["kind"], "service">, string>> = {
  network: "network error",
  timeout: "timeout",
  invalid: "invalid request"
}

const isNotImplemented = (error: CallError): boolean => error.httpStatus === 501 || codesOf(error).has("NotImplemented")

/**
 * - no answer (network, timeout, invalid input): `errored`, whatever was expected;
 * - success expected: success -> `passed` (when `http_status` / `response` / `body` are given: iff
 *   the status, the output and the body match them); NotImplemented / 501 -> `unsupported`; other errors -> `failed`;
 * - an error expected: success -> `failed`; an error -> `passed` iff its code (when given) and its
 *   HTTP status (when given) match.
 */
export const evaluate = (expected: Expectation, result: CallResult): Verdict => {
  if (result._tag === "Success") return judgeSuccess(expected, result.response)
  const verdict = judgeFailure(expected, result.error)
  return isTransient(result.error) ? { ...verdict, transient: true } : verdict
}

/** The verdict on a successful call (made in one piece: every passing step gets one). */
const judgeSuccess = (expected: Expectation, response: CallResponse): Verdict => {
  const actual = answered(response)
  const { output } = response
  if (!expected.success) {
    const status = response.httpStatus === undefined ? "" : ` (${response.httpStatus})`
    return { outcome: "failed", message: `expected ${describeExpectedError(expected)}, got success${status}`, actual, output }
  }
  const message = mismatchesOf(expected, response)
  return message === undefined ? { outcome: "passed", actual, output } : { outcome: "failed", message, actual, output }
}

/** What of a successful answer does not match what the step expects (one line each), or undefined. */
const mismatchesOf = (expected: Expectation, response: CallResponse): string | undefined => {
  if (expected.http_status === undefined && expected.response === undefined && expected.body === undefined) return undefined
  const status = response.httpStatus
  const mismatches = [
    expected.http_status === undefined || status === undefined || expected.http_status === status
      ? undefined
      : `expected HTTP ${expected.http_status}, got ${status}`,
    expected.response === undefined ? undefined : matchResponse(expected.response, response.output),
    expected.body === undefined ? undefined : checkBody(expected.body, response.body)
  ].filter((m): m is string => m !== undefined)
  return mismatches.length === 0 ? undefined : mismatches.join("\n")
}

/** The verdict on a call that failed. */
const judgeFailure = (expected: Expectation, error: CallError): Verdict => {
  const actual = failedWith(error)
  if (error.kind !== "service") {
    return { outcome: "errored", message: `${noAnswer[error.kind]}: ${error.message}`, actual }
  }
  if (expected.success) {
    return isNotImplemented(error)
      ? { outcome: "unsupported", message: `not implemented: ${describeAnswer(error)}`, actual }
      : { outcome: "failed", message: `expected success, got ${describeAnswer(error)}`, actual }
  }
  const codeMatches = expected.error_code === undefined || codesOf(error).has(expected.error_code)
  const statusMatches = expected.http_status === undefined || expected.http_status === error.httpStatus
  return codeMatches && statusMatches
    ? { outcome: "passed", actual }
    : { outcome: "failed", message: `expected ${describeExpectedError(expected)}, got ${describeAnswer(error)}`, actual }
}
