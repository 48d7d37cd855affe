/**
 * What the Markdown and HTML matrices share: the outcome symbols and their legend, how a pass
 * rate, an area cell and a duration are written, the runs table's cells and the declared deviations.
 *
 * A cell reads `90.9% · 40✓ 3≈ 4✗`: the pass rate first, so a column can be scanned by it, then
 * the non-zero counts with the same symbols the check table uses (one legend for both tables).
 * Counts in words (`40 passed, 3 known, 4 failed`) would make each column three times as wide, and
 * a README table with several targets would wrap into unreadable lines.
 *
 * @internal
 */
import type * as RunResult from "@s3tester/core/RunResult"
import type { Cell, CheckResult, CheckRow, Matrix, Run, TargetColumn } from "../Matrix.ts"
import type * as Read from "./matrixRead.ts"

/** How the pass rate is computed (Matrix.passRateFormula). */
export const passRateFormula = "pass rate = passed / (passed + failed + errored)" as const

/**
 * The outcomes in the order the matrix shows them (Matrix.outcomeOrder): what passes, the declared
 * deviations, what fails, then what says nothing about the server.
 */
export const order: ReadonlyArray<RunResult.Outcome> = ["passed", "known", "failed", "errored", "unsupported", "skipped", "fixed"]

export const symbols: Readonly<Record<RunResult.Outcome, string>> = {
  passed: "✓",
  known: "≈",
  failed: "✗",
  errored: "⚠",
  unsupported: "∅",
  skipped: "○",
  fixed: "↑"
}

const meanings: Readonly<Record<RunResult.Outcome, string>> = {
  passed: "passed",
  known: "known (deviates as the profile declares)",
  failed: "failed",
  errored: "errored (no usable answer)",
  unsupported: "unsupported (501 NotImplemented)",
  skipped: "skipped",
  fixed: "fixed (the profile declares a deviation that did not happen)"
}

/** `✓ passed · ≈ known (...) · ...` and what an empty cell means. */
export const legend: ReadonlyArray<{ readonly symbol: string; readonly meaning: string }> = [
  ...order.map((o) => ({ symbol: symbols[o], meaning: meanings[o] })),
  { symbol: "·", meaning: "not run on that target" }
]

export const notRun = "·"

/**
 * `90.9%`, rounded to one decimal, except that a rate below 1 never shows as 100.0% and a rate
 * above 0 never as 0.0% (one failure in a thousand checks must not disappear); `n/a` for null.
 */
export const rateText = (rate: number | null): string => {
  if (rate === null) return "n/a"
  const tenths = Math.min(rate < 1 ? 999 : 1000, Math.max(rate > 0 ? 1 : 0, Math.round(rate * 1000)))
  return `${(tenths / 10).toFixed(1)}%`
}

/** The legend in one line. */
export const legendText = legend.map((l) => `${l.symbol} ${l.meaning}`).join("; ")

/** `40✓ 3≈ 4✗` (non-zero counts in the matrix's order), or `none` for an empty cell. */
export const countsText = (cell: Cell): string => {
  const parts = order.flatMap((o) => cell.counts[o] === 0 ? [] : [`${cell.counts[o]}${symbols[o]}`])
  return parts.length === 0 ? "none" : parts.join(" ")
}

/** `90.9% · 40✓ 3≈ 4✗`; a cell without checks is `·`. */
export const cellText = (cell: Cell): string =>
  cell.counts.total === 0 ? notRun : `${rateText(cell.passRate)} · ${countsText(cell)}`

/** `1 m 05 s`, `4.2 s`, `850 ms`. */
export const durationText = (ms: number): string => {
  if (ms < 1_000) return `${Math.round(ms)} ms`
  if (ms < 60_000) return `${(ms / 1_000).toFixed(1)} s`
  const seconds = Math.round(ms / 1_000)
  return `${Math.floor(seconds / 60)} m ${String(seconds % 60).padStart(2, "0")} s`
}

/** `2026-12-01 22:29 UTC`, or the text as given when it is not a date. */
export const dateText = (iso: string): string => {
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return iso
  return `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`
}

/** `a1b2c3d4` or `a1b2c3d4 (shard 1/2)`. */
export const runText = (run: Run): string =>
  `${run.id}${run.shard === undefined ? "" : ` (shard ${run.shard.index}/${run.shard.total})`}${run.interrupted ? " (interrupted)" : ""}`

/** The date span of the matrix's runs: `2026-12-01 22:29 UTC` or `from ... to ...`. */
export const periodText = (matrix: Matrix): string => {
  const starts = matrix.targets.flatMap((t) => t.runs.map((r) => r.startedAt)).sort()
  if (starts.length === 0) return "no runs"
  const first = dateText(starts[0]!)
  const last = dateText(starts.at(-1)!)
  return first === last ? first : `from ${first} to ${last}`
}

/** The runs table's header, a column per value of `runCells`. */
export const runColumns: ReadonlyArray<string> = ["Target", "Endpoint", "Profile", "Run ids", "Started", "Duration", "Pass rate"]

/** A target's row of the runs table, as plain text (each format escapes it). */
export const runCells = (target: TargetColumn): ReadonlyArray<string> => [
  target.name,
  target.endpoint,
  target.profile ?? "none",
  target.runs.map(runText).join(", "),
  target.runs.length === 0 ? "" : dateText(target.runs[0]!.startedAt),
  durationText(target.durationMs),
  rateText(target.totals.passRate)
]

export interface DeclaredDeviation {
  readonly check: CheckRow
  readonly target: TargetColumn
  readonly result: CheckResult
  readonly deviation: Read.ReportDeviation
}

/** Every result that a profile declared a deviation for, check by check, target by target. */
export const declaredDeviations = (matrix: Matrix): ReadonlyArray<DeclaredDeviation> =>
  matrix.checks.flatMap((check) =>
    check.results.flatMap((result, i) =>
      result?.deviation === undefined ? [] : [{ check, target: matrix.targets[i]!, result, deviation: result.deviation }]
    )
  )
