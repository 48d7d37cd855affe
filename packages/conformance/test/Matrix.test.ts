import { assert, describe, it } from "@effect/vitest"
import type { RunResult } from "@s3tester/core"
import { Effect, Result } from "effect"
import { rateText } from "../src/internal/matrixFormat.ts"
import * as Matrix from "../src/Matrix.ts"

interface Deviation {
  readonly observed: string
  readonly reason: string
  readonly profile: string
  readonly link?: string
}

type GroupSpec = readonly [id: string | undefined, outcome: RunResult.Outcome, deviation?: Deviation]

/** A JSON report document (version 2) as @s3tester/reporter-json writes it. */
const report = (options: {
  readonly target?: string
  readonly endpoint: string
  readonly profile?: string
  readonly runId: string
  readonly startedAt: string
  readonly durationMs: number
  readonly shard?: { readonly index: number; readonly total: number }
  readonly groups: ReadonlyArray<GroupSpec>
}) => ({
  version: 2,
  run: {
    id: options.runId,
    startedAt: options.startedAt,
    finishedAt: new Date(Date.parse(options.startedAt) + options.durationMs).toISOString(),
    durationMs: options.durationMs,
    endpoint: options.endpoint,
    toolVersion: "0.1.0",
    interrupted: false,
    ...(options.shard === undefined ? {} : { shard: options.shard }),
    ...(options.target === undefined ? {} : { target: options.target }),
    ...(options.profile === undefined ? {} : { profile: options.profile })
  },
  summary: { total: 0, passed: 0, failed: 0, errored: 0, skipped: 0, unsupported: 0, known: 0, fixed: 0, flaky: 0 },
  latency: [],
  groups: options.groups.map(([id, outcome, deviation]) => ({
    name: id ?? "setup without id",
    ...(id === undefined ? {} : { id, area: id.slice(0, id.indexOf("/")), doc: `https://docs.example/${id}` }),
    ...(deviation === undefined ? {} : { deviation }),
    tags: [],
    outcome,
    durationMs: 5,
    counts: { total: 1, passed: 0, failed: 0, errored: 0, skipped: 0, unsupported: 0, known: 0, fixed: 0 },
    steps: []
  }))
})

const listingDeviation: Deviation = {
  observed: "error_code InvalidArgument",
  reason: "answers InvalidArgument to max-keys=0",
  profile: "ceph-rgw-16",
  link: "https://tracker.example/1"
}
const hostile = "<script>alert(1)</script> & friends"

// ceph: two shards, with objects/put in both (passed in the first, errored in the second).
const cephShard1 = report({
  target: "ceph",
  endpoint: "http://127.0.0.1:7480",
  profile: "ceph-rgw-16",
  runId: "aaaa0001",
  startedAt: "2026-12-01T10:00:00.000Z",
  durationMs: 4_000,
  shard: { index: 1, total: 2 },
  groups: [
    ["buckets/create", "passed"],
    ["buckets/delete", "passed"],
    ["buckets/list", "known", listingDeviation],
    ["objects/get", "failed"],
    ["objects/put", "passed"],
    [undefined, "failed"]
  ]
})
const cephShard2 = report({
  target: "ceph",
  endpoint: "http://127.0.0.1:7480",
  profile: "ceph-rgw-16",
  runId: "aaaa0002",
  startedAt: "2026-12-01T10:00:01.000Z",
  durationMs: 6_000,
  shard: { index: 2, total: 2 },
  groups: [
    ["objects/put", "errored"],
    ["objects/head", "passed"],
    ["multipart/complete", "unsupported"],
    ["multipart/abort", "skipped"],
    ["multipart/list", "fixed", { ...listingDeviation, reason: "stale" }]
  ]
})
const swift = report({
  target: "swift",
  endpoint: "http://127.0.0.1:8080",
  profile: "swift-s3api-2.30",
  runId: "bbbb0001",
  startedAt: "2026-12-02T09:30:00.000Z",
  durationMs: 65_000,
  groups: [
    ["buckets/create", "passed"],
    ["buckets/delete", "failed"],
    ["buckets/list", "passed"],
    ["objects/get", "passed"],
    ["objects/put", "passed"],
    ["objects/head", "known", { observed: "success", reason: hostile, profile: "swift-s3api-2.30" }],
    [`objects/${hostile}`, "passed"],
    ["multipart/complete", "errored"],
    ["multipart/abort", "passed"]
  ]
})

const build = (reports: ReadonlyArray<unknown>) => Result.getOrThrow(Matrix.fromReports(reports))
const counts = (cell: Matrix.Cell) => ({ ...cell.counts })
const zero = Matrix.emptyCounts()
/** The ceph column's totals over the two reports (the table and the JSON document both give them). */
const cephTotals = { total: 9, passed: 3, known: 1, failed: 1, errored: 1, unsupported: 1, skipped: 1, fixed: 1 }

describe("Matrix.fromReports", () => {
  it.effect("counts checks by area and target, with the pass rate", () =>
    Effect.sync(() => {
      const matrix = build([swift, cephShard1, cephShard2])
      assert.deepStrictEqual(matrix.targets.map((t) => t.name), ["ceph", "swift"])
      assert.deepStrictEqual(matrix.areas.map((a) => a.area), ["buckets", "multipart", "objects"])
      const [buckets, multipart, objects] = matrix.areas
      assert.deepStrictEqual(counts(buckets!.cells[0]!), { ...zero, total: 3, passed: 2, known: 1 })
      assert.strictEqual(buckets!.cells[0]!.passRate, 1)
      assert.deepStrictEqual(counts(buckets!.cells[1]!), { ...zero, total: 3, passed: 2, failed: 1 })
      assert.strictEqual(buckets!.cells[1]!.passRate, 2 / 3)
      // Nothing passed, failed or errored: no pass rate.
      assert.deepStrictEqual(counts(multipart!.cells[0]!), { ...zero, total: 3, unsupported: 1, skipped: 1, fixed: 1 })
      assert.isNull(multipart!.cells[0]!.passRate)
      assert.deepStrictEqual(counts(multipart!.cells[1]!), { ...zero, total: 2, passed: 1, errored: 1 })
      assert.deepStrictEqual(counts(objects!.cells[0]!), { ...zero, total: 3, passed: 1, failed: 1, errored: 1 })
      assert.strictEqual(objects!.cells[0]!.passRate, 1 / 3)
      assert.deepStrictEqual(counts(objects!.cells[1]!), { ...zero, total: 4, passed: 3, known: 1 })
      const [ceph, sw] = matrix.targets
      assert.deepStrictEqual(counts(ceph!.totals), cephTotals)
      assert.strictEqual(ceph!.totals.passRate, 0.6)
      assert.strictEqual(sw!.totals.passRate, 6 / 8)
    }))

  it.effect("merges the reports of one target: checks united, the worse outcome wins, runs listed", () =>
    Effect.sync(() => {
      const matrix = build([cephShard2, swift, cephShard1])
      const ceph = matrix.targets[0]!
      assert.deepStrictEqual(ceph.runs.map((r) => [r.id, r.shard?.index]), [["aaaa0001", 1], ["aaaa0002", 2]])
      assert.strictEqual(ceph.durationMs, 10_000)
      assert.strictEqual(ceph.profile, "ceph-rgw-16")
      const put = matrix.checks.find((c) => c.id === "objects/put")!
      assert.deepStrictEqual(put.results.map((r) => r?.outcome), ["errored", "passed"])
      // The group without an id is not a check.
      assert.isUndefined(matrix.checks.find((c) => c.id.includes("setup")))
      assert.strictEqual(matrix.checks.length, 10)
      // A check that did not run on a target has no result there.
      const list = matrix.checks.find((c) => c.id === "multipart/list")!
      assert.deepStrictEqual(list.results.map((r) => r?.outcome), ["fixed", undefined])
      const known = matrix.checks.find((c) => c.id === "buckets/list")!
      assert.strictEqual(known.results[0]?.deviation?.reason, listingDeviation.reason)
      assert.strictEqual(known.doc, "https://docs.example/buckets/list")
      // The order of the reports does not matter.
      assert.strictEqual(Matrix.json(matrix), Matrix.json(build([swift, cephShard1, cephShard2])))
    }))

  it.effect("the worse of two outcomes follows the engine's severity", () =>
    Effect.sync(() => {
      const one = (outcome: RunResult.Outcome, runId: string) =>
        report({ target: "t", endpoint: "http://t", runId, startedAt: "2026-12-01T00:00:00Z", durationMs: 1, groups: [["a/x", outcome]] })
      const merged = (a: RunResult.Outcome, b: RunResult.Outcome) =>
        build([one(a, "1"), one(b, "2")]).checks[0]!.results[0]!.outcome
      assert.strictEqual(merged("passed", "known"), "known")
      assert.strictEqual(merged("failed", "known"), "failed")
      assert.strictEqual(merged("errored", "failed"), "errored")
      assert.strictEqual(merged("skipped", "passed"), "skipped")
    }))

  it.effect("names the target by run.target, else by its endpoint", () =>
    Effect.sync(() => {
      const { target: _target, ...run } = swift.run
      const matrix = build([{ ...swift, run }, cephShard1])
      assert.deepStrictEqual(matrix.targets.map((t) => t.name), ["ceph", "http://127.0.0.1:8080"])
    }))

  it.effect("a document that is not a version 2 or 3 JSON report is a clear error", () =>
    Effect.sync(() => {
      assert.isTrue(Result.isSuccess(Matrix.fromReports([{ ...swift, version: 3 }])), "version 3 (traces) is read too")
      const message = (documents: ReadonlyArray<unknown>, names?: ReadonlyArray<string>) => {
        const result = Matrix.fromReports(documents, names)
        assert.isTrue(Result.isFailure(result))
        return Result.isFailure(result) ? result.failure.message : ""
      }
      assert.strictEqual(
        message([swift, { ...swift, version: 1 }], ["a.json", "b.json"]),
        "b.json: a JSON report of version 1, expected version 2 or 3 (write it again with this s3tester)"
      )
      assert.strictEqual(message([[1, 2]]), "report 1: not a JSON object")
      assert.strictEqual(message([{ format: "s3tester-blob" }]), "report 1: not an s3tester JSON report (no version field)")
      const badOutcome = { ...swift, groups: [swift.groups[0], { ...swift.groups[1], outcome: "great" }] }
      assert.match(message([badOutcome], ["s.json"]), /^s\.json: not a version 2 JSON report: \.groups\[1\]\.outcome is "great", expected one of passed, failed/)
      assert.strictEqual(
        message([{ ...swift, run: { ...swift.run, endpoint: 7 } }]),
        "report 1: not a version 2 JSON report: .run.endpoint is 7, expected a string"
      )
      assert.match(
        message([cephShard1, { ...cephShard2, run: { ...cephShard2.run, profile: "other" } }], ["1.json", "2.json"]),
        /^2\.json: target ceph was judged against profile other, but 1\.json against profile ceph-rgw-16/
      )
    }))
})

describe("Matrix output", () => {
  const matrix = build([cephShard1, cephShard2, swift])

  it.effect("a pass rate has one decimal, and is 100% or 0% only when it is exactly that", () =>
    Effect.sync(() => {
      assert.deepStrictEqual(
        [1, 0, 2 / 3, 0.57, 1999 / 2000, 1 / 2000, null].map(rateText),
        ["100.0%", "0.0%", "66.7%", "57.0%", "99.9%", "0.1%", "n/a"]
      )
    }))

  it.effect("Markdown: title, area table with totals, the formula, check table with legend, deviations, runs", () =>
    Effect.sync(() => {
      const text = Matrix.markdown(matrix)
      const lines = text.split("\n")
      assert.strictEqual(lines[0], "# S3 compatibility matrix")
      assert.include(lines, "| Area | ceph | swift |")
      assert.include(lines, "| buckets | 100.0% · 2✓ 1≈ | 66.7% · 2✓ 1✗ |")
      assert.include(lines, "| multipart | n/a · 1∅ 1○ 1↑ | 50.0% · 1✓ 1⚠ |")
      assert.include(lines, "| objects | 33.3% · 1✓ 1✗ 1⚠ | 100.0% · 3✓ 1≈ |")
      assert.include(lines, "| **Total** | **60.0% · 3✓ 1≈ 1✗ 1⚠ 1∅ 1○ 1↑** | **75.0% · 6✓ 1≈ 1✗ 1⚠** |")
      const formula = lines.findIndex((l) => l.startsWith(Matrix.passRateFormula))
      assert.isTrue(formula > lines.findIndex((l) => l.startsWith("| **Total**")))
      assert.include(lines, "| [buckets/list](https://docs.example/buckets/list) | ≈ | ✓ |")
      assert.include(lines, "| [multipart/list](https://docs.example/multipart/list) | ↑ | · |")
      assert.include(text, "✓ passed; ≈ known (deviates as the profile declares); ✗ failed")
      assert.include(text, "- buckets/list on ceph: ≈ known; answers InvalidArgument to max-keys=0 ([link](https://tracker.example/1))")
      assert.include(text, "aaaa0001 (shard 1/2), aaaa0002 (shard 2/2)")
      assert.include(text, "bbbb0001")
      assert.include(text, "run from 2026-12-01 10:00 UTC to 2026-12-02 09:30 UTC")
      assert.include(text, "| 1 m 05 s |")
      assert.include(text, "; · not run on that target")
      // Report text cannot open HTML or break the table.
      assert.notInclude(text, "<script>")
      assert.include(text, "&lt;script&gt;alert(1)&lt;/script&gt; &amp; friends")
    }))

  it.effect("JSON: a versioned document with the same counts, keyed by target", () =>
    Effect.sync(() => {
      const document = JSON.parse(Matrix.json(matrix))
      assert.strictEqual(document.format, "s3tester-matrix")
      assert.strictEqual(document.version, 1)
      assert.strictEqual(document.passRate, "pass rate = passed / (passed + failed + errored)")
      assert.deepStrictEqual(document.targets.map((t: { name: string }) => t.name), ["ceph", "swift"])
      assert.deepStrictEqual(document.targets[0].totals, { ...cephTotals, passRate: 0.6 })
      const objects = document.areas.find((a: { area: string }) => a.area === "objects")
      assert.deepStrictEqual(objects.targets.ceph, { ...zero, total: 3, passed: 1, failed: 1, errored: 1, passRate: 1 / 3 })
      assert.isNull(document.areas.find((a: { area: string }) => a.area === "multipart").targets.ceph.passRate)
      const head = document.checks.find((c: { id: string }) => c.id === "objects/head")
      assert.deepStrictEqual(head.targets, {
        ceph: { outcome: "passed" },
        swift: { outcome: "known", deviation: { observed: "success", reason: hostile, profile: "swift-s3api-2.30" } }
      })
      assert.deepStrictEqual(Object.keys(document.checks.find((c: { id: string }) => c.id === "multipart/list").targets), ["ceph"])
    }))

  it.effect("HTML: one self-contained page, escaped, with dark mode and a filter", () =>
    Effect.sync(() => {
      const page = Matrix.html(matrix)
      assert.isTrue(page.startsWith("<!doctype html>"))
      // The only script is the page's own filter; the hostile check id and reason are text.
      assert.strictEqual(page.match(/<script/g)?.length, 1)
      assert.include(page, "&#60;script&#62;alert(1)&#60;/script&#62; &#38; friends")
      assert.notMatch(page, /(src|href)="(?!https?:\/\/docs\.example|https:\/\/tracker\.example)/)
      assert.include(page, "default-src 'none'")
      assert.include(page, "prefers-color-scheme: dark")
      assert.include(page, `id="filter"`)
      assert.include(page, "<th>Area</th><th>ceph</th><th>swift</th>")
      assert.include(page, "<td>100.0% · 2✓ 1≈</td>")
      assert.include(page, "<td><strong>75.0% · 6✓ 1≈ 1✗ 1⚠</strong></td>")
      assert.include(page, Matrix.passRateFormula)
      assert.include(page, `<td class="o known" title="ceph: known (profile ceph-rgw-16: answers InvalidArgument to max-keys=0)">≈</td>`)
      assert.include(page, "aaaa0001 (shard 1/2), aaaa0002 (shard 2/2)")
    }))

  it.effect("HTML: the filter hides the check rows that do not hold every word typed (id, outcome or reason)", () =>
    Effect.sync(() => {
      const page = Matrix.html(matrix)
      const script = page.slice(page.indexOf("<script>") + "<script>".length, page.indexOf("</script>"))
      // The rows as the page has them: their text and data-search attribute.
      const rows = [...page.matchAll(/<tr data-search="([^"]*)"><th>(.*?)<\/th>/g)].map((m) => ({
        textContent: m[2]!.replace(/<[^>]+>/g, ""),
        dataset: { search: m[1]! },
        hidden: false
      }))
      assert.strictEqual(rows.length, 10)
      let onInput = () => {}
      const box = { value: "", addEventListener: (_: string, f: () => void) => void (onInput = f) }
      const shown = { textContent: "" }
      const document = {
        getElementById: (id: string) => id === "filter" ? box : shown,
        querySelectorAll: () => rows
      }
      new Function("document", script)(document)
      const visible = (value: string) => {
        box.value = value
        onInput()
        return rows.filter((r) => !r.hidden).map((r) => r.textContent)
      }
      assert.deepStrictEqual(visible("known"), ["buckets/list", "objects/head"])
      assert.deepStrictEqual(visible("multipart  UNSUPPORTED"), ["multipart/complete"])
      assert.deepStrictEqual(visible("max-keys"), ["buckets/list"])
      assert.strictEqual(shown.textContent, "1")
      assert.strictEqual(visible("").length, 10)
    }))
})
