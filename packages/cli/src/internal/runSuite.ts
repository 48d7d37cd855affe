import * as Engine from "@s3tester/core/Engine"
import * as Preflight from "@s3tester/core/Preflight"
import * as RunEvent from "@s3tester/core/RunEvent"
import * as S3Clients from "@s3tester/core/S3Clients"
import * as Shard from "@s3tester/core/Shard"
import * as Target from "@s3tester/core/Target"
import type * as Baseline from "@s3tester/core/Baseline"
import type * as Deviation from "@s3tester/core/Deviation"
import type * as Loader from "@s3tester/core/Loader"
import type * as RunResult from "@s3tester/core/RunResult"
import type * as Selection from "@s3tester/core/Selection"
import { LocalS3 } from "@s3tester/local-s3"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as PubSub from "effect/PubSub"
import * as Stream from "effect/Stream"
import { pc, pcErr } from "./console/colors.ts"
import * as ConsoleReporter from "./console/ConsoleReporter.ts"
import { ExitCode, ExitWith } from "./ExitCode.ts"
import * as Interrupts from "./interrupts.ts"
import { attachReporters, loadReporters } from "./reporting.ts"
import type { ReportingOptions } from "./reporting.ts"

export interface RunSuiteOptions {
  /** What runs: the selected part of the loaded suite (see core's Selection). */
  readonly selected: Selection.Selected
  /** Where each selected step was written (positions of the selected suite). */
  readonly stepSource: Loader.LoadedSuite["stepSource"]
  readonly endpoint: string | undefined
  readonly concurrency: number
  readonly strict: boolean
  readonly cleanupTimeoutMs: number
  /** Completes when the user abandons cleanup (a second Ctrl-C; see interrupts.ts). */
  readonly abandonCleanup: Effect.Effect<string>
  readonly console: ConsoleReporter.ConsoleOptions
  readonly reporting: ReportingOptions
  /** Conformance runs: the profile's deviations, the target's name, a baseline. */
  readonly checks?: {
    readonly deviations?: Deviation.Lookup
    readonly profile?: string
    readonly targetName: string
    readonly baseline?: { readonly name: string; readonly outcomes: Baseline.Outcomes }
  }
}

/** What a run produced: the engine's summary, and whether a reporter failed (exit 3 unless tests failed). */
export interface SuiteRun {
  readonly summary: RunResult.Summary
  readonly reportersFailed: boolean
  /** Conformance runs only: every step's result, in the order they finished. */
  readonly steps: ReadonlyArray<RunResult.StepResult>
}

const write = (line: string) => process.stdout.write(`${line}\n`)

/** How long to wait for the console to print the last events once the engine has returned. */
const drainMs = 5_000

/**
 * Runs one loaded suite: picks the target (the given endpoint, else the embedded local server),
 * subscribes the console and the reporters, checks that the endpoint answers at all (exit 3 if
 * not), then runs the engine. When the run is interrupted, at any moment from then on, the console
 * still prints every event up to RunFinished (the summary) and the reporters write their files
 * before the interruption goes on.
 */
export const runSuite = (
  loaded: Loader.LoadedSuite,
  options: RunSuiteOptions
): Effect.Effect<SuiteRun, ExitWith> => {
  const suite = options.selected.suite
  const endpoint = options.endpoint ?? suite.config.endpoint_url
  const targetLayer: Layer.Layer<Target.Target, LocalS3.LocalS3Error> = endpoint === undefined
    ? LocalS3.layerWith()
    : Target.Target.fromEndpoint(endpoint)
  const layer = S3Clients.S3Clients.layer(suite.config).pipe(Layer.provideMerge(targetLayer))
  const quiet = options.console.detail === "quiet"

  return Effect.gen(function*() {
    const target = yield* Target.Target
    // The embedded target is named plainly here: the line below is its one warning.
    if (!quiet) write(pc.bold(`s3tester: ${loaded.file} -> ${target.embedded ? "the embedded local server" : target.description}`))
    if (target.embedded && !quiet) {
      write(pc.dim("(the embedded server is a fake for quick starts: a pass here proves nothing about real S3)"))
    }
    const loadedReporters = yield* loadReporters(loaded, options.reporting)
    const consoleOptions = loadedReporters.consoleMode === undefined
      ? options.console
      : { ...options.console, mode: loadedReporters.consoleMode }
    const bus = yield* PubSub.unbounded<RunEvent.RunEvent>()
    // Subscribe before the engine publishes anything, so no event is missed.
    const subscription = yield* PubSub.subscribe(bus)
    const reportersDone = yield* attachReporters(bus, loadedReporters.reporters, options.reporting.outputDir)
    const reporter = ConsoleReporter.makeConsole(consoleOptions)
    yield* Effect.addFinalizer(() => reporter.close)
    const steps: Array<RunResult.StepResult> = []
    const keepSteps = options.checks !== undefined
    const printing = yield* Stream.fromSubscription(subscription).pipe(
      Stream.takeUntil(RunEvent.RunEvent.$is("RunFinished")),
      Stream.runForEach((event) => {
        if (keepSteps && event._tag === "StepFinished") steps.push(event.result)
        return reporter.onEvent(event)
      }),
      Effect.forkChild
    )
    const tracker = Engine.makeCleanupTracker()
    Interrupts.useTracker(tracker)
    const shardGroups = options.reporting.shard === undefined
      ? undefined
      : Shard.groupNames(suite, options.reporting.shard, [])
    const engineOptions: Engine.RunOptions = {
      events: bus,
      ...(shardGroups === undefined ? {} : { groups: shardGroups }),
      catalog: loaded.catalog,
      concurrency: options.concurrency,
      stepSource: options.stepSource,
      strict: options.strict,
      cleanupTimeoutMs: options.cleanupTimeoutMs,
      cleanupTracker: tracker,
      ...(options.checks?.deviations === undefined ? {} : { deviations: options.checks.deviations }),
      ...(options.checks?.profile === undefined ? {} : { profile: options.checks.profile }),
      ...(options.checks === undefined ? {} : { targetName: options.checks.targetName }),
      ...(options.checks?.baseline === undefined ? {} : { baseline: options.checks.baseline }),
      abandonCleanup: options.abandonCleanup
    }
    const preflight = Preflight.checkReachable(target.endpoint, 5_000, suite.config.retries).pipe(
      Effect.catch((error) =>
        Effect.sync(() => process.stderr.write(pcErr.red(`${error.message}\n`))).pipe(
          Effect.andThen(Effect.fail(new ExitWith(ExitCode.runNotCarriedOut)))
        )
      )
    )
    let engineStarted = false
    const summary = yield* preflight.pipe(
      Effect.andThen(Effect.suspend(() => {
        engineStarted = true
        return Engine.run(suite, engineOptions)
      })),
      // Interrupted before the engine started: an interrupted run all the same (summary, reports).
      Effect.onInterrupt(() => (engineStarted ? Effect.void : Effect.asVoid(Engine.runInterrupted(suite, engineOptions)))),
      // Also when interrupted: the engine has published RunFinished; let the console print it and
      // the reporters write their files (Ctrl-C still leaves complete reports behind).
      Effect.onExit((exit) =>
        Effect.all([
          Fiber.await(printing),
          Exit.isSuccess(exit) ? Effect.void : reportersDone
        ], { concurrency: "unbounded", discard: true }).pipe(Effect.timeoutOption(drainMs), Effect.asVoid)
      )
    )
    const reporters = yield* reportersDone
    return { summary, reportersFailed: reporters.failed, steps }
  }).pipe(
    Effect.scoped,
    Effect.provide(layer),
    Effect.catchTag("LocalS3Error", (error) =>
      Effect.sync(() => process.stderr.write(pcErr.red(`could not start the embedded server: ${error.message}\n`))).pipe(
        Effect.andThen(Effect.fail(new ExitWith(ExitCode.runNotCarriedOut)))
      ))
  )
}
