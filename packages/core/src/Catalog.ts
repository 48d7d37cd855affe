/**
 * The operation catalog: every command of `@aws-sdk/client-s3`, plus operations contributed by
 * plugins, with their parameters as the SDK's own runtime schemas describe them.
 *
 * Nothing here is hand-written per operation: the operations are the `XxxCommand` classes the SDK
 * exports, and each operation's parameters are read, on first use, from the Smithy schema its command
 * carries. Operation and parameter names may be written in any of the usual spellings (`PutObject`,
 * `put-object`, `put_object`, `putObject`; `ContentType`, `content-type`, `content_type`).
 *
 * @since 0.1.0
 */
import type { $Command, S3ClientResolvedConfig, ServiceInputTypes, ServiceOutputTypes } from "@aws-sdk/client-s3"
import * as builtInOperations from "./internal/s3/catalogBuiltIn.ts"
import * as internal from "./internal/s3/catalogParameters.ts"
import { didYouMean } from "./internal/loader/didYouMean.ts"
import * as sdkSchema from "./internal/s3/sdkSchema.ts"

/**
 * The shape of a parameter's value, from the SDK's schema.
 *
 * @category models
 * @since 0.1.0
 */
export type ParameterType =
  | "string"
  | "number"
  | "boolean"
  | "timestamp"
  | "blob"
  | "streaming-blob"
  | "list"
  | "map"
  | "structure"
  | "unknown"

/**
 * @category models
 * @since 0.1.0
 */
export interface ParameterInfo {
  /** The API's PascalCase name (`ContentType`). */
  readonly name: string
  readonly type: ParameterType
  readonly required: boolean
  /** Members of a structure, or of a list's / map's structure elements. */
  readonly members?: ReadonlyArray<ParameterInfo>
  /** Element type of a list or value type of a map. */
  readonly element?: ParameterInfo
  /** Allowed values when the SDK declares an enum. */
  readonly values?: ReadonlyArray<string>
}

/**
 * @category models
 * @since 0.1.0
 */
export interface OperationInfo {
  /** Canonical name: `PutObject`. */
  readonly name: string
  /** `put-object`. */
  readonly kebabName: string
  /** `built-in` for SDK commands, else the plugin's name. */
  readonly source: string
  readonly parameters: ReadonlyArray<ParameterInfo>
}

/**
 * A problem with an operation's parameters. `path` is relative to the step's `parameters` and uses
 * the keys as the user wrote them (so the loader can find their source positions).
 *
 * @category models
 * @since 0.1.0
 */
export interface ParameterIssue {
  readonly path: ReadonlyArray<string | number>
  readonly message: string
}


/**
 * An operation contributed by a plugin: its description plus whatever the engine needs to run it.
 * The catalog only stores it (the same object is returned by `lookup`); `Run` is the engine's business.
 *
 * @category models
 * @since 0.1.0
 */
export interface PluginOperation<Run = unknown> extends OperationInfo {
  readonly run: Run
  /**
   * The operation's own parameter check, used by {@link normalizeParameters} instead of the generic
   * one (plugins validate with their Schema). `catalog` is the catalog being validated against, for
   * operations that name other operations (`WaitUntil`).
   */
  readonly normalize?: (
    parameters: Record<string, unknown>,
    catalog: Catalog
  ) => { readonly parameters: Record<string, unknown>; readonly issues: ReadonlyArray<ParameterIssue> }
}

/**
 * A set of operations, by canonical name.
 *
 * @category models
 * @since 0.1.0
 */
export interface Catalog {
  /** Keyed by the canonical name (`PutObject`). */
  readonly operations: ReadonlyMap<string, OperationInfo>
}

/**
 * An instance of an `@aws-sdk/client-s3` command, ready for `S3Client.send`.
 *
 * @category models
 * @since 0.1.0
 */
export type SdkCommand = $Command<any, any, S3ClientResolvedConfig, ServiceInputTypes, ServiceOutputTypes>

/**
 * An `@aws-sdk/client-s3` command class (`PutObjectCommand`).
 *
 * @category models
 * @since 0.1.0
 */
export type SdkCommandClass = new(input: any) => SdkCommand

/**
 * `source` of the operations that come from `@aws-sdk/client-s3`.
 *
 * @category constants
 * @since 0.1.0
 */
export const BUILT_IN: "built-in" = builtInOperations.BUILT_IN

/**
 * Every command of `@aws-sdk/client-s3` (`PutObjectCommand` is the operation `PutObject`), with
 * source `built-in`. Cheap to load: an operation's parameters are read from the SDK's schema the
 * first time they are asked for.
 *
 * @category catalogs
 * @since 0.1.0
 */
export const builtIn: Catalog = builtInOperations.loadBuiltIn()

const indexes = new WeakMap<Catalog, ReadonlyMap<string, OperationInfo>>()

/** Operations by folded name and folded kebab name. */
const index = (catalog: Catalog): ReadonlyMap<string, OperationInfo> => {
  let found = indexes.get(catalog)
  if (found === undefined) {
    const map = new Map<string, OperationInfo>()
    for (const operation of catalog.operations.values()) {
      map.set(sdkSchema.fold(operation.name), operation)
      map.set(sdkSchema.fold(operation.kebabName), operation)
    }
    indexes.set(catalog, map)
    found = map
  }
  return found
}

/**
 * A catalog of `base` (the built-in operations by default) plus the `PluginOperation`s plugins
 * contribute. The operation objects are kept as given, so `lookup`
 * returns them with their extra fields (`run`).
 *
 * Throws when two operations would answer to the same name in some spelling (`PutObject` and
 * `put_object`), or when an added operation claims the `built-in` source; plugin loading should
 * report that as a configuration error.
 *
 * @example
 * ```ts
 * const catalog = Catalog.make([{
 *   name: "PutRandomObjects",
 *   kebabName: "put-random-objects",
 *   source: "@s3tester/plugin-random",
 *   parameters: [{ name: "Bucket", type: "string", required: true }],
 *   run: (input) => ...
 * }])
 * ```
 *
 * @category constructors
 * @since 0.1.0
 */
export const make = (operations: ReadonlyArray<PluginOperation>, base: Catalog = builtIn): Catalog => {
  const map = new Map(base.operations)
  const taken = new Map(index(base))
  for (const operation of operations) {
    if (operation.source === BUILT_IN) {
      throw new Error(`operation "${operation.name}" cannot be added with source "${BUILT_IN}"`)
    }
    for (const spelling of [operation.name, operation.kebabName]) {
      const existing = taken.get(sdkSchema.fold(spelling))
      if (existing !== undefined && existing !== operation) {
        throw new Error(
          `operation "${operation.name}" from ${operation.source} clashes with "${existing.name}" from ${existing.source}`
        )
      }
      taken.set(sdkSchema.fold(spelling), operation)
    }
    map.set(operation.name, operation)
  }
  return { operations: map }
}

/**
 * The operation called `name`, in any spelling: `PutObject`, `put-object`, `put_object`,
 * `putObject`, `PUT-OBJECT`.
 *
 * @category lookups
 * @since 0.1.0
 */
export const lookup = (catalog: Catalog, name: string): OperationInfo | undefined =>
  catalog.operations.get(name) ?? index(catalog).get(sdkSchema.fold(name))

/**
 * The canonical name of the operation `name` most likely is a typo of (`PutObjekt` -> `PutObject`).
 *
 * @category lookups
 * @since 0.1.0
 */
export const suggest = (catalog: Catalog, name: string): string | undefined =>
  didYouMean(name, catalog.operations.keys())

/**
 * The canonical names of the catalog's operations, sorted.
 *
 * @category lookups
 * @since 0.1.0
 */
export const names = (catalog: Catalog): ReadonlyArray<string> => [...catalog.operations.keys()].sort()

/**
 * `true` for an operation that comes from `@aws-sdk/client-s3`.
 *
 * @category guards
 * @since 0.1.0
 */
export const isBuiltIn = (operation: OperationInfo): boolean =>
  operation.source === BUILT_IN && builtInOperations.commandClasses.has(operation.name)

/**
 * `true` for an operation added by `make` (it carries its own `run`).
 *
 * @category guards
 * @since 0.1.0
 */
export const isPluginOperation = (operation: OperationInfo): operation is PluginOperation =>
  operation.source !== BUILT_IN && "run" in operation

/**
 * Checks a step's parameters against the operation and renames their keys to the API's PascalCase
 * at every level (`content-type` -> `ContentType`, `delete.objects[].key` -> `Delete.Objects[].Key`);
 * map keys (`Metadata`) are data and stay as written.
 *
 * Reports, with paths in the keys as the user wrote them:
 * - unknown parameters, with a did-you-mean or the list of valid ones;
 * - missing required parameters (path of the object that lacks them, `[]` at the top);
 * - values of the wrong type, and values outside a declared enum;
 * - the same parameter written twice in two spellings.
 *
 * A string containing `${{` is accepted for any scalar type (it is a template, resolved later).
 * Timestamps take ISO-8601 strings or `Date`s; blobs take strings or any object (`{ base64 }`,
 * `{ generate }`, ...). Unknown parameters are left out of the result.
 *
 * A plugin operation with its own `normalize` is checked by it (with `catalog`, the catalog the
 * step is validated against).
 *
 * @category validation
 * @since 0.1.0
 */
export const normalizeParameters = (
  operation: OperationInfo,
  parameters: Record<string, unknown>,
  catalog: Catalog = builtIn
): { readonly parameters: Record<string, unknown>; readonly issues: ReadonlyArray<ParameterIssue> } =>
  isPluginOperation(operation) && operation.normalize !== undefined
    ? operation.normalize(parameters, catalog)
    : internal.normalize(operation, parameters)

/**
 * The `@aws-sdk/client-s3` command class of a built-in operation (`undefined` for a plugin's).
 *
 * @example
 * ```ts
 * const Command = Catalog.command(operation)!
 * await client.send(new Command(Catalog.toSdkInput(operation, parameters)))
 * ```
 *
 * @category sdk
 * @since 0.1.0
 */
export const command = (operation: OperationInfo): SdkCommandClass | undefined =>
  operation.source === BUILT_IN ? builtInOperations.commandClasses.get(operation.name) : undefined

/**
 * Converts normalised, template-resolved parameters into the SDK's input: timestamp strings become
 * `Date`s, `{ base64 }` blobs become bytes (strings stay strings for streaming blobs, and become
 * UTF-8 bytes for other blobs), `"42"` / `"true"` become a number / boolean where the schema wants
 * one. Other objects given for blobs (`{ generate }`) must be resolved by the caller first.
 *
 * @category sdk
 * @since 0.1.0
 */
export const toSdkInput = (operation: OperationInfo, parameters: Record<string, unknown>): Record<string, unknown> =>
  internal.toSdk(operation, parameters)

/**
 * The members of a built-in operation's output (`undefined` for a plugin's), read from the SDK's
 * schema like its parameters.
 *
 * @category sdk
 * @since 0.1.0
 */
export const outputs = (operation: OperationInfo): ReadonlyArray<ParameterInfo> | undefined => {
  if (operation instanceof builtInOperations.BuiltInOperation) return operation.outputs
  const builtInOperation = command(operation) === undefined ? undefined : builtIn.operations.get(operation.name)
  return builtInOperation instanceof builtInOperations.BuiltInOperation ? builtInOperation.outputs : undefined
}

/**
 * One row of an operation's parameter listing.
 *
 * @category models
 * @since 0.1.0
 */
export interface ParameterRow {
  /** `Delete.Objects[].Key`: the canonical path, `[]` for list elements and `{}` for map values. */
  readonly path: string
  readonly name: string
  readonly kebabName: string
  readonly type: ParameterType
  /** `list<structure>`, `map<string, string>`, ... */
  readonly typeName: string
  readonly required: boolean
  /** 0 for the operation's own parameters. */
  readonly depth: number
  readonly values?: ReadonlyArray<string>
}

/**
 * What `s3tester operations NAME` shows.
 *
 * @category models
 * @since 0.1.0
 */
export interface OperationDescription {
  readonly name: string
  readonly kebabName: string
  readonly source: string
  /** Every parameter, nested ones included (`Delete.Objects[].Key`), depth first. */
  readonly parameters: ReadonlyArray<ParameterRow>
}

/**
 * An operation's listing: its names, source and every parameter with its type and whether it is
 * required, nested members included.
 *
 * @category formatting
 * @since 0.1.0
 */
export const describe = (operation: OperationInfo): OperationDescription => ({
  name: operation.name,
  kebabName: operation.kebabName,
  source: operation.source,
  parameters: internal.rows(operation.parameters)
})

/**
 * `describe` as text lines: a header, then one line per parameter, indented by depth.
 *
 * @example
 * ```text
 * DeleteObjects (delete-objects, built-in)
 *   Bucket: string (required)
 *   Delete: structure (required)
 *     Objects: list<structure> (required)
 *       Key: string (required)
 * ```
 *
 * @category formatting
 * @since 0.1.0
 */
export const describeLines = (operation: OperationInfo): ReadonlyArray<string> => {
  const description = describe(operation)
  return [
    `${description.name} (${description.kebabName}, ${description.source})`,
    ...description.parameters.map((row) =>
      `${"  ".repeat(row.depth + 1)}${row.name}: ${row.typeName}${row.required ? " (required)" : ""}${
        row.values !== undefined ? ` one of ${row.values.join(", ")}` : ""
      }`
    )
  ]
}
