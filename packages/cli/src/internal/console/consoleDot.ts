import type * as RunResult from "@s3tester/core/RunResult"
import { pc } from "./colors.ts"
import type { Display, DisplayOptions } from "./consoleDisplay.ts"
import { failsRun, isNoteworthy, runStartedLine, stepLines, summaryLines } from "./consoleFormat.ts"

const dots: Record<RunResult.Outcome, string> = {
  passed: pc.green("·"),
  failed: pc.red("F"),
  errored: pc.red("E"),
  skipped: pc.dim("°"),
  unsupported: pc.yellow("?"),
  known: pc.cyan("k"),
  fixed: pc.magenta("X")
}

/** Characters per line, so a long run stays readable in a CI log. */
export const dotsPerLine = 80

/**
 * One character per step (`·` passed, `F` failed, `E` errored, `°` skipped, `?` unsupported, `±`
 * flaky), then the steps that did not pass in full, then the summary: Playwright's `dot`, for long
 * runs in CI logs. Only the results worth printing are kept, not every result.
 */
export const make = (options: DisplayOptions): Display => {
  const { detail, verdict, writeLine, write } = options
  let column = 0
  const problems: Array<RunResult.StepResult> = []
  const endLine = () => {
    if (column > 0) write("\n")
    column = 0
  }
  return {
    name: "dot",
    apiVersion: 1,
    onRunStart: (run) => {
      if (detail !== "quiet") writeLine(runStartedLine(run))
    },
    onStepEnd: (result) => {
      const keep = detail === "quiet" ? failsRun(result, verdict) : detail === "verbose" || isNoteworthy(result)
      if (keep) problems.push(result)
      if (detail === "quiet") return
      write(result.flaky === true ? pc.yellow("±") : dots[result.outcome])
      column += 1
      if (column >= dotsPerLine) endLine()
    },
    onRunEnd: (summary) => {
      endLine()
      if (problems.length > 0 && detail !== "quiet") writeLine("")
      for (const result of problems) for (const line of stepLines(result, detail)) writeLine(line)
      problems.length = 0
      for (const line of summaryLines(summary, detail)) writeLine(line)
    },
    close: endLine
  }
}
