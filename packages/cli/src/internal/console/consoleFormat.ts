import type * as RunEvent from "@s3tester/core/RunEvent"
import type * as RunResult from "@s3tester/core/RunResult"
import { pc } from "./colors.ts"
import { traceLines } from "./consoleTrace.ts"
import { counted, formatMs } from "./wording.ts"

/** What the console prints: every step, only what fails the run, or every step with its attempts. */
export type Detail = "quiet" | "normal" | "verbose"

export const symbols: Record<RunResult.Outcome, string> = {
  passed: pc.green("✓"),
  failed: pc.red("✗"),
  errored: pc.red("!"),
  skipped: pc.dim("-"),
  unsupported: pc.yellow("?"),
  known: pc.cyan("~"),
  fixed: pc.magenta("+")
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
    case "known":
      return pc.cyan("known")
    case "fixed":
      return pc.magenta(pc.bold("FIXED"))
  }
}



/** `1m 05s`, `12s`: a running clock. */
export const formatElapsed = (ms: number): string => {
  const seconds = Math.floor(ms / 1_000)
  const minutes = Math.floor(seconds / 60)
  return minutes > 0 ? `${minutes}m ${String(seconds % 60).padStart(2, "0")}s` : `${seconds}s`
}

/** `3 passed, 1 failed, 0 errored, 0 skipped, 0 unsupported`: the closing line CI tools read. */
export const countsLine = (counts: RunResult.Counts): string =>
  `${counts.passed} passed, ${counts.failed} failed, ${counts.errored} errored, ${counts.skipped} skipped, ${counts.unsupported} unsupported` +
  ((counts.known ?? 0) > 0 ? `, ${counts.known} known` : "") +
  ((counts.fixed ?? 0) > 0 ? `, ${counts.fixed} fixed` : "") +
  (counts.flaky > 0 ? `, ${counts.flaky} flaky` : "")

/** What decides the exit code, so `--quiet` shows exactly the steps that fail the run. */
export interface Verdict {
  readonly strict: boolean
  readonly failOnFlaky: boolean
  /** `--strict-profile`: a `fixed` check (stale profile entry) fails the run. */
  readonly strictProfile?: boolean
}

/** `true` for a step that makes the run fail under `verdict`. */
export const failsRun = (result: RunResult.StepResult, verdict: Verdict): boolean =>
  result.outcome === "failed" || result.outcome === "errored" ||
  (verdict.strict && result.outcome === "unsupported") ||
  (verdict.strictProfile === true && result.outcome === "fixed") ||
  (verdict.failOnFlaky && result.flaky === true)

/** `true` for a step worth a line even when the display only shows problems (progress, dot). */
export const isNoteworthy = (result: RunResult.StepResult): boolean =>
  result.outcome === "failed" || result.outcome === "errored" || result.outcome === "unsupported" ||
  result.outcome === "fixed" ||
  result.flaky === true

/**
 * `  ✓ group > phase > Op [cred] passed 12ms`, then the redacted message and the source position
 * for a step that did not pass. `verbose` adds the attempts and the request id, and the trace
 * (what was sent and received) of a step that did not pass, when the run kept one (`--trace`).
 */
export const stepLines = (result: RunResult.StepResult, detail: Detail): ReadonlyArray<string> => {
  const title = `${result.group} > ${result.phase} > ${result.name}`
  const credential = result.credential === "" ? "" : pc.dim(` [${result.credential}]`)
  const flaky = result.flaky === true ? ` ${pc.yellow("(flaky)")}` : ""
  const extra: Array<string> = []
  if (detail === "verbose") {
    extra.push(`${result.attempts} attempt${result.attempts === 1 ? "" : "s"}`)
    if (result.actual?.requestId !== undefined) extra.push(`request id ${result.actual.requestId}`)
    if (result.actual?.httpStatus !== undefined) extra.push(`HTTP ${result.actual.httpStatus}`)
  }
  const suffix = extra.length === 0 ? "" : ` ${pc.dim(`(${extra.join(", ")})`)}`
  const lines = [
    `  ${symbols[result.outcome]} ${title}${credential} ${outcomeWord(result.outcome)}${flaky} ${
      pc.dim(formatMs(result.durationMs))
    }${suffix}`
  ]
  if (result.outcome !== "passed" && result.message !== undefined) {
    for (const line of result.message.split("\n")) lines.push(`      ${line}`)
  }
  if (detail === "verbose" && result.attemptLog !== undefined) {
    result.attemptLog.forEach((attempt, index) => {
      const what = [attempt.outcome, attempt.errorCode, attempt.httpStatus === undefined ? undefined : `HTTP ${attempt.httpStatus}`]
        .filter((part) => part !== undefined)
        .join(" ")
      lines.push(pc.dim(`      attempt ${index + 1}: ${what} ${formatMs(attempt.durationMs)}`))
    })
  }
  if (detail === "verbose" && result.trace !== undefined && result.outcome !== "passed" && result.outcome !== "skipped") {
    lines.push(...traceLines(result.trace))
  }
  if ((result.outcome === "failed" || result.outcome === "errored") && result.source !== undefined) {
    lines.push(pc.dim(`      at ${result.source.file}:${result.source.line}:${result.source.column}`))
  }
  return lines
}

/**
 * The closing lines of one run: each group whose after_test did not fully pass (resources may be
 * left behind), with its first failing cleanup step (`cleanup failed: <group>: <step>: <error>`),
 * an interruption note, then the counts; `verbose` adds the latency per operation first (the
 * summary's statistics: the figures the JSON and HTML reports show). A cleanup step the server
 * answered NotImplemented (unsupported: it has no such feature, so nothing of it to undo) is named
 * apart, in yellow, when it is all that did not pass in a group's cleanup: a step after it that
 * needed its work fails on its own, and then the group's cleanup failed.
 */
export const summaryLines = (summary: RunResult.Summary, detail: Detail = "normal"): ReadonlyArray<string> => {
  type Failure = NonNullable<RunResult.Summary["statistics"]>["failures"][number]
  const byGroup = new Map<string, Array<Failure>>()
  for (const failure of summary.statistics?.failures ?? []) {
    if (failure.phase !== "after_test") continue
    const list = byGroup.get(failure.group)
    if (list === undefined) byGroup.set(failure.group, [failure])
    else list.push(failure)
  }
  const lines: Array<string> = []
  let failedGroups = 0
  for (const [group, failures] of byGroup) {
    const failed = failures.filter((failure) => failure.outcome !== "unsupported")
    const shown = failed[0] ?? failures[0]!
    const more = failures.length - 1
    const message = (shown.message ?? shown.outcome).split("\n")[0]
    const rest = more === 0 ? "" : ` (and ${more} more after_test step${more === 1 ? "" : "s"})`
    if (failed.length > 0) failedGroups++
    lines.push(
      failed.length > 0
        ? pc.red(`cleanup failed: ${group}: ${shown.name}: ${message}${rest}`)
        : pc.yellow(`cleanup step unsupported: ${group}: ${shown.name}: ${message}${rest}`)
    )
  }
  return [
    ...(detail === "verbose" ? latencyLines(summary) : []),
    ...lines,
    ...(!summary.interrupted
      ? []
      : failedGroups === 0
      ? [pc.yellow("Interrupted: cleanup ran for every started group.")]
      : [pc.red(`Interrupted: cleanup did not fully pass for ${failedGroups} group${failedGroups === 1 ? "" : "s"} (resources may be left on the server).`)]),
    `${countsLine(summary.counts)} (${counted(summary.counts.total, "step")}) in ${formatMs(summary.durationMs)}`
  ]
}

/** `latency GetObject: 3 answered, min 1.2 p50 2.5 p95 4.1 p99 4.1 max 4.1 ms` per operation with answers. */
const latencyLines = (summary: RunResult.Summary): ReadonlyArray<string> =>
  (summary.statistics?.operations ?? []).flatMap(({ latency, operation }) =>
    latency === undefined ? [] : [
      pc.dim(
        `latency ${operation}: ${latency.count} answered, min ${latency.min} p50 ${latency.p50} p95 ${latency.p95} ` +
          `p99 ${latency.p99} max ${latency.max} ms`
      )
    ]
  )

/** `Running 21 steps in 2 groups`: the first line of every mode (the header above it names the target). */
export const runStartedLine = (event: Extract<RunEvent.RunEvent, { readonly _tag: "RunStarted" }>): string =>
  pc.dim(`Running ${counted(event.totalSteps, "step")} in ${counted(event.groups.length, "group")}`)
