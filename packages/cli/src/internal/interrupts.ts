/**
 * Ctrl-C. The runtime (NodeRuntime.runMain) turns the first SIGINT or SIGTERM into an interruption
 * of the main fiber: running steps are aborted, every started group's after_test runs (the engine
 * bounds it by the cleanup timeout), reporters get RunFinished and the process exits 130.
 *
 * This module adds what the runtime does not do: it says what is happening, and a second signal
 * (or the cleanup taking longer than the engine's bound plus a grace period) abandons cleanup at
 * once: it prints which groups did not finish cleaning up and exits 130. Which groups those are
 * comes from the engine's cleanup tracker (a group leaves it when its after_test is over) and, for
 * groups the tracker does not know, from the events (a group whose GroupFinished never arrived).
 */
import type { Engine, RunEvent } from "@s3tester/core"
import { Effect } from "effect"
import type { Scope } from "effect"
import { pcErr as pc } from "./colors.ts"
import { ExitCode } from "./ExitCode.ts"

/** Time allowed after the engine's cleanup bound for the summary and reports to be written. */
export const graceMs = 10_000

interface State {
  signals: number
  /** Groups started (GroupStarted seen) whose GroupFinished has not arrived. */
  readonly open: Set<string>
  readonly hooks: Set<() => void>
  tracker: Engine.CleanupTracker | undefined
  timer: ReturnType<typeof setTimeout> | undefined
}

const state: State = { signals: 0, open: new Set(), hooks: new Set(), tracker: undefined, timer: undefined }

const stderr = (line: string) => {
  process.stderr.write(`${line}\n`)
}

/** Follows the run's events (called by the console reporter for each one, in order). */
export const track = (event: RunEvent.RunEvent): void => {
  if (event._tag === "GroupStarted") state.open.add(event.group)
  else if (event._tag === "GroupFinished") state.open.delete(event.result.name)
}

/** Uses the engine's view of which groups are still cleaning up (set for each engine run). */
export const useTracker = (tracker: Engine.CleanupTracker): void => {
  state.tracker = tracker
}

/** Runs `hook` (e.g. clearing a live display) before an abandoned run exits; returns an unregister. */
export const onAbandon = (hook: () => void): (() => void) => {
  state.hooks.add(hook)
  return () => {
    state.hooks.delete(hook)
  }
}

/** Groups that started and did not finish cleaning up, in start order. */
export const unfinished = (): ReadonlyArray<string> => {
  const pending = state.tracker?.pending() ?? []
  return [...new Set([...pending, ...state.open])]
}

const abandon = (reason: string): void => {
  for (const hook of state.hooks) {
    try {
      hook()
    } catch {
      // the display is going away anyway
    }
  }
  const left = unfinished()
  stderr(
    left.length === 0
      ? pc.yellow(`Cleanup abandoned (${reason}); every started group had finished cleaning up.`)
      : pc.red(
        `Cleanup abandoned (${reason}). ${left.length} group${left.length === 1 ? "" : "s"} did not finish cleaning up ` +
          `(after_test incomplete; resources may be left on the server): ${left.join(", ")}`
      )
  )
  process.exit(ExitCode.interrupted)
}

const onSignal = (cleanupTimeoutMs: number) => (signal: NodeJS.Signals): void => {
  state.signals += 1
  if (state.signals > 1) return abandon(`second ${signal}`)
  const cleaning = unfinished().length
  stderr(
    pc.yellow(
      `\n${signal}: stopping the run; after_test runs for ${cleaning} started group${cleaning === 1 ? "" : "s"} ` +
        `(up to ${Math.round(cleanupTimeoutMs / 1_000)}s each). Press Ctrl-C again to abandon cleanup.`
    )
  )
  state.timer = setTimeout(
    () => abandon(`cleanup still running ${Math.round((cleanupTimeoutMs + graceMs) / 1_000)}s after ${signal}`),
    cleanupTimeoutMs + graceMs
  )
  state.timer.unref()
}

/**
 * Listens to SIGINT and SIGTERM for the life of the scope (next to the runtime's own listeners,
 * which interrupt the main fiber).
 */
export const install = (cleanupTimeoutMs: number): Effect.Effect<void, never, Scope.Scope> =>
  Effect.acquireRelease(
    Effect.sync(() => {
      const listener = onSignal(cleanupTimeoutMs)
      process.on("SIGINT", listener)
      process.on("SIGTERM", listener)
      return listener
    }),
    (listener) =>
      Effect.sync(() => {
        process.removeListener("SIGINT", listener)
        process.removeListener("SIGTERM", listener)
        if (state.timer !== undefined) clearTimeout(state.timer)
      })
  ).pipe(Effect.asVoid)
