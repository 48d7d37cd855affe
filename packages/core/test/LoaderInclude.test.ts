/** Loader: include (merging, cycles, missing files, diagnostics in included files). */
import * as NodeServices from "@effect/platform-node/NodeServices"
import { assert, describe, layer } from "@effect/vitest"
import { Effect } from "effect"
import * as Loader from "../src/Loader.ts"
import { failure, fixture, places } from "./support/loaderFixtures.ts"

layer(NodeServices.layer)("Loader: include", (it) => {
  describe("include", () => {
    it.effect("merges included files first: credentials and groups concatenated, the including file wins", () =>
      Effect.gen(function*() {
        const loaded = yield* Loader.load(fixture("include/main.yaml"), { env: {} })
        const { config, test_cases } = loaded.suite
        assert.strictEqual(config.region, "us-west-2") // including file wins
        assert.isFalse(config.path_style) // only in the include
        assert.deepStrictEqual(config.credentials.map((c) => c.name), ["shared", "own"])
        // credentials.yaml has no groups; groups.yaml includes nested.yaml (nested include)
        assert.deepStrictEqual(test_cases.groups.map((g) => g.name), ["from-nested", "from-groups", "from-main"])
        // the default credential is the first of the merged list
        assert.deepStrictEqual(test_cases.groups.map((g) => g.credential), ["shared", "shared", "shared"])
        // steps remember the file they come from
        assert.deepStrictEqual(loaded.stepSource(0, "test", 0), {
          file: fixture("include/common/nested.yaml"),
          line: 5,
          column: 11
        })
        assert.deepStrictEqual(loaded.stepSource(2, "test", 0), {
          file: fixture("include/main.yaml"),
          line: 15,
          column: 11
        })
      }))

    it.effect("reports an include cycle at the include that closes it", () =>
      Effect.gen(function*() {
        const error = yield* failure(Loader.load(fixture("cycle/a.yaml"), { env: {} }))
        assert.deepStrictEqual(places(error), [[
          fixture("cycle/b.yaml"),
          1,
          10,
          `include cycle: ${fixture("cycle/a.yaml")} -> ${fixture("cycle/b.yaml")} -> ${fixture("cycle/a.yaml")}`
        ]])
      }))

    it.effect("reports a missing include at the include entry", () =>
      Effect.gen(function*() {
        const error = yield* failure(Loader.load(fixture("include/missing.yaml"), { env: {} }))
        assert.strictEqual(error.diagnostics.length, 1)
        const [file, line, column, message] = places(error)[0]!
        assert.deepStrictEqual([file, line, column], [fixture("include/missing.yaml"), 1, 36])
        assert.match(message, /^cannot read included file "common\/nope\.yaml" \(.*nope\.yaml\): no such file$/)
      }))

    it.effect("points diagnostics inside an included file to that file", () =>
      Effect.gen(function*() {
        const error = yield* failure(Loader.load(fixture("include/broken-include.yaml"), { env: {} }))
        assert.deepStrictEqual(places(error), [[
          fixture("include/common/broken.yaml"),
          5,
          1,
          "YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a ]"
        ]])
      }))
  })
})
