/**
 * Checks made before a run starts. `checkReachable` tells "the endpoint is down or wrong" apart from
 * test failures, so the CLI can exit with code 3 instead of reporting every step as errored.
 *
 * @since 0.1.0
 */
import * as Http from "node:http"
import * as Https from "node:https"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import { defaultRetries, retrySchedule } from "./internal/engine/engineContext.ts"
import { isTransient, toCallError } from "./internal/s3/s3Errors.ts"
import type { Retries } from "./Suite.ts"

/**
 * Nothing answered at the endpoint: connection refused, unknown host, no answer in time.
 *
 * @category errors
 * @since 0.1.0
 */
export class EndpointUnreachable extends Schema.TaggedError<EndpointUnreachable>()("EndpointUnreachable", {
  endpoint: Schema.String,
  message: Schema.String
}) {}

const explain = (error: unknown): string => {
  const code = typeof error === "object" && error !== null ? (error as { code?: unknown }).code : undefined
  const message = error instanceof Error ? error.message : String(error)
  switch (code) {
    case "ECONNREFUSED":
      return `connection refused (${message})`
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return `host not found (${message})`
    case "ECONNRESET":
      return `connection reset (${message})`
    case "EHOSTUNREACH":
    case "ENETUNREACH":
      return `no route to host (${message})`
    default:
      return message
  }
}

const probe = (url: URL, signal: AbortSignal): Promise<void> =>
  new Promise<void>((resolve, reject) => {
    const request = (url.protocol === "https:" ? Https : Http).request(url, { method: "HEAD", signal, agent: false }, (response) => {
      response.resume()
      response.destroy()
      resolve()
    })
    request.on("error", reject)
    request.end()
  })

/**
 * Succeeds when anything answers HTTP at `endpoint` (any status counts: an S3 server answers an
 * unsigned HEAD with 403 or 400); fails with {@link EndpointUnreachable} when the URL is invalid, the
 * connection is refused or reset, the host is unknown, or nothing answers within `timeoutMs`.
 * Transient faults (a reset, a refused or broken connection) are retried as the engine retries a
 * cleanup step's: `retries` (the config's), else 2 retries, exponential jittered backoff from
 * 200ms; `timeoutMs` bounds each try.
 *
 * @category checks
 * @since 0.1.0
 */
export const checkReachable = (
  endpoint: string,
  timeoutMs: number,
  retries?: Retries
): Effect.Effect<void, EndpointUnreachable> =>
  Effect.gen(function*() {
    const url = URL.canParse(endpoint) ? new URL(endpoint) : undefined
    if (url === undefined || (url.protocol !== "http:" && url.protocol !== "https:")) {
      return yield* new EndpointUnreachable({ endpoint, message: `${endpoint} is not an http(s) URL` })
    }
    const unreachable = (why: string) => new EndpointUnreachable({ endpoint, message: `cannot reach ${endpoint}: ${why}` })
    yield* Effect.tryPromise({ try: (signal) => probe(url, signal), catch: (error) => error }).pipe(
      Effect.timeoutOrElse({
        duration: Duration.millis(timeoutMs),
        orElse: () => Effect.fail(unreachable(`no answer within ${timeoutMs}ms`))
      }),
      Effect.retry({
        schedule: retrySchedule({
          attempts: retries?.attempts ?? defaultRetries.attempts,
          backoffMs: Duration.toMillis(retries?.backoff ?? defaultRetries.backoff)
        }),
        while: (error) => !(error instanceof EndpointUnreachable) && isTransient(toCallError(error))
      }),
      Effect.mapError((error) => (error instanceof EndpointUnreachable ? error : unreachable(explain(error))))
    )
  })

/**
 * Endpoint checks shared by several runs (`Runner.run`'s `preflight`): each endpoint is checked once,
 * by the first run that needs it, and every run given the same `Checks`, at the same time or later,
 * takes that answer, a failure included (with the first run's timeout and retries). `s3tester run`
 * shares one between the files it runs: 40 files against one server make one HEAD request, not 40
 * (BENCHMARKS.md, "Issue 15 at a glance (session 16)"), and against a server that is down they all
 * fail at once rather than each waiting out the timeout.
 *
 * @category checks
 * @since 0.4.0
 */
export interface Checks {
  readonly checkReachable: (endpoint: string, timeoutMs: number, retries?: Retries) => Effect.Effect<void, EndpointUnreachable>
}

/**
 * New {@link Checks}, nothing checked yet.
 *
 * @category checks
 * @since 0.4.0
 */
export const makeChecks = (): Checks => {
  const answers = new Map<string, Effect.Effect<void, EndpointUnreachable>>()
  return {
    checkReachable: (endpoint, timeoutMs, retries) =>
      Effect.suspend(() => {
        let answer = answers.get(endpoint)
        if (answer === undefined) {
          answer = Effect.runSync(Effect.cached(checkReachable(endpoint, timeoutMs, retries)))
          answers.set(endpoint, answer)
        }
        return answer
      })
  }
}
