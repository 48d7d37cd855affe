/**
 * The reporter runner: feeds {@link Reporter.Reporter}s from a run's event stream, calls their hooks
 * (which may return nothing, a Promise or an Effect), writes the files they return atomically under
 * the output directory, and isolates their failures: a hook that throws, rejects or fails is printed
 * and remembered, the run and the other reporters go on. {@link Outcome.failed} tells the CLI to exit
 * with 3 unless tests failed.
 *
 * Loading reporters by name (built-in, `@s3tester/reporter-<name>`, `s3tester-reporter-<name>`, a
 * package, a path) is {@link resolve}.
 *
 * @since 0.1.0
 */
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as PubSub from "effect/PubSub"
import * as Stream from "effect/Stream"
import type * as Scope from "effect/Scope"
import { toEffect } from "./internal/plugin/pluginDefine.ts"
import { writeAtomically } from "./internal/reporting/reportersFiles.ts"
import { bundledNames as bundled, resolveSpecs } from "./internal/reporting/reportersResolve.ts"
import type { Reporter, ReporterFile } from "./Reporter.ts"
import type { RunEvent } from "./RunEvent.ts"

export type { ReporterSpec, ResolveOptions } from "./internal/reporting/reportersResolve.ts"

/**
 * The conventional output directory.
 *
 * @category constants
 * @since 0.1.0
 */
export const defaultOutputDir = "s3tester-report"

/**
 * A hook (or a file write) that failed.
 *
 * @category models
 * @since 0.1.0
 */
export interface ReporterFailure {
  readonly reporter: string
  /** `onStepEnd`, ..., or `write <path>`. */
  readonly hook: string
  readonly message: string
}

/**
 * What the reporters did: the files written and the failures.
 *
 * @category models
 * @since 0.1.0
 */
export interface Outcome {
  readonly files: ReadonlyArray<string>
  readonly failures: ReadonlyArray<ReporterFailure>
  /** True when any hook or file write failed (the CLI exits with 3 unless tests failed). */
  readonly failed: boolean
}

/**
 * @category models
 * @since 0.1.0
 */
export interface RunnerOptions {
  /** Where files with a relative path go. Default: {@link defaultOutputDir} in the working directory. */
  readonly outputDir?: string
  /** Prints a reporter failure (the first of each reporter and hook). Default: standard error. */
  readonly log?: (line: string) => void
}

/**
 * Loads reporters by name: built-in, then `@s3tester/reporter-<name>`, `s3tester-reporter-<name>`,
 * a package name, a path relative to the spec's base directory (the config file's). Options are
 * decoded with the reporter's own schema; every problem is one `ConfigError` (with the place the
 * reporter was written); an unknown hook name is a warning.
 *
 * @category loading
 * @since 0.1.0
 */
export const resolve = resolveSpecs

/**
 * The reporters s3tester ships as packages and loads by name when named: `json`, `junit`, `html`
 * (`@s3tester/reporter-<name>`). `blob` is built in.
 *
 * @category constants
 * @since 0.3.0
 */
export const bundledNames: ReadonlyArray<string> = bundled

export {
  /**
   * Resolves reporters given by a caller (objects, factories, names, `[name, options]`), the way a
   * run resolves its `reporters` option: names and relative `output` options against the working
   * directory, `blob` built in, the packages by name. `merge-reports` uses it.
   *
   * @category loading
   * @since 0.3.0
   */
  resolveInputs
} from "./internal/reporting/runnerReporters.ts"

export type {
  /**
   * @category models
   * @since 0.3.0
   */
  ReporterInput,
  /**
   * @category models
   * @since 0.3.0
   */
  ReportersSetup
} from "./internal/reporting/runnerReporters.ts"

interface Session {
  readonly reporter: Reporter
  readonly files: Array<string>
  readonly failures: Array<ReporterFailure>
}

const messageOf = (cause: Cause.Cause<unknown>): string => {
  const error = Cause.squash(cause)
  if (error instanceof Error) return error.message === "" ? error.name : error.message
  return String(error)
}

/** A hook's result (nothing, files, a Promise or an Effect of them) as an Effect. */
const invoke = (run: () => unknown): Effect.Effect<unknown, unknown> => Effect.suspend(() => toEffect(run()))

const asFiles = (value: unknown): ReadonlyArray<ReporterFile> =>
  Array.isArray(value) ? (value as ReadonlyArray<ReporterFile>) : []

const hookCall = (reporter: Reporter, event: RunEvent): [string, (() => unknown) | undefined] => {
  switch (event._tag) {
    case "RunStarted":
      return ["onRunStart", reporter.onRunStart && (() => reporter.onRunStart?.(event))]
    case "GroupStarted":
      return ["onGroupStart", reporter.onGroupStart && (() => reporter.onGroupStart?.({ group: event.group }))]
    case "StepFinished":
      return ["onStepEnd", reporter.onStepEnd && (() => reporter.onStepEnd?.(event.result))]
    case "GroupFinished":
      return ["onGroupEnd", reporter.onGroupEnd && (() => reporter.onGroupEnd?.(event.result))]
    case "RunFinished":
      return ["onRunEnd", reporter.onRunEnd && (() => reporter.onRunEnd?.(event.summary))]
  }
}

const makeDispatch = (options: RunnerOptions) => {
  const outputDir = options.outputDir ?? defaultOutputDir
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`))
  const fail = (session: Session, hook: string, message: string) =>
    Effect.sync(() => {
      const first = !session.failures.some((f) => f.hook === hook)
      session.failures.push({ reporter: session.reporter.name, hook, message })
      if (first) log(`reporter "${session.reporter.name}" failed in ${hook}: ${message} (the run goes on)`)
    })
  const write = (session: Session, file: ReporterFile) =>
    writeAtomically(outputDir, file).pipe(
      Effect.tap((path) => Effect.sync(() => session.files.push(path))),
      Effect.catchCause((cause) => fail(session, `write ${file.path}`, messageOf(cause)))
    )
  return (session: Session, event: RunEvent): Effect.Effect<void> => {
    const [hook, call] = hookCall(session.reporter, event)
    if (call === undefined) return Effect.void
    return invoke(call).pipe(
      Effect.flatMap((result) => Effect.forEach(asFiles(result), (file) => write(session, file), { discard: true })),
      Effect.catchCause((cause) => fail(session, hook, messageOf(cause)))
    )
  }
}

const outcomeOf = (sessions: ReadonlyArray<Session>): Outcome => {
  const failures = sessions.flatMap((s) => s.failures)
  return { files: sessions.flatMap((s) => s.files), failures, failed: failures.length > 0 }
}

const isLast = (event: RunEvent) => event._tag === "RunFinished"

/**
 * Subscribes every reporter to `bus` now (call it BEFORE the run publishes anything, so no event is
 * missed) and returns an effect that waits until each reporter has seen the RunFinished event (and
 * written its files), then tells what happened. Each reporter gets its own fiber: a slow reporter
 * does not hold back the others, and each sees the events in order.
 *
 * **Example**
 *
 * ```ts
 * const bus = yield* PubSub.unbounded<RunEvent.RunEvent>()
 * const done = yield* Reporters.attach(bus, reporters, { outputDir: "s3tester-report" })
 * const summary = yield* Engine.run(suite, { events: bus })
 * const outcome = yield* done // outcome.failed: exit 3 unless tests failed
 * ```
 *
 * @category running
 * @since 0.1.0
 */
export const attach = (
  bus: PubSub.PubSub<RunEvent>,
  reporters: ReadonlyArray<Reporter>,
  options: RunnerOptions = {}
): Effect.Effect<Effect.Effect<Outcome>, never, Scope.Scope> =>
  Effect.gen(function*() {
    const dispatch = makeDispatch(options)
    const sessions: Array<Session> = reporters.map((reporter) => ({ reporter, files: [], failures: [] }))
    const fibers = yield* Effect.forEach(sessions, (session) =>
      Effect.gen(function*() {
        const subscription = yield* PubSub.subscribe(bus)
        return yield* Stream.fromSubscription(subscription).pipe(
          Stream.takeUntil(isLast),
          Stream.runForEach((event) => dispatch(session, event)),
          Effect.forkChild
        )
      }))
    return Fiber.joinAll(fibers).pipe(Effect.map(() => outcomeOf(sessions)))
  })

/**
 * Feeds recorded events to reporters (what `merge-reports` does with shards' blobs), with the same
 * failure isolation and file writing as {@link attach}.
 *
 * @category running
 * @since 0.1.0
 */
export const replay = (
  events: Iterable<RunEvent>,
  reporters: ReadonlyArray<Reporter>,
  options: RunnerOptions = {}
): Effect.Effect<Outcome> =>
  Effect.gen(function*() {
    const dispatch = makeDispatch(options)
    const sessions: Array<Session> = reporters.map((reporter) => ({ reporter, files: [], failures: [] }))
    const list = [...events]
    yield* Effect.forEach(
      sessions,
      (session) => Effect.forEach(list, (event) => dispatch(session, event), { discard: true }),
      { concurrency: "unbounded", discard: true }
    )
    return outcomeOf(sessions)
  })

/**
 * One line per reporter failure, for a closing message.
 *
 * @category formatting
 * @since 0.1.0
 */
export const formatFailures = (outcome: Outcome): ReadonlyArray<string> => {
  const byKey = new Map<string, { failure: ReporterFailure; count: number }>()
  for (const failure of outcome.failures) {
    const key = `${failure.reporter}\u0000${failure.hook}`
    const seen = byKey.get(key)
    if (seen === undefined) byKey.set(key, { failure, count: 1 })
    else seen.count++
  }
  return [...byKey.values()].map(({ failure, count }) =>
    `reporter "${failure.reporter}" failed in ${failure.hook}${count > 1 ? ` (${count} times)` : ""}: ${failure.message}`
  )
}
