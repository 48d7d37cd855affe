/**
 * Runs a suite that uses this plugin's operations against the Ceph RGW the environment names
 * (`S3_ENDPOINT`; start it with scripts/ceph-rgw-start.sh), or a proxy in front of it, and returns
 * every step's result with a one-line-per-step report for assertion messages.
 */
import { Engine, Loader, RunEvent, S3Clients, Target } from "@s3tester/core"
import type { RunResult } from "@s3tester/core"
import { Effect, Layer, PubSub } from "effect"
import plugin from "../../src/index.ts"

export const cephEndpoint = (): string => {
  const endpoint = process.env["S3_ENDPOINT"]
  if (endpoint === undefined) throw new Error("S3_ENDPOINT is not set: start Ceph RGW with scripts/ceph-rgw-start.sh")
  return endpoint
}

/** `endpoint`: Ceph's by default, or a proxy in front of it. */
export const runOnCeph = (
  suite: string,
  file: string,
  endpoint: string = cephEndpoint(),
  options: Pick<Engine.RunOptions, "trace"> = {}
) =>
  Effect.gen(function*() {
    const loaded = yield* Loader.loadString(suite, file, { plugins: [plugin] })
    const bus = yield* PubSub.unbounded<RunEvent.RunEvent>()
    const subscription = yield* PubSub.subscribe(bus)
    yield* Engine.run(loaded.suite, { ...options, catalog: loaded.catalog, events: bus }).pipe(
      Effect.provide(S3Clients.S3Clients.layer(loaded.suite.config).pipe(Layer.provideMerge(Target.Target.fromEndpoint(endpoint))))
    )
    const events = yield* PubSub.takeAll(subscription)
    const steps = events.flatMap((e): Array<RunResult.StepResult> => (e._tag === "StepFinished" ? [e.result] : []))
    const report = steps.map((s) => `${s.phase} ${s.name}: ${s.outcome}${s.message === undefined ? "" : ` (${s.message})`}`).join("\n")
    return { steps, report }
  })
