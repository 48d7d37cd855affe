/**
 * The S3 clients of a run: one `@aws-sdk/client-s3` client per credential, created on first use and
 * destroyed when the run ends, used by SDK steps and handed to plugin operations alike. Every call has a timeout that aborts the HTTP request, streaming
 * response bodies are consumed (never buffered), and every failure is one {@link CallError}.
 *
 * @since 0.1.0
 */
import type { S3Client, S3ClientConfig } from "@aws-sdk/client-s3"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type { Observed } from "./Body.ts"
import type { OperationInfo } from "./Catalog.ts"
import * as Live from "./internal/s3/s3Live.ts"
import { withTimeout } from "./internal/s3/s3Timeout.ts"
import type { TargetConfig } from "./Suite.ts"
import type { Target } from "./Target.ts"

export {
  /**
   * Why a call produced no successful output; `kind` tells a server's answer (`service`) from no
   * answer (`network`, `timeout`) and from a request that was never sent (`invalid`).
   *
   * @category errors
   * @since 0.1.0
   */
  CallError
} from "./internal/s3/s3Errors.ts"
export type { CallErrorKind } from "./internal/s3/s3Errors.ts"
import { invalidError } from "./internal/s3/s3Errors.ts"
import type { CallError } from "./internal/s3/s3Errors.ts"

/**
 * A successful call: the SDK output without `$metadata` and without its streaming members, which
 * have been read to the end (`bodyBytes` is their total size; `body` is what the `Body` member was:
 * size, SHA-256 and its first 64 KiB as text, for `expected_result.body`).
 *
 * @category models
 * @since 0.1.0
 */
export interface CallResponse {
  readonly output: Readonly<Record<string, unknown>>
  readonly httpStatus?: number
  readonly requestId?: string
  readonly bodyBytes?: number
  readonly body?: Observed
}

/**
 * @category models
 * @since 0.1.0
 */
export interface SendOptions {
  /** The call is aborted, and fails with a `timeout` {@link CallError}, after this many milliseconds. */
  readonly timeoutMs: number
}

/**
 * The SDK client of one credential and the settings it was made with (endpoint, region,
 * `forcePathStyle` from `addressing`/`path_style`, checksum modes, the TLS agent of `ca_bundle` and
 * `tls_verify`). With `content_md5: true` the client also carries the Content-MD5 middleware, which
 * is not a setting: a client made from `settings` alone sends no Content-MD5.
 *
 * @category models
 * @since 0.1.0
 */
export interface SdkClient {
  readonly client: S3Client
  readonly settings: S3ClientConfig
}

/**
 * @category models
 * @since 0.1.0
 */
export interface S3ClientsShape {
  /**
   * Sends one operation with the named credential's client. `input` is the step's parameters
   * (PascalCase, templating resolved); the catalog converts them to the SDK's input.
   */
  readonly send: (
    credential: string,
    operation: OperationInfo,
    input: Record<string, unknown>,
    options: SendOptions
  ) => Effect.Effect<CallResponse, CallError>
  /**
   * The named credential's client, the one `send` uses (created on first use, destroyed when the
   * run ends: never destroy it yourself), or an `invalid` {@link CallError} saying why the
   * credential or the TLS settings can't be used. Creating it runs no I/O but reading `ca_bundle`
   * once, so it is synchronous.
   */
  readonly client: (credential: string) => Effect.Effect<SdkClient, CallError>
}

/**
 * What a {@link S3Clients.layerTest} handler is asked.
 *
 * @category models
 * @since 0.1.0
 */
export interface TestRequest {
  readonly credential: string
  readonly operation: OperationInfo
  readonly input: Record<string, unknown>
  readonly timeoutMs: number
}

/**
 * @category services
 * @since 0.1.0
 */
export class S3Clients extends Context.Service<S3Clients, S3ClientsShape>()("@s3tester/core/S3Clients") {
  /**
   * Real clients for a suite's target configuration, sending to the {@link Target}'s endpoint:
   * `region`, path-style or virtual-hosted by `addressing` (else `path_style`), SDK retries off
   * (`maxAttempts: 1`), `checksums`, `content_md5`, TLS by `ca_bundle` and `tls_verify`;
   * `anonymous: true` credentials send unsigned requests. Clients are created lazily, one
   * per credential, and destroyed when the layer's scope closes.
   *
   * @since 0.1.0
   */
  static readonly layer = (config: TargetConfig): Layer.Layer<S3Clients, never, Target> =>
    Layer.effect(S3Clients, Effect.map(Live.make(config), (shape) => S3Clients.of(shape)))

  /**
   * Scripted answers for tests: every call goes to `handler`, with the same timeout behaviour as
   * the real layer (the handler's effect is interrupted and the call fails with a `timeout` error).
   * There are no SDK clients: `client` fails with an `invalid` error.
   *
   * @since 0.1.0
   */
  static readonly layerTest = (
    handler: (request: TestRequest) => Effect.Effect<CallResponse, CallError>
  ): Layer.Layer<S3Clients> =>
    Layer.succeed(
      S3Clients,
      S3Clients.of({
        send: (credential, operation, input, options) =>
          Effect.suspend(() => handler({ credential, operation, input, timeoutMs: options.timeoutMs })).pipe(
            withTimeout(options.timeoutMs)
          ),
        client: (credential) =>
          Effect.fail(invalidError(`no SDK client for "${credential}": the S3 clients are scripted (S3Clients.layerTest)`))
      })
    )
}
