import type * as RunEvent from "@s3tester/core/RunEvent"
import * as Effect from "effect/Effect"
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

/**
 * The display of a mode, writing to `options`' writers: for wrapping the console modes as reporter
 * objects (`--reporter list|dot`).
 */
export const display = (mode: Mode, options: DisplayOptions): Display => {
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

/**
 * The console reporter of `s3tester run`: shows run events in the chosen mode on stdout, and keeps
 * the interrupt handler informed of which groups started and finished (a group whose GroupFinished
 * never arrived did not finish its cleanup).
 */
export const makeConsole = (options: ConsoleOptions) => {
  const shown = display(options.mode, { detail: options.detail, verdict: options.verdict, ...stdoutWriters })
  const unregister = Interrupts.onSignalMessage(() => shown.close())
  const onEvent = (event: RunEvent.RunEvent): Effect.Effect<void> =>
    Effect.sync(() => {
      Interrupts.track(event)
      shown.event(event)
      if (event._tag === "RunFinished") unregister()
    })
  const close = Effect.sync(() => {
    unregister()
    shown.close()
  })
  return { onEvent, close } as const
}

/** The `list` console with default detail, writing lines with `writeLine` (kept for reporter wrappers). */
export const make = (writeLine: (line: string) => void) => {
  const shown = ConsoleList.make({
    detail: "normal",
    verdict: { strict: false, failOnFlaky: false },
    writeLine,
    write: (text) => writeLine(text.replace(/\n$/, ""))
  })
  const onEvent = (event: RunEvent.RunEvent): Effect.Effect<void> => Effect.sync(() => shown.event(event))
  return { onEvent } as const
}
