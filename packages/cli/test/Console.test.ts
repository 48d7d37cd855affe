import { assert, describe, it } from "@effect/vitest"
import { RunEvent, RunResult } from "@s3tester/core"
import { Effect } from "effect"
import { mkdtempSync, readFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { chooseMode } from "../src/internal/console/ConsoleReporter.ts"
import * as ConsoleDot from "../src/internal/console/consoleDot.ts"
import type { Detail } from "../src/internal/console/consoleFormat.ts"
import * as ConsoleList from "../src/internal/console/consoleList.ts"
import { frame } from "../src/internal/console/consoleProgress.ts"
import { result, summary } from "./support/results.ts"
import { runCli } from "./support/runCli.ts"

const fixture = "packages/cli/test/fixtures/console.yaml"

const feed = (make: typeof ConsoleList.make, detail: Detail, results: ReadonlyArray<RunResult.StepResult>) => {
  let out = ""
  const display = make({
    detail,
    verdict: { strict: false, failOnFlaky: false },
    writeLine: (line) => {
      out += `${line}\n`
    },
    write: (text) => {
      out += text
    }
  })
  // the hooks, in the order the reporter runner calls them
  void display.onRunStart?.(RunEvent.RunEvent.RunStarted({ runId: "r", endpoint: "e", groups: [{ name: "g", steps: results.length }], totalSteps: results.length }))
  let counts = RunResult.emptyCounts()
  for (const r of results) {
    counts = RunResult.addOutcome(counts, r.outcome, r.flaky === true)
    void display.onStepEnd?.(r)
  }
  void display.onRunEnd?.(summary(counts))
  return out
}

const ansi = /\u001b\[/

describe("console modes", () => {
  it("picks progress on an interactive terminal, dot in CI, list in pipes and dumb terminals", () => {
    assert.strictEqual(chooseMode(undefined, {}, true), "progress")
    assert.strictEqual(chooseMode(undefined, {}, false), "list")
    assert.strictEqual(chooseMode(undefined, { CI: "true" }, true), "dot")
    assert.strictEqual(chooseMode(undefined, { CI: "true" }, false), "dot")
    assert.strictEqual(chooseMode(undefined, { CI: "false" }, true), "progress")
    assert.strictEqual(chooseMode(undefined, { TERM: "dumb" }, true), "list")
    assert.strictEqual(chooseMode("progress", {}, false), "list")
    assert.strictEqual(chooseMode("dot", {}, true), "dot")
  })

  it("list: a line per step; quiet keeps only what fails the run; verbose adds attempts and request ids", () => {
    const results = [
      result("A", "passed"),
      result("B", "failed", { message: "expected NoSuchKey, got success (200)" }),
      result("C", "skipped", { message: "before_test failed" }),
      result("D", "passed", { attempts: 2, flaky: true, actual: { success: true, requestId: "req-123", httpStatus: 200 } })
    ]
    const normal = feed(ConsoleList.make, "normal", results)
    assert.include(normal, "  ✓ g > test > A [main] passed 12ms\n")
    assert.include(normal, "  ✗ g > test > B [main] FAILED 12ms\n      expected NoSuchKey, got success (200)\n")
    assert.include(normal, "  ✓ g > test > D [main] passed (flaky) 12ms\n")
    assert.include(normal, "2 passed, 1 failed, 0 errored, 1 skipped, 0 unsupported, 1 flaky (4 steps) in 1.50s")
    const quiet = feed(ConsoleList.make, "quiet", results)
    assert.deepStrictEqual(quiet.split("\n").filter((l) => l.startsWith("  ")), [
      "  ✗ g > test > B [main] FAILED 12ms",
      "      expected NoSuchKey, got success (200)"
    ])
    assert.notInclude(quiet, "Running")
    assert.include(quiet, "2 passed, 1 failed")
    const verbose = feed(ConsoleList.make, "verbose", results)
    assert.include(verbose, "D [main] passed (flaky) 12ms (2 attempts, request id req-123, HTTP 200)")
    assert.include(verbose, "A [main] passed 12ms (1 attempt)")
  })

  it("dot: a character per step, 80 a line, then the steps worth reading, then the summary", () => {
    const many = Array.from({ length: 85 }, (_, i) => result(`S${i}`, i === 3 ? "failed" : i === 4 ? "skipped" : "passed"))
    const out = feed(ConsoleDot.make, "normal", many)
    const lines = out.split("\n")
    assert.strictEqual(lines[1], `···F°${"·".repeat(75)}`)
    assert.strictEqual(lines[2], "·····")
    assert.include(out, "  ✗ g > test > S3 [main] FAILED")
    assert.notInclude(out, "S4 [main]")
    assert.match(out, /^84 passed, 1 failed, 0 errored, 0 skipped, 0 unsupported|^83 passed, 1 failed, 0 errored, 1 skipped/m)
  })

  it("progress frame: overall bar, counts, elapsed, running groups (shortened to the width)", () => {
    const counts = { ...RunResult.emptyCounts(), total: 6, passed: 5, failed: 1 }
    const text = frame({ total: 12, counts, running: ["alpha", "beta", "x".repeat(200)], elapsedMs: 65_000, columns: 80 })
    const [head, running] = text.split("\n")
    assert.match(head!, /^█{12}░{12} 6\/12 steps {2}✓ 5 {2}✗ 1 failed {2}1m 05s$/)
    assert.strictEqual(running, "running (3): alpha, beta +1 more")
    assert.strictEqual(frame({ total: 0, counts: RunResult.emptyCounts(), running: [], elapsedMs: 0, columns: 80 }).split("\n").length, 1)
  })
})

describe("s3tester run: console output in a pipe", () => {
  it.effect("prints plain lines without animation or colour (NO_COLOR), and the summary", () =>
    Effect.gen(function*() {
      const run = yield* runCli(["run", fixture, "--console", "progress"])
      assert.strictEqual(run.code, 1, run.stdout + run.stderr)
      assert.notMatch(run.stdout, ansi)
      assert.include(run.stdout, "  ✓ multipart > test > CompleteMultipartUpload [main] passed")
      assert.match(run.stdout, /^15 passed, 1 failed, 0 errored, 0 skipped, 0 unsupported \(16 steps\) in /m)
    }))

  it.effect("colours only when asked (FORCE_COLOR without NO_COLOR)", () =>
    Effect.gen(function*() {
      const run = yield* runCli(["run", fixture], { env: { NO_COLOR: undefined, FORCE_COLOR: "1" } })
      assert.match(run.stdout, ansi)
    }))

  it.effect("--quiet prints only the failing step and the summary", () =>
    Effect.gen(function*() {
      const run = yield* runCli(["run", fixture, "--quiet"])
      assert.strictEqual(run.code, 1)
      const lines = run.stdout.trim().split("\n")
      assert.match(lines[0]!, /objects > test > wrong expectation \[main\] FAILED/)
      assert.match(lines.at(-1)!, /^15 passed, 1 failed/)
      assert.isAtMost(lines.length, 4)
    }))

  it.effect("--verbose adds attempts to every step", () =>
    Effect.gen(function*() {
      const run = yield* runCli(["run", fixture, "--verbose", "--group", "listing"])
      assert.strictEqual(run.code, 0, run.stdout + run.stderr)
      assert.match(run.stdout, /listing > test > ListObjectsV2 \[main\] passed \d+ms \(1 attempt/)
    }))

  it.effect("--verbose ends with the latency per operation, the same figures as the JSON report's", () =>
    Effect.gen(function*() {
      const dir = mkdtempSync(join(tmpdir(), "s3t-latency-"))
      const run = yield* runCli(["run", fixture, "--verbose", "--reporter", "list", "--reporter", "json", "--output-dir", dir])
      assert.strictEqual(run.code, 1, run.stdout + run.stderr)
      const report = JSON.parse(readFileSync(join(dir, "report.json"), "utf8")) as {
        readonly latency: ReadonlyArray<{ readonly operation: string; readonly count: number; readonly minMs: number; readonly p50Ms: number; readonly p95Ms: number; readonly p99Ms: number; readonly maxMs: number }>
      }
      const printed = [...run.stdout.matchAll(/^latency (\S+): (\d+) answered, min (\S+) p50 (\S+) p95 (\S+) p99 (\S+) max (\S+) ms$/gm)]
        .map((m) => [m[1], ...m.slice(2).map(Number)])
      assert.isAbove(printed.length, 3, run.stdout)
      // the console lists operations in order of first use, the report by name
      const byName = (a: ReadonlyArray<unknown>, b: ReadonlyArray<unknown>) => String(a[0]).localeCompare(String(b[0]))
      assert.deepStrictEqual(
        printed.sort(byName),
        report.latency.map((l) => [l.operation, l.count, l.minMs, l.p50Ms, l.p95Ms, l.p99Ms, l.maxMs]).sort(byName)
      )
    }))

  it.effect("--console dot prints a character per step", () =>
    Effect.gen(function*() {
      const run = yield* runCli(["run", fixture, "--console", "dot"])
      assert.strictEqual(run.code, 1)
      assert.match(run.stdout, /^[·F]{16}$/m)
      assert.include(run.stdout, "objects > test > wrong expectation [main] FAILED")
      assert.notInclude(run.stdout, "read back")
    }))

  it.effect("a console mode named with --reporter is a reporter like any other: no warning, it prints", () =>
    Effect.gen(function*() {
      const run = yield* runCli(["run", fixture, "--reporter", "dot"])
      assert.strictEqual(run.code, 1)
      assert.notInclude(run.stderr, "warning", run.stderr)
      assert.match(run.stdout, /^[·F]{16}$/m)
    }))

  it.effect("--quiet with --verbose is a usage error", () =>
    Effect.gen(function*() {
      const run = yield* runCli(["run", fixture, "--quiet", "--verbose"])
      assert.strictEqual(run.code, 2)
    }))
})
