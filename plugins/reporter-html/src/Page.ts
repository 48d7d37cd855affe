/**
 * The HTML report page: one self-contained file (inline CSS and script, no request of any kind;
 * a Content-Security-Policy forbids them). The run's data is embedded as JSON and rendered with DOM
 * calls (textContent), so a bucket or key named `<script>alert(1)</script>` shows as text.
 *
 * @since 0.1.0
 */
import type { Reporter } from "@s3tester/core"
import { Document } from "@s3tester/reporter-json"
import { script } from "./internal/script.ts"
import { style } from "./internal/style.ts"

/**
 * JSON that is safe inside a `<script>` element: `<`, `>`, `&` and the JS line separators escaped.
 *
 * @category utils
 * @since 0.1.0
 */
export const embedJson = (value: unknown): string =>
  JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029")

/**
 * @category models
 * @since 0.1.0
 */
export interface PageOptions {
  /** The page title; default `s3tester report`. Shown as text. */
  readonly title?: string
}

/**
 * The page of a run.
 *
 * @category constructors
 * @since 0.1.0
 */
export const make = (run: Reporter.CollectedRun, context: Reporter.ReporterContext, options: PageOptions = {}): string => {
  const data = { ...Document.make(run, context), title: options.title ?? "s3tester report" }
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>s3tester report</title>
<style>${style}</style>
</head>
<body>
<header><h1 id="title">s3tester report</h1><div class="meta" id="meta"></div></header>
<main>
<div class="tiles" id="tiles"></div>
<div class="bar" id="bar"></div>
<h2>Steps</h2>
<div class="filters">
<label>Outcome<select id="f-outcome"><option value="">all</option></select></label>
<label>Tag<select id="f-tag"><option value="">all</option></select></label>
<label>Operation<select id="f-op"><option value="">all</option></select></label>
<label>Text<input id="f-text" type="search" placeholder="group, step, error, request id"></label>
<span id="shown"></span>
</div>
<table>
<thead><tr><th>Group</th><th>Phase</th><th>Step</th><th>Operation</th><th>Credential</th><th>Outcome</th><th>Time</th><th>Attempts</th></tr></thead>
<tbody id="rows"></tbody>
</table>
<h2>Latency per operation</h2>
<div class="charts" id="charts"></div>
</main>
<script type="application/json" id="s3t-data">${embedJson(data)}</script>
<script>document.getElementById("title").textContent = JSON.parse(document.getElementById("s3t-data").textContent).title; document.title = document.getElementById("title").textContent;</script>
<script>${script}</script>
</body>
</html>
`
}
