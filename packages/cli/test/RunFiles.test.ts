/**
 * runFiles' files to run: the first `workers` files run as loaded, and so do the next ones up to a
 * number of steps; the others are held as paths and loaded again at their turn.
 */
import * as NodeServices from "@effect/platform-node/NodeServices"
import { assert, describe, layer } from "@effect/vitest"
import * as Suite from "@s3tester/core/Suite"
import { Effect, Option } from "effect"
import { copyFileSync, mkdtempSync } from "node:fs"
import { tmpdir } from "node:os"
import { join, resolve } from "node:path"
import { loadSuites } from "../src/internal/loadSuites.ts"
import { filesToRun } from "../src/internal/runFiles.ts"
import { criteriaOf, selectFiles } from "../src/internal/selectionFlags.ts"

const fixture = resolve(import.meta.dirname, "fixtures", "console.yaml")
const flags = { group: [], grep: Option.none(), tags: ["smoke"] }

layer(NodeServices.layer)("filesToRun", (it) => {
  describe("filesToRun", () => {
    it.effect("runs a file that starts at once as loaded, and gives the suite up", () =>
      Effect.gen(function*() {
        const selected = yield* selectFiles(yield* loadSuites([fixture], [], "steps"), flags)
        const [only] = filesToRun(selected, [], yield* criteriaOf(flags), 4)
        assert.strictEqual(only!.file, fixture)
        assert.strictEqual(yield* only!.load, selected[0])
        const again = yield* only!.load // not held any more: loaded again
        assert.notStrictEqual(again, selected[0])
        assert.deepStrictEqual(again.selected, selected[0]!.selected)
      }))

    it.effect("loads a file that waits for a worker again at its turn, with the same selection", () =>
      Effect.gen(function*() {
        const dir = mkdtempSync(join(tmpdir(), "s3tester-runfiles-"))
        const paths = ["a.yaml", "b.yaml", "c.yaml"].map((name) => join(dir, name))
        for (const path of paths) copyFileSync(fixture, path)
        const selected = yield* selectFiles(yield* loadSuites(paths, [], "steps"), flags)
        const files = filesToRun(selected, [], yield* criteriaOf(flags), 1, 0) // no steps held beyond the workers'
        assert.deepStrictEqual(files.map((file) => file.file), paths)
        assert.strictEqual(yield* files[0]!.load, selected[0]) // the worker's first file, as loaded
        for (const [index, file] of files.entries()) {
          if (index === 0) continue
          const again = yield* file.load
          assert.notStrictEqual(again, selected[index]) // loaded again, not held
          assert.deepStrictEqual(again.selected, selected[index]!.selected)
          assert.deepStrictEqual(again.stepSource(0, "test", 0), selected[index]!.stepSource(0, "test", 0))
          assert.isDefined(again.stepSource(0, "test", 0))
        }
      }))

    it.effect("keeps small files waiting for a worker loaded, up to the number of steps held", () =>
      Effect.gen(function*() {
        const dir = mkdtempSync(join(tmpdir(), "s3tester-runfiles-"))
        const paths = ["a.yaml", "b.yaml", "c.yaml", "d.yaml"].map((name) => join(dir, name))
        for (const path of paths) copyFileSync(fixture, path)
        const selected = yield* selectFiles(yield* loadSuites(paths, [], "steps"), flags)
        const steps = Suite.totalSteps(selected[1]!.selected.suite.test_cases.groups)
        assert.isAbove(steps, 0)
        // one worker; room for two waiting files' steps, not three
        const files = filesToRun(selected, [], yield* criteriaOf(flags), 1, 2 * steps + 1)
        const loads = yield* Effect.forEach(files, (file) => file.load)
        assert.deepStrictEqual(loads.map((load, index) => load === selected[index]), [true, true, true, false])
        assert.deepStrictEqual(loads[3]!.selected, selected[3]!.selected) // the last one loaded again
      }))
  })
})
