/**
 * Where requests go. The engine knows the endpoint only through this service, so the embedded
 * quick-start server (`@s3tester/local-s3`) and a real endpoint are interchangeable layers.
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import * as Layer from "effect/Layer"

/**
 * @category models
 * @since 0.1.0
 */
export interface TargetShape {
  /** Base URL of the S3 endpoint, e.g. `http://127.0.0.1:7480`. */
  readonly endpoint: string
  /** Human-readable description for reports, e.g. `embedded local-s3 (fake)` or the endpoint URL. */
  readonly description: string
  /** True when the target is the embedded fake: results prove nothing about real S3 behaviour. */
  readonly embedded: boolean
}

/**
 * @category services
 * @since 0.1.0
 */
export class Target extends Context.Service<Target, TargetShape>()("@s3tester/core/Target") {
  /**
   * A target at a fixed endpoint URL.
   *
   * @since 0.1.0
   */
  static readonly fromEndpoint = (endpoint: string): Layer.Layer<Target> =>
    Layer.succeed(Target, Target.of({ endpoint, description: endpoint, embedded: false }))
}
