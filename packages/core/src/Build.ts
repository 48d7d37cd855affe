/**
 * Builds suites in code: typed constructors for suites, groups and steps. A step's parameters are
 * typed from the SDK's own input types (`PutObjectCommandInput` for `PutObject`), so a misspelt
 * parameter (`Bukcet`) or a wrong value (`StorageClass: "STANDRD"`) does not compile.
 *
 * A built suite is a {@link Definition}: plain data in the YAML format's shape. {@link validate}
 * turns it into the same {@link Loader.LoadedSuite} the YAML loader produces, through the same
 * normalisation and checks (operation and parameter names, credentials, templates, bodies), so a
 * code-built suite gets exactly the diagnostics a YAML file would. `Runner.run` and
 * `Runner.runSuite` accept a Definition directly.
 *
 * **Example**
 *
 * ```ts
 * import * as Build from "@s3tester/core/Build"
 *
 * const { suite, group, step } = Build
 * const crud = suite({
 *   config: { credentials: [{ name: "main", access_key: "k", secret_key: "s" }] },
 *   groups: [
 *     group({
 *       name: "crud",
 *       before_test: [step("CreateBucket", { Bucket: "s3t-demo" })],
 *       test: [
 *         step("PutObject", { Bucket: "s3t-demo", Key: "a.txt", Body: "hello" }),
 *         step("GetObject", { Bucket: "s3t-demo", Key: "a.txt" }, { expect: { body: { text: "hello" } } }),
 *         step("GetObject", { Bucket: "s3t-demo", Key: "missing" }, { expect: { success: false, error_code: "NoSuchKey" } })
 *       ],
 *       after_test: [
 *         step("DeleteObject", { Bucket: "s3t-demo", Key: "a.txt" }),
 *         step("DeleteBucket", { Bucket: "s3t-demo" })
 *       ]
 *     })
 *   ]
 * })
 * ```
 *
 * @since 0.1.0
 */
import type * as Effect from "effect/Effect"
import type * as FileSystem from "effect/FileSystem"
import type * as Path from "effect/Path"
import type { ConfigError } from "./ConfigError.ts"
import { inlineOperationOf, stepOf } from "./internal/loader/buildSteps.ts"
import { validateDefinition } from "./internal/loader/buildValidate.ts"
import type * as Types from "./internal/loader/buildTypes.ts"
import type * as Loader from "./Loader.ts"
import type * as Plugin from "./Plugin.ts"
import type * as Suite from "./Suite.ts"

/**
 * The name of every operation of `@aws-sdk/client-s3` (`PutObject`, `ListObjectsV2`, ...).
 *
 * @category models
 * @since 0.1.0
 */
export type OperationName = Types.SdkOperationName

/**
 * The SDK's input type of an operation: `Input<"PutObject">` is `PutObjectCommandInput`.
 *
 * @category models
 * @since 0.1.0
 */
export type Input<N extends OperationName> = Types.SdkInput<N>

/**
 * The parameters of a step of operation `N`: the SDK input's names; each value as the SDK types it,
 * or a `${{ ... }}` template (numbers, booleans, strings), an ISO string (dates), a suite body
 * (`Body`: text, bytes, `file://path`, `{ base64 }`, `{ generate: { size, seed } }`).
 *
 * @category models
 * @since 0.1.0
 */
export type ParametersOf<N extends OperationName> = Types.Parameters<Input<N>>

/**
 * A `${{ path }}` template, resolved when the step runs (`${{ vars.bucket }}`, `${{ steps.put.ETag }}`).
 *
 * @category models
 * @since 0.1.0
 */
export type Template = Types.Template

/**
 * A request body: text, bytes (sent as `{ base64 }`), `file://path`, `{ base64 }` or
 * `{ generate: { size, seed } }` (deterministic bytes, streamed).
 *
 * @category models
 * @since 0.1.0
 */
export type BodyInput = Types.BodyInput

/**
 * What a step expects (the YAML `expected_result`); omitted: `{ success: true }`.
 *
 * @category models
 * @since 0.1.0
 */
export type Expectation = typeof Suite.Expectation.Encoded

/**
 * A step as the YAML format writes it.
 *
 * @category models
 * @since 0.1.0
 */
export type StepDefinition = typeof Suite.Step.Encoded

/**
 * A group as the YAML format writes it.
 *
 * @category models
 * @since 0.1.0
 */
export type GroupDefinition = typeof Suite.Group.Encoded

/**
 * A step's options besides its operation and parameters.
 *
 * @category models
 * @since 0.1.0
 */
export interface StepOptions {
  /** Names the step, so later steps of the group can use its output: `${{ steps.<id>.ETag }}`. */
  readonly id?: string
  /** A display name (default: the operation's name). */
  readonly name?: string
  /** The credential this step uses instead of its group's. */
  readonly credential?: string
  /** This step's timeout (`250ms`, `30s`, `2m`). */
  readonly timeout?: string
  /** Retries of transient faults: a number of retries or `{ attempts, backoff }`. */
  readonly retries?: number | { readonly attempts: number; readonly backoff?: string }
  /** What the step expects (the YAML `expected_result`); default `{ success: true }`. */
  readonly expect?: Expectation
}

/**
 * A step made by {@link step}: the YAML shape, plus the inline operation it names (if any), which
 * {@link suite} collects.
 *
 * @category models
 * @since 0.1.0
 */
export type BuiltStep = StepDefinition

/**
 * @category models
 * @since 0.1.0
 */
export interface GroupOptions {
  readonly name: string
  /** The credential its steps use unless they name one (default: the first credential). */
  readonly credential?: string
  readonly tags?: ReadonlyArray<string>
  /** Values for `${{ vars.NAME }}` in this group. */
  readonly vars?: Readonly<Record<string, unknown>>
  /** How many steps of a phase run at once (default 1). */
  readonly concurrency?: { readonly before_test?: number; readonly test?: number; readonly after_test?: number }
  /** Set-up: the first step that does not pass stops it, and `test` is skipped. */
  readonly before_test?: ReadonlyArray<BuiltStep>
  readonly test?: ReadonlyArray<BuiltStep>
  /** Clean-up: always runs, whatever happened before (failures, interruption). */
  readonly after_test?: ReadonlyArray<BuiltStep>
}

/**
 * A group made by {@link group}.
 *
 * @category models
 * @since 0.1.0
 */
export type BuiltGroup = GroupDefinition

/**
 * @category models
 * @since 0.1.0
 */
export interface SuiteOptions {
  /** Endpoint, region, credentials, timeout... (the YAML `config`). */
  readonly config: typeof Suite.TargetConfig.Encoded
  readonly groups: ReadonlyArray<BuiltGroup>
  /** Run the groups concurrently (default false). */
  readonly parallel?: boolean
  /** Values for `${{ vars.NAME }}` in every group. */
  readonly vars?: Readonly<Record<string, unknown>>
  /** Operation plugins to load by name (package names or paths); inline operations need not be listed. */
  readonly plugins?: ReadonlyArray<string>
  /** Reporters by name, as in YAML (`"junit"`, `["json", { output: "r.json" }]`). */
  readonly reporters?: ReadonlyArray<string | readonly [string, Readonly<Record<string, unknown>>]>
}

/**
 * A suite built in code: the YAML format's document, plus the inline operations its steps name.
 * Not validated yet: {@link validate} (or running it) does that.
 *
 * @category models
 * @since 0.1.0
 */
export interface Definition {
  readonly _tag: "Definition"
  /** The suite as a YAML document would write it. */
  readonly document: typeof Suite.Suite.Encoded
  /** Inline operations (from `defineOperation`) named by its steps. */
  readonly operations: ReadonlyArray<Plugin.Operation<any>>
}

/**
 * One step: an operation of the S3 API with its parameters, typed from the SDK's input type, or an
 * inline operation (from `Plugin.defineOperation`) with parameters typed from its Schema.
 *
 * **Example**
 *
 * ```ts
 * step("PutObject", { Bucket: "b", Key: "k", Body: { generate: { size: "1MiB", seed: 1 } } }, { id: "put" })
 * step("HeadObject", { Bucket: "b", Key: "k" }, { expect: { response: { ETag: "${{ steps.put.ETag }}" } } })
 * step("GetObject", { Bucket: "b", Key: "nope" }, { expect: { success: false, error_code: "NoSuchKey" } })
 * // step("PutObject", { Bukcet: "b", Key: "k" })   <- does not compile
 * ```
 *
 * @category constructors
 * @since 0.1.0
 */
export function step<const N extends OperationName>(
  operation: N,
  parameters: ParametersOf<N>,
  options?: StepOptions
): BuiltStep
export function step<S extends Plugin.ParametersSchema>(
  operation: Plugin.Operation<S>,
  parameters: Types.Parameters<S["Encoded"]>,
  options?: StepOptions
): BuiltStep
export function step(
  operation: string | Plugin.Operation<any>,
  parameters: object,
  options?: StepOptions
): BuiltStep {
  return typeof operation === "string"
    ? stepOf(operation, parameters, options, undefined) as BuiltStep
    : stepOf(operation.name, parameters, options, operation) as BuiltStep
}

/**
 * A step whose operation is named by a string and whose parameters are not type-checked: for
 * operations of plugins loaded by name (`plugins: ["@s3tester/operations-http"]`) and the utility
 * operations (`Sleep`, `WaitUntil`, `EmptyBucket`, `DeleteBucketIfExists`). They are still validated, like every step, before the run.
 *
 * @category constructors
 * @since 0.1.0
 */
export const untypedStep = (
  operation: string,
  parameters: Readonly<Record<string, unknown>> = {},
  options?: StepOptions
): BuiltStep => stepOf(operation, parameters, options, undefined) as BuiltStep

/**
 * A group: set-up (`before_test`), the test steps, clean-up (`after_test`, which always runs).
 *
 * **Example**
 *
 * ```ts
 * group({
 *   name: "versioning",
 *   tags: ["versioning"],
 *   vars: { bucket: "s3t-${{ run.id }}-v" },
 *   before_test: [step("CreateBucket", { Bucket: "${{ vars.bucket }}" })],
 *   test: [step("PutBucketVersioning", { Bucket: "${{ vars.bucket }}", VersioningConfiguration: { Status: "Enabled" } })],
 *   after_test: [step("DeleteBucket", { Bucket: "${{ vars.bucket }}" })]
 * })
 * ```
 *
 * @category constructors
 * @since 0.1.0
 */
export const group = (options: GroupOptions): BuiltGroup => {
  const built: Record<string, unknown> = { name: options.name }
  if (options.credential !== undefined) built.credential = options.credential
  if (options.tags !== undefined) built.tags = [...options.tags]
  if (options.vars !== undefined) built.vars = { ...options.vars }
  if (options.concurrency !== undefined) built.concurrency = { ...options.concurrency }
  for (const phase of ["before_test", "test", "after_test"] as const) {
    const steps = options[phase]
    if (steps !== undefined) built[phase] = [...steps]
  }
  return built as unknown as BuiltGroup
}

/**
 * A suite: its config and its groups. Returns a {@link Definition} (validated when it is run, or
 * by {@link validate}).
 *
 * **Example**
 *
 * ```ts
 * const definition = suite({
 *   config: { endpoint_url: "http://127.0.0.1:7480", credentials: [{ name: "main", access_key: "k", secret_key: "s" }] },
 *   parallel: true,
 *   groups: sizes.map((size) => group({ name: `put-${size}`, test: [step("PutObject", { Bucket: "b", Key: size, Body: { generate: { size } } })] }))
 * })
 * ```
 *
 * @category constructors
 * @since 0.1.0
 */
export const suite = (options: SuiteOptions): Definition => {
  const operations = new Map<string, Plugin.Operation<any>>()
  for (const g of options.groups) {
    for (const s of [...(g.before_test ?? []), ...(g.test ?? []), ...(g.after_test ?? [])]) {
      const op = inlineOperationOf(s)
      if (op !== undefined) operations.set(op.name, op)
    }
  }
  const document: Record<string, unknown> = {
    config: options.config,
    test_cases: {
      ...(options.parallel === undefined ? {} : { parallel: options.parallel }),
      groups: options.groups.map((g) => ({ ...g }))
    }
  }
  if (options.vars !== undefined) document.vars = { ...options.vars }
  if (options.plugins !== undefined) document.plugins = [...options.plugins]
  if (options.reporters !== undefined) document.reporters = options.reporters.map((r) => (typeof r === "string" ? r : [...r]))
  return { _tag: "Definition", document: document as typeof Suite.Suite.Encoded, operations: [...operations.values()] }
}

/**
 * `true` for a value made by {@link suite}.
 *
 * @category guards
 * @since 0.1.0
 */
export const isDefinition = (u: unknown): u is Definition =>
  typeof u === "object" && u !== null && (u as Definition)._tag === "Definition" &&
  typeof (u as Definition).document === "object"

/**
 * @category models
 * @since 0.1.0
 */
export interface ValidateOptions {
  /** Where `${{ env.NAME }}` is looked up (default `process.env`). */
  readonly env?: Readonly<Record<string, string | undefined>>
  /** More inline operations (besides those the steps carry). */
  readonly operations?: ReadonlyArray<Plugin.Operation<any>>
  /** More operation plugins: loaded ones, or names resolved from the working directory. */
  readonly plugins?: ReadonlyArray<string | Plugin.Plugin>
  /** The name diagnostics give the suite's document (default `code-built suite`). */
  readonly source?: string
}

/**
 * Validates a code-built suite exactly as the YAML loader validates a file (the suite is written
 * as a YAML document and loaded), and returns the same {@link Loader.LoadedSuite}: the decoded
 * suite, the catalog (with the inline operations) and where each step was written. A problem is a
 * {@link ConfigError} whose diagnostics give the path in the suite (`test_cases.groups[0].test[1]`).
 *
 * **Example**
 *
 * ```ts
 * const loaded = yield* Build.validate(definition)
 * ```
 *
 * @category validation
 * @since 0.1.0
 */
export const validate = (
  definition: Definition,
  options: ValidateOptions = {}
): Effect.Effect<Loader.LoadedSuite, ConfigError, FileSystem.FileSystem | Path.Path> =>
  validateDefinition(definition, options)
