/** Loader: `sources: "steps"` keeps the places a run reports, and answers them as the full tree does. */
import * as NodeServices from "@effect/platform-node/NodeServices"
import { assert, describe, layer } from "@effect/vitest"
import { Effect } from "effect"
import * as Loader from "../src/Loader.ts"
import * as Suite from "../src/Suite.ts"
import { env as seedEnv, fixture } from "./support/loaderFixtures.ts"

import * as path from "node:path"
import { fileURLToPath } from "node:url"

const repository = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "..")
const env = {
  ...seedEnv,
  S3_ENDPOINT: "http://127.0.0.1:9",
  S3_ALT_ACCESS_KEY_ID: "alt-key",
  S3_ALT_SECRET_ACCESS_KEY: "alt-secret"
}
const files = [
  fixture("include/main.yaml"),
  fixture("seed.yaml"),
  fixture("aliases.yaml"),
  path.join(repository, "examples", "quickstart.yaml"),
  path.join(repository, "examples", "ceph-rgw.yaml")
]

layer(NodeServices.layer)("Loader: sources", (it) => {
  describe("sources: steps", () => {
    it.effect("gives every step's place, every group's place and every place outside the groups as the full tree does", () =>
      Effect.gen(function*() {
        for (const name of files) {
          const full = yield* Loader.load(name, { env })
          const compact = yield* Loader.load(name, { env, sources: "steps" })
          assert.deepStrictEqual(compact.suite, full.suite)
          let steps = 0
          full.suite.test_cases.groups.forEach((group, g) => {
            assert.deepStrictEqual(compact.sourceOf(["test_cases", "groups", g]), full.sourceOf(["test_cases", "groups", g]))
            for (const phase of Suite.phases) {
              group[phase].forEach((_, s) => {
                steps++
                const place = full.stepSource(g, phase, s)
                assert.isDefined(place)
                assert.deepStrictEqual(compact.stepSource(g, phase, s), place)
                assert.deepStrictEqual(compact.sourceOf(["test_cases", "groups", g, phase, s]), place)
                // inside a step: the step's place
                assert.deepStrictEqual(compact.sourceOf(["test_cases", "groups", g, phase, s, "operation"]), place)
              })
            }
          })
          assert.isAbove(steps, 0, name)
          for (const path of [["config"], ["config", "region"], ["config", "credentials", 0, "name"], ["test_cases"], ["test_cases", "groups"], ["vars"]]) {
            assert.deepStrictEqual(compact.sourceOf(path), full.sourceOf(path), `${name}: ${path.join(".")}`)
          }
          assert.isUndefined(compact.stepSource(full.suite.test_cases.groups.length, "test", 0))
        }
      }))
  })
})
