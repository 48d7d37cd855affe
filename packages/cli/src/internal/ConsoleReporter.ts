import type { RunEvent, RunResult } from "@s3tester/core"
import { Effect } from "effect"
import pc from "picocolors"

const symbols: Record<RunResult.Outcome, string> = {
  passed: pc.green("✓"),
  failed: pc.red("✗"),
  errored: pc.red("!"),
  skipped: pc.dim("-"),
  unsupported: pc.yellow("?")
}

const outcomeWord = (outcome: RunResult.Outcome): string => {
  switch (outcome) {
    case "passed":
      return pc.green("passed")
    case "failed":
      return pc.red(pc.bold("FAILED"))
    case "errored":
      return pc.red(pc.bold("ERRORED"))
    case "skipped":
      return pc.dim("skipped")
    case "unsupported":
      return pc.yellow("unsupported")
  }
}

const formatMs = (ms: number): string => (ms >= 1_000 ? `${(ms / 1_000).toFixed(2)}s` : `${Math.round(ms)}ms`)

/** `3 passed, 1 failed, 0 errored, 0 skipped, 0 unsupported`: the closing line CI tools read. */
export const countsLine = (counts: RunResult.Counts): string =>
  `${counts.passed} passed, ${counts.failed} failed, ${counts.errored} errored, ${counts.skipped} skipped, ${counts.unsupported} unsupported`

const stepLine = (result: RunResult.StepResult): ReadonlyArray<string> => {
  const title = `${result.group} > ${result.phase} > ${result.name}`
  const credential = result.credential === "" ? "" : pc.dim(` [${result.credential}]`)
  const lines = [`  ${symbols[result.outcome]} ${title}${credential} ${outcomeWord(result.outcome)} ${pc.dim(formatMs(result.durationMs))}`]
  if (result.outcome !== "passed" && result.message !== undefined) {
    for (const line of result.message.split("\n")) lines.push(`      ${line}`)
  }
  if ((result.outcome === "failed" || result.outcome === "errored") && result.source !== undefined) {
    lines.push(pc.dim(`      at ${result.source.file}:${result.source.line}:${result.source.column}`))
  }
  return lines
}

/**
 * Prints one line per finished step and a summary: the plain, log-friendly console output (no
 * animation, so it reads the same in CI logs and pipes). Colours follow picocolors' rules
 * (NO_COLOR, FORCE_COLOR, a TTY).
 */
export const make = (write: (line: string) => void) => {
  const onEvent = (event: RunEvent.RunEvent): Effect.Effect<void> =>
    Effect.sync(() => {
      switch (event._tag) {
        case "RunStarted":
          write(pc.dim(`Running ${event.totalSteps} steps in ${event.groups.length} groups against ${event.endpoint}`))
          return
        case "StepFinished":
          for (const line of stepLine(event.result)) write(line)
          return
        case "GroupStarted":
        case "GroupFinished":
          return
        case "RunFinished": {
          const { summary } = event
          if (summary.interrupted) write(pc.yellow("Interrupted: cleanup ran for every started group."))
          write(`${countsLine(summary.counts)} (${summary.counts.total} steps) in ${formatMs(summary.durationMs)}`)
          return
        }
      }
    })
  return { onEvent } as const
}
