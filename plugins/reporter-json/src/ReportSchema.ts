/**
 * The JSON report's document as a Schema: the one description of its shape. The report's types
 * are derived from it, and `schema/report.schema.json` (JSON Schema draft 2020-12) is generated
 * from it by {@link jsonSchema} at build time (a test checks the committed file is current).
 *
 * The step trace mirrors core's `Trace` model field for field (a type test keeps them equal).
 *
 * @since 0.3.0
 */
import { Schema } from "effect"

/**
 * The document's format version (a breaking change of the shape increments it). Version 3 added
 * step `startedAt` and `trace`, and latency figures rounded to the microsecond (the console's).
 *
 * @category constants
 * @since 0.1.0
 */
export const version = 3 as const

const NonNegativeInt = Schema.Int.check(Schema.isGreaterThanOrEqualTo(0))
const PositiveInt = Schema.Int.check(Schema.isGreaterThanOrEqualTo(1))
const NonNegative = Schema.Finite.check(Schema.isGreaterThanOrEqualTo(0))
const DateTime = Schema.String.annotate({ format: "date-time" })
const described = <S extends Schema.Top>(schema: S, description: string): S["Rebuild"] =>
  schema.annotate({ description })

/**
 * @category schemas
 * @since 0.3.0
 */
export const Outcome = Schema.Literals(["passed", "failed", "errored", "skipped", "unsupported", "known", "fixed"])
  .annotate({
    identifier: "outcome",
    description:
      "known: deviated exactly as the target's profile declares; fixed: the profile declares a deviation that did not happen."
  })

const countFields = {
  total: NonNegativeInt,
  passed: NonNegativeInt,
  failed: NonNegativeInt,
  errored: NonNegativeInt,
  skipped: NonNegativeInt,
  unsupported: NonNegativeInt,
  known: NonNegativeInt,
  fixed: NonNegativeInt
}

/**
 * A group's counts (`flaky` may be absent in counts merged from older shards).
 *
 * @category schemas
 * @since 0.3.0
 */
export const Counts = Schema.Struct({
  ...countFields,
  flaky: Schema.optionalKey(described(NonNegativeInt, "Steps that passed only on a retry (also counted as passed)."))
}).annotate({ identifier: "counts" })

/**
 * The run's counts, `flaky` included.
 *
 * @category schemas
 * @since 0.3.0
 */
export const Summary = Schema.Struct({
  ...countFields,
  flaky: described(NonNegativeInt, "Steps that passed only on a retry (also counted as passed).")
}).annotate({ identifier: "summary" })

const Change = Schema.Struct({ id: Schema.String, before: Outcome, now: Outcome }).annotate({ identifier: "change" })

/**
 * @category schemas
 * @since 0.3.0
 */
export const Latency = Schema.Struct({
  operation: Schema.String,
  count: PositiveInt,
  minMs: Schema.Finite,
  meanMs: Schema.Finite,
  p50Ms: Schema.Finite,
  p90Ms: Schema.Finite,
  p95Ms: Schema.Finite,
  p99Ms: Schema.Finite,
  maxMs: Schema.Finite
}).annotate({
  identifier: "latency",
  description:
    "Latency of one operation over its steps that ran and got an answer (skipped and errored steps are left out): the console's figures. Percentiles are nearest-rank, in milliseconds rounded to the microsecond."
})

const BodySummary = Schema.Struct({
  size: Schema.optionalKey(described(NonNegativeInt, "Size in bytes, when known.")),
  sha256: Schema.optionalKey(described(Schema.String, "Hex SHA-256 of the whole body, when all of it was seen.")),
  head: Schema.optionalKey(described(Schema.String, "The first bytes (at most 1 KiB): text when valid UTF-8, else base64.")),
  headEncoding: Schema.optionalKey(Schema.Literals(["utf8", "base64"])),
  truncated: Schema.optionalKey(described(Schema.Boolean, "True when head is not the whole body."))
}).annotate({ identifier: "bodySummary", description: "A body summarised: never the whole body." })

const Headers = described(
  Schema.Record(Schema.String, Schema.String),
  "Header names lower-cased; authorization, security tokens and other secrets read [redacted]."
)

const TraceRequest = Schema.Struct({
  method: Schema.String,
  origin: described(Schema.String, "Scheme, host and port: http://127.0.0.1:7480."),
  path: described(Schema.String, "Path as sent (percent-encoded)."),
  query: described(Schema.String, "Query string without the ? (signature parameters redacted), empty when none."),
  headers: Headers,
  body: Schema.optionalKey(BodySummary)
}).annotate({ identifier: "traceRequest", description: "One HTTP request as sent (after signing), headers redacted." })

const TraceResponse = Schema.Struct({
  status: Schema.Int,
  headers: Schema.Record(Schema.String, Schema.String),
  body: Schema.optionalKey(BodySummary)
}).annotate({
  identifier: "traceResponse",
  description: "One HTTP response as received; absent from an exchange when no answer came (reset, timeout)."
})

const Exchange = Schema.Struct({
  startedAt: DateTime,
  durationMs: NonNegative,
  request: TraceRequest,
  response: Schema.optionalKey(TraceResponse),
  error: Schema.optionalKey(described(Schema.String, "What went wrong on the wire, redacted."))
}).annotate({ identifier: "exchange", description: "One HTTP request and its response." })

const TraceAttempt = Schema.Struct({
  attempt: described(PositiveInt, "1-based."),
  startedAt: DateTime,
  durationMs: NonNegative,
  exchanges: Schema.Array(Exchange),
  exchangesOmitted: Schema.optionalKey(
    described(PositiveInt, "How many more exchanges the attempt made than `exchanges` keeps (its first 100).")
  ),
  response: Schema.optionalKey(
    described(
      Schema.Unknown,
      "The parsed response the engine matched against, bodies summarised, long lists cut, secrets redacted."
    )
  ),
  error: Schema.optionalKey(described(Schema.String, "The error, when the attempt produced no response (redacted)."))
}).annotate({ identifier: "traceAttempt" })

/**
 * A step's trace: core's `Trace` model.
 *
 * @category schemas
 * @since 0.3.0
 */
export const Trace = Schema.Struct({
  operation: Schema.String,
  parameters: described(
    Schema.Record(Schema.String, Schema.Unknown),
    "The parameters after templating, secrets redacted and bodies summarised."
  ),
  attempts: Schema.Array(TraceAttempt)
}).annotate({
  identifier: "trace",
  description: "What was sent and received, attempt by attempt (traces on: --trace), already redacted."
})

const SourcePosition = Schema.Struct({ file: Schema.String, line: Schema.Int, column: Schema.Int })

/**
 * @category schemas
 * @since 0.3.0
 */
export const Step = Schema.Struct({
  phase: Schema.Literals(["before_test", "test", "after_test"]),
  index: described(NonNegativeInt, "Position of the step in its phase."),
  id: Schema.optionalKey(Schema.String),
  name: Schema.String,
  operation: Schema.String,
  credential: described(Schema.String, "The credential's name (never its keys)."),
  outcome: Outcome,
  flaky: Schema.Boolean,
  startedAt: Schema.optionalKey(described(DateTime, "When the step started (absent for a step that did not run).")),
  durationMs: NonNegative,
  attempts: NonNegativeInt,
  expected: Schema.Struct({
    success: Schema.Boolean,
    errorCode: Schema.optionalKey(Schema.String),
    httpStatus: Schema.optionalKey(Schema.Int)
  }),
  actual: described(
    Schema.Struct({
      success: Schema.optionalKey(Schema.Boolean),
      httpStatus: Schema.optionalKey(Schema.Int),
      errorCode: Schema.optionalKey(Schema.String),
      requestId: Schema.optionalKey(Schema.String)
    }),
    "What the server answered; empty when the step did not run."
  ),
  message: Schema.optionalKey(described(Schema.String, "Why the step did not pass (redacted).")),
  source: Schema.optionalKey(SourcePosition),
  trace: Schema.optionalKey(Trace)
}).annotate({ identifier: "step" })

const Deviation = Schema.Struct({
  observed: Schema.String,
  reason: Schema.String,
  link: Schema.optionalKey(Schema.String),
  profile: Schema.String
}).annotate({ description: "The deviation the target's profile declares for this check." })

/**
 * @category schemas
 * @since 0.3.0
 */
export const Group = Schema.Struct({
  name: Schema.String,
  id: Schema.optionalKey(described(Schema.String, "The check id (<area>/<name>) when the group is a check.")),
  area: Schema.optionalKey(Schema.String),
  doc: Schema.optionalKey(described(Schema.String, "The page that documents the behaviour the check expects.")),
  deviation: Schema.optionalKey(Deviation),
  tags: Schema.Array(Schema.String),
  outcome: Outcome,
  durationMs: NonNegative,
  counts: Counts,
  steps: Schema.Array(Step)
}).annotate({ identifier: "group" })

const Run = Schema.Struct({
  id: Schema.String,
  startedAt: DateTime,
  finishedAt: DateTime,
  durationMs: NonNegative,
  endpoint: Schema.String,
  region: Schema.optionalKey(Schema.String),
  toolVersion: Schema.String,
  interrupted: Schema.Boolean,
  shard: Schema.optionalKey(Schema.Struct({ index: PositiveInt, total: PositiveInt })),
  target: Schema.optionalKey(described(Schema.String, "The target's name (conformance runs).")),
  profile: Schema.optionalKey(
    described(Schema.String, "The profile of declared deviations the checks were judged against.")
  )
})

const BaselineDiff = Schema.Struct({
  baseline: Schema.String,
  regressions: Schema.Array(Change),
  fixes: Schema.Array(Change),
  added: Schema.Array(Schema.String),
  removed: Schema.Array(Schema.String)
}).annotate({
  description:
    "The comparison with a baseline report: regressions (passed or known there, anything else now) fail the run."
})

/**
 * The whole document.
 *
 * @category schemas
 * @since 0.3.0
 */
export const Report = Schema.Struct({
  version: Schema.Literal(version),
  run: Run,
  baseline: Schema.optionalKey(BaselineDiff),
  summary: Summary,
  latency: Schema.Array(Latency),
  groups: Schema.Array(Group)
}).annotate({
  title: `s3tester JSON report (version ${version})`,
  description:
    "One document per run, written by @s3tester/reporter-json. Step messages and traces are redacted by the engine; credentials appear by name only."
})

/**
 * The document's JSON Schema (draft 2020-12), as `schema/report.schema.json` holds it.
 *
 * @category utils
 * @since 0.3.0
 */
export const jsonSchema = (): Record<string, unknown> => {
  const document = Schema.toJsonSchemaDocument(Report, { onExcessProperty: "error" })
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    $id: `https://s3tester.dev/schemas/report-v${version}.json`,
    ...document.schema,
    $defs: document.definitions
  }
}
