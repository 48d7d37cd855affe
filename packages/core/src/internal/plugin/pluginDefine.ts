/**
 * The operation plugin contract's types and constructors (re-exported by `Plugin.ts`; kept here so
 * the built-in utility operations can use them without an import cycle).
 *
 * @internal
 */
import type { S3Client, S3ClientConfig } from "@aws-sdk/client-s3"
import type { Agent as HttpsAgent } from "node:https"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import type { Catalog, ParameterInfo, ParameterIssue } from "../../Catalog.ts"
import type { CallResponse } from "../../S3Clients.ts"
import type { CallError } from "../s3/s3Errors.ts"
import type { PendingExchange, RawRequest } from "../s3/s3Trace.ts"
import { parametersOf } from "./pluginSchema.ts"

/** The keys of a credential, for plugins that sign or presign requests themselves. */
export interface CredentialKeys {
  readonly name: string
  /** `true`: requests go unsigned (no keys). */
  readonly anonymous: boolean
  readonly accessKeyId?: string
  readonly secretAccessKey?: string
  readonly sessionToken?: string
}

/** A request a plugin sends itself, for its trace: method, full URL, headers as sent, body if any. */
export type TraceRequest = RawRequest

/** A traced request's answer: `respond(status, headers, body)` returns the body to read instead. */
export type TraceExchange = PendingExchange

/** What a plugin operation's `run` gets besides its parameters. */
export interface OperationContext {
  /** The operation's canonical name. */
  readonly operation: string
  /** The step's credential (the step's, else the group's, else the first). */
  readonly credential: CredentialKeys
  /** Another configured credential, by name. */
  readonly credentialNamed: (name: string) => CredentialKeys | undefined
  /** Base URL of the target (`http://127.0.0.1:7480`). */
  readonly endpoint: string
  readonly region: string
  /**
   * `true`: path-style addressing (`endpoint/bucket/key`), else virtual-hosted; what the SDK clients
   * do (`addressing`, else `path_style`).
   */
  readonly pathStyle: boolean
  /** Aborted when the step times out or the run is interrupted: pass it to `fetch` and the SDK. */
  readonly signal: AbortSignal
  /** The step's timeout, in milliseconds. */
  readonly timeoutMs: number
  /** The directory of the file the step was written in (for relative paths). */
  readonly baseDirectory: string
  /** Masks every known secret (keys, tokens, signatures) in a text: use it on anything you print. */
  readonly redact: (text: string) => string
  /**
   * The SDK client settings the engine uses for a credential (default: the step's): endpoint,
   * region, addressing, checksums, TLS (`ca_bundle`, `tls_verify`). Content-MD5 is not among them.
   */
  readonly clientConfig: (credential?: string) => S3ClientConfig
  /**
   * The run's SDK client for a credential (default: the step's), the one SDK steps use, with every
   * target setting (Content-MD5 included); created on first use, destroyed when the run ends: do
   * not destroy it.
   */
  readonly client: (credential?: string) => S3Client
  /**
   * The https agent of that client (default: the step's), which trusts what the target's settings
   * say (`ca_bundle`, `tls_verify`): pass it to requests the plugin sends itself. Undefined when
   * Node's defaults apply (an http endpoint, or no `ca_bundle` and verification on).
   */
  readonly httpsAgent: (credential?: string) => HttpsAgent | undefined
  /** Sends an operation of the catalog (built-in or plugin) the way a step would. */
  readonly send: (
    operation: string,
    input: Record<string, unknown>,
    options?: { readonly credential?: string }
  ) => Effect.Effect<CallResponse, CallError>
  /**
   * Present when the step's trace is taken: a plugin that sends HTTP itself (not through `client`
   * or `send`, which are traced already) records each request with it, then the answer (passing
   * the body it will read, and reading the one returned) or the failure. Redaction is done for it.
   */
  readonly trace?: (request: TraceRequest) => TraceExchange
  /** {@link OperationContext.send} as a Promise, for plugins written without Effect. */
  readonly sendAsync: (
    operation: string,
    input: Record<string, unknown>,
    options?: { readonly credential?: string }
  ) => Promise<CallResponse>
}

/** The extra load-time check of an operation (after its Schema's). */
export type OperationCheck = (input: {
  /** The parameters as normalised so far (canonical names). */
  readonly parameters: Record<string, unknown>
  /** The parameters as written. */
  readonly raw: Record<string, unknown>
  /** The catalog the step is validated against. */
  readonly catalog: Catalog
}) => { readonly parameters: Record<string, unknown>; readonly issues: ReadonlyArray<ParameterIssue> }

/** A decodable Schema without service requirements. */
export type ParametersSchema = Schema.Top & Schema.ConstraintDecoder<unknown>

/** An operation contributed by a plugin. */
export interface Operation<S extends ParametersSchema = ParametersSchema> {
  readonly _tag: "Operation"
  /** PascalCase, like the API's (`PresignedGet`); `presigned-get` is accepted in YAML. */
  readonly name: string
  readonly description?: string
  /** The parameters' Schema (usually a `Schema.Struct` with PascalCase field names). */
  readonly parameters: S
  /** The parameters as the catalog lists them (derived from the Schema). */
  readonly parameterInfo: ReadonlyArray<ParameterInfo>
  /**
   * Carries the operation out. Returns the output (an object; `$metadata.httpStatusCode` gives the
   * HTTP status, streaming members are consumed like SDK bodies) as a value, a Promise or an Effect.
   * Fails (throws, rejects, or fails the Effect) with an error carrying `httpStatus` / `errorCode`
   * (an {@link OperationError}, a `CallError` or an SDK error) for an answer the expectation can match.
   */
  readonly run: (parameters: S["Type"], context: OperationContext) => unknown
  /** The operation's overall time limit given its parameters (default: the step's timeout). */
  readonly timeout?: (parameters: S["Type"], stepTimeoutMs: number) => number
  readonly check?: OperationCheck
}

/** What `defineOperation` takes. */
export interface OperationOptions<S extends ParametersSchema> {
  readonly name: string
  readonly description?: string
  readonly parameters: S
  readonly run: (parameters: S["Type"], context: OperationContext) => unknown
  readonly timeout?: (parameters: S["Type"], stepTimeoutMs: number) => number
  readonly check?: OperationCheck
}

/** A set of operations published together. */
export interface Plugin {
  readonly _tag: "Plugin"
  /** Shown as the operations' source (`@s3tester/operations-http`). */
  readonly name: string
  readonly operations: ReadonlyArray<Operation<any>>
}

const NAME = /^[A-Z][A-Za-z0-9]*$/

export const defineOperation = <S extends ParametersSchema>(options: OperationOptions<S>): Operation<S> => {
  if (!NAME.test(options.name)) {
    throw new Error(`operation name "${options.name}" must be PascalCase letters and digits (like PutObject)`)
  }
  return {
    _tag: "Operation",
    name: options.name,
    ...(options.description === undefined ? {} : { description: options.description }),
    parameters: options.parameters,
    parameterInfo: parametersOf(options.parameters),
    run: options.run,
    ...(options.timeout === undefined ? {} : { timeout: options.timeout }),
    ...(options.check === undefined ? {} : { check: options.check })
  }
}

export const definePlugin = (options: { readonly name: string; readonly operations: ReadonlyArray<Operation<any>> }): Plugin => {
  const seen = new Set<string>()
  for (const operation of options.operations) {
    if (operation?._tag !== "Operation") throw new Error(`plugin "${options.name}": operations must come from defineOperation`)
    if (seen.has(operation.name)) throw new Error(`plugin "${options.name}" defines "${operation.name}" twice`)
    seen.add(operation.name)
  }
  return { _tag: "Plugin", name: options.name, operations: [...options.operations] }
}

/**
 * An answer (or no answer) a plugin operation reports as its failure. With `httpStatus` and
 * `errorCode` it is matched by `expected_result` like a server's error answer.
 */
export class OperationError extends Schema.TaggedError<OperationError>()("OperationError", {
  message: Schema.String,
  httpStatus: Schema.optionalKey(Schema.Number),
  errorCode: Schema.optionalKey(Schema.String),
  requestId: Schema.optionalKey(Schema.String),
  /** Default `service` (an answer); `network`/`timeout`: no answer; `invalid`: never sent. */
  kind: Schema.optionalKey(Schema.Literals(["service", "network", "timeout", "invalid"]))
}) {}

export const isPlugin = (u: unknown): u is Plugin =>
  typeof u === "object" && u !== null && (u as Plugin)._tag === "Plugin" && Array.isArray((u as Plugin).operations)

/** Keeps Effect out of plugin authors' way: any of value / Promise / Effect as an Effect. */
export const toEffect = (result: unknown): Effect.Effect<unknown, unknown> =>
  Effect.isEffect(result)
    ? (result as Effect.Effect<unknown, unknown>)
    : typeof (result as PromiseLike<unknown> | undefined)?.then === "function"
    ? Effect.tryPromise({ try: () => Promise.resolve(result as PromiseLike<unknown>), catch: (e) => e })
    : Effect.succeed(result)
