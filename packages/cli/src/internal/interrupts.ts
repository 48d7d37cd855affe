/**
 * Ctrl-C. The runtime (NodeRuntime.runMain) turns the first SIGINT or SIGTERM into an interruption
 * of the main fiber: requests under way settle, every started group's after_test runs (the engine
 * bounds it by the cleanup timeout), reporters get RunFinished and the process exits 130. Signals
 * are caught from the first moment of the process (processGuards.ts), so none is lost or silent.
 *
 * This module adds what the runtime does not do: it says what is happening (after clearing any
 * live display), and a second signal abandons cleanup: the engine stops the after_test steps under
 * way and reports the rest `errored`, so the summary and the reports are still written (marked
 * interrupted, naming the abandoned groups); if that does not end within a grace period, or the
 * cleanup takes longer than the engine's bound plus that period, the process exits at once, naming
 * the groups that did not finish cleaning up. Which groups those are comes from the engine's
 * cleanup tracker and, for groups the tracker does not know, from the events.
 */
import type * as Engine from "@s3tester/core/Engine"
import type * as RunEvent from "@s3tester/core/RunEvent"
import * as Deferred from "effect/Deferred"
import * as Effect from "effect/Effect"
import type * as Scope from "effect/Scope"
import { pcErr as pc } from "./console/colors.ts"
import { ExitCode } from "./ExitCode.ts"
import { install as installProcessGuards, setSignalHandler, signalCount } from "./processGuards.ts"
import type { SignalHandler } from "./processGuards.ts"

/** Time allowed after the engine's cleanup bound (or after a second signal) for the summary and reports. */
export const graceMs = 10_000

interface State {
  /** Groups started (GroupStarted seen) whose GroupFinished has not arrived. */
  readonly open: Set<string>
  /** Run before any message: e.g. clearing a live display. */
  readonly hooks: Set<() => void>
  /** The cleanup trackers of the engine runs under way (one per file running), with their file's label. */
  readonly trackers: Set<{ readonly tracker: Engine.CleanupTracker; readonly label: string | undefined }>
  timer: ReturnType<typeof setTimeout> | undefined
}

const state: State = { open: new Set(), hooks: new Set(), trackers: new Set(), timer: undefined }

/** A group as messages name it: `file > group` when several files run at once. */
const named = (label: string | undefined, group: string) => (label === undefined ? group : `${label} > ${group}`)

const stderr = (line: string) => {
  process.stderr.write(`${line}\n`)
}

/**
 * Follows a run's events (called for each one, in order); `label` names the file when several
 * files run at once.
 */
export const trackFor = (label?: string) => (event: RunEvent.RunEvent): void => {
  if (event._tag === "GroupStarted") state.open.add(named(label, event.group))
  else if (event._tag === "GroupFinished") state.open.delete(named(label, event.result.name))
}

/** Follows the events of a run of one file. */
export const track = trackFor()

/**
 * Uses the engine's view of which groups are still cleaning up (for each engine run; several at
 * once when several files run). Returns an unregister, for when that run is over.
 */
export const useTracker = (tracker: Engine.CleanupTracker, label?: string): (() => void) => {
  const entry = { tracker, label }
  state.trackers.add(entry)
  return () => {
    state.trackers.delete(entry)
  }
}

/** Runs `hook` (e.g. clearing a live display) before a signal's message is printed; returns an unregister. */
export const onSignalMessage = (hook: () => void): (() => void) => {
  state.hooks.add(hook)
  return () => {
    state.hooks.delete(hook)
  }
}

/** Groups that started and did not finish cleaning up, in start order. */
export const unfinished = (): ReadonlyArray<string> => {
  const pending = [...state.trackers].flatMap(({ label, tracker }) => tracker.pending().map((group) => named(label, group)))
  return [...new Set([...pending, ...state.open])]
}

const runHooks = () => {
  for (const hook of state.hooks) {
    try {
      hook()
    } catch {
      // the display is going away anyway
    }
  }
}

const abandonedLine = (reason: string): string => {
  const left = unfinished()
  return left.length === 0
    ? pc.yellow(`Cleanup abandoned (${reason}); every started group had finished cleaning up.`)
    : pc.red(
      `Cleanup abandoned (${reason}). ${left.length} group${left.length === 1 ? "" : "s"} did not finish cleaning up ` +
        `(after_test incomplete; resources may be left on the server): ${left.join(", ")}`
    )
}

/** The last resort: the run did not end in time; say what may be left behind and exit. */
const exitNow = (reason: string): void => {
  runHooks()
  stderr(abandonedLine(reason))
  process.exit(ExitCode.interrupted)
}

const startTimer = (ms: number, reason: string) => {
  if (state.timer !== undefined) clearTimeout(state.timer)
  state.timer = setTimeout(() => exitNow(reason), ms)
  state.timer.unref()
}

const duringRun = (cleanupTimeoutMs: number, abandon: (reason: string) => void): SignalHandler => (signal, count) => {
  runHooks()
  if (count > 1) {
    const reason = `second ${signal}`
    stderr(abandonedLine(reason))
    abandon(reason)
    startTimer(graceMs, `the run did not end ${graceMs / 1_000}s after the ${reason}`)
    return
  }
  const cleaning = unfinished().length
  stderr(
    pc.yellow(
      `\n${signal}: stopping the run; after_test runs for ${cleaning} started group${cleaning === 1 ? "" : "s"} ` +
        `(up to ${Math.round(cleanupTimeoutMs / 1_000)}s each). Press Ctrl-C again to abandon cleanup.`
    )
  )
  startTimer(
    cleanupTimeoutMs + graceMs,
    `cleanup still running ${Math.round((cleanupTimeoutMs + graceMs) / 1_000)}s after ${signal}`
  )
}

/**
 * Handles SIGINT and SIGTERM as described above for the life of the scope (the runtime's own
 * listeners interrupt the main fiber). Returns what the engine waits on to abandon cleanup. A
 * signal that arrived before (while loading) counts: the run is then already interrupted.
 */
export const install = (cleanupTimeoutMs: number): Effect.Effect<Effect.Effect<string>, never, Scope.Scope> =>
  Effect.gen(function*() {
    const abandoned = yield* Deferred.make<string>()
    const abandon = (reason: string) => Deferred.doneUnsafe(abandoned, Effect.succeed(reason))
    yield* Effect.acquireRelease(
      Effect.sync(() => {
        installProcessGuards() // already done by the launcher; here for the CLI used as a library
        return setSignalHandler(duringRun(cleanupTimeoutMs, abandon))
      }),
      () =>
        Effect.sync(() => {
          // The run is over and its exit code decided: a late signal changes nothing.
          setSignalHandler(() => {})
          if (state.timer !== undefined) clearTimeout(state.timer)
        })
    )
    if (signalCount() > 1) abandon("second signal")
    return Deferred.await(abandoned)
  })
