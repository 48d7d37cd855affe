/** runFiles' files to run: one file runs as loaded; of several, only paths are held and each is loaded again at its turn. */
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
    it.effect("runs one file as loaded", () =>
      Effect.gen(function*() {
        const selected = yield* selectFiles(yield* loadSuites([fixture], [], "steps"), flags)
        const [only] = filesToRun(selected, [], yield* criteriaOf(flags))
        assert.strictEqual(only!.file, fixture)
        assert.strictEqual(yield* only!.load, selected[0])
      }))

    it.effect("loads each of several files again at its turn, with the same selection", () =>
      Effect.gen(function*() {
        const dir = mkdtempSync(join(tmpdir(), "s3tester-runfiles-"))
        const paths = ["a.yaml", "b.yaml"].map((name) => join(dir, name))
        for (const path of paths) copyFileSync(fixture, path)
        const selected = yield* selectFiles(yield* loadSuites(paths, [], "steps"), flags)
        const files = filesToRun(selected, [], yield* criteriaOf(flags))
        assert.deepStrictEqual(files.map((file) => file.file), paths)
        for (const [index, file] of files.entries()) {
          const again = yield* file.load
          assert.notStrictEqual(again, selected[index]) // loaded again, not held
          assert.deepStrictEqual(again.selected, selected[index]!.selected)
          assert.deepStrictEqual(again.stepSource(0, "test", 0), selected[index]!.stepSource(0, "test", 0))
          assert.isDefined(again.stepSource(0, "test", 0))
        }
      }))
  })
})
