/**
 * The real S3Clients, and the one place s3tester makes SDK clients: one per credential, created on
 * first use inside the layer's scope with the target's settings (endpoint, region, addressing,
 * checksums, TLS) and Content-MD5, shared by the SDK steps and the plugin operations of the run.
 */
import { S3Client } from "@aws-sdk/client-s3"
import * as Effect from "effect/Effect"
import * as Scope from "effect/Scope"
import type { OperationInfo } from "../../Catalog.ts"
import type { CallResponse, S3ClientsShape, SdkClient, SendOptions } from "../../S3Clients.ts"
import type { TargetConfig } from "../../Suite.ts"
import { Target } from "../../Target.ts"
import { consumeOutput } from "./s3Body.ts"
import { commandClass, toSdkInput } from "./s3Catalog.ts"
import type { SdkCommand } from "../../Catalog.ts"
import { clientConfig, readTls } from "./s3Config.ts"
import { addContentMd5 } from "./s3ContentMd5.ts"
import { prepareInput } from "./s3Request.ts"
import { settledCall } from "./s3Call.ts"
import { recording, traceClient, TraceRecorder } from "./s3Trace.ts"
import { invalidError } from "./s3Errors.ts"
import type { CallError } from "./s3Errors.ts"
import { withTimeout } from "./s3Timeout.ts"

/**
 * The call's own timer bounds the request (see s3Call); this outer bound, a little longer, only
 * catches a body that cannot even be prepared in time (a blocked file).
 */
const prepareMarginMs = 1_000

export const make = (config: TargetConfig): Effect.Effect<S3ClientsShape, never, Target | Scope.Scope> =>
  Effect.gen(function*() {
    const target = yield* Target
    const scope = yield* Effect.scope
    const credentials = new Map(config.credentials.map((c) => [c.name, c]))
    const clients = new Map<string, SdkClient>()
    const tls = readTls(config)

    const acquire = (name: string): Effect.Effect<SdkClient, CallError> => {
      const credential = credentials.get(name)
      if (credential === undefined) {
        const known = [...credentials.keys()].join(", ")
        return Effect.fail(invalidError(`no credential named "${name}" (configured: ${known === "" ? "none" : known})`))
      }
      if (typeof tls === "string") return Effect.fail(invalidError(tls))
      const settings = clientConfig(config, target.endpoint, credential, tls)
      if (typeof settings === "string") return Effect.fail(invalidError(settings))
      return Effect.acquireRelease(
        Effect.sync(() => {
          const existing = clients.get(name)
          if (existing !== undefined) return { made: existing, created: false }
          const client = traceClient(new S3Client(settings))
          if (config.content_md5 === true) addContentMd5(client)
          const made: SdkClient = { client, settings }
          clients.set(name, made)
          return { made, created: true }
        }),
        ({ made, created }) =>
          created
            ? Effect.sync(() => {
              clients.delete(name)
              made.client.destroy()
            })
            : Effect.void
      ).pipe(
        Effect.map(({ made }) => made),
        Scope.provide(scope)
      )
    }

    const clientFor = (name: string): Effect.Effect<SdkClient, CallError> =>
      Effect.suspend(() => {
        const cached = clients.get(name)
        return cached === undefined ? acquire(name) : Effect.succeed(cached)
      })

    const cannotPrepare = (operation: OperationInfo) => (cause: unknown) =>
      invalidError(`cannot prepare ${operation.name}: ${cause instanceof Error ? cause.message : String(cause)}`)

    /**
     * The SDK command, with its bodies resolved (streams are destroyed when the scope closes), and
     * whether its body is still being uploaded.
     */
    const prepare = (
      operation: OperationInfo,
      input: Record<string, unknown>
    ): Effect.Effect<{ readonly command: SdkCommand; readonly uploading: () => boolean }, CallError, Scope.Scope> =>
      Effect.gen(function*() {
        const prepared = yield* Effect.acquireRelease(
          Effect.tryPromise({ try: () => prepareInput(operation, input, process.cwd()), catch: cannotPrepare(operation) }),
          (p) => Effect.sync(p.release)
        )
        const command = yield* Effect.try({
          try: () => new (commandClass(operation))(toSdkInput(operation, prepared.input)),
          catch: cannotPrepare(operation)
        })
        return { command, uploading: prepared.uploading }
      })

    const send = (
      credential: string,
      operation: OperationInfo,
      input: Record<string, unknown>,
      options: SendOptions
    ): Effect.Effect<CallResponse, CallError> =>
      Effect.gen(function*() {
        const { client } = yield* clientFor(credential)
        const { command, uploading } = yield* prepare(operation, input)
        const recorder = yield* TraceRecorder
        return yield* settledCall({
          timeoutMs: options.timeoutMs,
          uploading,
          send: (signal) => recording(recorder, () => client.send(command, { abortSignal: signal })),
          read: consumeOutput
        })
      }).pipe(Effect.scoped, withTimeout(options.timeoutMs + prepareMarginMs))

    return { send, client: clientFor }
  })
