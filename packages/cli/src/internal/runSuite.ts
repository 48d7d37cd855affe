import { Engine, Preflight, RunEvent, S3Clients, Target } from "@s3tester/core"
import type { Loader, RunResult } from "@s3tester/core"
import { LocalS3 } from "@s3tester/local-s3"
import { Effect, Fiber, Layer, PubSub, Stream } from "effect"
import pc from "picocolors"
import * as ConsoleReporter from "./ConsoleReporter.ts"
import { ExitCode, ExitWith } from "./ExitCode.ts"

export interface RunSuiteOptions {
  readonly groups: ReadonlyArray<string>
  readonly endpoint: string | undefined
  readonly concurrency: number
}

const write = (line: string) => process.stdout.write(`${line}\n`)

/**
 * Runs one loaded suite: picks the target (the given endpoint, else the embedded local server),
 * checks that it answers at all (exit 3 if not), then runs the engine with the console reporter
 * subscribed to its events before the first one is published.
 */
export const runSuite = (
  loaded: Loader.LoadedSuite,
  options: RunSuiteOptions
): Effect.Effect<RunResult.Summary, ExitWith> => {
  const suite = loaded.suite
  const endpoint = options.endpoint ?? suite.config.endpoint_url
  const targetLayer: Layer.Layer<Target.Target, LocalS3.LocalS3Error> = endpoint === undefined
    ? LocalS3.layerWith()
    : Target.Target.fromEndpoint(endpoint)
  const layer = S3Clients.S3Clients.layer(suite.config).pipe(Layer.provideMerge(targetLayer))

  return Effect.gen(function*() {
    const target = yield* Target.Target
    write(pc.bold(`s3tester: ${loaded.file} -> ${target.description}`))
    if (target.embedded) write(pc.dim("(the embedded server is a fake for quick starts: a pass here proves nothing about real S3)"))
    yield* Preflight.checkReachable(target.endpoint, 5_000).pipe(
      Effect.catch((error) =>
        Effect.sync(() => process.stderr.write(pc.red(`${error.message}\n`))).pipe(
          Effect.andThen(Effect.fail(new ExitWith(ExitCode.runNotCarriedOut)))
        )
      )
    )
    const bus = yield* PubSub.unbounded<RunEvent.RunEvent>()
    // Subscribe before the engine publishes anything, so no event is missed.
    const subscription = yield* PubSub.subscribe(bus)
    const reporter = ConsoleReporter.make(write)
    const printing = yield* Stream.fromSubscription(subscription).pipe(
      Stream.takeUntil(RunEvent.RunEvent.$is("RunFinished")),
      Stream.runForEach(reporter.onEvent),
      Effect.forkChild
    )
    const summary = yield* Engine.run(suite, {
      events: bus,
      concurrency: options.concurrency,
      ...(options.groups.length > 0 ? { groups: options.groups } : {}),
      stepSource: loaded.stepSource
    })
    yield* Fiber.join(printing)
    return summary
  }).pipe(
    Effect.scoped,
    Effect.provide(layer),
    Effect.catchTag("LocalS3Error", (error) =>
      Effect.sync(() => process.stderr.write(pc.red(`could not start the embedded server: ${error.message}\n`))).pipe(
        Effect.andThen(Effect.fail(new ExitWith(ExitCode.runNotCarriedOut)))
      ))
  )
}
