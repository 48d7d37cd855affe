/**
 * Step traces for the engine: the resolved parameters and parsed responses as a trace shows them
 * (secrets masked, bodies summarised, long lists and texts cut), one attempt's record, and which
 * traces reach the reporters under each mode. The engine keeps no trace past its step's
 * StepFinished event.
 */
import type { CallResult } from "./expectation.ts"
import { isSecretName, mask } from "../../Redaction.ts"
import type { Redactor } from "../../Redaction.ts"
import type { Outcome, StepResult } from "../../RunResult.ts"
import type * as Trace from "../../Trace.ts"
import type { Described, Recorder } from "../s3/s3Trace.ts"
import { summarizeBytes, summarizeObserved } from "../s3/traceBody.ts"
import type { BodyCache } from "../s3/traceBody.ts"

/** Lists longer than this are cut, with a count of what was left out. */
export const maxListItems = 50
/** Texts longer than this (characters) are cut. */
export const maxTextLength = 1024
/** Nesting deeper than this is not shown. */
const maxDepth = 8

const isStream = (u: object): boolean =>
  typeof (u as { pipe?: unknown }).pipe === "function" ||
  typeof (u as { getReader?: unknown }).getReader === "function" ||
  Symbol.asyncIterator in u

const cutText = (text: string): string =>
  text.length > maxTextLength ? `${text.slice(0, maxTextLength)}… (${(text.length - maxTextLength).toLocaleString("en-US")} more characters)` : text

/**
 * A value as a trace shows it: strings redacted and cut, values under secret names masked, bytes
 * summarised, streams named, lists of more than {@link maxListItems} cut (`{ "…": "1,234 more" }`).
 */
export const summarizeValue = (value: unknown, redact: Redactor, depth = 0): unknown => {
  if (typeof value === "string") return cutText(redact(value))
  if (typeof value === "bigint") return value.toString()
  if (typeof value !== "object" || value === null) return typeof value === "function" || typeof value === "symbol" ? undefined : value
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? "Invalid Date" : value.toISOString()
  if (value instanceof Uint8Array) return summarizeBytes(value, redact)
  if (isStream(value)) return "[stream]"
  if (depth >= maxDepth) return "[…]"
  if (Array.isArray(value)) {
    const items = value.slice(0, maxListItems).map((item) => summarizeValue(item, redact, depth + 1))
    const left = value.length - items.length
    return left > 0 ? [...items, { "…": `${left.toLocaleString("en-US")} more` }] : items
  }
  const out: Record<string, unknown> = {}
  for (const [key, item] of Object.entries(value)) {
    if (item === undefined) continue
    out[key] = isSecretName(key) ? mask : summarizeValue(item, redact, depth + 1)
  }
  return out
}

/** What a body parameter is as written: a text is summarised, a `file://` path or a body spec shown. */
const summarizeBodyParameter = (value: unknown, redact: Redactor, cache: BodyCache | undefined): unknown => {
  if (typeof value === "string") return value.startsWith("file://") ? redact(value) : summarizeBytes(value, redact, cache)
  if (typeof value === "object" && value !== null && !Array.isArray(value) && typeof (value as { base64?: unknown }).base64 === "string") {
    return { base64: summarizeBytes(Buffer.from((value as { base64: string }).base64, "base64"), redact) }
  }
  return summarizeValue(value, redact)
}

/** The step's parameters after templating, as its trace shows them (`bodies` names its body parameters). */
export const summarizeParameters = (
  parameters: Readonly<Record<string, unknown>>,
  bodies: ReadonlyArray<string>,
  redact: Redactor,
  cache?: BodyCache
): Record<string, unknown> => {
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(parameters)) {
    if (value === undefined) continue
    out[key] = isSecretName(key)
      ? mask
      : bodies.includes(key)
      ? summarizeBodyParameter(value, redact, cache)
      : summarizeValue(value, redact)
  }
  return out
}

/**
 * What the engine matched against: the output (with the body the engine read, summarised), or the
 * error's fields when the server answered; `error` for a call that got no answer.
 */
export const describeCall = (result: CallResult, redact: Redactor): Described => {
  if (result._tag === "Success") {
    const { body, bodyBytes, httpStatus, output, requestId } = result.response
    return {
      response: {
        ...(httpStatus === undefined ? {} : { httpStatus }),
        ...(requestId === undefined ? {} : { requestId }),
        output: summarizeValue(output, redact),
        ...(bodyBytes === undefined ? {} : { bodyBytes }),
        ...(body === undefined ? {} : { body: summarizeObserved(body, redact) })
      }
    }
  }
  const { errorCode, httpStatus, kind, message, requestId, sdkName } = result.error
  if (kind === "service" || httpStatus !== undefined) {
    return {
      response: {
        error: {
          kind,
          ...(httpStatus === undefined ? {} : { httpStatus }),
          ...(errorCode === undefined ? {} : { errorCode }),
          ...(sdkName === undefined ? {} : { sdkName }),
          message: cutText(redact(message)),
          ...(requestId === undefined ? {} : { requestId })
        }
      }
    }
  }
  return { error: `${kind}${errorCode === undefined ? "" : ` ${errorCode}`}: ${cutText(redact(message))}` }
}

/** Notes the call's result on the attempt's recorder (described only if the trace is wanted). */
export const recordCall = (recorder: Recorder, result: CallResult): void => {
  recorder.describe = () => describeCall(result, recorder.redact)
}

/** One attempt's record. */
export const attemptOf = (
  recorder: Recorder,
  attempt: number,
  startedAt: string,
  durationMs: number,
  cache?: BodyCache
): Trace.Attempt => {
  const described = recorder.describe?.() ?? {}
  return {
    attempt,
    startedAt,
    durationMs,
    exchanges: recorder.exchanges(cache),
    ...(recorder.omitted === 0 ? {} : { exchangesOmitted: recorder.omitted }),
    ...(described.response === undefined ? {} : { response: described.response }),
    ...(described.error === undefined ? {} : { error: described.error })
  }
}

/** Outcomes whose traces `retain-on-failure` keeps (and flaky steps': why they were retried). */
const retained: ReadonlySet<Outcome> = new Set(["failed", "errored", "fixed", "unsupported"])

/**
 * Whether a step's trace may reach the reporters, knowing how it ran (before a profile's deviation
 * is applied: with one, `passed` may become `fixed`, so such a group's traces are always built).
 */
export const mayKeep = (mode: Trace.Mode, outcome: Outcome, retried: boolean, deviates: boolean): boolean =>
  mode === "on" || (mode === "retain-on-failure" && (outcome !== "passed" || retried || deviates))

/** The result as reporters get it under `mode`: its trace dropped unless the mode keeps it. */
export const withTraceFor = (mode: Trace.Mode, result: StepResult): StepResult => {
  const kept = mode === "on" || (mode === "retain-on-failure" && (retained.has(result.outcome) || result.flaky === true))
  if (result.trace === undefined || kept) {
    return result
  }
  const { trace: _dropped, ...rest } = result
  return rest
}
