/**
 * Running a suite through Engine.run against a scripted S3 (S3Clients.layerTest), for the engine's
 * unit tests: the suite builder, the run with every event collected, and the scripted answers.
 */
import { assert } from "@effect/vitest"
import { Effect, Layer, PubSub, Schema } from "effect"
import type { Duration } from "effect"
import * as Engine from "../../src/Engine.ts"
import type { RunEvent } from "../../src/RunEvent.ts"
import type { StepResult, Summary } from "../../src/RunResult.ts"
import { CallError, S3Clients } from "../../src/S3Clients.ts"
import type { CallResponse, TestRequest } from "../../src/S3Clients.ts"
import * as Suite from "../../src/Suite.ts"
import { Target } from "../../src/Target.ts"

export type Answer = Effect.Effect<CallResponse, CallError>

export const targetLayer = Layer.succeed(
  Target,
  Target.of({ endpoint: "http://fake", description: "fake target", embedded: false })
)

export const credentials = [
  { name: "main", access_key: "AKMAIN", secret_key: "main-s3cr3t" },
  { name: "alt", access_key: "AKALT", secret_key: "alt-s3cr3t" }
]

export interface SuiteOptions {
  readonly parallel?: boolean
  /** Merged into the suite's `config` (after the endpoint and the two credentials). */
  readonly config?: Record<string, unknown>
  readonly vars?: Record<string, unknown>
}

/** A decoded suite of `groups` with the endpoint http://fake and the credentials `main` and `alt`. */
export const makeSuite = (groups: ReadonlyArray<Record<string, unknown>>, options: SuiteOptions = {}): Suite.Suite =>
  Schema.decodeUnknownSync(Suite.Suite)({
    ...(options.vars === undefined ? {} : { vars: options.vars }),
    config: { endpoint_url: "http://fake", credentials, ...options.config },
    test_cases: { parallel: options.parallel ?? false, groups }
  })

export interface Ran {
  readonly summary: Summary
  readonly events: ReadonlyArray<RunEvent>
  readonly steps: ReadonlyArray<StepResult>
}

export const stepsOf = (events: ReadonlyArray<RunEvent>): ReadonlyArray<StepResult> =>
  events.flatMap((e) => (e._tag === "StepFinished" ? [e.result] : []))

/**
 * Runs `suite` (run id "run1" unless the options name one) with a subscriber attached before the run
 * starts; returns the summary, every event and the step results.
 */
export const runSuite = (
  suite: Suite.Suite,
  handler: (request: TestRequest) => Answer,
  options: Omit<Engine.RunOptions, "events"> = {}
) =>
  Effect.gen(function*() {
    const bus = yield* PubSub.unbounded<RunEvent>()
    const subscription = yield* PubSub.subscribe(bus)
    const summary = yield* Engine.run(suite, { runId: "run1", ...options, events: bus }).pipe(
      Effect.provide([S3Clients.layerTest(handler), targetLayer])
    )
    const events = yield* PubSub.takeAll(subscription)
    return { summary, events, steps: stepsOf(events) } satisfies Ran
  })

export const byName = (steps: ReadonlyArray<StepResult>, name: string): StepResult => {
  const found = steps.find((s) => s.name === name)
  assert.isDefined(found, `no step ${name}`)
  return found!
}

export const outcomes = (steps: ReadonlyArray<StepResult>) => steps.map((s) => `${s.phase}:${s.name}:${s.outcome}`)

export const times = <A>(value: A, n: number): Array<A> => Array.from({ length: n }, () => value)

// ---------------------------------------------------------------------------------------------
// answers

export const ok: Answer = Effect.succeed({ output: {}, httpStatus: 200, requestId: "rid-ok" })
export const okWith = (output: Record<string, unknown>): Answer => Effect.succeed({ output, httpStatus: 200 })

export const serviceError = (errorCode: string, httpStatus: number): CallError =>
  new CallError({ kind: "service", errorCode, httpStatus, message: errorCode })

export const fail = (
  errorCode: string,
  httpStatus: number,
  message = errorCode,
  extra: Partial<{ sdkName: string; bodyless: boolean }> = {}
): Answer =>
  Effect.fail(new CallError({ kind: "service", errorCode, httpStatus, message, requestId: `rid-${errorCode}`, ...extra }))

export const noAnswer = (kind: "network" | "timeout" | "invalid", message: string): Answer =>
  Effect.fail(new CallError({ kind, message }))

/** The scripted answers, by the step's `Key` parameter. */
export const answers: Record<string, Answer> = {
  ok,
  ni: fail("NotImplemented", 501, "not implemented here"),
  bare501: fail("Http501", 501, "HTTP 501 without an error body"),
  denied: fail("AccessDenied", 403, "Access Denied"),
  nokey: fail("NoSuchKey", 404, "The specified key does not exist."),
  head404: fail("NotFound", 404, "HTTP 404 Not Found without an error body", { bodyless: true }),
  head403: fail("Forbidden", 403, "HTTP 403 Forbidden without an error body", { bodyless: true }),
  aliased: fail("NoSuchTagSet", 404, "no tags", { sdkName: "NoSuchTagSetError" }),
  network: noAnswer("network", "connect ECONNREFUSED 127.0.0.1:1"),
  timeout: noAnswer("timeout", "no answer within 10ms; the request was aborted"),
  invalid: noAnswer("invalid", "No value provided for input HTTP label: Bucket."),
  die: Effect.die(new Error("handler crashed")),
  hang: Effect.never
}

export interface Call {
  readonly key: string
  readonly credential: string
  readonly operation: string
  readonly timeoutMs: number
}

/** A scripted S3: answers by the step's `Key` parameter (`extra` first, then `answers`), recording every call. */
export const scripted = (calls: Array<Call>, extra: Record<string, Answer> = {}) => (request: TestRequest): Answer => {
  const key = String(request.input["Key"] ?? "ok")
  calls.push({ key, credential: request.credential, operation: request.operation.name, timeoutMs: request.timeoutMs })
  return extra[key] ?? answers[key] ?? ok
}

/** A GetObject step named and keyed `key` (so `scripted` answers it by name). */
export const step = (key: string, expected?: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  name: key,
  operation: "GetObject",
  parameters: { Bucket: "b", Key: key },
  ...(expected === undefined ? {} : { expected_result: expected }),
  ...extra
})

/** A handler that answers after `delay`, keeping the peak number of requests in flight at once. */
export const concurrencyProbe = (delay: Duration.Input) => {
  let inFlight = 0
  let peak = 0
  const handler = (_: TestRequest): Answer =>
    Effect.gen(function*() {
      inFlight++
      peak = Math.max(peak, inFlight)
      yield* Effect.sleep(delay)
      inFlight--
      return { output: {}, httpStatus: 200 }
    })
  return { handler, peak: () => peak }
}
