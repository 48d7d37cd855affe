import { assert, describe, it } from "@effect/vitest"
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { Effect, PubSub, Schema } from "effect"
import * as Blob from "../src/Blob.ts"
import * as Merge from "../src/Merge.ts"
import * as Reporter from "../src/Reporter.ts"
import * as Reporters from "../src/Reporters.ts"
import type { RunEvent } from "../src/RunEvent.ts"
import * as Shard from "../src/Shard.ts"
import { runEvents } from "./support/reporterEvents.ts"

const tempDir = () => mkdtempSync(join(tmpdir(), "s3t-reports-"))
const fixtures = fileURLToPath(new URL("./fixtures/reporters/", import.meta.url))
const context: Reporter.ReporterContext = { outputDir: "unused", toolVersion: "0.1.0", region: "us-east-1" }

const events = runEvents([["g1", ["passed", "failed"]], ["g2", ["passed", "skipped", "errored"]]])

const publishAll = (bus: PubSub.PubSub<RunEvent>, list: ReadonlyArray<RunEvent>) =>
  Effect.forEach(list, (event) => PubSub.publish(bus, event), { discard: true })

describe("Reporters", () => {
  it.effect("hooks may return void, a Promise or an Effect; files are written under the output dir, nothing left behind", () =>
    Effect.gen(function*() {
      const dir = tempDir()
      const seen: Array<string> = []
      const reporter = Reporter.defineReporter({
        name: "mixed",
        apiVersion: 1,
        onRunStart: (run) => {
          seen.push(`start ${run.totalSteps}`)
        },
        onStepEnd: (result) => Promise.resolve().then(() => void seen.push(`step ${result.group}/${result.index}`)),
        onGroupEnd: (group) => Effect.sync(() => void seen.push(`group ${group.name}`)),
        onRunEnd: (summary) => Effect.succeed([{ path: "sub/out.txt", content: `${summary.counts.total}` }])
      })
      const bus = yield* PubSub.unbounded<RunEvent>()
      const done = yield* Reporters.attach(bus, [reporter], { outputDir: dir })
      yield* publishAll(bus, events)
      const outcome = yield* done
      assert.isFalse(outcome.failed)
      assert.deepStrictEqual(seen, ["start 5", "step g1/0", "step g1/1", "group g1", "step g2/0", "step g2/1", "step g2/2", "group g2"])
      assert.strictEqual(readFileSync(join(dir, "sub/out.txt"), "utf8"), "5")
      assert.deepStrictEqual(readdirSync(join(dir, "sub")), ["out.txt"]) // no temp file left
      assert.deepStrictEqual(outcome.files, [join(dir, "sub/out.txt")])
    }).pipe(Effect.scoped))

  it.effect("a hook that throws, rejects or fails is reported; other reporters and hooks go on", () =>
    Effect.gen(function*() {
      const dir = tempDir()
      const logged: Array<string> = []
      const throwing = Reporter.defineReporter({
        name: "throws",
        apiVersion: 1,
        onStepEnd: () => {
          throw new Error("boom")
        },
        onGroupEnd: () => Promise.reject(new Error("rejected")),
        onRunEnd: () => Effect.fail(new Error("failed effect"))
      })
      const good = Reporter.defineReporter({
        name: "good",
        apiVersion: 1,
        ...Reporter.collect((run) => [{ path: "good.json", content: JSON.stringify(run.counts) }])
      })
      const bus = yield* PubSub.unbounded<RunEvent>()
      const done = yield* Reporters.attach(bus, [throwing, good], { outputDir: dir, log: (l) => logged.push(l) })
      yield* publishAll(bus, events)
      const outcome = yield* done
      assert.isTrue(outcome.failed)
      assert.deepStrictEqual([...new Set(outcome.failures.map((f) => f.hook))], ["onStepEnd", "onGroupEnd", "onRunEnd"])
      assert.strictEqual(outcome.failures.filter((f) => f.hook === "onStepEnd").length, 5)
      // printed once per reporter and hook
      assert.strictEqual(logged.length, 3)
      assert.include(logged[0]!, `reporter "throws" failed in onStepEnd: boom`)
      assert.include(Reporters.formatFailures(outcome)[0]!, "(5 times)")
      const counts = JSON.parse(readFileSync(join(dir, "good.json"), "utf8"))
      assert.deepStrictEqual(counts, { total: 5, passed: 2, failed: 1, errored: 1, skipped: 1, unsupported: 0, known: 0, fixed: 0, flaky: 0 })
    }).pipe(Effect.scoped))

  it.effect("a file path that leaves the output directory is a reporter failure, not a write", () =>
    Effect.gen(function*() {
      const dir = tempDir()
      const sneaky = Reporter.defineReporter({ name: "sneaky", apiVersion: 1, onRunEnd: () => [{ path: "../escape.txt", content: "x" }] })
      const outcome = yield* Reporters.replay(events, [sneaky], { outputDir: join(dir, "out"), log: () => undefined })
      assert.isTrue(outcome.failed)
      assert.include(outcome.failures[0]!.message, "leaves the output directory")
    }))

  it("unknown hook names are warnings with a did-you-mean; a wrong apiVersion is an error", () => {
    const shape = Reporter.checkShape({ name: "typo", apiVersion: 1, onRunEnded: () => undefined, onStepEnd: () => undefined })
    assert.strictEqual(shape.warnings.length, 1)
    assert.include(shape.warnings[0]!, `"onRunEnded" is not a reporter hook`)
    assert.include(shape.warnings[0]!, `did you mean "onRunEnd"`)
    assert.include(Reporter.checkShape({ name: "old", apiVersion: 0 }).error!, "API version 0")
  })
})

describe("Reporters.resolve", () => {
  const builtIns = { blob: Blob.reporter }

  it.effect("a built-in by name, options decoded with its schema; a path relative to the config dir", () =>
    Effect.gen(function*() {
      const warnings: Array<string> = []
      const reporters = yield* Reporters.resolve(
        [
          { name: "blob", options: { output: "b/x.json" }, baseDir: "/cfg", path: ["reporters", 0] },
          { name: "./count-reporter.mjs", baseDir: fixtures, path: ["reporters", 1] }
        ],
        { builtIns, context, warn: (w) => warnings.push(w) }
      )
      assert.deepStrictEqual(reporters.map((r) => r.name), ["blob", "count"])
      assert.deepStrictEqual(warnings, [])
    }))

  it.effect("an unknown name and bad options are one ConfigError with positions and a did-you-mean", () =>
    Effect.gen(function*() {
      const error = yield* Reporters.resolve(
        [
          { name: "blub", baseDir: fixtures, path: ["reporters", 0], source: { file: "s.yaml", line: 3, column: 5 } },
          { name: "blob", options: { output: 3, extra: true }, baseDir: fixtures, path: ["reporters", 1], source: { file: "s.yaml", line: 4, column: 5 } }
        ],
        { builtIns, context, warn: () => undefined }
      ).pipe(Effect.flip)
      assert.strictEqual(error._tag, "ConfigError")
      const message = error.message
      assert.match(message, /s\.yaml:3:5: unknown reporter "blub" \(did you mean "blob"\?\)/)
      assert.include(message, "@s3tester/reporter-blub")
      assert.match(message, /s\.yaml:4:5: reporter "blob": Expected string \(at reporters\[1\]\.output\)/)
      assert.include(message, `s.yaml:4:5: reporter "blob": unknown option "extra" (at reporters[1].extra)`)
    }))

  it.effect("a reporter object with a typo'd hook loads with a warning", () =>
    Effect.gen(function*() {
      const warnings: Array<string> = []
      const typo = { name: "typo", apiVersion: 1 as const, onStepEnded: () => undefined }
      yield* Reporters.resolve([{ name: "typo", baseDir: "/", path: ["--reporter"] }], {
        builtIns: { typo },
        context,
        warn: (w) => warnings.push(w)
      })
      assert.strictEqual(warnings.length, 1)
      assert.include(warnings[0]!, "onStepEnded")
    }))

  it("options schemas: a factory without options rejects options", () => {
    const factory = Reporter.defineReporterFactory({
      name: "f",
      apiVersion: 1,
      options: Schema.Struct({ n: Schema.Number }),
      make: (o) => ({ name: `f${o.n}`, apiVersion: 1 })
    })
    assert.isTrue(Reporter.isReporterFactory(factory))
  })
})

describe("Shard and merge", () => {
  it("shards are contiguous, cover everything once, differ in size by at most one", () => {
    const items = Array.from({ length: 11 }, (_, i) => i)
    const parts = [1, 2, 3, 4].map((index) => Shard.select(items, { index, total: 4 }))
    assert.deepStrictEqual(parts.flat(), items)
    for (const part of parts) assert.include([2, 3], part.length)
    assert.deepStrictEqual(Shard.parse("2/3"), Shard.parse(" 2 / 3 "))
    assert.strictEqual(Shard.parse("4/3")._tag, "Failure")
    assert.strictEqual(Shard.parse("x")._tag, "Failure")
  })

  it.effect("blobs of two shards merge into the whole run's totals", () =>
    Effect.gen(function*() {
      const dir = tempDir()
      const whole = runEvents([["a", ["passed", "failed"]], ["b", ["passed"]], ["c", ["errored", "unsupported"]]])
      const shard1 = runEvents([["a", ["passed", "failed"]]], "s1")
      const shard2 = runEvents([["b", ["passed"]], ["c", ["errored", "unsupported"]]], "s2")
      for (const [index, list] of [[1, shard1], [2, shard2]] as const) {
        const blob = Blob.reporter.make({}, { ...context, shard: { index, total: 2 } })
        yield* Reporters.replay(list, [blob], { outputDir: dir })
      }
      assert.deepStrictEqual(readdirSync(join(dir, "blob")).sort(), ["report-1-of-2.json", "report-2-of-2.json"])
      let merged: unknown
      const capture = Reporter.defineReporter({ name: "capture", apiVersion: 1, ...Reporter.collect((run) => void (merged = run)) })
      const { summary } = yield* Merge.mergeReports(dir, [capture], { outputDir: dir })
      const wholeSummary = (whole.at(-1) as Extract<RunEvent, { _tag: "RunFinished" }>).summary
      assert.deepStrictEqual(summary.counts, wholeSummary.counts)
      assert.deepStrictEqual(summary.groups.map((g) => g.name), ["a", "b", "c"])
      const run = merged as Reporter.CollectedRun
      assert.strictEqual(run.groups.flatMap((g) => g.steps).length, 5)
      assert.strictEqual(run.start?.totalSteps, 5)
    }))

  it.effect("blobs are recognised by content, whatever their name; other files are passed over", () =>
    Effect.gen(function*() {
      const dir = tempDir()
      for (const [index, list] of [[1, runEvents([["a", ["passed"]]], "s1")], [2, runEvents([["b", ["failed"]]], "s2")]] as const) {
        const blob = Blob.reporter.make({}, { ...context, shard: { index, total: 2 } })
        yield* Reporters.replay(list, [blob], { outputDir: dir })
      }
      // Downloaded CI artifacts keep no naming rule: one without an extension, one renamed, one pretty-printed.
      mkdirSync(join(dir, "artifacts", "shard-2"), { recursive: true })
      renameSync(join(dir, "blob", "report-1-of-2.json"), join(dir, "artifacts", "shard-1"))
      const second = readFileSync(join(dir, "blob", "report-2-of-2.json"), "utf8")
      rmSync(join(dir, "blob"), { recursive: true })
      writeFileSync(join(dir, "artifacts", "shard-2", "blob.txt"), JSON.stringify(JSON.parse(second), null, 2))
      writeFileSync(join(dir, "report.json"), JSON.stringify({ note: `"format":"${Blob.format}"` }))
      writeFileSync(join(dir, "notes.md"), "# not a blob\n")
      const blobs = yield* Merge.readBlobs(dir)
      assert.deepStrictEqual(blobs.map((blob) => blob.shard?.index), [1, 2])
      const { summary } = yield* Merge.mergeReports(dir, [], { outputDir: dir })
      assert.strictEqual(summary.counts.total, 2)
      assert.strictEqual(summary.counts.failed, 1)
    }))

  it.effect("no blobs: a clear error", () =>
    Effect.gen(function*() {
      const error = yield* Merge.mergeReports(tempDir(), []).pipe(Effect.flip)
      assert.include(error.message, "no blob reports")
    }))
})
