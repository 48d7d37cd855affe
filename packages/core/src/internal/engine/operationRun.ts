/**
 * Runs one operation of the catalog for the engine, whatever its kind: a built-in one through the
 * S3 clients, a plugin one by decoding its parameters with its Schema and calling its `run` with an
 * `OperationContext` that hands it the same S3 clients. Either way the result is a `CallResponse`
 * or a `CallError`, judged by the same expectation rules.
 *
 * @internal
 */
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Result from "effect/Result"
import * as Catalog from "../../Catalog.ts"
import type { CallResponse, SdkClient } from "../../S3Clients.ts"
import type { Credential } from "../../Suite.ts"
import { Target } from "../../Target.ts"
import type { RunContext } from "./engineContext.ts"
import { directoryOf } from "../loader/sourceDirectory.ts"
import { asPluginEntry } from "../plugin/pluginCatalog.ts"
import type { PluginEntry } from "../plugin/pluginCatalog.ts"
import { OperationError, toEffect } from "../plugin/pluginDefine.ts"
import type { CredentialKeys, OperationContext } from "../plugin/pluginDefine.ts"
import { decode } from "../plugin/pluginSchema.ts"
import { consumeOutput } from "../s3/s3Body.ts"
import { forcePathStyle, httpsAgentOf } from "../s3/s3Config.ts"
import { CallError, invalidError, toCallError } from "../s3/s3Errors.ts"
import { withTimeout } from "../s3/s3Timeout.ts"
import { recording, recordingClient } from "../s3/s3Trace.ts"
import type { RawRequest, Recorder } from "../s3/s3Trace.ts"

export interface OperationRequest {
  readonly credential: string
  readonly operation: Catalog.OperationInfo
  readonly parameters: Record<string, unknown>
  readonly timeoutMs: number
  /** The file the step was written in (a plugin's relative paths are resolved from its directory). */
  readonly sourceFile: string | undefined
  /** The attempt's, when traces are taken: its exchanges go there. */
  readonly recorder: Recorder | undefined
}

const num = (u: unknown): number | undefined => (typeof u === "number" && Number.isFinite(u) ? u : undefined)
const str = (u: unknown): string | undefined => (typeof u === "string" && u.length > 0 ? u : undefined)

/** Whatever a plugin failed with, as a `CallError`. */
export const toPluginError = (cause: unknown): CallError => {
  if (cause instanceof CallError) return cause
  if (cause instanceof OperationError) {
    return new CallError({
      kind: cause.kind ?? "service",
      message: cause.message,
      ...(cause.httpStatus === undefined ? {} : { httpStatus: cause.httpStatus }),
      ...(cause.errorCode === undefined ? {} : { errorCode: cause.errorCode }),
      ...(cause.requestId === undefined ? {} : { requestId: cause.requestId })
    })
  }
  const e = typeof cause === "object" && cause !== null ? (cause as Record<string, unknown>) : {}
  const httpStatus = num(e["httpStatus"])
  const errorCode = str(e["errorCode"])
  if (httpStatus !== undefined || errorCode !== undefined) {
    return new CallError({
      kind: "service",
      message: str(e["message"]) ?? `${errorCode ?? "error"} (${httpStatus ?? "no status"})`,
      ...(httpStatus === undefined ? {} : { httpStatus }),
      ...(errorCode === undefined ? {} : { errorCode })
    })
  }
  return toCallError(cause)
}

const keysOf = (credential: Credential): CredentialKeys => ({
  name: credential.name,
  anonymous: credential.anonymous === true,
  ...(credential.access_key === undefined ? {} : { accessKeyId: credential.access_key }),
  ...(credential.secret_key === undefined ? {} : { secretAccessKey: credential.secret_key }),
  ...(credential.session_token === undefined ? {} : { sessionToken: credential.session_token })
})

/** Sends any operation of the run's catalog. */
export const runOperation = (ctx: RunContext, request: OperationRequest): Effect.Effect<CallResponse, CallError> => {
  const entry = asPluginEntry(request.operation)
  if (entry !== undefined) return runPlugin(ctx, entry, request)
  if (Catalog.command(request.operation) !== undefined) {
    const options = recording(request.recorder, { timeoutMs: request.timeoutMs })
    return ctx.clients.send(request.credential, request.operation, request.parameters, options)
  }
  return Effect.fail(invalidError(`operation ${request.operation.name} (from ${request.operation.source}) cannot be run`))
}

const runPlugin = (ctx: RunContext, entry: PluginEntry, request: OperationRequest): Effect.Effect<CallResponse, CallError> =>
  Effect.gen(function*() {
    const definition = entry.run
    const decoded = decode(entry.name, entry.parameters, definition.parameters, request.parameters)
    if (Result.isFailure(decoded)) return yield* Effect.fail(invalidError(decoded.failure))
    const parameters = decoded.success
    const target = yield* Effect.serviceOption(Target)
    const endpoint = target._tag === "Some" ? target.value.endpoint : (ctx.suite.config.endpoint_url ?? "")
    const credentials = new Map(ctx.suite.config.credentials.map((c) => [c.name, c]))
    const own = credentials.get(request.credential)
    if (own === undefined) return yield* Effect.fail(invalidError(`no credential named "${request.credential}"`))
    const controller = new AbortController()
    const { recorder } = request
    /**
     * The run's client for a credential (the plugin API is synchronous here; making a client is).
     * An unusable credential is thrown as its CallError and turned back into a failure below.
     */
    const sdkClient = (name: string = request.credential): SdkClient => {
      const made = Effect.runSyncExit(ctx.clients.client(name))
      if (Exit.isSuccess(made)) return made.value
      throw Cause.squash(made.cause)
    }
    const send: OperationContext["send"] = (name, input, options) =>
      Effect.suspend(() => {
        const operation = Catalog.lookup(ctx.catalog, name)
        if (operation === undefined) return Effect.fail(invalidError(`unknown operation "${name}"`))
        const normalized = Catalog.normalizeParameters(operation, input, ctx.catalog)
        if (normalized.issues.length > 0) {
          return Effect.fail(invalidError(normalized.issues.map((issue) => issue.message).join("; ")))
        }
        return runOperation(ctx, {
          ...request,
          credential: options?.credential ?? request.credential,
          operation,
          parameters: normalized.parameters
        })
      })
    const context: OperationContext = {
      operation: entry.name,
      credential: keysOf(own),
      credentialNamed: (name) => {
        const found = credentials.get(name)
        return found === undefined ? undefined : keysOf(found)
      },
      endpoint,
      region: ctx.suite.config.region,
      pathStyle: forcePathStyle(ctx.suite.config),
      signal: controller.signal,
      timeoutMs: request.timeoutMs,
      baseDirectory: directoryOf(request.sourceFile),
      redact: ctx.redact,
      clientConfig: (name) => sdkClient(name).settings,
      client: (name) => recordingClient(sdkClient(name).client, recorder),
      httpsAgent: (name) => httpsAgentOf(sdkClient(name).settings),
      send,
      ...(recorder === undefined ? {} : { trace: (raw: RawRequest) => recorder.begin(raw) }),
      sendAsync: (name, input, options) =>
        Effect.runPromise(send(name, input, options), { signal: controller.signal })
    }
    const overallMs = definition.timeout?.(parameters, request.timeoutMs) ?? request.timeoutMs
    return yield* Effect.suspend(() => toEffect(definition.run(parameters, context))).pipe(
      Effect.flatMap((raw) =>
        Effect.tryPromise({ try: () => consumeOutput(raw, controller.signal), catch: (cause) => cause })
      ),
      Effect.mapError(toPluginError),
      Effect.map((consumed): CallResponse => consumed),
      Effect.onInterrupt(() => Effect.sync(() => controller.abort())),
      withTimeout(overallMs)
    )
  }).pipe(
    // sdkClient throws a CallError for an unusable credential: a verdict, not a crash
    Effect.catchDefect((defect) => (defect instanceof CallError ? Effect.fail(defect) : Effect.die(defect)))
  )
