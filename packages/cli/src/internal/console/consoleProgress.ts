import * as RunResult from "@s3tester/core/RunResult"
import type * as LogUpdate from "log-update"
import { pc } from "./colors.ts"
import type { Display, DisplayOptions } from "./consoleDisplay.ts"
import { failsRun, formatElapsed, isNoteworthy, runStartedLine, stepLines, summaryLines } from "./consoleFormat.ts"

const barWidth = 24
/** How often the live display is redrawn: events only update counters, so a fast run costs no more. */
export const refreshMs = 100

export interface ProgressState {
  readonly total: number
  readonly counts: RunResult.Counts
  readonly running: ReadonlyArray<string>
  readonly elapsedMs: number
  readonly columns: number
}

/** The live frame: an overall bar with counts and the clock, then the running groups. */
export const frame = (state: ProgressState): string => {
  const done = state.counts.total
  const ratio = state.total === 0 ? 1 : Math.min(1, done / state.total)
  const filled = Math.round(ratio * barWidth)
  const bar = pc.green("█".repeat(filled)) + pc.dim("░".repeat(barWidth - filled))
  const { counts } = state
  const tallies = [
    pc.green(`✓ ${counts.passed}`),
    counts.failed > 0 ? pc.red(`✗ ${counts.failed} failed`) : `✗ 0 failed`,
    counts.errored > 0 ? pc.red(`! ${counts.errored} errored`) : undefined,
    counts.skipped > 0 ? pc.dim(`- ${counts.skipped} skipped`) : undefined,
    counts.unsupported > 0 ? pc.yellow(`? ${counts.unsupported} unsupported`) : undefined
  ].filter((part) => part !== undefined)
  const head = `${bar} ${done}/${state.total} steps  ${tallies.join("  ")}  ${pc.dim(formatElapsed(state.elapsedMs))}`
  if (state.running.length === 0) return head
  const label = `running (${state.running.length}): `
  const room = Math.max(20, state.columns - label.length - 12)
  let names = ""
  let shown = 0
  for (const name of state.running) {
    const next = names === "" ? name : `${names}, ${name}`
    if (next.length > room) break
    names = next
    shown += 1
  }
  const more = state.running.length - shown
  return `${head}\n${pc.dim(label)}${names}${more > 0 ? pc.dim(` +${more} more`) : ""}`
}

/**
 * The interactive display: the live frame stays at the bottom of the terminal (redrawn in place by
 * log-update) and the steps worth reading (failed, errored, unsupported, flaky; every step with
 * `--verbose`) are printed above it as they finish; the summary closes it. Used only on a TTY.
 */
export const make = (options: DisplayOptions, stream: NodeJS.WriteStream = process.stdout): Display => {
  const { detail, verdict } = options
  const animate = options.animate !== false
  // log-update (and the terminal-width packages under it) is imported when a live display is made,
  // not by every command that imports the console (help among them); until it is there, a frame
  // waits for the next tick (nothing drawn, nothing to erase).
  let live: ReturnType<typeof LogUpdate.createLogUpdate> | undefined
  if (animate) void import("log-update").then(({ createLogUpdate }) => (live = createLogUpdate(stream)))
  let total = 0
  let counts = RunResult.emptyCounts()
  const running: Array<string> = []
  let startedAt = Date.now()
  let timer: ReturnType<typeof setInterval> | undefined

  const render = () => {
    if (timer === undefined || live === undefined) return
    live(frame({ total, counts, running, elapsedMs: Date.now() - startedAt, columns: stream.columns ?? 80 }))
  }
  const stop = () => {
    if (timer === undefined) return
    clearInterval(timer)
    timer = undefined
    live?.clear()
    live?.done()
  }
  /**
   * Prints lines above the live frame: erase the frame, write the lines ourselves (log-update would
   * clip them to the terminal's height, and lose them on a terminal that reports no size), redraw.
   */
  const persist = (lines: ReadonlyArray<string>) => {
    if (lines.length === 0) return
    if (!animate) {
      for (const line of lines) options.writeLine(line)
      return
    }
    if (timer !== undefined) live?.clear()
    stream.write(`${lines.join("\n")}\n`)
    render()
  }

  return {
    name: "progress",
    apiVersion: 1,
    onRunStart: (run) => {
      total = run.totalSteps
      counts = RunResult.emptyCounts()
      startedAt = Date.now()
      if (detail === "quiet" || !animate) {
        if (detail !== "quiet") persist([runStartedLine(run)])
        return
      }
      timer = setInterval(render, refreshMs)
      timer.unref()
      persist([runStartedLine(run)])
    },
    onGroupStart: ({ group }) => {
      running.push(group)
    },
    onGroupEnd: (result) => {
      const at = running.indexOf(result.name)
      if (at >= 0) running.splice(at, 1)
    },
    onStepEnd: (result) => {
      counts = RunResult.addOutcome(counts, result.outcome, result.flaky === true)
      const show = detail === "quiet" ? failsRun(result, verdict) : detail === "verbose" || isNoteworthy(result)
      if (show) persist(stepLines(result, detail))
    },
    onRunEnd: (summary) => {
      stop()
      persist(summaryLines(summary, detail))
    },
    close: stop
  }
}
