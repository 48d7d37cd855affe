import type { Display, DisplayOptions, Mode } from "./consoleDisplay.ts"
import * as ConsoleDot from "./consoleDot.ts"
import type { Detail, Verdict } from "./consoleFormat.ts"
import * as ConsoleList from "./consoleList.ts"
import * as ConsoleProgress from "./consoleProgress.ts"
import * as Interrupts from "../interrupts.ts"

export { countsLine } from "./consoleFormat.ts"

/** `true` when the `CI` variable is set to anything but `false`/`0` (GitHub, GitLab, Jenkins... set it). */
export const isCI = (env: Readonly<Record<string, string | undefined>>): boolean => {
  const value = env.CI
  return value !== undefined && value !== "" && value !== "false" && value !== "0"
}

/**
 * The console mode: the one asked for, else `progress` on an interactive terminal (stdout is a TTY
 * that reports its size, `CI` unset, `TERM` not `dumb`) and `list` anywhere else (pipes, files, CI
 * logs). `progress` is never used where it cannot animate: asked for on a pipe, it is `list`.
 */
export const chooseMode = (
  requested: Mode | undefined,
  env: Readonly<Record<string, string | undefined>>,
  stdoutIsTTY: boolean
): Mode => {
  const interactive = stdoutIsTTY && !isCI(env) && env.TERM !== "dumb"
  if (requested === "progress") return interactive ? "progress" : "list"
  // Issue 5's defaults: a live display on a terminal, dots in CI (short logs), lines in a pipe.
  return requested ?? (interactive ? "progress" : isCI(env) ? "dot" : "list")
}

export interface ConsoleOptions {
  readonly mode: Mode
  readonly detail: Detail
  readonly verdict: Verdict
}

/** The display of a mode, writing to `options`' writers. */
const display = (mode: Mode, options: DisplayOptions): Display => {
  switch (mode) {
    case "list":
      return ConsoleList.make(options)
    case "dot":
      return ConsoleDot.make(options)
    case "progress":
      return ConsoleProgress.make(options)
  }
}

const stdoutWriters = {
  writeLine: (line: string) => {
    process.stdout.write(`${line}\n`)
  },
  write: (text: string) => {
    process.stdout.write(text)
  }
}

/** Where a console writes: stdout, or a file's lane when several files run at once (FileLanes.ts). */
export type ConsoleWriters = Pick<DisplayOptions, "writeLine" | "write" | "animate">

/** A console mode as a reporter, plus `close` (removes a live display left by a run that did not finish). */
export type ConsoleReporter = Display

/**
 * A console mode as a {@link Reporter.Reporter} writing to stdout: it shows the run's events in
 * that mode, and clears a live display before a signal's message is printed.
 */
export const consoleReporter = (
  options: ConsoleOptions,
  writers: ConsoleWriters = stdoutWriters
): ConsoleReporter => {
  const shown = display(options.mode, { detail: options.detail, verdict: options.verdict, ...writers })
  const unregister = Interrupts.onSignalMessage(() => shown.close())
  return {
    ...shown,
    onRunEnd: (summary) => {
      shown.onRunEnd?.(summary)
      unregister()
    },
    close: () => {
      unregister()
      shown.close()
    }
  }
}
