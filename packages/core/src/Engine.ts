/**
 * The engine: runs a decoded suite against the {@link Target} with the {@link S3Clients} and
 * produces exactly one outcome per step, streaming events to reporters as it goes.
 *
 * - Groups run concurrently (bounded by `concurrency`) when `test_cases.parallel`, else in order.
 * - In a group: before_test (the first step that does not pass stops it, and the test phase is
 *   skipped), then test (every step runs), then after_test, which always runs: after failures,
 *   timeouts, crashes and interruption, bounded by `cleanupTimeoutMs`; its failing steps do not
 *   stop the others. A phase runs its steps in order unless the group sets `concurrency: { <phase>: N }`.
 * - Templates (`vars`, `run`, `group`, `steps.<id>`) are resolved just before each step; only the
 *   outputs of steps with an `id` are kept, until their group ends.
 * - Transient faults are retried (Schedule: exponential, jittered) in before_test/after_test by
 *   default and in test steps that set `retries`; every attempt is recorded, a step that passed
 *   only on a retry is `flaky`.
 * - The engine keeps counts and latency samples (see Stats), not responses. With `trace` on (or
 *   retain-on-failure, the default) a step's requests and answers, redacted and summarised, ride
 *   on its StepFinished event (see Trace) and are not kept after it.
 *
 * @since 0.1.0
 */
import * as Catalog from "./Catalog.ts"
import * as Plugin from "./Plugin.ts"
import { randomBytes } from "node:crypto"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as PubSub from "effect/PubSub"
import * as Baseline from "./Baseline.ts"
import * as EngineDefaults from "./EngineDefaults.ts"
import type * as Deviation from "./Deviation.ts"
import type { SourcePosition } from "./Diagnostic.ts"
import { deviationOf, elapsedSince, nowMs } from "./internal/engine/engineContext.ts"
import type { PlannedGroup, RunContext } from "./internal/engine/engineContext.ts"
import { publisher } from "./internal/engine/engineEvents.ts"
import { interruptedReason, runGroup, skipGroup } from "./internal/engine/engineGroup.ts"
import * as Redaction from "./Redaction.ts"
import * as Stats from "./Stats.ts"
import { RunEvent } from "./RunEvent.ts"
import { emptyCounts, mergeCounts } from "./RunResult.ts"
import type { GroupResult, Summary } from "./RunResult.ts"
import { S3Clients } from "./S3Clients.ts"
import { stepCount, totalSteps } from "./Suite.ts"
import type { Phase, Suite } from "./Suite.ts"
import { Target } from "./Target.ts"
import type * as Trace from "./Trace.ts"

/**
 * @category models
 * @since 0.1.0
 */
export interface RunOptions {
  /** The run's id (`${{ run.id }}`, report names); default: 8 random hex characters. */
  readonly runId?: string
  /** How many groups run at once when the suite is parallel; default 8. */
  readonly concurrency?: number
  /** Run only the groups with these names (the others are not part of the run at all). */
  readonly groups?: ReadonlyArray<string>
  /**
   * Where events are published, in order. Subscribe before calling `run` (see RunEvent): events
   * published before a subscription exists are not delivered to it. An unbounded bus gets the
   * events in batches, each published 10 ms after its first event while more keep coming, at most
   * 20 ms after it when none follows (RunFinished at once, after every other); a bounded one each
   * event as it comes, the engine waiting while the bus is full.
   */
  readonly events?: PubSub.PubSub<RunEvent>
  /** Where a step was written (group index in the suite, phase, step index), for results. */
  readonly stepSource?: (group: number, phase: Phase, step: number) => SourcePosition | undefined
  /** The operations steps may name: the built-in catalog unless plugins add operations. */
  readonly catalog?: Catalog.Catalog
  /** Timeout of steps that set none (nor `config.timeout`); default 30 000 ms. */
  readonly defaultTimeoutMs?: number
  /** `--strict`: a step that would be `unsupported` is `failed` (its message says why). */
  readonly strict?: boolean
  /**
   * How long one group's after_test may take in all (default 120 000 ms); when it runs out, the
   * remaining cleanup steps are abandoned and reported `errored`.
   */
  readonly cleanupTimeoutMs?: number
  /** Tells which groups have not finished cleaning up (see {@link makeCleanupTracker}). */
  readonly cleanupTracker?: CleanupTracker
  /**
   * The deviations the target's profile declares, by check id: checks are judged against them
   * (`known`, `fixed`), and a check declared `skip` is not run.
   */
  readonly deviations?: Deviation.Lookup
  /** The profile's name, for the summary. */
  readonly profile?: string
  /** The target's name, for the summary (the matrix tells targets apart by it). */
  readonly targetName?: string
  /** A baseline to compare the checks with; the summary carries the comparison. */
  readonly baseline?: { readonly name: string; readonly outcomes: Baseline.Outcomes }
  /**
   * Completes, with the reason, when the caller abandons cleanup (a second Ctrl-C): the after_test
   * steps under way are stopped and the rest are reported `errored` ("cleanup abandoned: <reason>"),
   * then the run finishes as usual (its summary and reports are complete).
   */
  readonly abandonCleanup?: Effect.Effect<string>
  /**
   * Which steps carry a {@link Trace.Trace} (the requests sent and the answers received) in their
   * StepFinished event: `retain-on-failure` (default) those that did not pass or passed only on a
   * retry, `on` all, `off` none. The engine keeps no trace after its event: reporters that want
   * them keep them.
   */
  readonly trace?: Trace.Mode
}

/**
 * Which groups have started and not yet finished their after_test. A CLI that abandons cleanup on
 * a second Ctrl-C reads `pending()` to say which groups may have left resources behind.
 *
 * @category models
 * @since 0.1.0
 */
export interface CleanupTracker {
  /** Names of the groups that started and have not finished their after_test, in start order. */
  readonly pending: () => ReadonlyArray<string>
  /** @internal the engine's view */
  readonly groups: Set<string>
}

/**
 * @category constructors
 * @since 0.1.0
 */
export const makeCleanupTracker = (): CleanupTracker => {
  const groups = new Set<string>()
  return { groups, pending: () => [...groups] }
}

/**
 * @category constants
 * @since 0.1.0
 */
export const defaultCleanupTimeoutMs = EngineDefaults.defaultCleanupTimeoutMs

/**
 * @category constants
 * @since 0.1.0
 */
export const defaultConcurrency = EngineDefaults.defaultConcurrency

/**
 * @category constants
 * @since 0.1.0
 */
export const defaultTimeoutMs = 30_000

/**
 * The engine's trace mode when the caller gives none: the same as the CLI's, so a failing step has
 * its evidence whichever way the engine is called; passing steps cost a hash of their bodies and
 * a few small objects, dropped at once.
 *
 * @category constants
 * @since 0.3.0
 */
export const defaultTrace: Trace.Mode = "retain-on-failure"

/**
 * A short random run id, usable in bucket names (lowercase hex).
 *
 * @category constructors
 * @since 0.1.0
 */
export const makeRunId = (): string => randomBytes(4).toString("hex")

// (module constants, not a closure per run: call sites on the hot path then see one target, run after run)
const noSource = (): undefined => undefined
const noDeviations: Deviation.Lookup = () => undefined

const plan = (suite: Suite, only: ReadonlyArray<string> | undefined): ReadonlyArray<PlannedGroup> => {
  const wanted = only === undefined ? undefined : new Set(only)
  return suite.test_cases.groups
    .map((group, index) => ({ group, index }))
    .filter(({ group }) => wanted === undefined || wanted.has(group.name))
    .map(({ group, index }, slot) => ({ group, index, slot }))
}

/**
 * Runs `suite` and returns its summary. Never fails: every problem is a step outcome.
 *
 * When interrupted (Ctrl-C), the running groups' after_test phases still run, steps that did not
 * run are reported `skipped` ("run interrupted"), and a RunFinished event carries the summary with
 * `interrupted: true`; then the interruption goes on (the effect itself does not return).
 *
 * @category running
 * @since 0.1.0
 */
export const run = (suite: Suite, options: RunOptions = {}): Effect.Effect<Summary, never, S3Clients | Target> =>
  runOrSkip(suite, options, false)

/**
 * Reports a run that was interrupted before its first group started (Ctrl-C during the preflight
 * check): RunStarted, every selected step `skipped` ("run interrupted"), then RunFinished with
 * `interrupted: true`; nothing is sent. Returns the summary.
 *
 * @category running
 * @since 0.1.0
 */
export const runInterrupted = (suite: Suite, options: RunOptions = {}): Effect.Effect<Summary, never, S3Clients | Target> =>
  runOrSkip(suite, options, true)

const runOrSkip = (suite: Suite, options: RunOptions, interruptedBeforeStart: boolean): Effect.Effect<Summary, never, S3Clients | Target> =>
  Effect.gen(function*() {
    const clients = yield* S3Clients
    const target = yield* Target
    const events = options.events
    const runId = options.runId ?? makeRunId()
    const startedAt = new Date(yield* Clock.currentTimeMillis).toISOString()
    const collector = Stats.makeCollector()
    const publishing = publisher(events)
    const ctx: RunContext = {
      suite,
      run: { id: runId, started_at: startedAt },
      strict: options.strict === true,
      cleanupTimeoutMs: options.cleanupTimeoutMs ?? defaultCleanupTimeoutMs,
      record: collector.add,
      cleaning: (options.cleanupTracker ?? makeCleanupTracker()).groups,
      clients,
      redact: Redaction.make(Redaction.secretsOf(suite, { run: { id: runId, started_at: startedAt } })),
      // an unbounded bus's events in batches (see engineEvents); a bounded one's at once
      publish: publishing.publish,
      offer: publishing.offer,
      defaultTimeoutMs: options.defaultTimeoutMs ?? defaultTimeoutMs,
      stepSource: options.stepSource ?? noSource,
      catalog: options.catalog ?? Plugin.defaultCatalog,
      deviations: options.deviations ?? noDeviations,
      abandonCleanup: options.abandonCleanup ?? Effect.never,
      trace: options.trace ?? defaultTrace
    }
    const groups = plan(suite, options.groups)
    const started = yield* nowMs
    const results: Array<GroupResult | undefined> = groups.map(() => undefined)
    const begun = new Set<number>()

    const summarize = (interrupted: boolean) =>
      Effect.gen(function*() {
        const finished = results.filter((r): r is GroupResult => r !== undefined)
        const durationMs = yield* elapsedSince(started)
        const summary: Summary = {
          runId,
          startedAt,
          finishedAt: new Date(yield* Clock.currentTimeMillis).toISOString(),
          durationMs,
          endpoint: target.description,
          counts: finished.reduce((counts, group) => mergeCounts(counts, group.counts), emptyCounts()),
          groups: finished,
          interrupted,
          ...(options.targetName === undefined ? {} : { target: options.targetName }),
          ...(options.profile === undefined ? {} : { profile: options.profile }),
          ...(options.baseline === undefined
            ? {}
            : { baseline: Baseline.compare(options.baseline.name, options.baseline.outcomes, finished) }),
          statistics: collector.statistics(durationMs)
        }
        yield* ctx.publish(RunEvent.RunFinished({ summary }))
        return summary
      })

    const onInterrupt = Effect.gen(function*() {
      for (const planned of groups) {
        if (!begun.has(planned.slot)) {
          yield* skipGroup(ctx, planned, interruptedReason, (result) => {
            results[planned.slot] = result
          })
        }
      }
      return yield* summarize(true)
    })

    yield* ctx.publish(
      RunEvent.RunStarted({
        runId,
        endpoint: target.description,
        groups: groups.map(({ group }) => ({ name: group.name, steps: stepCount(group) })),
        totalSteps: totalSteps(groups.map(({ group }) => group))
      })
    )
    if (interruptedBeforeStart) return yield* onInterrupt
    const wanted = options.concurrency ?? defaultConcurrency
    const concurrency = !suite.test_cases.parallel
      ? 1
      : Number.isFinite(wanted)
      ? Math.max(1, Math.floor(wanted))
      : defaultConcurrency
    yield* Effect.forEach(
      groups,
      (planned) => {
        const skip = deviationOf(ctx, planned.group)
        if (skip?.observed === "skip") {
          return skipGroup(ctx, planned, `skipped: the profile ${skip.profile} declares it: ${skip.reason}`, (result) => {
            results[planned.slot] = result
          })
        }
        return runGroup(ctx, planned, {
          started: () => begun.add(planned.slot),
          finished: (result) => {
            results[planned.slot] = result
          }
        })
      },
      { concurrency, discard: true }
    ).pipe(Effect.onInterrupt(() => onInterrupt))
    return yield* summarize(false)
  })
