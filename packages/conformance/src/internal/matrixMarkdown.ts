/**
 * The matrix as a Markdown document (GitHub-flavoured tables), ready for a README.
 *
 * @internal
 */
import type { Matrix } from "../Matrix.ts"
import { cellText, declaredDeviations, legendText, notRun, passRateFormula, periodText, runCells, runColumns, symbols } from "./matrixFormat.ts"

/** Text in a table cell: no line breaks, no raw HTML, no table or emphasis syntax. */
export const escapeMarkdown = (text: string): string =>
  text
    .replace(/\r?\n|\r/g, " ")
    .replace(/[\\`*_[\]|]/g, (c) => `\\${c}`)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")

/** A link target: only http(s) URLs are linked, with the characters that end a Markdown link encoded. */
const safeUrl = (url: string): string | undefined =>
  /^https?:\/\//i.test(url) ? url.replace(/[\s()<>|\\]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`) : undefined

const link = (text: string, url: string | undefined): string => {
  const safe = url === undefined ? undefined : safeUrl(url)
  return safe === undefined ? escapeMarkdown(text) : `[${escapeMarkdown(text)}](${safe})`
}

const row = (cells: ReadonlyArray<string>): string => `| ${cells.join(" | ")} |`

/** The area x target table with its totals row (also what `merge-reports` prints). */
export const areaTable = (matrix: Matrix): ReadonlyArray<string> => [
  row(["Area", ...matrix.targets.map((t) => escapeMarkdown(t.name))]),
  row(["---", ...matrix.targets.map(() => "---")]),
  ...matrix.areas.map((area) => row([escapeMarkdown(area.area), ...area.cells.map(cellText)])),
  row(["**Total**", ...matrix.targets.map((t) => `**${cellText(t.totals)}**`)])
]

const checkTable = (matrix: Matrix): ReadonlyArray<string> => [
  row(["Check", ...matrix.targets.map((t) => escapeMarkdown(t.name))]),
  row(["---", ...matrix.targets.map(() => ":-:")]),
  ...matrix.checks.map((check) =>
    row([
      link(check.id, check.doc),
      ...check.results.map((r) => r === undefined ? notRun : symbols[r.outcome])
    ])
  )
]

const deviations = (matrix: Matrix): ReadonlyArray<string> =>
  declaredDeviations(matrix).map(({ check, deviation, result, target }) => {
    const more = deviation.link === undefined ? "" : ` (${link("link", deviation.link)})`
    return `- ${escapeMarkdown(check.id)} on ${escapeMarkdown(target.name)}: ${symbols[result.outcome]} ${result.outcome}; ` +
      `${escapeMarkdown(deviation.reason)}${more} (profile ${escapeMarkdown(deviation.profile)}, declared: ${
        escapeMarkdown(deviation.observed)
      })`
  })

const runsTable = (matrix: Matrix): ReadonlyArray<string> => [
  row(runColumns),
  row(["---", "---", "---", "---", "---", "---:", "---:"]),
  ...matrix.targets.map((t) => row(runCells(t).map(escapeMarkdown)))
]

/** The whole document. */
export const markdownDocument = (matrix: Matrix): string => {
  const checks = matrix.checks.length
  const lines = [
    "# S3 compatibility matrix",
    "",
    `${checks} check${checks === 1 ? "" : "s"} on ${matrix.targets.length} target${matrix.targets.length === 1 ? "" : "s"}, ` +
    `run ${periodText(matrix)}.`,
    "",
    "## By area",
    "",
    ...areaTable(matrix),
    "",
    `${passRateFormula}. A cell is the pass rate, then the checks by outcome (symbols below).`,
    "",
    "## By check",
    "",
    legendText,
    "",
    ...checkTable(matrix),
    ""
  ]
  const declared = deviations(matrix)
  if (declared.length > 0) lines.push("## Declared deviations", "", ...declared, "")
  lines.push("## Runs", "", ...runsTable(matrix), "")
  return lines.join("\n")
}
