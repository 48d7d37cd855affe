/**
 * The verdict of one call against its step's expectation: a pure function of the expectation and
 * what the call produced.
 */
import type { Actual, Outcome } from "../../RunResult.ts"
import type { CallResponse } from "../../S3Clients.ts"
import type { Expectation } from "../../Suite.ts"
import { checkBody } from "./expectationBody.ts"
import { matchResponse } from "./expectationResponse.ts"
import { isTransient as isTransientError } from "../s3/s3Errors.ts"
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

/** Worth retrying (see s3Errors' isTransient). */
export const isTransient = (result: CallResult): boolean => result._tag === "Failure" && isTransientError(result.error)

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

const actualOf = (result: CallResult): Actual => {
  if (result._tag === "Success") {
    const { httpStatus, requestId } = result.response
    return {
      success: true,
      ...(httpStatus === undefined ? {} : { httpStatus }),
      ...(requestId === undefined ? {} : { requestId })
    }
  }
  const { httpStatus, errorCode, message, requestId } = result.error
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
  const verdict = judge(expected, result)
  const transient = isTransient(result)
  return result._tag === "Success"
    ? { ...verdict, output: result.response.output }
    : transient
    ? { ...verdict, transient }
    : verdict
}

const judge = (expected: Expectation, result: CallResult): Verdict => {
  const actual = actualOf(result)
  if (result._tag === "Failure" && result.error.kind !== "service") {
    return { outcome: "errored", message: `${noAnswer[result.error.kind]}: ${result.error.message}`, actual }
  }
  if (expected.success) {
    if (result._tag === "Success") {
      const status = result.response.httpStatus
      const mismatches = [
        expected.http_status === undefined || status === undefined || expected.http_status === status
          ? undefined
          : `expected HTTP ${expected.http_status}, got ${status}`,
        expected.response === undefined ? undefined : matchResponse(expected.response, result.response.output),
        expected.body === undefined ? undefined : checkBody(expected.body, result.response.body)
      ].filter((m): m is string => m !== undefined)
      return mismatches.length === 0
        ? { outcome: "passed", actual }
        : { outcome: "failed", message: mismatches.join("\n"), actual }
    }
    const error = result.error
    return isNotImplemented(error)
      ? { outcome: "unsupported", message: `not implemented: ${describeAnswer(error)}`, actual }
      : { outcome: "failed", message: `expected success, got ${describeAnswer(error)}`, actual }
  }
  if (result._tag === "Success") {
    const status = result.response.httpStatus === undefined ? "" : ` (${result.response.httpStatus})`
    return { outcome: "failed", message: `expected ${describeExpectedError(expected)}, got success${status}`, actual }
  }
  const error = result.error
  const codeMatches = expected.error_code === undefined || codesOf(error).has(expected.error_code)
  const statusMatches = expected.http_status === undefined || expected.http_status === error.httpStatus
  return codeMatches && statusMatches
    ? { outcome: "passed", actual }
    : { outcome: "failed", message: `expected ${describeExpectedError(expected)}, got ${describeAnswer(error)}`, actual }
}
