import { execFileSync } from "node:child_process"
import { mkdtempSync, readFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { inject } from "vitest"
import { realS3Env } from "../support/realS3.ts"
import { runCli } from "../support/runCli.ts"

const realS3 = inject("realS3")
const env = realS3Env(realS3)
const suite = "packages/cli/test/integration/fixtures/reports.yaml"
const brokenReporter = "./packages/cli/test/integration/fixtures/reporters/throws-on-step.mjs"
const xsd = fileURLToPath(new URL("../../../../plugins/reporter-junit/test/fixtures/junit.xsd", import.meta.url))

interface Counts {
  readonly total: number
  readonly passed: number
  readonly failed: number
  readonly errored: number
  readonly skipped: number
  readonly unsupported: number
}

/** The console's closing line: `3 passed, 1 failed, 0 errored, 0 skipped, 0 unsupported (4 steps) in 1.2s`. */
const consoleCounts = (stdout: string): Counts => {
  const match = /^(\d+) passed, (\d+) failed, (\d+) errored, (\d+) skipped, (\d+) unsupported(?:, \d+ flaky)? \((\d+) steps\)/m.exec(stdout)
  assert.isNotNull(match, stdout)
  const [passed, failed, errored, skipped, unsupported, total] = match!.slice(1).map(Number) as [number, number, number, number, number, number]
  return { total, passed, failed, errored, skipped, unsupported }
}

const jsonCounts = (file: string): Counts => {
  const { summary } = JSON.parse(readFileSync(file, "utf8")) as { summary: Counts }
  const { total, passed, failed, errored, skipped, unsupported } = summary
  return { total, passed, failed, errored, skipped, unsupported }
}

const attribute = (xml: string, name: string) => Number(new RegExp(`<testsuites[^>]* ${name}="(\\d+)"`).exec(xml)?.[1])

describe("reports through the CLI, against Ceph RGW", () => {
  it.effect("list + json + junit + html in one run agree with each other and with the console summary", () =>
    Effect.gen(function*() {
      const out = mkdtempSync(join(tmpdir(), "s3t-reports-cli-"))
      const run = yield* runCli([
        "run", suite,
        "--reporter", "list",
        "--reporter", `json:${out}/r.json`,
        "--reporter", `junit:${out}/j.xml`,
        "--reporter", `html:${out}/r.html`
      ], { env })
      assert.strictEqual(run.code, 1, run.stdout + run.stderr) // the suite holds one contradicted expectation
      const fromConsole = consoleCounts(run.stdout)
      assert.deepStrictEqual(jsonCounts(join(out, "r.json")), fromConsole)
      const junit = readFileSync(join(out, "j.xml"), "utf8")
      execFileSync("xmllint", ["--noout", "--schema", xsd, join(out, "j.xml")], { stdio: "pipe" })
      assert.strictEqual(attribute(junit, "tests"), fromConsole.total)
      assert.strictEqual(attribute(junit, "failures"), fromConsole.failed)
      const html = readFileSync(join(out, "r.html"), "utf8")
      assert.include(html, `"total":${fromConsole.total}`)
      assert.notInclude(html + junit + readFileSync(join(out, "r.json"), "utf8"), realS3.secretAccessKey)
    }))

  it.effect("a reporter that throws in onStepEnd: the other reports are complete, exit 3", () =>
    Effect.gen(function*() {
      const out = mkdtempSync(join(tmpdir(), "s3t-reports-cli-"))
      const run = yield* runCli([
        "run", suite, "--group", "reports-list",
        "--reporter", `json:${out}/r.json`,
        "--reporter", `junit:${out}/j.xml`,
        "--reporter", brokenReporter
      ], { env })
      assert.strictEqual(run.code, 3, run.stdout + run.stderr)
      assert.include(run.stderr, "this reporter is broken")
      const fromConsole = consoleCounts(run.stdout)
      assert.strictEqual(fromConsole.failed + fromConsole.errored, 0)
      assert.deepStrictEqual(jsonCounts(join(out, "r.json")), fromConsole)
      execFileSync("xmllint", ["--noout", "--schema", xsd, join(out, "j.xml")], { stdio: "pipe" })
      assert.strictEqual(attribute(readFileSync(join(out, "j.xml"), "utf8"), "tests"), fromConsole.total)
    }))

  it.effect("shards 1/2 and 2/2 merged give the same summary as the whole run", () =>
    Effect.gen(function*() {
      const out = mkdtempSync(join(tmpdir(), "s3t-reports-cli-"))
      const whole = yield* runCli(["run", suite, "--reporter", `json:${out}/whole.json`], { env })
      for (const shard of ["1/2", "2/2"]) {
        const part = yield* runCli(["run", suite, "--shard", shard, "--reporter", "blob", "--output-dir", `${out}/shards`], { env })
        assert.include([0, 1], part.code, part.stdout + part.stderr)
      }
      const merged = yield* runCli(["merge-reports", `${out}/shards`, "--reporter", `json:${out}/merged.json`])
      assert.strictEqual(merged.code, whole.code, merged.stdout + merged.stderr) // the same verdict
      assert.deepStrictEqual(jsonCounts(join(out, "merged.json")), jsonCounts(join(out, "whole.json")))
      assert.deepStrictEqual(jsonCounts(join(out, "whole.json")), consoleCounts(whole.stdout))
    }))
})
