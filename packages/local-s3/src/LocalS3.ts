/**
 * The embedded quick-start S3 target: an in-process, in-memory S3 **fake** on 127.0.0.1.
 *
 * It speaks enough path-style S3 for quick starts and fast tests (see the README for the list),
 * checks no signatures and has one account. Results against it prove nothing about real S3.
 *
 * @since 0.1.0
 */
import * as TargetModule from "@s3tester/core/Target"

const Target = TargetModule.Target
type Target = TargetModule.Target
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Schema from "effect/Schema"
import type * as Scope from "effect/Scope"
import { close, listen, type RunningServer } from "./internal/server.ts"

/**
 * @category errors
 * @since 0.1.0
 */
export class LocalS3Error extends Schema.TaggedError<LocalS3Error>()("LocalS3Error", {
  message: Schema.String,
  cause: Schema.optional(Schema.Defect())
}) {}

/**
 * @category models
 * @since 0.1.0
 */
export interface Options {
  /** Interface to listen on. Default `127.0.0.1`. */
  readonly host?: string
  /** Port; default `0` (an ephemeral port chosen by the OS). */
  readonly port?: number
  /** Region reported for buckets created without a LocationConstraint. Default `us-east-1`. */
  readonly region?: string
  /** Largest object or part accepted, in bytes (objects live in memory). Default 1 GiB. */
  readonly maxObjectSize?: number
  /** Smallest size of every part but the last of a multipart upload. Default 5 MiB, as on S3. */
  readonly minPartSize?: number
  /** Bucket names "owned by another account": creating one fails with BucketAlreadyExists. */
  readonly reservedBucketNames?: ReadonlyArray<string>
}

/**
 * @category models
 * @since 0.1.0
 */
export interface LocalS3 {
  /** e.g. `http://127.0.0.1:41234` */
  readonly endpoint: string
  readonly port: number
}

/**
 * The description the Target carries into reports.
 *
 * @since 0.1.0
 */
export const description = "embedded local-s3 (a fake, for quick starts)"

const urlHost = (host: string): string => (host.includes(":") ? `[${host}]` : host)

const acquire = (options: Options): Effect.Effect<RunningServer, LocalS3Error> =>
  Effect.tryPromise({
    try: () =>
      listen({
        host: options.host ?? "127.0.0.1",
        port: options.port ?? 0,
        region: options.region ?? "us-east-1",
        maxObjectSize: options.maxObjectSize ?? 1024 * 1024 * 1024,
        minPartSize: options.minPartSize ?? 5 * 1024 * 1024,
        reservedBucketNames: options.reservedBucketNames ?? []
      }),
    catch: (cause) =>
      new LocalS3Error({
        message: `local-s3 could not listen on ${options.host ?? "127.0.0.1"}:${options.port ?? 0}: ${
          cause instanceof Error ? cause.message : String(cause)
        }`,
        cause
      })
  })

/**
 * Starts the server for the lifetime of the current scope; it is closed, with all of its
 * connections, when the scope closes.
 *
 * @category constructors
 * @since 0.1.0
 */
export const start = (options: Options = {}): Effect.Effect<LocalS3, LocalS3Error, Scope.Scope> =>
  Effect.acquireRelease(acquire(options), (running) => Effect.promise(() => close(running.server))).pipe(
    Effect.map((running) => ({
      endpoint: `http://${urlHost(running.host)}:${running.port}`,
      port: running.port
    }))
  )

/**
 * A Target backed by a local-s3 started with `options`.
 *
 * @category layers
 * @since 0.1.0
 */
export const layerWith = (options: Options = {}): Layer.Layer<Target, LocalS3Error> =>
  Layer.effect(
    Target,
    Effect.map(start(options), ({ endpoint }) => Target.of({ endpoint, description, embedded: true }))
  )

/**
 * The embedded quick-start Target: local-s3 on 127.0.0.1, ephemeral port. Failing to listen on
 * the loopback interface is a defect.
 *
 * @category layers
 * @since 0.1.0
 */
export const layer: Layer.Layer<Target> = Layer.orDie(layerWith())
