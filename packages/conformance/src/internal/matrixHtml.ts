/**
 * The matrix as one self-contained HTML page. Every value from the reports is escaped here; the
 * page's only script filters the check table by a text box, reading `textContent` and a
 * `data-search` attribute (never writing markup). A Content-Security-Policy allows nothing but the
 * inline style and script, so the page cannot load anything from the network.
 *
 * @internal
 */
import type * as RunResult from "@s3tester/core/RunResult"
import type { Matrix } from "../Matrix.ts"
import { cellText, declaredDeviations, legendText, notRun, passRateFormula, periodText, runCells, runColumns, symbols } from "./matrixFormat.ts"

/** Text and attribute values: the five characters that matter in HTML. */
export const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

const isHttpUrl = (url: string): boolean => /^https?:\/\//i.test(url)

const style = `
:root { color-scheme: light dark; --bg: #fff; --fg: #1f2328; --muted: #59636e; --line: #d1d9e0;
  --passed: #dafbe1; --known: #ddf4ff; --failed: #ffebe9; --errored: #fff1d6; --unsupported: #eef1f4;
  --skipped: #f6f8fa; --fixed: #fbefff; }
@media (prefers-color-scheme: dark) {
  :root { --bg: #0d1117; --fg: #e6edf3; --muted: #9198a1; --line: #3d444d;
    --passed: #12361f; --known: #0c2d4b; --failed: #4a1b1b; --errored: #3d2d0a; --unsupported: #262c36;
    --skipped: #161b22; --fixed: #35184a; }
}
body { background: var(--bg); color: var(--fg); font: 14px/1.45 system-ui, sans-serif; margin: 2rem; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.2rem; margin-top: 2rem; }
table { border-collapse: collapse; margin: 0.5rem 0; }
th, td { border: 1px solid var(--line); padding: 0.25rem 0.6rem; text-align: left; vertical-align: top; }
td.o { text-align: center; min-width: 2.5rem; }
.muted, caption { color: var(--muted); }
caption { caption-side: bottom; text-align: left; padding-top: 0.3rem; }
.passed { background: var(--passed); } .known { background: var(--known); } .failed { background: var(--failed); }
.errored { background: var(--errored); } .unsupported { background: var(--unsupported); }
.skipped { background: var(--skipped); } .fixed { background: var(--fixed); }
input[type=search] { font: inherit; padding: 0.3rem 0.5rem; width: min(30rem, 100%); }
a { color: inherit; }
`

const script = `
const box = document.getElementById("filter");
const rows = Array.from(document.querySelectorAll("#checks tbody tr"));
const shown = document.getElementById("shown");
box.addEventListener("input", () => {
  const words = box.value.toLowerCase().split(/\\s+/).filter((w) => w !== "");
  let count = 0;
  for (const row of rows) {
    const text = (row.textContent + " " + (row.dataset.search || "")).toLowerCase();
    row.hidden = !words.every((w) => text.includes(w));
    if (!row.hidden) count++;
  }
  shown.textContent = String(count);
});
`

const outcomeCell = (outcome: RunResult.Outcome, title: string): string =>
  `<td class="o ${outcome}" title="${escapeHtml(title)}">${symbols[outcome]}</td>`

const headRow = (first: string, matrix: Matrix): string =>
  `<tr><th>${first}</th>${matrix.targets.map((t) => `<th>${escapeHtml(t.name)}</th>`).join("")}</tr>`

const areaTable = (matrix: Matrix): string => {
  const rows = matrix.areas.map((area) =>
    `<tr><th>${escapeHtml(area.area)}</th>${area.cells.map((c) => `<td>${escapeHtml(cellText(c))}</td>`).join("")}</tr>`
  )
  const totals = `<tr><th>Total</th>${
    matrix.targets.map((t) => `<td><strong>${escapeHtml(cellText(t.totals))}</strong></td>`).join("")
  }</tr>`
  return `<table id="areas"><caption>${escapeHtml(passRateFormula)}. A cell is the pass rate, then the checks by outcome.</caption>` +
    `<thead>${headRow("Area", matrix)}</thead><tbody>${rows.join("\n")}\n${totals}</tbody></table>`
}

const checkTable = (matrix: Matrix): string => {
  const rows = matrix.checks.map((check) => {
    const name = check.doc !== undefined && isHttpUrl(check.doc)
      ? `<a href="${escapeHtml(check.doc)}" rel="noreferrer">${escapeHtml(check.id)}</a>`
      : escapeHtml(check.id)
    const search = new Set<string>()
    const cells = check.results.map((result, i) => {
      const target = matrix.targets[i]!.name
      if (result === undefined) return `<td class="o" title="not run on ${escapeHtml(target)}">${notRun}</td>`
      search.add(result.outcome)
      const deviation = result.deviation
      if (deviation !== undefined) search.add(deviation.reason)
      const title = `${target}: ${result.outcome}` +
        (deviation === undefined ? "" : ` (profile ${deviation.profile}: ${deviation.reason})`)
      return outcomeCell(result.outcome, title)
    })
    return `<tr data-search="${escapeHtml([...search].join(" "))}"><th>${name}</th>${cells.join("")}</tr>`
  })
  return `<table id="checks"><thead>${headRow("Check", matrix)}</thead><tbody>\n${rows.join("\n")}\n</tbody></table>`
}

const deviationList = (matrix: Matrix): string => {
  const items = declaredDeviations(matrix).map(({ check, deviation, result, target }) => {
    const more = deviation.link !== undefined && isHttpUrl(deviation.link)
      ? ` (<a href="${escapeHtml(deviation.link)}" rel="noreferrer">link</a>)`
      : ""
    return `<li><code>${escapeHtml(check.id)}</code> on ${escapeHtml(target.name)}: ` +
      `<span class="${result.outcome}">${symbols[result.outcome]} ${result.outcome}</span>; ${escapeHtml(deviation.reason)}${more} ` +
      `<span class="muted">(profile ${escapeHtml(deviation.profile)}, declared: ${escapeHtml(deviation.observed)})</span></li>`
  })
  return items.length === 0 ? "" : `<h2>Declared deviations</h2><ul>\n${items.join("\n")}\n</ul>`
}

const runsTable = (matrix: Matrix): string => {
  const rows = matrix.targets.map((t) => `<tr>${runCells(t).map((v) => `<td>${escapeHtml(v)}</td>`).join("")}</tr>`)
  return `<table id="runs"><thead><tr>${runColumns.map((c) => `<th>${c}</th>`).join("")}</tr></thead>` +
    `<tbody>${rows.join("\n")}</tbody></table>`
}

/** The whole page. */
export const htmlPage = (matrix: Matrix): string => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<title>S3 compatibility matrix</title>
<style>${style}</style>
</head>
<body>
<h1>S3 compatibility matrix</h1>
<p class="muted">${matrix.checks.length} checks on ${matrix.targets.length} targets, run ${escapeHtml(periodText(matrix))}.</p>
<h2>By area</h2>
${areaTable(matrix)}
<h2>By check</h2>
<p class="muted">${escapeHtml(legendText)}</p>
<p><label>Filter: <input type="search" id="filter" placeholder="check id, area, outcome or reason"></label>
<span class="muted"><span id="shown">${matrix.checks.length}</span> of ${matrix.checks.length} checks</span></p>
${checkTable(matrix)}
${deviationList(matrix)}
<h2>Runs</h2>
${runsTable(matrix)}
<script>${script}</script>
</body>
</html>
`
