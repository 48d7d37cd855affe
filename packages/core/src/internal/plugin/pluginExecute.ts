/**
 * Runs one operation of the catalog for the engine: a built-in one through the S3 clients, a plugin
 * one by decoding its parameters with its Schema and calling its `run` with an `OperationContext`.
 * Either way the result is a `CallResponse` or a `CallError`, judged by the same expectation rules.
 *
 * @internal
 */
import { S3Client } from "@aws-sdk/client-s3"
import type { S3ClientConfig } from "@aws-sdk/client-s3"
import * as path from "node:path"
import * as Effect from "effect/Effect"
import * as Result from "effect/Result"
import * as Catalog from "../../Catalog.ts"
import type { CallResponse } from "../../S3Clients.ts"
import type { Credential } from "../../Suite.ts"
import { Target } from "../../Target.ts"
import type { RunContext } from "../engine/engineContext.ts"
import { asPluginEntry } from "./pluginCatalog.ts"
import type { PluginEntry } from "./pluginCatalog.ts"
import { OperationError, toEffect } from "./pluginDefine.ts"
import type { CredentialKeys, OperationContext } from "./pluginDefine.ts"
import { decode } from "./pluginSchema.ts"
import { consumeOutput } from "../s3/s3Body.ts"
import { clientConfig } from "../s3/s3Config.ts"
import { CallError, invalidError, toCallError } from "../s3/s3Errors.ts"
import { withTimeout } from "../s3/s3Timeout.ts"

export interface OperationRequest {
  readonly credential: string
  readonly operation: Catalog.OperationInfo
  readonly parameters: Record<string, unknown>
  readonly timeoutMs: number
  /** Directory of the file the step was written in. */
  readonly baseDirectory: string
}

/** The directory of a source file (the cwd when the step has no known source). */
export const directoryOf = (file: string | undefined): string =>
  file === undefined ? process.cwd() : path.dirname(path.resolve(file))

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
    return ctx.clients.send(request.credential, request.operation, request.parameters, { timeoutMs: request.timeoutMs })
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
    const clients = new Map<string, S3Client>()
    const settingsFor = (name: string = request.credential): S3ClientConfig => {
      const credential = credentials.get(name)
      if (credential === undefined) throw invalidError(`no credential named "${name}"`)
      const settings = clientConfig(ctx.suite.config, endpoint, credential)
      if (typeof settings === "string") throw invalidError(settings)
      return settings
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
      pathStyle: ctx.suite.config.path_style,
      signal: controller.signal,
      timeoutMs: request.timeoutMs,
      baseDirectory: request.baseDirectory,
      redact: ctx.redact,
      clientConfig: settingsFor,
      client: (name = request.credential) => {
        let client = clients.get(name)
        if (client === undefined) {
          client = new S3Client(settingsFor(name))
          clients.set(name, client)
        }
        return client
      },
      send,
      sendAsync: (name, input, options) => Effect.runPromise(send(name, input, options), { signal: controller.signal })
    }
    const overallMs = definition.timeout?.(parameters, request.timeoutMs) ?? request.timeoutMs
    return yield* Effect.suspend(() => toEffect(definition.run(parameters, context))).pipe(
      Effect.flatMap((raw) =>
        Effect.tryPromise({ try: () => consumeOutput(raw, controller.signal), catch: (cause) => cause })
      ),
      Effect.mapError(toPluginError),
      Effect.map((consumed): CallResponse => consumed),
      Effect.onInterrupt(() => Effect.sync(() => controller.abort())),
      withTimeout(overallMs),
      Effect.ensuring(Effect.sync(() => {
        for (const client of clients.values()) client.destroy()
        clients.clear()
      }))
    )
  }).pipe(
    // settingsFor throws a CallError for an unusable credential: a verdict, not a crash
    Effect.catchDefect((defect) => (defect instanceof CallError ? Effect.fail(defect) : Effect.die(defect)))
  )
