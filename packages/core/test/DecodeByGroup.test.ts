/**
 * Decoding a suite group by group (internal/loader/decodeByGroup.ts) gives what decoding the whole
 * suite strictly gives, before and after it moves to the decoder Schema compiles (past the first
 * 500 steps of the process), and refuses a key the schema does not know.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Schema from "effect/Schema"
import * as Catalog from "../src/Catalog.ts"
import { checkTree } from "../src/internal/loader/checkTree.ts"
import { decodeByGroup } from "../src/internal/loader/decodeByGroup.ts"
import { prepareTree } from "../src/internal/loader/yamlInclude.ts"
import { type MapNode, parseWithYaml, toPlain } from "../src/internal/loader/yamlTree.ts"
import * as Suite from "../src/Suite.ts"
import { suiteYaml } from "../../../bench/lib/suiteGenerator.mjs"

const treeOf = (text: string): MapNode => {
  const problems: Array<unknown> = []
  const parsed = parseWithYaml(text, "suite.yaml")
  assert.strictEqual(parsed.root?._tag, "Map")
  const prepared = prepareTree(parsed.root as MapNode, {}, (problem) => problems.push(problem))
  const tree = checkTree(prepared, Catalog.builtIn, (problem) => problems.push(problem), true)
  assert.deepStrictEqual(problems, [])
  return tree
}

const strict = Schema.decodeUnknownSync(Suite.Suite)

describe("decodeByGroup", () => {
  it("gives the strict decoding of the whole suite, across the move to the compiled decoder", () => {
    for (const steps of [40, 1200, 40]) {
      const tree = treeOf(suiteYaml(steps))
      assert.deepStrictEqual(decodeByGroup(tree), strict(toPlain(tree), { onExcessProperty: "error" }))
    }
  })

  it("refuses a key the schema does not know (in a step's body expectation, which the loader's shapes leave to it)", () => {
    const text = suiteYaml(1200)
    const at = text.lastIndexOf("body: { text: ")
    const unknownKey = text.slice(0, at) + "body: { colour: blue, text: " + text.slice(at + "body: { text: ".length)
    assert.isUndefined(decodeByGroup(treeOf(unknownKey)))
    assert.isDefined(decodeByGroup(treeOf(text)))
  })
})
