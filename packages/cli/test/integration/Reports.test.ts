import { execFileSync } from "node:child_process"
import { mkdtempSync, readFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { assert, describe, it } from "@effect/vitest"
import * as NodeServices from "@effect/platform-node/NodeServices"
import { Loader, Merge, Runner, Target } from "@s3tester/core"
import type { RunResult, Shard } from "@s3tester/core"
import { Effect } from "effect"
import { inject } from "vitest"
import { exitCodeFor, loadReporters, reportingOptions } from "../../src/internal/reporting.ts"
import { realS3Env } from "../support/realS3.ts"

const realS3 = inject("realS3")
const env = realS3Env(realS3)
const fixture = fileURLToPath(new URL("./fixtures/reports.yaml", import.meta.url))
const thrower = fileURLToPath(new URL("./fixtures/reporters/throws-on-step.mjs", import.meta.url))
const xsd = fileURLToPath(new URL("../../../../plugins/reporter-junit/test/fixtures/junit.xsd", import.meta.url))

/** What runSuite does: the CLI's reporting options (the console among the reporters), run by Runner.run. */
const run = (reporters: ReadonlyArray<string>, outputDir: string, select: { groups?: ReadonlyArray<string>; shard?: Shard.Shard } = {}) =>
  Effect.gen(function*() {
    const loaded = yield* Loader.load(fixture, { env })
    const reporting = reportingOptions(loaded, reporters, {
      mode: "dot",
      detail: "quiet",
      verdict: { strict: false, failOnFlaky: false },
      canAnimate: false
    })
    const report = yield* Runner.run(loaded, {
      ...reporting.options,
      outputDir,
      reporterLog: () => undefined,
      ...(select.groups === undefined ? {} : { groups: select.groups }),
      ...(select.shard === undefined ? {} : { shard: select.shard })
    }).pipe(Effect.provide(Target.Target.fromEndpoint(realS3.endpoint)), Effect.ensuring(Effect.sync(reporting.close)))
    return { summary: report, outcome: report.reporters, consoleMode: reporting.shown }
  }).pipe(Effect.provide(NodeServices.layer))

const dir = () => mkdtempSync(join(tmpdir(), "s3t-reports-it-"))
const countsOf = (c: RunResult.Counts) => [c.total, c.passed, c.failed, c.errored, c.skipped, c.unsupported]

describe("reports against Ceph RGW", () => {
  it.effect("list + json + junit + html: all written, the same counts as the run's summary; JUnit validates", () =>
    Effect.gen(function*() {
      const out = dir()
      const { summary, outcome, consoleMode } = yield* run(
        ["list", `json:${out}/r.json`, `junit:${out}/j.xml`, `html:${out}/r.html`],
        join(out, "default")
      )
      assert.strictEqual(consoleMode, "list")
      assert.isFalse(outcome.failed, JSON.stringify(outcome.failures))
      assert.strictEqual(summary.counts.failed + summary.counts.errored > 0, true) // reports-wrong fails
      const json = JSON.parse(readFileSync(join(out, "r.json"), "utf8"))
      assert.deepStrictEqual(countsOf(json.summary), countsOf(summary.counts))
      assert.strictEqual(json.groups.flatMap((g: any) => g.steps).length, summary.counts.total)
      assert.isTrue(json.latency.some((l: any) => l.operation === "PutObject" && l.count === 1))
      const xml = readFileSync(join(out, "j.xml"), "utf8")
      execFileSync("xmllint", ["--noout", "--schema", xsd, join(out, "j.xml")], { stdio: "pipe" })
      const attr = (name: string) => Number(new RegExp(`<testsuites[^>]* ${name}="(\\d+)"`).exec(xml)?.[1])
      assert.deepStrictEqual(
        [attr("tests"), attr("failures"), attr("errors"), attr("skipped")],
        [summary.counts.total, summary.counts.failed, summary.counts.errored, summary.counts.skipped + summary.counts.unsupported]
      )
      assert.strictEqual((xml.match(/<testcase /g) ?? []).length, summary.counts.total)
      const html = readFileSync(join(out, "r.html"), "utf8")
      assert.include(html, `"total":${summary.counts.total}`)
      assert.notInclude(html, "<script>alert(1)</script>")
      for (const secret of [realS3.secretAccessKey]) {
        for (const text of [xml, html, JSON.stringify(json)]) assert.notInclude(text, secret)
      }
    }))

  it.effect("shards 1/2 and 2/2 with blob, merged: the same totals as the whole run", () =>
    Effect.gen(function*() {
      const whole = yield* run(["blob"], dir())
      const blobs = dir()
      const first = yield* run(["blob"], blobs, { shard: { index: 1, total: 2 } })
      const second = yield* run(["blob"], blobs, { shard: { index: 2, total: 2 } })
      assert.isAbove(first.summary.counts.total, 0)
      assert.isAbove(second.summary.counts.total, 0)
      const out = dir()
      const reporters = yield* loadReporters([`json:${out}/merged.json`], { outputDir: out })
      const merged = yield* Merge.mergeReports(blobs, reporters, { outputDir: out })
      assert.deepStrictEqual(countsOf(merged.summary.counts), countsOf(whole.summary.counts))
      assert.deepStrictEqual(merged.summary.groups.map((g) => g.name), whole.summary.groups.map((g) => g.name))
      const json = JSON.parse(readFileSync(join(out, "merged.json"), "utf8"))
      assert.deepStrictEqual(countsOf(json.summary), countsOf(whole.summary.counts))
    }))

  it.effect("a reporter that throws in onStepEnd: the other reports are complete, the exit code is 3", () =>
    Effect.gen(function*() {
      const out = dir()
      const { summary, outcome } = yield* run([thrower, `json:${out}/r.json`, `junit:${out}/j.xml`], out, {
        groups: ["reports-crud", "reports-list"]
      })
      assert.strictEqual(summary.counts.failed + summary.counts.errored, 0)
      assert.isTrue(outcome.failed)
      assert.strictEqual(outcome.failures[0]?.hook, "onStepEnd")
      assert.strictEqual(outcome.failures.length, summary.counts.total)
      const json = JSON.parse(readFileSync(join(out, "r.json"), "utf8"))
      assert.strictEqual(json.summary.total, summary.counts.total)
      execFileSync("xmllint", ["--noout", "--schema", xsd, join(out, "j.xml")], { stdio: "pipe" })
      assert.strictEqual(exitCodeFor(summary.counts, outcome.failed), 3)
      // tests failing wins over a failing reporter
      assert.strictEqual(exitCodeFor({ ...summary.counts, failed: 1 }, true), 1)
    }))
})
