/**
 * Reading JSON reports (versions 2 and 3, `@s3tester/reporter-json`) for the matrix: only the fields the
 * matrix uses are checked, and a document that is not such a report is named with the first
 * field that is wrong.
 *
 * @internal
 */
import * as RunResult from "@s3tester/core/RunResult"
import * as Result from "effect/Result"

/** The report fields the matrix reads. */
export interface ReportRun {
  readonly id: string
  readonly startedAt: string
  readonly finishedAt: string
  readonly durationMs: number
  readonly endpoint: string
  readonly target?: string
  readonly profile?: string
  readonly interrupted: boolean
  readonly shard?: { readonly index: number; readonly total: number }
}

export interface ReportDeviation {
  readonly observed: string
  readonly reason: string
  readonly link?: string
  readonly profile: string
}

export interface ReportCheck {
  readonly id: string
  readonly area: string
  readonly doc?: string
  readonly outcome: RunResult.Outcome
  readonly deviation?: ReportDeviation
}

export interface ReadReport {
  readonly run: ReportRun
  /** The groups that are checks (groups without an id are left out). */
  readonly checks: ReadonlyArray<ReportCheck>
}

type Json = Readonly<Record<string, unknown>>

const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value)

/** Thrown inside {@link read} only, turned into its failure. */
class Invalid {
  readonly message: string
  constructor(message: string) {
    this.message = message
  }
}

const field = <A>(
  object: Json,
  path: string,
  name: string,
  is: (value: unknown) => value is A,
  expected: string
): A => {
  const value = object[name]
  if (!is(value)) {
    const got = value === undefined ? "missing" : JSON.stringify(value)?.slice(0, 60) ?? String(value)
    throw new Invalid(`${path}.${name} is ${got}, expected ${expected}`)
  }
  return value
}

const optional = <A>(
  object: Json,
  path: string,
  name: string,
  is: (value: unknown) => value is A,
  expected: string
): A | undefined => object[name] === undefined ? undefined : field(object, path, name, is, expected)

const isString = (value: unknown): value is string => typeof value === "string"
const isNumber = (value: unknown): value is number => typeof value === "number" && Number.isFinite(value)
const isBoolean = (value: unknown): value is boolean => typeof value === "boolean"
const isArray = (value: unknown): value is ReadonlyArray<unknown> => Array.isArray(value)
const isOutcome = (value: unknown): value is RunResult.Outcome =>
  (RunResult.outcomes as ReadonlyArray<unknown>).includes(value)

const readDeviation = (value: unknown, path: string): ReportDeviation => {
  if (!isObject(value)) throw new Invalid(`${path} is not an object`)
  const link = optional(value, path, "link", isString, "a string")
  return {
    observed: field(value, path, "observed", isString, "a string"),
    reason: field(value, path, "reason", isString, "a string"),
    ...(link === undefined ? {} : { link }),
    profile: field(value, path, "profile", isString, "a string")
  }
}

const readRun = (document: Json): ReportRun => {
  const run = field(document, "", "run", isObject, "an object")
  const target = optional(run, ".run", "target", isString, "a string")
  const profile = optional(run, ".run", "profile", isString, "a string")
  const shard = optional(run, ".run", "shard", isObject, "an object")
  return {
    id: field(run, ".run", "id", isString, "a string"),
    startedAt: field(run, ".run", "startedAt", isString, "a date-time string"),
    finishedAt: field(run, ".run", "finishedAt", isString, "a date-time string"),
    durationMs: field(run, ".run", "durationMs", isNumber, "a number"),
    endpoint: field(run, ".run", "endpoint", isString, "a string"),
    ...(target === undefined ? {} : { target }),
    ...(profile === undefined ? {} : { profile }),
    interrupted: optional(run, ".run", "interrupted", isBoolean, "a boolean") ?? false,
    ...(shard === undefined ? {} : {
      shard: {
        index: field(shard, ".run.shard", "index", isNumber, "a number"),
        total: field(shard, ".run.shard", "total", isNumber, "a number")
      }
    })
  }
}

const readCheck = (value: unknown, path: string): ReportCheck | undefined => {
  if (!isObject(value)) throw new Invalid(`${path} is not an object`)
  const outcome = field(value, path, "outcome", isOutcome, `one of ${RunResult.outcomes.join(", ")}`)
  const id = optional(value, path, "id", isString, "a string (the check id <area>/<name>)")
  const area = optional(value, path, "area", isString, "a string")
  const doc = optional(value, path, "doc", isString, "a string")
  const deviation = value["deviation"] === undefined ? undefined : readDeviation(value["deviation"], `${path}.deviation`)
  if (id === undefined) return undefined
  return {
    id,
    // A check's area is its id's first segment when the report does not name it.
    area: area ?? (id.includes("/") ? id.slice(0, id.indexOf("/")) : id),
    ...(doc === undefined ? {} : { doc }),
    outcome,
    ...(deviation === undefined ? {} : { deviation })
  }
}

/** Reads one document; the failure names what is wrong (`.groups[3].outcome is "x", expected ...`). */
export const read = (document: unknown): Result.Result<ReadReport, string> => {
  try {
    if (!isObject(document)) return Result.fail("not a JSON object")
    const version = document["version"]
    // Version 3 added step traces and start times and rounds latency to the microsecond; the
    // fields the matrix reads are the same in both.
    if (version !== 2 && version !== 3) {
      return Result.fail(
        version === undefined
          ? "not an s3tester JSON report (no version field)"
          : `a JSON report of version ${JSON.stringify(version)}, expected version 2 or 3 (write it again with this s3tester)`
      )
    }
    const run = readRun(document)
    const groups = field(document, "", "groups", isArray, "an array")
    const checks = groups.flatMap((group, i) => {
      const check = readCheck(group, `.groups[${i}]`)
      return check === undefined ? [] : [check]
    })
    return Result.succeed({ run, checks })
  } catch (error) {
    if (error instanceof Invalid) return Result.fail(`not a version ${String((document as { version?: unknown }).version)} JSON report: ${error.message}`)
    throw error
  }
}
