import { assert, describe, it } from "@effect/vitest"
import { mkdtempSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { Reporters, RunEvent, RunResult } from "@s3tester/core"
import { Effect } from "effect"

const here = fileURLToPath(new URL(".", import.meta.url))

const result = (group: string, index: number, outcome: RunResult.Outcome, message?: string): RunResult.StepResult => ({
  group,
  phase: "test",
  index,
  name: "GetObject",
  operation: "GetObject",
  credential: "main",
  outcome,
  durationMs: 20,
  attempts: 1,
  expected: { success: true },
  actual: { success: outcome === "passed", requestId: `req-${index}` },
  ...(message === undefined ? {} : { message })
})

const events = (): ReadonlyArray<RunEvent.RunEvent> => {
  const steps = [result("g|1", 0, "passed"), result("g|1", 1, "failed", "expected success,\ngot AccessDenied | <b>")]
  const counts = steps.reduce((c, s) => RunResult.addOutcome(c, s.outcome), RunResult.emptyCounts())
  const group: RunResult.GroupResult = { name: "g|1", tags: [], outcome: "failed", durationMs: 40, counts }
  return [
    RunEvent.RunEvent.RunStarted({ runId: "r1", endpoint: "http://s3", groups: [{ name: "g|1", steps: 2 }], totalSteps: 2 }),
    ...steps.map((s) => RunEvent.RunEvent.StepFinished({ result: s })),
    RunEvent.RunEvent.GroupFinished({ result: group }),
    RunEvent.RunEvent.RunFinished({
      summary: { runId: "r1", startedAt: "2026-01-01T00:00:00Z", finishedAt: "2026-01-01T00:00:01Z", durationMs: 1000, endpoint: "http://s3", counts, groups: [group], interrupted: false }
    })
  ]
}

describe("s3tester-reporter-markdown", () => {
  it.effect("is found by the name `markdown` (s3tester-reporter-<name>) and writes a PR-comment summary", () =>
    Effect.gen(function*() {
      const dir = mkdtempSync(join(tmpdir(), "s3t-reports-md-"))
      const reporters = yield* Reporters.resolve(
        [{ name: "markdown", options: { output: "pr.md", title: "Ceph" }, baseDir: here, path: ["reporters", 0] }],
        { builtIns: {}, context: { outputDir: dir, toolVersion: "0.1.0" }, warn: () => undefined }
      )
      assert.deepStrictEqual(reporters.map((r) => r.name), ["markdown"])
      yield* Reporters.replay(events(), reporters, { outputDir: dir })
      const text = readFileSync(join(here, "pr.md"), "utf8") // output relative to the spec's base dir
      assert.include(text, "## ❌ Ceph: 1/2 steps passed")
      assert.include(text, "| 1 | 1 | 0 | 0 | 0 | 0 | 2 |")
      // one table row, pipes and markup neutralised
      assert.include(text, "| ❌ | g\\|1 | test › GetObject | expected success, got AccessDenied \\| &lt;b&gt; | req-1 |")
    }).pipe(Effect.ensuring(Effect.sync(() => rmSync(join(here, "pr.md"), { force: true })))))

  it.effect("a bad option is a configuration error naming the reporter", () =>
    Effect.gen(function*() {
      const error = yield* Reporters.resolve(
        [{ name: "markdown", options: { maxFailures: "many" }, baseDir: here, path: ["reporters", 0] }],
        { builtIns: {}, context: { outputDir: "x", toolVersion: "0.1.0" }, warn: () => undefined }
      ).pipe(Effect.flip)
      assert.include(error.message, `reporter "markdown": Expected number`)
    }))
})
