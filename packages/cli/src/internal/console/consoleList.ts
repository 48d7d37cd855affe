import type { Display, DisplayOptions } from "./consoleDisplay.ts"
import { failsRun, runStartedLine, stepLines, summaryLines } from "./consoleFormat.ts"

/**
 * One line per finished step and a summary: plain, log-friendly output with no animation, the same
 * in CI logs and pipes. `quiet` prints only the steps that fail the run, and the summary.
 */
export const make = (options: DisplayOptions): Display => {
  const { detail, verdict, writeLine } = options
  return {
    name: "list",
    apiVersion: 1,
    onRunStart: (run) => {
      if (detail !== "quiet") writeLine(runStartedLine(run))
    },
    onStepEnd: (result) => {
      if (detail === "quiet" && !failsRun(result, verdict)) return
      for (const line of stepLines(result, detail)) writeLine(line)
    },
    onRunEnd: (summary) => {
      for (const line of summaryLines(summary, detail)) writeLine(line)
    },
    close: () => {}
  }
}
