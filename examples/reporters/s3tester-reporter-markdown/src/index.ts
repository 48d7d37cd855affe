/**
 * `s3tester-reporter-markdown`: an example of a third-party reporter, published under the
 * `s3tester-reporter-<name>` convention so `--reporter markdown` finds it. It writes a Markdown
 * summary suitable for a pull-request comment (or `$GITHUB_STEP_SUMMARY`): a counts table, the
 * steps that did not pass, and latency per operation.
 *
 * Options: `output` (default `summary.md`), `title`, `maxFailures` (default 20).
 *
 * @since 0.1.0
 */
import { Reporter } from "@s3tester/core"
import type { RunResult } from "@s3tester/core"
import { Schema } from "effect"

/**
 * Text that cannot break a Markdown table cell or start markup: pipes, backticks, angle
 * brackets and line breaks are neutralised.
 *
 * @category utils
 * @since 0.1.0
 */
export const cell = (text: string): string =>
  text
    .replace(/\\/g, "\\\\")
    .replace(/\|/g, "\\|")
    .replace(/`/g, "\\`")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/\r?\n/g, " ")

const icon: Record<RunResult.Outcome, string> = {
  passed: "✅",
  failed: "❌",
  errored: "💥",
  skipped: "⏭️",
  unsupported: "⚠️",
  known: "🔶",
  fixed: "🆕"
}

/**
 * The Markdown text of a run.
 *
 * @category constructors
 * @since 0.1.0
 */
export const render = (run: Reporter.CollectedRun, options: { readonly title?: string; readonly maxFailures?: number } = {}): string => {
  const c = run.counts
  const ok = c.failed === 0 && c.errored === 0
  const lines = [
    `## ${ok ? "✅" : "❌"} ${cell(options.title ?? "s3tester")}: ${c.passed}/${c.total} steps passed`,
    "",
    `Endpoint \`${cell(run.summary.endpoint).replace(/\\`/g, "")}\`, run ${cell(run.summary.runId)}, ${(run.summary.durationMs / 1000).toFixed(1)} s`,
    "",
    "| passed | failed | errored | skipped | unsupported | flaky | total |",
    "|---:|---:|---:|---:|---:|---:|---:|",
    `| ${c.passed} | ${c.failed} | ${c.errored} | ${c.skipped} | ${c.unsupported} | ${c.flaky} | ${c.total} |`
  ]
  const bad = run.groups.flatMap((g) => g.steps).filter((s) => s.outcome === "failed" || s.outcome === "errored")
  if (bad.length > 0) {
    const max = options.maxFailures ?? 20
    lines.push("", "### Steps that did not pass", "", "| | group | step | why | request id |", "|---|---|---|---|---|")
    for (const s of bad.slice(0, max)) {
      lines.push(
        `| ${icon[s.outcome]} | ${cell(s.group)} | ${cell(`${s.phase} › ${s.name}`)} | ${cell(s.message ?? "")} | ${cell(s.actual?.requestId ?? "")} |`
      )
    }
    if (bad.length > max) lines.push("", `…and ${bad.length - max} more.`)
  }
  if (run.latency.length > 0) {
    lines.push("", "<details><summary>Latency per operation (ms)</summary>", "", "| operation | n | p50 | p95 | max |", "|---|---:|---:|---:|---:|")
    for (const l of run.latency) lines.push(`| ${cell(l.operation)} | ${l.count} | ${l.p50Ms} | ${l.p95Ms} | ${l.maxMs} |`)
    lines.push("", "</details>")
  }
  return `${lines.join("\n")}\n`
}

/**
 * @category reporters
 * @since 0.1.0
 */
export default Reporter.defineReporterFactory({
  name: "markdown",
  apiVersion: 1,
  options: Schema.Struct({
    output: Schema.optionalKey(Schema.String),
    title: Schema.optionalKey(Schema.String),
    maxFailures: Schema.optionalKey(Schema.Int)
  }),
  make: (options) => ({
    name: "markdown",
    apiVersion: 1,
    ...Reporter.collect((run) => [{ path: options.output ?? "summary.md", content: render(run, options) }])
  })
})
