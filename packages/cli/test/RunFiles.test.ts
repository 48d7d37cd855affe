/** runFiles' files to run: the first `workers` files run as loaded; the others are held as paths and loaded again at their turn. */
import * as NodeServices from "@effect/platform-node/NodeServices"
import { assert, describe, layer } from "@effect/vitest"
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
        const files = filesToRun(selected, [], yield* criteriaOf(flags), 1)
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
  })
})
