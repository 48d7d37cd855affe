import { assert, describe, it } from "@effect/vitest"
import { Reporters, RunEvent, RunResult } from "@s3tester/core"
import { Effect } from "effect"
import { consoleReporter } from "../src/internal/console/ConsoleReporter.ts"
import * as FileLanes from "../src/internal/console/FileLanes.ts"
import { fileLabels, reportingFor, suiteReportersFor } from "../src/internal/runFiles.ts"
import type { Selection, Suite } from "@s3tester/core"
import { result, summary } from "./support/results.ts"

const lanesWithOutput = (count: number) => {
  let out = ""
  const lanes = FileLanes.make(count, (text) => {
    out += text
  })
  return { lanes, output: () => out }
}

describe("FileLanes: the console of several files at once", () => {
  it("the first file prints live; the others wait for their turn and never interleave", () => {
    const { lanes, output } = lanesWithOutput(3)
    const [a, b, c] = lanes as [FileLanes.Lane, FileLanes.Lane, FileLanes.Lane]
    a.writeLine("a1")
    b.writeLine("b1")
    c.writeLine("c1")
    a.write(".")
    assert.strictEqual(output(), "a1\n.")
    assert.isTrue(a.isLive())
    assert.isFalse(b.isLive())
    c.writeLine("c2")
    c.finish() // done before its turn: held until a and b are
    b.writeLine("b2")
    assert.strictEqual(output(), "a1\n.")
    a.finish()
    // b's lines so far at once, then b is live
    assert.strictEqual(output(), "a1\n.b1\nb2\n")
    assert.isTrue(b.isLive())
    b.writeLine("b3")
    assert.strictEqual(output(), "a1\n.b1\nb2\nb3\n")
    b.finish()
    assert.strictEqual(output(), "a1\n.b1\nb2\nb3\nc1\nc2\n")
    // finishing twice changes nothing
    b.finish()
    a.finish()
    assert.strictEqual(output(), "a1\n.b1\nb2\nb3\nc1\nc2\n")
  })

  it("files finishing in reverse order still print in the order given", () => {
    const { lanes, output } = lanesWithOutput(4)
    lanes.forEach((lane, i) => lane.writeLine(`file ${i}`))
    for (const lane of [...lanes].reverse()) lane.finish()
    assert.strictEqual(output(), "file 0\nfile 1\nfile 2\nfile 3\n")
  })
})

describe("progress in a file that waits for its turn", () => {
  it.effect("prints its noteworthy steps and summary through its lane, with no live frame", () =>
    Effect.gen(function*() {
      const { lanes, output } = lanesWithOutput(2)
      const lane = lanes[1]!
      const reporter = consoleReporter(
        { mode: "progress", detail: "normal", verdict: { strict: false, failOnFlaky: false } },
        { writeLine: lane.writeLine, write: lane.write, animate: lane.isLive() }
      )
      const steps = [result("put", "passed"), result("get", "failed", { message: "wrong body" })]
      const counts = steps.reduce((c, r) => RunResult.addOutcome(c, r.outcome, false), RunResult.emptyCounts())
      yield* Reporters.replay([
        RunEvent.RunEvent.RunStarted({ runId: "r", endpoint: "e", groups: [{ name: "g", steps: 2 }], totalSteps: 2 }),
        RunEvent.RunEvent.GroupStarted({ group: "g" }),
        ...steps.map((r) => RunEvent.RunEvent.StepFinished({ result: r })),
        RunEvent.RunEvent.RunFinished({ summary: summary(counts) })
      ], [reporter])
      assert.strictEqual(output(), "") // the first file has not finished: nothing of the second shows
      lanes[0]!.finish()
      const shown = output()
      assert.include(shown, "Running 2 steps in 1 group")
      assert.include(shown, "g > test > get [main] FAILED")
      assert.notInclude(shown, "g > test > put") // progress shows only the steps worth reading
      assert.include(shown, "1 passed, 1 failed")
      assert.notInclude(shown, "░") // no bar
    }))
})

describe("several files' report places", () => {
  it("each file's name, made unique", () => {
    assert.deepStrictEqual(fileLabels(["a.yaml", "x/b.yml", "y/a.yaml", "c.json", "z/a.YAML"]), ["a", "b", "a-2", "c.json", "a-3"])
  })

  it("--output-dir and --reporter paths get a folder per file; reporters without a path are kept", () => {
    const placed = reportingFor({ reporters: ["json", "junit:out/j.xml", "/abs/r.json", "html:/tmp/r.html"], outputDir: "s3tester-report" }, "a")
    assert.deepStrictEqual(placed, {
      reporters: ["json", "junit:out/a/j.xml", "/abs/r.json", "html:/tmp/a/r.html"],
      outputDir: "s3tester-report/a"
    })
  })

  it("a config's reporters: each output option in the file's folder; names and outputs-less entries kept", () => {
    const suite = { reporters: ["json", ["junit", { output: "out/j.xml", suiteName: "x" }], ["html", {}]] } as unknown as Suite.Suite
    const placed = suiteReportersFor({ suite, origins: [] } satisfies Selection.Selected, "a")
    assert.deepStrictEqual(placed.suite.reporters, ["json", ["junit", { output: "out/a/j.xml", suiteName: "x" }], ["html", {}]])
  })
})
