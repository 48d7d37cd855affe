/**
 * Declared deviations: what a target does instead of the documented behaviour a check expects.
 * A profile (see `@s3tester/conformance`) maps check ids to deviations; the engine judges each
 * check against its deviation: the check's first step that did not pass is compared with what is
 * declared, and the check becomes `known` (it deviated as declared), stays `failed` (it deviated
 * otherwise; the message names both) or becomes `fixed` (it passed: the declaration is stale).
 *
 * @since 0.2.0
 */
import type { DeviationNote, StepResult } from "./RunResult.ts"

/**
 * What the server does instead:
 * - `unsupported`: it answers 501 NotImplemented;
 * - `skip`: the check is not run at all (it would hang or harm the server);
 * - a mapping whose given fields must all hold for the check's first step that did not pass:
 *   `success` (true: it succeeded where an error is documented), `error_code`, `http_status`,
 *   `message` (a text its failure message contains: response and body mismatches).
 *
 * @category models
 * @since 0.2.0
 */
export type Observed =
  | "unsupported"
  | "skip"
  | {
    readonly success?: boolean
    readonly error_code?: string
    readonly http_status?: number
    readonly message?: string
  }

/**
 * @category models
 * @since 0.2.0
 */
export interface Deviation {
  readonly observed: Observed
  /** What the server does and why that differs from the documented behaviour. */
  readonly reason: string
  /** A tracker issue or documentation page. */
  readonly link?: string
  /** The profile that declares it (`ceph-rgw-16`). */
  readonly profile: string
}

/**
 * Finds the deviation declared for a check (`id` and `area` of a group that is a check).
 *
 * @category models
 * @since 0.2.0
 */
export type Lookup = (check: { readonly id: string; readonly area?: string | undefined }) => Deviation | undefined

/**
 * `observed` in words, for messages and reports.
 *
 * @category formatting
 * @since 0.2.0
 */
export const describeObserved = (observed: Observed): string => {
  if (typeof observed === "string") return observed
  const parts: Array<string> = []
  if (observed.success !== undefined) parts.push(observed.success ? "success" : "an error")
  if (observed.error_code !== undefined) parts.push(`error_code ${observed.error_code}`)
  if (observed.http_status !== undefined) parts.push(`http_status ${observed.http_status}`)
  if (observed.message !== undefined) parts.push(`a message containing "${observed.message}"`)
  return parts.length === 0 ? "any failure" : parts.join(", ")
}

/**
 * Whether a step that did not pass shows the declared deviation.
 *
 * @category predicates
 * @since 0.2.0
 */
export const matches = (observed: Observed, result: StepResult): boolean => {
  if (observed === "skip") return false
  const actual = result.actual
  if (observed === "unsupported") {
    return result.outcome === "unsupported" || actual?.httpStatus === 501 || actual?.errorCode === "NotImplemented"
  }
  if (observed.success !== undefined && actual?.success !== observed.success) return false
  if (observed.error_code !== undefined && actual?.errorCode !== observed.error_code) return false
  if (observed.http_status !== undefined && actual?.httpStatus !== observed.http_status) return false
  if (observed.message !== undefined && !(result.message ?? "").includes(observed.message)) return false
  return true
}

/**
 * The deviation as reports show it.
 *
 * @category formatting
 * @since 0.2.0
 */
export const note = (deviation: Deviation): DeviationNote => ({
  observed: describeObserved(deviation.observed),
  reason: deviation.reason,
  profile: deviation.profile,
  ...(deviation.link === undefined ? {} : { link: deviation.link })
})

/**
 * Judges the steps of one check against its declared deviation, in the order they finish: the
 * first step (before_test or test) that did not pass decides. Returns each step's result as it
 * is to be reported. `testSteps` is the number of the check's test steps (the last of them to
 * finish, when nothing deviated, reports the declaration as `fixed`).
 *
 * @category constructors
 * @since 0.2.0
 */
export const makeJudge = (deviation: Deviation, testSteps: number) => {
  let state: "pending" | "known" | "other" = "pending"
  let testsDone = 0
  const declared = `${describeObserved(deviation.observed)} (profile ${deviation.profile}: ${deviation.reason})`
  return (result: StepResult): StepResult => {
    if (result.phase === "after_test") return result
    if (result.phase === "test") testsDone++
    if (state === "known" && result.outcome === "skipped") {
      // not run because of the declared deviation (its before_test deviated): part of it
      return { ...result, outcome: "known", message: `after the known deviation: ${result.message ?? "skipped"}` }
    }
    if (result.outcome === "passed" || result.outcome === "skipped") {
      if (state === "pending" && result.phase === "test" && testsDone === testSteps && result.outcome === "passed") {
        state = "other"
        return {
          ...result,
          outcome: "fixed",
          message: `the check passes, but the profile declares ${declared}: remove the entry from ${deviation.profile}`
        }
      }
      return result
    }
    if (state === "pending") {
      if (matches(deviation.observed, result)) {
        state = "known"
        return {
          ...result,
          outcome: "known",
          message: `known deviation: ${declared}` + (result.message === undefined ? "" : `; ${result.message}`)
        }
      }
      state = "other"
      return {
        ...result,
        message: `${result.message ?? result.outcome}; the profile declares ${declared} instead`
      }
    }
    if (state === "known") {
      return { ...result, outcome: "known", message: `after the known deviation: ${result.message ?? result.outcome}` }
    }
    return result
  }
}
