/**
 * The built-in utility operations, defined through the plugin contract: `Sleep` and `WaitUntil`.
 *
 * @internal
 */
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import * as Catalog from "../../Catalog.ts"
import type { ParameterIssue } from "../../Catalog.ts"
import type { CallResponse } from "../../S3Clients.ts"
import { DurationFromString, Expectation, formatDuration } from "../../Suite.ts"
import { evaluate } from "../engine/expectation.ts"
import { cleanupOperations } from "./pluginCleanup.ts"
import type { CallResult } from "../engine/expectation.ts"
import { defineOperation, definePlugin, OperationError } from "./pluginDefine.ts"
import { isTemplate } from "../s3/catalogParameters.ts"
import { userPath } from "./pluginSchema.ts"
import type { CallError } from "../s3/s3Errors.ts"

/** The source shown for the utility operations. */
export const UTILITIES = "@s3tester/core"

const Sleep = defineOperation({
  name: "Sleep",
  description: "Waits for a duration (250ms, 2s, 1m), then succeeds.",
  parameters: Schema.Struct({ Duration: DurationFromString }),
  timeout: (parameters, stepTimeoutMs) => Duration.toMillis(parameters.Duration) + stepTimeoutMs,
  run: (parameters) =>
    Effect.as(Effect.sleep(parameters.Duration), { SleptMs: Duration.toMillis(parameters.Duration) })
})

const WaitUntilParameters = Schema.Struct({
  /** The operation to repeat (any operation of the catalog). */
  Operation: Schema.String,
  Parameters: Schema.Record(Schema.String, Schema.Unknown).pipe(Schema.withDecodingDefaultKey(Effect.succeed({}))),
  /** What the operation's answer must satisfy; default `{ success: true }`. */
  ExpectedResult: Expectation.pipe(Schema.withDecodingDefaultKey(Effect.succeed({}))),
  /** How long to keep trying; default 60s. */
  Timeout: DurationFromString.pipe(Schema.withDecodingDefaultKey(Effect.succeed("60s"))),
  /** The wait between attempts; default 1s. */
  Interval: DurationFromString.pipe(Schema.withDecodingDefaultKey(Effect.succeed("1s")))
})

/** The nested operation and its parameters, checked like a step's. */
const checkWaitUntil = (input: {
  readonly parameters: Record<string, unknown>
  readonly raw: Record<string, unknown>
  readonly catalog: Catalog.Catalog
}) => {
  const { parameters, raw, catalog } = input
  const name = parameters["Operation"]
  if (typeof name !== "string" || isTemplate(name)) return { parameters, issues: [] }
  const [operationKey] = userPath(raw, ["Operation"])
  const operation = Catalog.lookup(catalog, name)
  if (operation === undefined) {
    const suggestion = Catalog.suggest(catalog, name)
    return {
      parameters,
      issues: [{
        path: [operationKey!],
        message: `unknown operation "${name}" for WaitUntil` + (suggestion === undefined ? "" : `; did you mean "${suggestion}"?`)
      }]
    }
  }
  if (operation.name === "WaitUntil") {
    return { parameters, issues: [{ path: [operationKey!], message: "WaitUntil cannot wait on WaitUntil" }] }
  }
  const nested = parameters["Parameters"]
  const [parametersKey] = userPath(raw, ["Parameters"])
  const given = typeof nested === "object" && nested !== null && !Array.isArray(nested)
    ? (nested as Record<string, unknown>)
    : {}
  const result = Catalog.normalizeParameters(operation, given, catalog)
  const issues: Array<ParameterIssue> = result.issues.map((issue) => ({
    path: [parametersKey!, ...issue.path],
    message: issue.message
  }))
  return { parameters: { ...parameters, Operation: operation.name, Parameters: result.parameters }, issues }
}

const WaitUntil = defineOperation({
  name: "WaitUntil",
  description:
    "Repeats an operation every Interval until its answer satisfies ExpectedResult (eventual consistency, lifecycle), failing after Timeout.",
  parameters: WaitUntilParameters,
  check: checkWaitUntil,
  timeout: (parameters, stepTimeoutMs) => Duration.toMillis(parameters.Timeout) + stepTimeoutMs,
  run: (parameters, context) =>
    Effect.gen(function*() {
      const timeoutMs = Duration.toMillis(parameters.Timeout)
      const intervalMs = Duration.toMillis(parameters.Interval)
      const started = yield* Clock.currentTimeMillis
      let attempts = 0
      for (;;) {
        attempts++
        const result: CallResult = yield* context.send(parameters.Operation, parameters.Parameters).pipe(
          Effect.map((response: CallResponse): CallResult => ({ _tag: "Success", response })),
          Effect.catch((error: CallError) => Effect.succeed<CallResult>({ _tag: "Failure", error }))
        )
        const verdict = evaluate(parameters.ExpectedResult, result)
        if (verdict.outcome === "passed") {
          const output = result._tag === "Success" ? result.response.output : {}
          return { ...output, Attempts: attempts }
        }
        const elapsed = (yield* Clock.currentTimeMillis) - started
        if (elapsed + intervalMs > timeoutMs) {
          return yield* new OperationError({
            errorCode: "WaitUntilTimeout",
            message: `${parameters.Operation} did not meet the expectation after ${attempts} attempt${
              attempts === 1 ? "" : "s"
            } in ${formatDuration(parameters.Timeout)}: ${verdict.message ?? verdict.outcome}`
          })
        }
        yield* Effect.sleep(Duration.millis(intervalMs))
      }
    })
})

/** `Sleep`, `WaitUntil`, `EmptyBucket` and `DeleteBucketIfExists`: always in the catalog the loader builds. */
export const utilities = definePlugin({ name: UTILITIES, operations: [Sleep, WaitUntil, ...cleanupOperations] })
