/**
 * The decoded model of an s3tester suite: what the loader produces from YAML (after includes,
 * aliases and `${{ env.* }}` substitution) and what code-first users build by hand.
 *
 * Field names follow the seed format (`endpoint_url`, `before_test`, `expected_result`). The loader
 * normalises the hyphenated spellings, operation names and parameter names before decoding, so the
 * model has exactly one spelling of everything.
 *
 * @since 0.1.0
 */
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import * as SchemaTransformation from "effect/SchemaTransformation"
import { ExpectedBody } from "./internal/body/bodySchema.ts"

// `u`: with it, Schema.isPattern carries the pattern into the generated JSON Schema (suite.schema.json).
const durationPattern = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)\s*$/u

/**
 * A duration written as `250ms`, `30s`, `2m` or `1h` (checked, kept as the string).
 *
 * @category schemas
 * @since 0.1.0
 */
export const DurationString = Schema.String.pipe(
  Schema.check(Schema.isPattern(durationPattern, { expected: "a duration such as 250ms, 30s, 2m or 1h" }))
)

/**
 * Milliseconds of a {@link DurationString}.
 *
 * @category utils
 * @since 0.1.0
 */
export const durationToMillis = (duration: string): number => {
  const match = durationPattern.exec(duration)
  if (match === null) throw new Error(`not a duration: ${duration}`)
  const value = Number(match[1])
  const unit = match[2]
  const factor = unit === "ms" ? 1 : unit === "s" ? 1_000 : unit === "m" ? 60_000 : 3_600_000
  return value * factor
}

/**
 * The `Duration` of a {@link DurationString} (throws for anything else).
 *
 * @category utils
 * @since 0.3.0
 */
export const parseDuration = (duration: string): Duration.Duration => Duration.millis(durationToMillis(duration))

/**
 * A duration as written (`250ms`, `30s`, `2m`, `1h`): the largest unit that holds it exactly.
 *
 * @category utils
 * @since 0.3.0
 */
export const formatDuration = (duration: Duration.Duration): string => {
  const ms = Duration.toMillis(duration)
  for (const [unit, factor] of [["h", 3_600_000], ["m", 60_000], ["s", 1_000]] as const) {
    if (ms >= factor && ms % factor === 0) return `${ms / factor}${unit}`
  }
  return `${ms}ms`
}

/**
 * A {@link DurationString} decoded, once, to a `Duration` (the suite's `timeout` and `backoff`);
 * encodes back to the written form.
 *
 * @category schemas
 * @since 0.3.0
 */
export const DurationFromString = DurationString.pipe(
  Schema.decodeTo(Schema.Duration, SchemaTransformation.transform({
    decode: parseDuration,
    encode: formatDuration
  }))
)

/**
 * One named set of keys. `anonymous: true` sends unsigned requests.
 *
 * @category schemas
 * @since 0.1.0
 */
export const Credential = Schema.Struct({
  name: Schema.String,
  access_key: Schema.optionalKey(Schema.String),
  secret_key: Schema.optionalKey(Schema.String),
  session_token: Schema.optionalKey(Schema.String),
  anonymous: Schema.optionalKey(Schema.Boolean)
})

/**
 * @category models
 * @since 0.1.0
 */
export type Credential = typeof Credential.Type

/**
 * How a step retries transient faults (throttling, 5xx other than 501, connection resets):
 * `attempts` retries after the first try (0: none), waiting `backoff` (default 200ms) doubled at
 * each retry, jittered.
 *
 * @category schemas
 * @since 0.1.0
 */
export const Retries = Schema.Struct({
  attempts: Schema.Int.pipe(Schema.check(Schema.isGreaterThanOrEqualTo(0))),
  backoff: Schema.optionalKey(DurationFromString)
})

/**
 * @category models
 * @since 0.1.0
 */
export type Retries = typeof Retries.Type

/**
 * @category schemas
 * @since 0.1.0
 */
export const TargetConfig = Schema.Struct({
  /** Omitted: the embedded local server is started for the run. */
  endpoint_url: Schema.optionalKey(Schema.String),
  region: Schema.String.pipe(Schema.withDecodingDefaultKey(Effect.succeed("us-east-1"))),
  path_style: Schema.Boolean.pipe(Schema.withDecodingDefaultKey(Effect.succeed(true))),
  /** Per-operation timeout. */
  timeout: Schema.optionalKey(DurationFromString),
  /** Retries of transient faults for before_test/after_test steps (and test steps that set `retries`). */
  retries: Schema.optionalKey(Retries),
  credentials: Schema.Array(Credential),
  /**
   * When the SDK computes request checksums and validates response ones. Default `when_required`:
   * streamed uploads with trailing checksums (aws-chunked) are refused by many S3-compatible servers.
   */
  checksums: Schema.optionalKey(Schema.Literals(["when_required", "when_supported"])),
  /** Adds Content-MD5 to requests where the SDK sends only a CRC checksum (DeleteObjects...). Default false. */
  content_md5: Schema.optionalKey(Schema.Boolean),
  /** A PEM file of CA certificates the endpoint's certificate may chain to (relative to the config file). */
  ca_bundle: Schema.optionalKey(Schema.String),
  /** `false` accepts any certificate (self-signed test endpoints). Default true. */
  tls_verify: Schema.optionalKey(Schema.Boolean),
  /** `path` (`http://host/bucket/key`) or `virtual` (`http://bucket.host/key`); wins over `path_style`. */
  addressing: Schema.optionalKey(Schema.Literals(["path", "virtual"]))
})

/**
 * @category models
 * @since 0.1.0
 */
export type TargetConfig = typeof TargetConfig.Type

/**
 * What a step expects. Omitted: `{ success: true }`.
 *
 * @category schemas
 * @since 0.1.0
 */
export const Expectation = Schema.Struct({
  success: Schema.Boolean.pipe(Schema.withDecodingDefaultKey(Effect.succeed(true))),
  /** Matches the SDK error's name or `Code`. */
  error_code: Schema.optionalKey(Schema.String),
  http_status: Schema.optionalKey(Schema.Int),
  /** The response body (GetObject...): `{ text?, sha256?, size? }`, checked while it streams. */
  body: Schema.optionalKey(ExpectedBody),
  /** A subset of the operation's output that must match (objects: listed keys; arrays: same length). */
  response: Schema.optionalKey(Schema.Record(Schema.String, Schema.Unknown))
})

/**
 * @category models
 * @since 0.1.0
 */
export type Expectation = typeof Expectation.Type

/**
 * One operation call.
 *
 * @category schemas
 * @since 0.1.0
 */
export const Step = Schema.Struct({
  /** Names the step so later steps can refer to its output (`${{ steps.<id>.ETag }}`). */
  id: Schema.optionalKey(Schema.String),
  /** A display name; defaults to the operation name. */
  name: Schema.optionalKey(Schema.String),
  /** The operation's canonical name (`PutObject`); the loader normalises `put-object`. */
  operation: Schema.String,
  /** The operation's input, with the API's PascalCase names; the loader normalises `bucket`/`content-type`. */
  parameters: Schema.Record(Schema.String, Schema.Unknown).pipe(Schema.withDecodingDefaultKey(Effect.succeed({}))),
  /** Overrides the group's credential for this step. */
  credential: Schema.optionalKey(Schema.String),
  timeout: Schema.optionalKey(DurationFromString),
  /** Retries of transient faults: a number of retries, or `{ attempts, backoff }`. */
  retries: Schema.optionalKey(Schema.Union([Schema.Int.pipe(Schema.check(Schema.isGreaterThanOrEqualTo(0))), Retries])),
  expected_result: Expectation.pipe(Schema.withDecodingDefaultKey(Effect.succeed({})))
})

/**
 * @category models
 * @since 0.1.0
 */
export type Step = typeof Step.Type

/**
 * An area name: lowercase words joined by dashes (`multi-delete`).
 *
 * @category schemas
 * @since 0.2.0
 */
export const AreaName = Schema.String.pipe(
  Schema.check(Schema.isPattern(/^[a-z0-9]+(?:-[a-z0-9]+)*$/u, { expected: "an area name in kebab-case, such as multi-delete" }))
)

/**
 * A check id: `<area>/<name>`, both kebab-case (`multipart/complete-too-small`).
 *
 * @category schemas
 * @since 0.2.0
 */
export const CheckId = Schema.String.pipe(
  Schema.check(
    Schema.isPattern(/^[a-z0-9]+(?:-[a-z0-9]+)*\/[a-z0-9]+(?:[-.][a-z0-9]+)*$/u, {
      expected: "a check id <area>/<name> in kebab-case, such as multipart/complete-too-small"
    })
  )
)

const Positive = Schema.Int.pipe(Schema.check(Schema.isGreaterThanOrEqualTo(1)))

/**
 * Per-phase step concurrency of a group.
 *
 * @category schemas
 * @since 0.1.0
 */
export const PhaseConcurrency = Schema.Struct({
  before_test: Schema.optionalKey(Positive),
  test: Schema.optionalKey(Positive),
  after_test: Schema.optionalKey(Positive)
})

const Steps = Schema.Array(Step).pipe(Schema.withDecodingDefaultKey(Effect.succeed([])))

/**
 * A group of steps with its own setup and cleanup: `before_test`, `test`, `after_test`.
 *
 * @category schemas
 * @since 0.1.0
 */
export const Group = Schema.Struct({
  /** Display name; defaults to `id` when the group is a check. */
  name: Schema.String,
  /**
   * The stable id of the check this group is (`<area>/<name>`, e.g. `multipart/complete-too-small`):
   * unique in a run, the key of profiles and baselines.
   */
  id: Schema.optionalKey(CheckId),
  /** The check's area (`multipart`); defaults to the file's `area`, else the id's first part. */
  area: Schema.optionalKey(AreaName),
  /** The page that documents the behaviour the check expects (the AWS S3 API reference). */
  doc: Schema.optionalKey(Schema.String),
  /** The credential steps use unless they name one; defaults to the first credential. */
  credential: Schema.optionalKey(Schema.String),
  tags: Schema.Array(Schema.String).pipe(Schema.withDecodingDefaultKey(Effect.succeed([]))),
  /** Values for `${{ vars.NAME }}` in this group (they override the suite's `vars`). */
  vars: Schema.optionalKey(Schema.Record(Schema.String, Schema.Unknown)),
  /** How many steps of a phase run at once (default 1: in order), e.g. `{ test: 4 }`. */
  concurrency: Schema.optionalKey(PhaseConcurrency),
  before_test: Steps,
  test: Steps,
  after_test: Steps
})

/**
 * @category models
 * @since 0.1.0
 */
export type Group = typeof Group.Type

/**
 * How many steps a group has, all phases together.
 *
 * @category utils
 * @since 0.3.0
 */
export const stepCount = (group: Pick<Group, "before_test" | "test" | "after_test">): number =>
  group.before_test.length + group.test.length + group.after_test.length

/**
 * How many steps groups have in all ({@link stepCount} of each).
 *
 * @category utils
 * @since 0.4.0
 */
export const totalSteps = (groups: ReadonlyArray<Pick<Group, "before_test" | "test" | "after_test">>): number =>
  groups.reduce((sum, group) => sum + stepCount(group), 0)

/**
 * @category schemas
 * @since 0.1.0
 */
export const TestCases = Schema.Struct({
  parallel: Schema.Boolean.pipe(Schema.withDecodingDefaultKey(Effect.succeed(false))),
  groups: Schema.Array(Group)
})

/**
 * One entry of `reporters:`: a reporter's name, or its name and options.
 *
 * @category schemas
 * @since 0.1.0
 */
export const ReporterEntry = Schema.Union([
  Schema.String,
  Schema.Tuple([Schema.String, Schema.Record(Schema.String, Schema.Unknown)])
])

/**
 * @category schemas
 * @since 0.1.0
 */
export const Suite = Schema.Struct({
  /** The area of every check (group with an `id`) in this file, e.g. `multipart`. */
  area: Schema.optionalKey(AreaName),
  /** Values for `${{ vars.NAME }}` in every group. */
  vars: Schema.optionalKey(Schema.Record(Schema.String, Schema.Unknown)),
  /** Operation plugins: package names (resolved from the file's directory, then the cwd) or relative paths. */
  plugins: Schema.optionalKey(Schema.Array(Schema.String)),
  config: TargetConfig,
  test_cases: TestCases,
  /** Reporters: `"junit"` or `["json", { output: "out/r.json" }]`; `--reporter` replaces them. */
  reporters: Schema.optionalKey(Schema.Array(ReporterEntry))
})

/**
 * @category models
 * @since 0.1.0
 */
export type Suite = typeof Suite.Type

/**
 * The three phases of a group, in the order they run.
 *
 * @category models
 * @since 0.1.0
 */
export type Phase = "before_test" | "test" | "after_test"

/**
 * @category constants
 * @since 0.1.0
 */
export const phases: ReadonlyArray<Phase> = ["before_test", "test", "after_test"]
