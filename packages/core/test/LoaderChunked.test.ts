/**
 * Loader: a large file with `sources: "steps"` is loaded piece by piece (internal/loader/loadChunked.ts),
 * giving the suite and the places the whole file gives, or it gives up and the whole file is loaded
 * (every problem worded and placed as before).
 */
import * as NodeServices from "@effect/platform-node/NodeServices"
import { assert, describe, it, layer } from "@effect/vitest"
import { Effect, Result } from "effect"
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { groupSpans, loadChunked } from "../src/internal/loader/loadChunked.ts"
import * as Loader from "../src/Loader.ts"
import * as Suite from "../src/Suite.ts"
import { failure, places } from "./support/loaderFixtures.ts"
import { repoRoot, yamlFiles } from "./support/repoYamlFiles.ts"

const env = {
  S3_ENDPOINT: "http://127.0.0.1:9",
  S3_REGION: "us-east-1",
  S3_ACCESS_KEY_ID: "AKIDEXAMPLE",
  S3_SECRET_ACCESS_KEY: "wJalrXUtnFEMI",
  S3_ALT_ACCESS_KEY_ID: "alt-key",
  S3_ALT_SECRET_ACCESS_KEY: "alt-secret",
  S3_HOST: "127.0.0.1"
}
/** Every group its own piece. */
const tiny = { minBytes: 0, chunkBytes: 1 }


/** A suite of `groups` groups of a few steps, with comments and blank lines between them; `extra` goes into the last group. */
const bigSuite = (groups: number, extra = "") => {
  const lines = [
    "# a suite",
    "config:",
    "  endpoint_url: http://127.0.0.1:9",
    "  credentials:",
    "    - { name: main, access_key: a, secret_key: s }",
    "test_cases:",
    "  groups:"
  ]
  for (let g = 0; g < groups; g++) {
    lines.push(
      `    - name: group-${g}`,
      "      before_test:",
      `        - { operation: CreateBucket, parameters: { Bucket: "bucket-${g}" } }`,
      "      test:",
      "        - operation: PutObject",
      `          parameters: { Bucket: bucket-${g}, Key: "\${{ vars.prefix }}/a-long-enough-key-${g % 7}.txt", Body: "hello ${g}" }`,
      "        - id: get",
      "          operation: get-object",
      `          parameters: { bucket: bucket-${g}, Key: "\${{ vars.prefix }}/a-long-enough-key-${g % 7}.txt" }`,
      "          expected_result: { success: true }",
      "",
      "  # between groups"
    )
    if (g === groups - 1 && extra !== "") lines.push(extra)
  }
  lines.push("  parallel: true", "vars: { prefix: data }", "")
  return lines.join("\n")
}

const write = (text: string) => {
  const file = join(mkdtempSync(join(tmpdir(), "s3tester-chunked-")), "suite.yaml")
  writeFileSync(file, text)
  return file
}

/** The suite and every place a run asks for are those of the whole file. */
const assertSame = (chunked: { suite: Suite.Suite; sources: { stepSource: Loader.LoadedSuite["stepSource"]; sourceOf: Loader.LoadedSuite["sourceOf"] } }, full: Loader.LoadedSuite, file: string) => {
  assert.deepStrictEqual(chunked.suite, full.suite, file)
  full.suite.test_cases.groups.forEach((group, g) => {
    assert.deepStrictEqual(chunked.sources.sourceOf(["test_cases", "groups", g]), full.sourceOf(["test_cases", "groups", g]), file)
    for (const phase of Suite.phases) {
      group[phase].forEach((_, s) => assert.deepStrictEqual(chunked.sources.stepSource(g, phase, s), full.stepSource(g, phase, s), file))
      assert.isUndefined(chunked.sources.stepSource(g, phase, group[phase].length), file)
    }
  })
  for (const path of [["config"], ["config", "credentials", 0, "name"], ["test_cases"], ["test_cases", "groups"], ["test_cases", "parallel"], ["vars"]]) {
    assert.deepStrictEqual(chunked.sources.sourceOf(path), full.sourceOf(path), `${file}: ${path.join(".")}`)
  }
}

describe("groupSpans", () => {
  it("finds the items of test_cases.groups, in block and compact lists, and where the list ends", () => {
    const text = "config: {}\ntest_cases:   # c\n  # c\n  parallel: true\n  groups: # c\n    - name: a\n\n      test: []\n  # c\n    - name: b\n  other: 1\nvars: {}\n"
    const spans = groupSpans(text)
    assert.deepStrictEqual(spans?.starts.map((s) => text.slice(s, text.indexOf("\n", s))), ["    - name: a", "    - name: b"])
    assert.strictEqual(text.slice(spans!.end), "  other: 1\nvars: {}\n")
    const compact = "test_cases:\n  groups:\n  - name: a\n  -\n    name: b\n  parallel: true\n"
    const spansCompact = groupSpans(compact)
    assert.strictEqual(spansCompact?.starts.length, 2)
    assert.strictEqual(compact.slice(spansCompact!.end), "  parallel: true\n")
    const last = "test_cases:\n  groups:\n    - a\n    - b"
    assert.strictEqual(groupSpans(last)?.end, last.length)
  })

  it("finds nothing where the groups are not a block list of a top-level test_cases", () => {
    for (const text of [
      "config: {}\n",
      "test_cases:\n  groups: []\n",
      "test_cases: { groups: [] }\n",
      "test-cases:\n  groups:\n    - name: a\n",
      "test_cases:\n  x:\n    groups:\n      - name: a\n",
      "test_cases:\n  groups:\n    - name: a\ntest_cases:\n  groups:\n    - name: b\n",
      "test_cases:\n  groups:\n  x: 1\n",
      "test_cases:\n  groups:#c\n    - name: a\n"
    ]) assert.isUndefined(groupSpans(text), text)
  })
})

layer(NodeServices.layer)("Loader: large files piece by piece", (it) => {
  it.effect("gives the whole file's suite and places, or gives up, for every suite file of the repository", () =>
    Effect.gen(function*() {
      let pieced = 0
      for (const file of yamlFiles(repoRoot)) {
        const text = readFileSync(file, "utf8")
        const chunked = yield* loadChunked(text, file, env, undefined, tiny)
        if (chunked === undefined) continue
        pieced++
        const full = yield* Effect.result(Loader.load(file, { env }))
        assert.isTrue(Result.isSuccess(full), file)
        if (Result.isSuccess(full)) assertSame(chunked, full.success, file)
      }
      // files of two groups or more that the fast YAML path reads and that load without env of their own
      assert.isAbove(pieced, 5)
    }))

  it.effect("loads a large file in pieces through Loader.load as the whole file loads", () =>
    Effect.gen(function*() {
      const text = bigSuite(4000)
      assert.isAbove(text.length, 1024 * 1024)
      const file = write(text)
      assert.isDefined(yield* loadChunked(text, file, env, undefined))
      const full = yield* Loader.load(file, { env })
      const steps = yield* Loader.load(file, { env, sources: "steps" })
      assertSame({ suite: steps.suite, sources: steps }, full, file)
    }))

  it.effect("gives up on any problem: the whole file's diagnostics, worded and placed as before", () =>
    Effect.gen(function*() {
      for (
        const extra of [
          "        - operation: PutObjekt", // an unknown operation in the last piece
          "      tags: oops", // a value the schema refuses
          `    - name: group-3\n      test: []`, // a group name used in another piece
          "          retries: { attempts: 1, backof: 1s }", // a key no schema has, below what the shapes check
          "      concurrency: { test: 2, tset: 1 }"
        ]
      ) {
        const text = bigSuite(60, extra)
        const file = write(text)
        assert.isUndefined(yield* loadChunked(text, file, env, undefined, tiny), extra)
        const full = yield* failure(Loader.load(file, { env }))
        const steps = yield* failure(Loader.load(file, { env, sources: "steps" }))
        assert.isAbove(full.diagnostics.length, 0)
        assert.deepStrictEqual(places(steps), places(full), extra)
      }
    }))

  it.effect("gives up on a file with includes", () =>
    Effect.gen(function*() {
      const text = `include: other.yaml\n${bigSuite(10)}`
      assert.isUndefined(yield* loadChunked(text, write(text), env, undefined, tiny))
    }))
})
