import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { runCli } from "./support/runCli.ts"

type Outcome = "passed" | "failed" | "errored" | "skipped" | "unsupported" | "known" | "fixed"

/** A small JSON report (version 2) of a conformance run on `target`. */
const report = (target: string, runId: string, groups: ReadonlyArray<readonly [string, Outcome]>, version = 2) => ({
  version,
  run: {
    id: runId,
    startedAt: "2026-12-01T10:00:00.000Z",
    finishedAt: "2026-12-01T10:00:02.000Z",
    durationMs: 2_000,
    endpoint: `http://${target}.example:7480`,
    toolVersion: "0.1.0",
    interrupted: false,
    target,
    profile: `${target}-profile`
  },
  summary: { total: 0, passed: 0, failed: 0, errored: 0, skipped: 0, unsupported: 0, known: 0, fixed: 0, flaky: 0 },
  latency: [],
  groups: groups.map(([id, outcome]) => ({
    name: id,
    id,
    area: id.split("/")[0],
    ...(outcome === "known" ? { deviation: { observed: "unsupported", reason: "not implemented there", profile: `${target}-profile` } } : {}),
    tags: [],
    outcome,
    durationMs: 1,
    counts: { total: 1, passed: 0, failed: 0, errored: 0, skipped: 0, unsupported: 0, known: 0, fixed: 0 },
    steps: []
  }))
})

const write = (dir: string, name: string, document: unknown) => {
  mkdirSync(dir, { recursive: true })
  writeFileSync(join(dir, name), JSON.stringify(document))
}

const ceph = report("ceph", "c0ffee01", [
  ["buckets/create", "passed"],
  ["buckets/policy", "known"],
  ["objects/get", "passed"],
  ["objects/range", "failed"]
])
const swift = report("swift", "5w1f7001", [
  ["buckets/create", "passed"],
  ["buckets/policy", "unsupported"],
  ["objects/get", "errored"],
  ["objects/range", "passed"]
])

describe("s3tester merge-reports: the matrix", () => {
  it.effect("JSON reports of two targets: matrix.md, matrix.json and matrix.html in --output-dir, the area table printed", () =>
    Effect.gen(function*() {
      const root = mkdtempSync(join(tmpdir(), "s3t-matrix-"))
      write(join(root, "reports"), "ceph.json", ceph)
      write(join(root, "reports", "swift"), "report.json", swift)
      const out = join(root, "out")
      const run = yield* runCli(["merge-reports", join(root, "reports"), "--output-dir", out])
      assert.strictEqual(run.code, 0, run.stdout + run.stderr)
      assert.include(run.stdout, "Matrix of 2 JSON report(s): 2 targets, 4 checks")
      assert.include(run.stdout, "| Area | ceph | swift |")
      assert.include(run.stdout, "| buckets | 100.0% · 1✓ 1≈ | 100.0% · 1✓ 1∅ |")
      assert.include(run.stdout, "| objects | 50.0% · 1✓ 1✗ | 50.0% · 1✓ 1⚠ |")
      assert.include(run.stdout, "| **Total** | **66.7% · 2✓ 1≈ 1✗** | **66.7% · 2✓ 1⚠ 1∅** |")
      assert.include(run.stdout, "pass rate = passed / (passed + failed + errored)")
      for (const name of ["matrix.md", "matrix.json", "matrix.html"]) {
        assert.isTrue(existsSync(join(out, name)), name)
        assert.include(run.stdout, `report: ${join(out, name)}`)
      }
      const document = JSON.parse(readFileSync(join(out, "matrix.json"), "utf8"))
      assert.strictEqual(document.version, 1)
      assert.deepStrictEqual(document.targets.map((t: { name: string }) => t.name), ["ceph", "swift"])
      assert.strictEqual(document.areas[1].targets.swift.errored, 1)
      assert.include(readFileSync(join(out, "matrix.md"), "utf8"), "| buckets/policy | ≈ | ∅ |")
      assert.include(readFileSync(join(out, "matrix.html"), "utf8"), "c0ffee01")
    }))

  it.effect("a report that is not of version 2 is named, exit 2; one target and no blobs is exit 2", () =>
    Effect.gen(function*() {
      const root = mkdtempSync(join(tmpdir(), "s3t-matrix-"))
      write(join(root, "old"), "ceph.json", ceph)
      write(join(root, "old"), "swift-v1.json", report("swift", "1", [["buckets/create", "passed"]], 1))
      const old = yield* runCli(["merge-reports", join(root, "old"), "--output-dir", join(root, "out")])
      assert.strictEqual(old.code, 2, old.stdout + old.stderr)
      assert.include(old.stderr, "swift-v1.json: a JSON report of version 1, expected version 2")
      assert.notInclude(old.stderr, "    at ")
      assert.isFalse(existsSync(join(root, "out", "matrix.md")))

      write(join(root, "one"), "ceph.json", ceph)
      const one = yield* runCli(["merge-reports", join(root, "one"), "--output-dir", join(root, "out")])
      assert.strictEqual(one.code, 2, one.stdout + one.stderr)
      assert.include(one.stderr, "no blob reports in")
      assert.include(one.stderr, "its JSON reports are of one target (the matrix needs two or more)")
    }))

  it.effect("reads what the JSON reporter writes; blobs in the same directory are still merged", () =>
    Effect.gen(function*() {
      const root = mkdtempSync(join(tmpdir(), "s3t-matrix-"))
      const dir = join(root, "reports")
      const fixture = "packages/cli/test/fixtures/checks.yaml"
      const first = yield* runCli(["run", fixture, "--reporter", `json:${dir}/embedded.json`, "--reporter", `blob:${dir}/run.blob.json`])
      assert.strictEqual(first.code, 1, first.stdout + first.stderr) // demo/wrong-expectation fails on purpose
      // The same report as another target's (reports of conformance runs name their target).
      const written = JSON.parse(readFileSync(join(dir, "embedded.json"), "utf8"))
      write(dir, "other.json", { ...written, run: { ...written.run, target: "other" } })
      const out = join(root, "out")
      const merged = yield* runCli(["merge-reports", dir, "--output-dir", out, "--reporter", `json:${out}/merged.json`])
      // The blob's run had a failing step: merge-reports exits 1, as before.
      assert.strictEqual(merged.code, 1, merged.stdout + merged.stderr)
      assert.include(merged.stdout, "Matrix of 2 JSON report(s): 2 targets, 2 checks")
      assert.match(merged.stdout, /^\| demo \| 50\.0% · 1✓ 1✗ \| 50\.0% · 1✓ 1✗ \|$/m)
      assert.include(merged.stdout, "Merged 1 blob:")
      assert.isTrue(existsSync(join(out, "merged.json")))
      const document = JSON.parse(readFileSync(join(out, "matrix.json"), "utf8"))
      assert.deepStrictEqual(document.checks.map((c: { id: string }) => c.id), ["demo/put-get", "demo/wrong-expectation"])
      assert.strictEqual(document.checks[1].targets.other.outcome, "failed")
    }))
})
