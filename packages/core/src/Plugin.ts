/**
 * The operation plugin contract: operations that are not single S3 API calls (presigned URLs, POST
 * uploads, raw HTTP requests, whole multipart uploads, waiting), validated before the run exactly
 * like the built-in ones.
 *
 * An operation has a PascalCase name, an Effect Schema for its parameters and a `run` that returns
 * its output as a value, a Promise or an Effect. The validator derives the operation's parameters
 * (names, types, required) from the Schema, so a misspelt or missing parameter is reported at its
 * `file:line:column` with a did-you-mean; at run time the template-resolved parameters are decoded
 * with the same Schema (defaults applied) and handed to `run`.
 *
 * @example
 * ```ts
 * import * as Plugin from "@s3tester/core/Plugin"
 * import * as Schema from "effect/Schema"
 *
 * const CountObjects = Plugin.defineOperation({
 *   name: "CountObjects",
 *   parameters: Schema.Struct({ Bucket: Schema.String }),
 *   run: async ({ Bucket }, ctx) => {
 *     const { output } = await ctx.sendAsync("ListObjectsV2", { Bucket })
 *     return { Count: output["KeyCount"] }
 *   }
 * })
 *
 * export default Plugin.definePlugin({ name: "my-plugin", operations: [CountObjects] })
 * ```
 *
 * @since 0.1.0
 */
import type { Catalog as CatalogModel } from "./Catalog.ts"
import { catalogOf } from "./internal/plugin/pluginCatalog.ts"
import * as define from "./internal/plugin/pluginDefine.ts"
import { utilities as utilityPlugin } from "./internal/plugin/pluginUtilities.ts"

/**
 * A credential's keys, for operations that sign or presign requests themselves.
 *
 * @category models
 * @since 0.1.0
 */
export type CredentialKeys = define.CredentialKeys

/**
 * What `run` gets besides its parameters: the step's credential and its keys, the endpoint, region
 * and addressing style, an abort signal and the timeout, the directory of the config file, the
 * redactor, SDK clients, and `send` / `sendAsync` to call any operation of the catalog.
 *
 * @category models
 * @since 0.1.0
 */
export type OperationContext = define.OperationContext

/**
 * A request a plugin sends itself, for the step's trace (see `OperationContext.trace`).
 *
 * @category models
 * @since 0.3.0
 */
export type TraceRequest = define.TraceRequest

/**
 * A traced request under way: record its answer (`respond`, which returns the body to read) or
 * its failure (`fail`).
 *
 * @category models
 * @since 0.3.0
 */
export type TraceExchange = define.TraceExchange

/**
 * An extra load-time check, after the Schema's (for operations whose parameters name other
 * operations, like `WaitUntil`).
 *
 * @category models
 * @since 0.1.0
 */
export type OperationCheck = define.OperationCheck

/**
 * A decodable Schema without service requirements.
 *
 * @category models
 * @since 0.1.0
 */
export type ParametersSchema = define.ParametersSchema

/**
 * An operation made by {@link defineOperation}.
 *
 * @category models
 * @since 0.1.0
 */
export type Operation<S extends ParametersSchema = ParametersSchema> = define.Operation<S>

/**
 * What {@link defineOperation} takes.
 *
 * @category models
 * @since 0.1.0
 */
export type OperationOptions<S extends ParametersSchema> = define.OperationOptions<S>

/**
 * A set of operations published together (a package's default export).
 *
 * @category models
 * @since 0.1.0
 */
export type Plugin = define.Plugin

/**
 * Defines an operation. The name must be PascalCase (`PresignedGet`; YAML may say `presigned-get`);
 * the Schema's field names are the parameter names (PascalCase by convention; YAML may write them
 * in kebab or snake case).
 *
 * `run` returns the output object (a `$metadata.httpStatusCode` member gives the HTTP status;
 * streaming members such as a `Body` stream are consumed like SDK bodies), or fails with an
 * {@link OperationError} (or any error with `httpStatus` / `errorCode`, or an SDK error), which
 * `expected_result: { success: false, http_status: 403 }` matches like a server's error answer.
 *
 * @category constructors
 * @since 0.1.0
 */
export const defineOperation: <S extends ParametersSchema>(options: OperationOptions<S>) => Operation<S> =
  define.defineOperation

/**
 * Groups operations into a plugin; `name` (usually the package name) is shown as their source.
 * Throws when two operations share a name.
 *
 * @category constructors
 * @since 0.1.0
 */
export const definePlugin: (
  options: { readonly name: string; readonly operations: ReadonlyArray<Operation<any>> }
) => Plugin = define.definePlugin

/**
 * The failure of a plugin operation. With `httpStatus` / `errorCode` it is an answer the
 * expectation matches (`kind` defaults to `service`); `kind: "network" | "timeout"` means no answer
 * (the step is `errored`), `kind: "invalid"` a request that was never sent.
 *
 * @category errors
 * @since 0.1.0
 */
export const OperationError = define.OperationError

/**
 * @category errors
 * @since 0.1.0
 */
export type OperationError = define.OperationError

/**
 * `true` for a value made by {@link definePlugin}.
 *
 * @category guards
 * @since 0.1.0
 */
export const isPlugin: (u: unknown) => u is Plugin = define.isPlugin

/**
 * The built-in utility operations, defined through this contract and always available:
 * `Sleep` (`Duration`) and `WaitUntil` (`Operation`, `Parameters`, `ExpectedResult`, `Timeout`,
 * `Interval`: repeats the operation until its answer satisfies the expectation).
 *
 * @category plugins
 * @since 0.1.0
 */
export const utilities: Plugin = utilityPlugin

/**
 * A catalog of `base` (the SDK's operations by default) plus the utility operations plus the
 * operations of `plugins` (a plugin given twice counts once). Throws when two operations answer to
 * the same name.
 *
 * @category constructors
 * @since 0.1.0
 */
export const catalog = (plugins: ReadonlyArray<Plugin> = [], base?: CatalogModel): CatalogModel =>
  catalogOf([utilities, ...plugins], base)

/**
 * The catalog without plugins: the SDK's operations and the utility operations.
 *
 * @category constructors
 * @since 0.1.0
 */
export const defaultCatalog: CatalogModel = catalog()
