import * as Engine from "@s3tester/core/Engine"
import * as Runner from "@s3tester/core/Runner"
import * as Target from "@s3tester/core/Target"
import type * as Baseline from "@s3tester/core/Baseline"
import type * as ConfigError from "@s3tester/core/ConfigError"
import type * as Deviation from "@s3tester/core/Deviation"
import type * as Loader from "@s3tester/core/Loader"
import type * as Preflight from "@s3tester/core/Preflight"
import type * as RunResult from "@s3tester/core/RunResult"
import type * as Selection from "@s3tester/core/Selection"
import type * as Shard from "@s3tester/core/Shard"
import type * as Trace from "@s3tester/core/Trace"
import type { LocalS3 } from "@s3tester/local-s3"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { setFlagsFromString } from "node:v8"
import { pc, pcErr } from "./console/colors.ts"
import { NotCarriedOut } from "./ExitCode.ts"
import * as Interrupts from "./interrupts.ts"
import { reportingOptions } from "./reporting.ts"
import type { ConsoleSetup } from "./reporting.ts"
import type { ConsoleWriters } from "./console/ConsoleReporter.ts"

export interface RunSuiteOptions {
  /** What runs: the selected part of the loaded suite (see core's Selection). */
  readonly selected: Selection.Selected
  /** Where each selected step was written (positions of the selected suite). */
  readonly stepSource: Loader.LoadedSuite["stepSource"]
  readonly endpoint: string | undefined
  readonly concurrency: number
  readonly strict: boolean
  /** `--timeout`: replaces `config.timeout` (see `Runner.RunOptions.timeoutMs`). */
  readonly timeoutMs?: number | undefined
  readonly cleanupTimeoutMs: number
  readonly trace: Trace.Mode
  /** Completes when the user abandons cleanup (a second Ctrl-C; see interrupts.ts). */
  readonly abandonCleanup: Effect.Effect<string>
  readonly console: ConsoleSetup
  /**
   * When several files run at once: this file's console lane (FileLanes.ts) and its name in
   * Ctrl-C messages. Absent: stdout, as for one file.
   */
  readonly lane?: { readonly writers: ConsoleWriters; readonly label: string } | undefined
  readonly reporting: {
    /** `--reporter` values; empty: the config's reporters. */
    readonly reporters: ReadonlyArray<string>
    readonly outputDir: string
    readonly shard?: Shard.Shard | undefined
  }
  /** Keep every step's result for {@link SuiteRun.steps} (default true; `run` needs only the summary). */
  readonly keepSteps?: boolean
  /** Checks shared with the other files of the run (see Preflight.Checks); absent: this run's own. */
  readonly preflight?: Preflight.Checks | undefined
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
  /** Every step's result, in the order they finished (none with `keepSteps: false`). */
  readonly steps: ReadonlyArray<RunResult.StepResult>
}

const stdoutLine = (line: string) => void process.stdout.write(`${line}\n`)

/**
 * V8's old generation grows by at most 30% between two full collections once a run starts. A run's
 * garbage is mostly the SDK's: each request leaves objects that outlive two scavenges (a bare SDK loop
 * does the same), ~15 KB a step, and V8 lets them pile up to ~4 times the live heap before it collects
 * them, so a 100,000-step run peaked at 220-350 MB of RSS around a live heap of ~50 MB. Bounded, the
 * peak stays near the live heap for a little more GC (BENCHMARKS.md, "Issue 15 at a glance (session
 * 16)"). Set as each file starts (the same value each time), so loading keeps V8's defaults; the
 * build's training run sets it back before it makes the code cache, whose check covers V8's flags
 * (scripts/bundle/train.mjs).
 */
const boundHeapGrowth = () => setFlagsFromString("--heap-growing-percent=30")

/** The embedded server, loaded only for a run without an endpoint (most runs have one). */
const embeddedTarget: Layer.Layer<Target.Target, LocalS3.LocalS3Error> = Layer.unwrap(
  Effect.map(Effect.promise(() => import("@s3tester/local-s3")), ({ LocalS3 }) => LocalS3.layerWith())
)

/**
 * Runs one loaded suite with `Runner.run`: picks the target (the given endpoint, else the embedded
 * local server) and the console, and keeps the interrupt handler informed (which groups are
 * cleaning up). Runner checks that the endpoint answers (EndpointUnreachable: exit 3), and when the
 * run is interrupted the console still prints the summary and the reporters write their files.
 */
export const runSuite = (
  loaded: Loader.LoadedSuite,
  options: RunSuiteOptions
): Effect.Effect<SuiteRun, ConfigError.ConfigError | Preflight.EndpointUnreachable | NotCarriedOut> => {
  const suite = options.selected.suite
  const endpoint = options.endpoint ?? suite.config.endpoint_url
  const targetLayer: Layer.Layer<Target.Target, LocalS3.LocalS3Error> = endpoint === undefined
    ? embeddedTarget
    : Target.Target.fromEndpoint(endpoint)
  const quiet = options.console.detail === "quiet"
  const write = options.lane?.writers.writeLine ?? stdoutLine
  const label = options.lane?.label

  return Effect.gen(function*() {
    boundHeapGrowth()
    const target = yield* Target.Target
    // The embedded target is named plainly here: the line below is its one warning.
    if (!quiet) write(pc.bold(`s3tester: ${loaded.file} -> ${target.embedded ? "the embedded local server" : target.description}`))
    if (target.embedded && !quiet) {
      write(pc.dim("(the embedded server is a fake for quick starts: a pass here proves nothing about real S3)"))
    }
    const selected: Loader.LoadedSuite = { ...loaded, suite, stepSource: options.stepSource }
    const reporting = reportingOptions(selected, options.reporting.reporters, options.console, options.lane?.writers)
    yield* Effect.addFinalizer(() => Effect.sync(reporting.close))
    const tracker = Engine.makeCleanupTracker()
    const untrack = Interrupts.useTracker(tracker, label)
    yield* Effect.addFinalizer(() => Effect.sync(untrack))
    const checks = options.checks
    const report = yield* Runner.run(selected, {
      ...reporting.options,
      outputDir: options.reporting.outputDir,
      onEvent: Interrupts.trackFor(label),
      concurrency: options.concurrency,
      strict: options.strict,
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
      cleanupTimeoutMs: options.cleanupTimeoutMs,
      cleanupTracker: tracker,
      abandonCleanup: options.abandonCleanup,
      trace: options.trace,
      ...(options.preflight === undefined ? {} : { preflight: options.preflight }),
      ...(options.keepSteps === undefined ? {} : { keepSteps: options.keepSteps }),
      ...(options.reporting.shard === undefined ? {} : { shard: options.reporting.shard }),
      ...(checks?.deviations === undefined ? {} : { deviations: checks.deviations }),
      ...(checks?.profile === undefined ? {} : { profile: checks.profile }),
      ...(checks === undefined ? {} : { targetName: checks.targetName }),
      ...(checks?.baseline === undefined ? {} : { baseline: checks.baseline })
    })
    return { summary: report, reportersFailed: report.reporters.failed, steps: report.steps }
  }).pipe(
    Effect.scoped,
    Effect.provide(targetLayer),
    Effect.catchTag("LocalS3Error", (error) =>
      Effect.fail(new NotCarriedOut({ message: pcErr.red(`could not start the embedded server: ${error.message}`) })))
  )
}
