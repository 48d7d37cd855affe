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
import { prepareInput, readsBody } from "./s3Request.ts"
import type { PreparedInput } from "./s3Request.ts"
import { instrumentHandler, sendOptions } from "./s3Handler.ts"
import type { CallAbort } from "./s3Abort.ts"
import { preparedCall, SettleOnInterrupt } from "./s3Call.ts"
import type { PreparedRequest } from "./s3Call.ts"
import { recorderMarked } from "./s3Trace.ts"
import type { Recorder } from "./s3Trace.ts"
import { invalidError } from "./s3Errors.ts"
import type { CallError } from "./s3Errors.ts"

/**
 * The call's own timer bounds the request (see s3Call); the bound of the whole call, a little
 * longer, only catches a body that cannot even be prepared in time (a blocked file).
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
          const client = new S3Client(settings)
          instrumentHandler(client)
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

    const cannotPrepare = (operation: OperationInfo, cause: unknown) =>
      invalidError(`cannot prepare ${operation.name}: ${cause instanceof Error ? cause.message : String(cause)}`)

    /** The SDK command of the prepared input (its streams are destroyed by `release` if it cannot be made). */
    const commandOf = (operation: OperationInfo, prepared: PreparedInput): SdkCommand => {
      try {
        return new (commandClass(operation))(toSdkInput(operation, prepared.input))
      } catch (cause) {
        prepared.release()
        throw cannotPrepare(operation, cause)
      }
    }

    /** The request, ready to send with `client`, its trace going to `recorder`. */
    const requestOf = (
      client: S3Client,
      recorder: Recorder | undefined,
      operation: OperationInfo,
      prepared: PreparedInput
    ): PreparedRequest<unknown> => {
      const command = commandOf(operation, prepared)
      return {
        uploading: prepared.uploading,
        release: prepared.release,
        // the signal and the recorder go to the HTTP handler alone (see s3Handler)
        send: (signal: CallAbort) => client.send(command, sendOptions(signal, recorder))
      }
    }

    /** The request with its bodies resolved: at once when it has none to wait for. */
    const prepare = (
      client: S3Client,
      recorder: Recorder | undefined,
      operation: OperationInfo,
      input: Record<string, unknown>
    ): PreparedRequest<unknown> | Promise<PreparedRequest<unknown>> => {
      let prepared: PreparedInput | Promise<PreparedInput>
      try {
        prepared = prepareInput(operation, input, process.cwd())
      } catch (cause) {
        throw cannotPrepare(operation, cause)
      }
      return prepared instanceof Promise
        ? prepared.then((ready) => requestOf(client, recorder, operation, ready), (cause: unknown) => {
          throw cannotPrepare(operation, cause)
        })
        : requestOf(client, recorder, operation, prepared)
    }

    const send = (
      credential: string,
      operation: OperationInfo,
      input: Record<string, unknown>,
      options: SendOptions
    ): Effect.Effect<CallResponse, CallError> =>
      Effect.withFiber((fiber) => {
        const call = ({ client }: SdkClient) => {
          const recorder = recorderMarked(options)
          if (recorder !== undefined) recorder.readsBody = readsBody(operation)
          return preparedCall({
            timeoutMs: options.timeoutMs,
            overallMs: options.timeoutMs + prepareMarginMs,
            prepare: () => prepare(client, recorder, operation, input),
            // our client's answer: its body's chunks are fresh from the socket, freed once read
            read: (answer, signal) => consumeOutput(answer, signal, true, recorder?.takeBodyFeed())
          }, fiber.getRef(SettleOnInterrupt))
        }
        const cached = clients.get(credential)
        return cached === undefined ? Effect.flatMap(acquire(credential), call) : call(cached)
      })

    return { send, client: clientFor }
  })
