/**
 * The HTML report page: one self-contained file (inline CSS and script, no request of any kind;
 * a Content-Security-Policy forbids them). The run's data is embedded as JSON and rendered with DOM
 * calls (textContent), so a bucket or key named `<script>alert(1)</script>` shows as text.
 *
 * @since 0.1.0
 */
import type { Reporter } from "@s3tester/core"
import * as PageData from "./internal/pageData.ts"
import { script } from "./internal/script/index.ts"
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
  const data = PageData.make(run, context, options.title ?? "s3tester report")
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>s3tester report</title>
<style>${style}</style>
</head>
<body>
<header><h1 id="title">s3tester report</h1><div class="meta" id="meta"></div></header>
<main>
<div id="banners"></div>
<div class="tiles" id="tiles"></div>
<div class="bar" id="bar"></div>
<section aria-labelledby="h-steps">
<h2 id="h-steps">Steps</h2>
<div class="filters" id="filters">
<label>Outcome<select id="f-outcome"><option value="">all</option></select></label>
<label>Tag<select id="f-tag"><option value="">all</option></select></label>
<label>Operation<select id="f-op"><option value="">all</option></select></label>
<label class="grow">Text<input id="f-text" type="search" placeholder="group, check, step, error, request id"></label>
<button type="button" id="f-clear" hidden>clear filters</button>
<span class="tools"><button type="button" id="expand-all">expand all</button><button type="button" id="collapse-all">collapse all</button></span>
<span id="shown" aria-live="polite"></span>
</div>
<table id="steps">
<thead><tr>
<th data-sort="name" class="col-step"><button type="button">Step</button></th>
<th data-sort="credential" class="col-cred"><button type="button">Credential</button></th>
<th data-sort="outcome" class="col-outcome"><button type="button">Outcome</button></th>
<th data-sort="start" class="col-start num"><button type="button">Start</button></th>
<th data-sort="time" class="col-time num"><button type="button">Time</button></th>
<th data-sort="attempts" class="col-attempts num"><button type="button" title="attempts">Tries</button></th>
</tr></thead>
</table>
</section>
<section aria-labelledby="h-timeline">
<h2 id="h-timeline">Timeline</h2>
<p class="note">Groups packed into lanes by time, their steps inside coloured by outcome; a step opens on click.</p>
<div class="card" id="timeline"></div>
</section>
<section aria-labelledby="h-latency">
<h2 id="h-latency">Latency per operation</h2>
<p class="note">One scale for every operation, over the steps the filters show: dots are steps, the box spans p50 to p95, the line min to max, the orange mark is p99. <label class="inline"><input type="checkbox" id="lat-log"> log scale</label></p>
<div class="card" id="latency"></div>
</section>
</main>
<script type="application/json" id="s3t-data">${embedJson(data)}</script>
<script>${script}</script>
</body>
</html>
`
}
