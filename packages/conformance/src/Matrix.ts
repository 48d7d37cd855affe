/**
 * The compatibility matrix: the JSON reports (version 2) of conformance runs on several targets,
 * as area x target counts with a pass rate, and check x target outcomes; written as Markdown (for
 * a README), as JSON (for tools) and as one self-contained HTML page.
 *
 * The counting unit is the check (a report's groups with an `id`); other groups are left out. Two
 * reports of the same target (shards, or a re-run of some areas) are merged: their checks are
 * united, and a check in both takes the worse outcome (the engine's order: errored, failed, fixed,
 * unsupported, skipped, known, passed).
 *
 * The pass rate is passed / (passed + failed + errored): `known` (a declared deviation),
 * `unsupported`, `skipped` and `fixed` are neither passes nor failures of the server, so they stay
 * out of it and are shown next to it; with nothing in the denominator it is `null` (n/a).
 *
 * **Example**
 *
 * ```ts
 * import { Matrix } from "@s3tester/conformance"
 * import { readFileSync, writeFileSync } from "node:fs"
 * import * as Result from "effect/Result"
 *
 * const files = ["ceph.json", "swift.json"]
 * const matrix = Result.getOrThrow(Matrix.fromReports(files.map((f) => JSON.parse(readFileSync(f, "utf8"))), files))
 * writeFileSync("matrix.md", Matrix.markdown(matrix))
 * ```
 *
 * @since 0.2.0
 */
import * as RunResult from "@s3tester/core/RunResult"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import * as Format from "./internal/matrixFormat.ts"
import { htmlPage } from "./internal/matrixHtml.ts"
import { areaTable, markdownDocument } from "./internal/matrixMarkdown.ts"
import * as Read from "./internal/matrixRead.ts"

/**
 * How the pass rate is computed, as printed under the tables.
 *
 * @category constants
 * @since 0.2.0
 */
export const passRateFormula: typeof Format.passRateFormula = Format.passRateFormula

/**
 * The outcomes in the order the matrix shows them (what passes first, then the declared
 * deviations, then what fails, then what says nothing about the server).
 *
 * @category constants
 * @since 0.2.0
 */
export const outcomeOrder: ReadonlyArray<RunResult.Outcome> = Format.order

/**
 * Numbers of checks by outcome; `total` is every check counted.
 *
 * @category models
 * @since 0.2.0
 */
export type Counts = { readonly [K in RunResult.Outcome]: number } & { readonly total: number }

/**
 * @category models
 * @since 0.2.0
 */
export interface Cell {
  readonly counts: Counts
  /** passed / (passed + failed + errored); null when that denominator is 0. */
  readonly passRate: number | null
}

/**
 * One run that went into a target's column (several for shards).
 *
 * @category models
 * @since 0.2.0
 */
export interface Run {
  readonly id: string
  readonly startedAt: string
  readonly finishedAt: string
  readonly durationMs: number
  readonly interrupted: boolean
  readonly shard?: { readonly index: number; readonly total: number }
}

/**
 * @category models
 * @since 0.2.0
 */
export interface TargetColumn {
  /** The report's `run.target`, else its endpoint. */
  readonly name: string
  readonly endpoint: string
  readonly profile?: string
  /** The runs merged into the column, in the order of their start. */
  readonly runs: ReadonlyArray<Run>
  /** The runs' durations added up (shards run in parallel took less wall time). */
  readonly durationMs: number
  /** Every check of the target. */
  readonly totals: Cell
}

/**
 * @category models
 * @since 0.2.0
 */
export interface AreaRow {
  readonly area: string
  /** One cell per target, in the order of {@link Matrix.targets}. */
  readonly cells: ReadonlyArray<Cell>
}

/**
 * A check's outcome on one target, with the deviation its profile declares, if any.
 *
 * @category models
 * @since 0.2.0
 */
export interface CheckResult {
  readonly outcome: RunResult.Outcome
  readonly deviation?: Read.ReportDeviation
}

/**
 * @category models
 * @since 0.2.0
 */
export interface CheckRow {
  readonly id: string
  readonly area: string
  readonly doc?: string
  /** One per target, in the order of {@link Matrix.targets}; undefined: not run there. */
  readonly results: ReadonlyArray<CheckResult | undefined>
}

/**
 * @category models
 * @since 0.2.0
 */
export interface Matrix {
  /** Sorted by name. */
  readonly targets: ReadonlyArray<TargetColumn>
  /** Sorted by area. */
  readonly areas: ReadonlyArray<AreaRow>
  /** Sorted by check id. */
  readonly checks: ReadonlyArray<CheckRow>
}

/**
 * A document given to {@link fromReports} is not a JSON report of version 2.
 *
 * @category errors
 * @since 0.2.0
 */
export class MatrixError extends Schema.TaggedError<MatrixError>()("MatrixError", {
  message: Schema.String
}) {}

/**
 * @category constructors
 * @since 0.2.0
 */
export const emptyCounts = (): Counts => {
  const { flaky: _flaky, ...counts } = RunResult.emptyCounts()
  return counts
}

/**
 * passed / (passed + failed + errored), or null when the denominator is 0.
 *
 * @category constructors
 * @since 0.2.0
 */
export const passRate = (counts: Counts): number | null => {
  const denominator = counts.passed + counts.failed + counts.errored
  return denominator === 0 ? null : counts.passed / denominator
}

const cellOf = (outcomes: ReadonlyArray<RunResult.Outcome>): Cell => {
  const counts: { -readonly [K in keyof Counts]: number } = emptyCounts()
  for (const outcome of outcomes) {
    counts[outcome]++
    counts.total++
  }
  return { counts, passRate: passRate(counts) }
}

/** The worse of two outcomes, by the engine's own severity (`RunResult.worstOutcome`). */
const worse = (a: RunResult.Outcome, b: RunResult.Outcome): RunResult.Outcome =>
  RunResult.worstOutcome(RunResult.addOutcome(RunResult.addOutcome(RunResult.emptyCounts(), a), b))

interface Column {
  readonly name: string
  readonly endpoint: string
  readonly profile: string | undefined
  readonly from: string
  readonly runs: Array<Run>
  readonly checks: Map<string, Read.ReportCheck>
}

/**
 * Builds the matrix from parsed JSON report documents. `names` (file paths, in the same order)
 * name the documents in errors; a document that is not a JSON report of version 2, or two reports
 * of one target judged against different profiles, is a {@link MatrixError}.
 *
 * @category constructors
 * @since 0.2.0
 */
export const fromReports = (
  reports: ReadonlyArray<unknown>,
  names: ReadonlyArray<string> = []
): Result.Result<Matrix, MatrixError> => {
  const columns = new Map<string, Column>()
  for (const [i, document] of reports.entries()) {
    const label = names[i] ?? `report ${i + 1}`
    const read = Read.read(document)
    if (Result.isFailure(read)) return Result.fail(new MatrixError({ message: `${label}: ${read.failure}` }))
    const { run, checks } = read.success
    const name = run.target ?? run.endpoint
    let column = columns.get(name)
    if (column === undefined) {
      column = { name, endpoint: run.endpoint, profile: run.profile, from: label, runs: [], checks: new Map() }
      columns.set(name, column)
    } else if (column.profile !== run.profile) {
      const show = (profile: string | undefined) => profile === undefined ? "no profile" : `profile ${profile}`
      return Result.fail(
        new MatrixError({
          message: `${label}: target ${name} was judged against ${show(run.profile)}, but ${column.from} against ${
            show(column.profile)
          }; reports of one target must use one profile`
        })
      )
    }
    column.runs.push({
      id: run.id,
      startedAt: run.startedAt,
      finishedAt: run.finishedAt,
      durationMs: run.durationMs,
      interrupted: run.interrupted,
      ...(run.shard === undefined ? {} : { shard: run.shard })
    })
    for (const check of checks) {
      const earlier = column.checks.get(check.id)
      if (earlier === undefined || worse(earlier.outcome, check.outcome) !== earlier.outcome) {
        column.checks.set(check.id, check)
      }
    }
  }
  const ordered = [...columns.values()].sort((a, b) => a.name.localeCompare(b.name))
  const checkIds = [...new Set(ordered.flatMap((c) => [...c.checks.keys()]))].sort()
  const checks: Array<CheckRow> = checkIds.map((id) => {
    const found = ordered.map((c) => c.checks.get(id))
    const first = found.find((c) => c !== undefined)!
    const doc = found.find((c) => c?.doc !== undefined)?.doc
    return {
      id,
      area: first.area,
      ...(doc === undefined ? {} : { doc }),
      results: found.map((c) =>
        c === undefined ? undefined : { outcome: c.outcome, ...(c.deviation === undefined ? {} : { deviation: c.deviation }) }
      )
    }
  })
  const areaNames = [...new Set(checks.map((c) => c.area))].sort()
  const areas: Array<AreaRow> = areaNames.map((area) => ({
    area,
    cells: ordered.map((_, t) =>
      cellOf(checks.flatMap((c) => c.area === area && c.results[t] !== undefined ? [c.results[t].outcome] : []))
    )
  }))
  const targets: Array<TargetColumn> = ordered.map((c) => ({
    name: c.name,
    endpoint: c.endpoint,
    ...(c.profile === undefined ? {} : { profile: c.profile }),
    runs: [...c.runs].sort((a, b) => a.startedAt.localeCompare(b.startedAt)),
    durationMs: c.runs.reduce((sum, r) => sum + r.durationMs, 0),
    totals: cellOf([...c.checks.values()].map((check) => check.outcome))
  }))
  return Result.succeed({ targets, areas, checks })
}

/**
 * The matrix as a Markdown document for a README: the area x target table with a totals row and
 * the pass rate's formula, the check x target table with a legend, the declared deviations and
 * the runs (dates and run ids).
 *
 * @category formatting
 * @since 0.2.0
 */
export const markdown = (matrix: Matrix): string => markdownDocument(matrix)

/**
 * Only the area x target table (with its totals row) in Markdown, and the pass rate's formula
 * under it: what a terminal shows after building the matrix.
 *
 * @category formatting
 * @since 0.2.0
 */
export const markdownAreaTable = (matrix: Matrix): string =>
  `${areaTable(matrix).join("\n")}\n\n${Format.passRateFormula}\n`

/**
 * The format version of {@link json}'s document (a breaking change of its shape increments it).
 *
 * @category constants
 * @since 0.2.0
 */
export const jsonVersion = 1 as const

type CountsWithRate = Counts & { readonly passRate: number | null }

/**
 * The shape of {@link json}'s document. Per-target values are keyed by target name.
 *
 * @category models
 * @since 0.2.0
 */
export interface JsonDocument {
  readonly format: "s3tester-matrix"
  readonly version: typeof jsonVersion
  readonly passRate: typeof passRateFormula
  readonly targets: ReadonlyArray<Omit<TargetColumn, "totals"> & { readonly totals: CountsWithRate }>
  readonly areas: ReadonlyArray<{ readonly area: string; readonly targets: Readonly<Record<string, CountsWithRate>> }>
  readonly checks: ReadonlyArray<{
    readonly id: string
    readonly area: string
    readonly doc?: string
    readonly targets: Readonly<Record<string, CheckResult>>
  }>
}

const withRate = (cell: Cell): CountsWithRate => ({
  total: cell.counts.total,
  ...Object.fromEntries(outcomeOrder.map((o) => [o, cell.counts[o]])) as { [K in RunResult.Outcome]: number },
  passRate: cell.passRate
})

/**
 * The matrix as a document for tools: the same counts and outcomes, keyed by target name, with
 * stable key order and no timestamps of its own (the same reports give the same bytes).
 *
 * @category formatting
 * @since 0.2.0
 */
export const toJson = (matrix: Matrix): JsonDocument => ({
  format: "s3tester-matrix",
  version: jsonVersion,
  passRate: passRateFormula,
  targets: matrix.targets.map((t) => ({
    name: t.name,
    endpoint: t.endpoint,
    ...(t.profile === undefined ? {} : { profile: t.profile }),
    runs: t.runs,
    durationMs: t.durationMs,
    totals: withRate(t.totals)
  })),
  areas: matrix.areas.map((row) => ({
    area: row.area,
    targets: Object.fromEntries(matrix.targets.map((t, i) => [t.name, withRate(row.cells[i]!)]))
  })),
  checks: matrix.checks.map((row) => ({
    id: row.id,
    area: row.area,
    ...(row.doc === undefined ? {} : { doc: row.doc }),
    targets: Object.fromEntries(
      matrix.targets.flatMap((t, i) => row.results[i] === undefined ? [] : [[t.name, row.results[i]]])
    )
  }))
})

/**
 * {@link toJson} as text (2-space indented, with a final newline).
 *
 * @category formatting
 * @since 0.2.0
 */
export const json = (matrix: Matrix): string => `${JSON.stringify(toJson(matrix), null, 2)}\n`

/**
 * The matrix as one self-contained HTML page: no network (a Content-Security-Policy forbids it),
 * inline CSS with a dark scheme, every value escaped, the check table filterable by a text box.
 *
 * @category formatting
 * @since 0.2.0
 */
export const html = (matrix: Matrix): string => htmlPage(matrix)
