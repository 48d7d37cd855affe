import type * as RunEvent from "@s3tester/core/RunEvent"
import type { Display, DisplayOptions } from "./consoleDisplay.ts"
import { failsRun, runStartedLine, stepLines, summaryLines } from "./consoleFormat.ts"

/**
 * One line per finished step and a summary: plain, log-friendly output with no animation, the same
 * in CI logs and pipes. `quiet` prints only the steps that fail the run, and the summary.
 */
export const make = (options: DisplayOptions): Display => {
  const { detail, verdict, writeLine } = options
  const event = (event: RunEvent.RunEvent): void => {
    switch (event._tag) {
      case "RunStarted":
        if (detail !== "quiet") {
          writeLine(runStartedLine(event))
        }
        return
      case "StepFinished":
        if (detail === "quiet" && !failsRun(event.result, verdict)) return
        for (const line of stepLines(event.result, detail)) writeLine(line)
        return
      case "GroupStarted":
      case "GroupFinished":
        return
      case "RunFinished":
        for (const line of summaryLines(event.summary)) writeLine(line)
        return
    }
  }
  return { event, close: () => {} }
}
