/**
 * Runs a suite with plugins through the real engine and the real S3 clients (the one factory every
 * step and plugin operation gets its client from), against any endpoint: a loopback recorder, a
 * fault proxy or Ceph RGW. Returns each step's result.
 */
import * as NodeServices from "@effect/platform-node/NodeServices"
import { Effect, Layer, PubSub } from "effect"
import * as Engine from "../../src/Engine.ts"
import type { ConfigError } from "../../src/ConfigError.ts"
import * as Loader from "../../src/Loader.ts"
import type * as Plugin from "../../src/Plugin.ts"
import type { RunEvent } from "../../src/RunEvent.ts"
import type { StepResult } from "../../src/RunResult.ts"
import { S3Clients } from "../../src/S3Clients.ts"
import { Target } from "../../src/Target.ts"
import type * as Trace from "../../src/Trace.ts"

export const runWithPlugins = (
  suite: string,
  plugins: ReadonlyArray<Plugin.Plugin>,
  endpoint: string,
  env: Record<string, string | undefined> = {},
  trace?: Trace.Mode
): Effect.Effect<ReadonlyArray<StepResult>, ConfigError> =>
  Effect.gen(function*() {
    const loaded = yield* Loader.loadString(suite, "suite.yaml", { env, plugins })
    const bus = yield* PubSub.unbounded<RunEvent>()
    const subscription = yield* PubSub.subscribe(bus)
    yield* Engine.run(loaded.suite, { catalog: loaded.catalog, events: bus, ...(trace === undefined ? {} : { trace }) }).pipe(
      Effect.provide(S3Clients.layer(loaded.suite.config).pipe(Layer.provideMerge(Target.fromEndpoint(endpoint))))
    )
    const events = yield* PubSub.takeAll(subscription)
    return events.flatMap((e): Array<StepResult> => (e._tag === "StepFinished" ? [e.result] : []))
  }).pipe(Effect.scoped, Effect.provide(NodeServices.layer))

/** One line per step, for assertion messages. */
export const describeSteps = (steps: ReadonlyArray<StepResult>): string =>
  steps.map((s) => `${s.phase} ${s.name}: ${s.outcome}${s.message === undefined ? "" : ` (${s.message})`}`).join("\n")
