/**
 * Runs suites from code: a YAML file, a {@link Loader.LoadedSuite} or a code-built
 * {@link Build.Definition}, as an Effect ({@link run}) or as a Promise ({@link runSuite}, for code
 * that does not use Effect). This is the API the CLI is a client of: loading and validation (the
 * Loader), reporters given as objects or names (`Reporters.resolve`, the same names as
 * `--reporter`), inline operations (`Plugin.defineOperation`), the event stream (`onEvent`), and
 * stopping a run early (an `AbortSignal`, or `stop()` from an event handler) with every started
 * group's `after_test` still run.
 *
 * Where requests go: {@link run} uses the {@link Target.Target} in its context (provide
 * `Target.fromEndpoint(url)`, or `LocalS3.layer` from `@s3tester/local-s3` for the embedded server);
 * {@link runSuite} takes `endpoint` (or the suite's `endpoint_url`) or a `target` layer.
 *
 * **Example**
 *
 * ```ts
 * import * as Runner from "@s3tester/core/Runner"
 * import { LocalS3 } from "@s3tester/local-s3"
 *
 * const report = await Runner.runSuite("examples/quickstart.yaml", { target: LocalS3.layer, reporters: ["junit"] })
 * console.log(report.counts, report.success)
 * ```
 *
 * @since 0.1.0
 */
import * as NodeFileSystem from "@effect/platform-node/NodeFileSystem"
import * as NodePath from "@effect/platform-node/NodePath"
import { resolve as resolvePath } from "node:path"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Schema from "effect/Schema"
import * as Build from "./Build.ts"
import type { ConfigError } from "./ConfigError.ts"
import type * as Baseline from "./Baseline.ts"
import type * as Deviation from "./Deviation.ts"
import type * as Engine from "./Engine.ts"
import { inlinePlugin } from "./internal/loader/buildValidate.ts"
import { resolveReporters } from "./internal/reporting/runnerReporters.ts"
import type { ReporterInput as ReporterInputModel } from "./internal/reporting/runnerReporters.ts"
import { runSession } from "./internal/runner/runnerSession.ts"
import type { Control as ControlModel } from "./internal/runner/runnerSession.ts"
import * as Loader from "./Loader.ts"
import type * as Plugin from "./Plugin.ts"
import * as Preflight from "./Preflight.ts"
import type * as Reporter from "./Reporter.ts"
import * as Reporters from "./Reporters.ts"
import type { RunEvent } from "./RunEvent.ts"
import { isRunSuccess } from "./RunResult.ts"
import type { StepResult, Summary } from "./RunResult.ts"
import { S3Clients } from "./S3Clients.ts"
import * as Shard from "./Shard.ts"
import type * as Suite from "./Suite.ts"
import { Target } from "./Target.ts"
import type * as Trace from "./Trace.ts"

/**
 * What can be run: a YAML file's path, a loaded suite, or a code-built suite.
 *
 * @category models
 * @since 0.1.0
 */
export type Source = string | Loader.LoadedSuite | Build.Definition

/**
 * A reporter: an object (`Reporter.defineReporter`), a factory (`Reporter.defineReporterFactory`),
 * a name as on the command line (`"junit"`, `"json"`, `"blob"`, a package, a path) or
 * `[name, options]`.
 *
 * @category models
 * @since 0.1.0
 */
export type ReporterInput = ReporterInputModel

/**
 * Given to event handlers: `stop()` ends the run early, as Ctrl-C would (running requests are
 * aborted, started groups' `after_test` run, unstarted steps are `skipped`).
 *
 * @category models
 * @since 0.1.0
 */
export interface Control extends ControlModel {}

/**
 * Called with every event, in order: `RunStarted`, `GroupStarted`, `StepFinished`,
 * `GroupFinished`, `RunFinished`. It may return nothing, a Promise or an Effect (the next event
 * waits for it); a handler that throws is reported on standard error and the run goes on.
 *
 * @category models
 * @since 0.1.0
 */
export type EventHandler = (event: RunEvent, control: Control) => unknown

/**
 * @category models
 * @since 0.1.0
 */
export interface RunOptions {
  /** Reporters (objects, factories, names); default: the suite's `reporters:`, else none. */
  readonly reporters?: ReadonlyArray<ReporterInput>
  /** Where reporters write files with a relative path (default `s3tester-report`). */
  readonly outputDir?: string
  /** Operations defined inline with `Plugin.defineOperation` (a code-built suite's own are added). */
  readonly operations?: ReadonlyArray<Plugin.Operation<any>>
  /** Operation plugins: loaded ones, or names resolved from the working directory. */
  readonly plugins?: ReadonlyArray<string | Plugin.Plugin>
  /** Where `${{ env.NAME }}` is looked up (default `process.env`). */
  readonly env?: Readonly<Record<string, string | undefined>>
  /** Subscribes to the event stream (see {@link EventHandler}). */
  readonly onEvent?: EventHandler
  /** Aborting it stops the run early (see {@link Control}); the report has `interrupted: true`. */
  readonly signal?: AbortSignal
  /** Run only the groups with these names. */
  readonly groups?: ReadonlyArray<string>
  /** How many groups run at once when the suite is parallel (default 8). */
  readonly concurrency?: number
  /** Count `unsupported` steps as failed. */
  readonly strict?: boolean
  /** Declared deviations by check (a conformance profile): checks are judged `known` / `fixed`. */
  readonly deviations?: Deviation.Lookup
  /** Count `fixed` checks (a declared deviation that did not happen) as failed. */
  readonly strictProfile?: boolean
  /** The profile's name, for the summary. */
  readonly profile?: string
  /** The target's name, for the summary and the matrix. */
  readonly targetName?: string
  /** A baseline to compare the checks with (see Baseline); a regression fails the run. */
  readonly baseline?: { readonly name: string; readonly outcomes: Baseline.Outcomes }
  /**
   * The timeout of every step that sets none of its own, in ms: it replaces `config.timeout`, as the
   * CLI's `--timeout` does (default: `config.timeout`, else 30 000).
   */
  readonly timeoutMs?: number
  /** Which steps carry their trace (what was sent and received) to the reporters (default `retain-on-failure`). */
  readonly trace?: Trace.Mode
  /** Run only this shard's share of the (selected) groups; reporters are told the shard. */
  readonly shard?: Shard.Shard
  /** Tells which groups have not finished cleaning up (the CLI names them on a second Ctrl-C). */
  readonly cleanupTracker?: Engine.CleanupTracker
  /** Completes, with a reason, to abandon the cleanup under way (see `Engine.RunOptions`). */
  readonly abandonCleanup?: Effect.Effect<string>
  /** More reporters known by name (the CLI's console modes), beside `blob` and the reporter packages. */
  readonly builtInReporters?: Readonly<Record<string, Reporter.ReporterFactory<any> | Reporter.Reporter>>
  /** Reporters attached whatever `reporters` is (the CLI's console when none is named). */
  readonly extraReporters?: ReadonlyArray<Reporter.Reporter>
  /**
   * Keep every step's result in the report's `steps` (default true). With false, `steps` is empty:
   * the summary, the events and the reporters still see every step, and a long run does not hold
   * a result per step once it is reported.
   */
  readonly keepSteps?: boolean
  /** The version reports name (default: @s3tester/core's). */
  readonly toolVersion?: string
  /** More directories reporter packages are looked up from (after the working directory). */
  readonly reporterSearchFrom?: ReadonlyArray<string>
  /** Where `reporters` were given, for messages (default `options.reporters[i]`). */
  readonly reporterInputPath?: (at: number) => ReadonlyArray<string | number>
  /** Prints load-time warnings (a hook name the contract does not know; default: standard error). */
  readonly warn?: (line: string) => void
  /** Prints a reporter failure as it happens (default: standard error). */
  readonly reporterLog?: (line: string) => void
  /** Called once the reporters are done (also when the run is interrupted), e.g. to name the files. */
  readonly onReportersDone?: (outcome: Reporters.Outcome) => void
  /** How long each group's `after_test` may take, in ms (default 120 000). */
  readonly cleanupTimeoutMs?: number
  /** The run's id (`${{ run.id }}`); default: random. */
  readonly runId?: string
  /** Check that the endpoint answers first (default true), else EndpointUnreachable; see {@link Preflight.Checks}. */
  readonly preflight?: boolean | Preflight.Checks
  /**
   * The S3 clients for the suite's config (default `S3Clients.layer`); `() => S3Clients.layerTest(handler)`
   * runs a suite against scripted answers.
   */
  readonly clients?: (config: Loader.LoadedSuite["suite"]["config"]) => Layer.Layer<S3Clients, never, Target>
}

/**
 * @category models
 * @since 0.1.0
 */
export interface RunSuiteOptions extends RunOptions {
  /** The endpoint URL; wins over `target` and over the suite's `endpoint_url`. */
  readonly endpoint?: string
  /**
   * Where requests go when no `endpoint` is given (it wins over the suite's `endpoint_url`):
   * e.g. `LocalS3.layer` from `@s3tester/local-s3`, the embedded server.
   */
  readonly target?: Layer.Layer<Target, unknown>
}

/**
 * What a run produced: its {@link Summary}, every step's result in the order they finished, what
 * the reporters did, and whether the run passed.
 *
 * @category models
 * @since 0.1.0
 */
export interface Report extends Summary {
  /** Every step's result, in the order the steps finished (empty with `keepSteps: false`). */
  readonly steps: ReadonlyArray<StepResult>
  /** The files the reporters wrote and their failures. */
  readonly reporters: Reporters.Outcome
  /** No step failed or errored (nor was `unsupported`, with `strict`) and the run was not stopped. */
  readonly success: boolean
  /** Why the run was stopped early (`stop(reason)` or the signal), when it was. */
  readonly stopped?: string
}

/**
 * `runSuite` was given no endpoint, no target, and the suite has no `endpoint_url`.
 *
 * @category errors
 * @since 0.1.0
 */
export class NoTarget extends Schema.TaggedError<NoTarget>()("NoTarget", { message: Schema.String }) {}

/**
 * Every way a run can fail to be carried out (a failing step is not one: it is in the report).
 *
 * @category errors
 * @since 0.1.0
 */
export type RunError = ConfigError | Preflight.EndpointUnreachable | NoTarget

/**
 * Loads and validates what is to be run: reads a YAML file (with its includes), validates a
 * code-built suite, or passes a loaded one through. Inline operations and plugins in `options`
 * are added to the catalog.
 *
 * @category loading
 * @since 0.1.0
 */
export const load = (
  source: Source,
  options: Pick<RunOptions, "env" | "operations" | "plugins"> = {}
): Effect.Effect<Loader.LoadedSuite, ConfigError> => {
  if (typeof source !== "string" && !Build.isDefinition(source)) return Effect.succeed(source)
  const plugins = [...inlinePlugin(options.operations ?? []), ...(options.plugins ?? [])]
  const loading = typeof source === "string"
    ? Loader.load(source, { env: options.env, plugins })
    : Build.validate(source, {
      ...(options.env === undefined ? {} : { env: options.env }),
      ...(options.operations === undefined ? {} : { operations: options.operations }),
      ...(options.plugins === undefined ? {} : { plugins: options.plugins })
    })
  return loading.pipe(Effect.provide(Layer.mergeAll(NodeFileSystem.layer, NodePath.layer)))
}

/**
 * Runs a suite against the {@link Target.Target} in the context and returns its {@link Report}.
 * The S3 clients are made from the suite's config (one per credential, destroyed at the end).
 * Fails only when the run cannot be carried out: an invalid suite or reporter (ConfigError), an
 * endpoint that does not answer (EndpointUnreachable). Failing steps are in the report.
 *
 * Stopping early (`signal`, or `stop()` from `onEvent`) interrupts the engine: running requests are
 * aborted, started groups' `after_test` still run, the rest is `skipped`, and the report says
 * `interrupted: true`. Interrupting the effect itself does the same, then the interruption goes on.
 *
 * **Example**
 *
 * ```ts
 * import * as Effect from "effect/Effect"
 * import * as Runner from "@s3tester/core/Runner"
import * as Target from "@s3tester/core/Target"
 *
 * const program = Runner.run("suite.yaml", { reporters: ["json"] }).pipe(
 *   Effect.provide(Target.Target.fromEndpoint("http://127.0.0.1:7480"))
 * )
 * const report = await Effect.runPromise(program)
 * ```
 *
 * @category running
 * @since 0.1.0
 */
export const run = (source: Source, options: RunOptions = {}): Effect.Effect<Report, ConfigError | Preflight.EndpointUnreachable, Target> =>
  Effect.gen(function*() {
    const loaded = yield* load(source, options)
    const target = yield* Target
    const outputDir = resolvePath(options.outputDir ?? Reporters.defaultOutputDir)
    const chosen = yield* resolveReporters(options.reporters, loaded, {
      outputDir,
      ...(options.builtInReporters === undefined ? {} : { builtIns: options.builtInReporters }),
      ...(options.toolVersion === undefined ? {} : { toolVersion: options.toolVersion }),
      ...(options.shard === undefined ? {} : { shard: options.shard }),
      ...(options.warn === undefined ? {} : { warn: options.warn }),
      ...(options.reporterSearchFrom === undefined ? {} : { searchFrom: options.reporterSearchFrom }),
      ...(options.reporterInputPath === undefined ? {} : { inputPath: options.reporterInputPath })
    })
    const suite = withTimeout(loaded.suite, options.timeoutMs)
    const groups = options.shard === undefined ? options.groups : Shard.groupNames(suite, options.shard, options.groups ?? [])
    const outcome = yield* runSession({
      suite,
      engine: {
        catalog: loaded.catalog,
        stepSource: loaded.stepSource,
        ...(groups === undefined ? {} : { groups }),
        ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
        ...(options.strict === undefined ? {} : { strict: options.strict }),
        ...(options.deviations === undefined ? {} : { deviations: options.deviations }),
        ...(options.profile === undefined ? {} : { profile: options.profile }),
        ...(options.targetName === undefined ? {} : { targetName: options.targetName }),
        ...(options.baseline === undefined ? {} : { baseline: options.baseline }),
        ...(options.timeoutMs === undefined ? {} : { defaultTimeoutMs: options.timeoutMs }),
        ...(options.cleanupTimeoutMs === undefined ? {} : { cleanupTimeoutMs: options.cleanupTimeoutMs }),
        ...(options.cleanupTracker === undefined ? {} : { cleanupTracker: options.cleanupTracker }),
        ...(options.abandonCleanup === undefined ? {} : { abandonCleanup: options.abandonCleanup }),
        ...(options.trace === undefined ? {} : { trace: options.trace }),
        ...(options.runId === undefined ? {} : { runId: options.runId })
      },
      clients: (options.clients ?? S3Clients.layer)(loaded.suite.config),
      reporters: [...(options.extraReporters ?? []), ...chosen],
      outputDir,
      ...(options.reporterLog === undefined ? {} : { reporterLog: options.reporterLog }),
      ...(options.onReportersDone === undefined ? {} : { onReportersDone: options.onReportersDone }),
      ...(options.onEvent === undefined ? {} : { onEvent: options.onEvent }),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
      ...(options.keepSteps === undefined ? {} : { keepSteps: options.keepSteps }),
      ...(options.preflight === false ? {} : {
        preflight: (typeof options.preflight === "object" ? options.preflight : Preflight)
          .checkReachable(target.endpoint, 5_000, loaded.suite.config.retries)
      })
    })
    const report: Report = {
      ...outcome.summary,
      steps: outcome.steps,
      reporters: outcome.reporters,
      success: isRunSuccess(outcome.summary, {
        strict: options.strict === true,
        strictProfile: options.strictProfile === true
      }),
      ...(outcome.stopped === undefined ? {} : { stopped: outcome.stopped })
    }
    return report
  })

/**
 * `timeoutMs` replaces `config.timeout` (steps with their own `timeout` keep it): the suite's
 * default is dropped, so the engine's default (`timeoutMs`) applies.
 */
const withTimeout = (suite: Suite.Suite, timeoutMs: number | undefined): Suite.Suite => {
  if (timeoutMs === undefined) return suite
  const { timeout: _dropped, ...config } = suite.config
  return { ...suite, config }
}

/**
 * The target {@link runSuite} uses: `endpoint`, else `target`, else the suite's `endpoint_url`.
 *
 * @category running
 * @since 0.1.0
 */
export const targetFor = (
  loaded: Loader.LoadedSuite,
  options: Pick<RunSuiteOptions, "endpoint" | "target">
): Effect.Effect<Layer.Layer<Target, unknown>, NoTarget> => {
  if (options.endpoint !== undefined) return Effect.succeed(Target.fromEndpoint(options.endpoint))
  if (options.target !== undefined) return Effect.succeed(options.target)
  const url = loaded.suite.config.endpoint_url
  if (url !== undefined) return Effect.succeed(Target.fromEndpoint(url))
  return Effect.fail(
    new NoTarget({
      message: `${loaded.file}: no endpoint: the suite has no config.endpoint_url and neither endpoint nor target was given ` +
        `(for the embedded server: import { LocalS3 } from "@s3tester/local-s3" and pass target: LocalS3.layer)`
    })
  )
}

/**
 * Runs a suite and resolves with its {@link Report}, for code that does not use Effect. Rejects
 * (with a {@link RunError}, an `Error` with a message) only when the run cannot be carried out.
 *
 * **Example**
 *
 * ```ts
 * import * as Build from "@s3tester/core/Build"
import * as Runner from "@s3tester/core/Runner"
 *
 * const controller = new AbortController()
 * const report = await Runner.runSuite(definition, {
 *   endpoint: process.env.S3_ENDPOINT,
 *   reporters: [["json", { output: "report.json" }]],
 *   signal: controller.signal,
 *   onEvent: (event, { stop }) => {
 *     if (event._tag === "StepFinished" && event.result.outcome === "failed") stop("first failure")
 *   }
 * })
 * ```
 *
 * @category running
 * @since 0.1.0
 */
export const runSuite = (source: Source, options: RunSuiteOptions = {}): Promise<Report> =>
  Effect.runPromise(
    Effect.gen(function*() {
      const loaded = yield* load(source, options)
      const layer = yield* targetFor(loaded, options)
      return yield* run(loaded, options).pipe(Effect.provide(layer))
    })
  )
