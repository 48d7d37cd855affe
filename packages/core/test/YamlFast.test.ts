/**
 * The loader's fast YAML path (js-yaml) gives exactly the tree the yaml package's path gives (values,
 * keys, every source position), or gives up: checked on every suite file of the repository and on
 * documents written to hit the corners (empty values, comments, block and flow styles, the core
 * schema's numbers, quoted keys).
 */
import { assert, describe, it } from "@effect/vitest"
import { readFileSync } from "node:fs"
import { parseFast } from "../src/internal/loader/yamlFast.ts"
import { parseWithYaml } from "../src/internal/loader/yamlTree.ts"
import { repoRoot, yamlFiles } from "./support/repoYamlFiles.ts"



const corners: ReadonlyArray<string> = [
  "a: 1\nb:\nc: ~\nd: null\ne: Null\nf: NULL\ng: ''\n",
  "ints: [0, -1, +12, 0o17, 0x1F, 1_000, 007, 0b11]\nfloats: [1.5, .5, 1e3, -2.5E-3, .inf, -.Inf, .NaN, 1., +.5]\n",
  "bools: [true, True, TRUE, false, False, FALSE, yes, no, on, off, y, n]\n",
  "1: one\ntrue: yes\n0x10: hex\n1.50: float\n\"quoted key\": 'single'\n'it''s': \"dq \\t \\u00e9\"\n",
  "# a comment\nconfig: # after a key\n  # before a value\n  region: us-east-1 # after a value\n\n  list:\n    - a\n    -   b # spaced\n    - - nested\n      - seq\n",
  "text: |\n  line one\n  line two\nfolded: >-\n  folded\n  text\nkeep: |+\n  kept\n\nstrip: |2\n    indented\nafter: x\n",
  "flow: { a: 1, b: [x, 'y', \"z\"], c: {}, d: [] }\nmulti:\n  [ 1,\n    2 ]\nplain: a\n  continued\n  line\n",
  "- name: g\n  test:\n    - operation: PutObject\n      parameters: { Bucket: b, Key: \"k\", Body: hi }\n    - operation: GetObject\n      parameters:\n        Bucket: b\n",
  "key:    \n  value on next line\nother:\n\n\n  spaced\n",
  "empty_flow: { a: , b }\n",
  "list:\n  - a\n  -\n  - b\n",
  "url: http://example.com/a?b=c#frag\ncolon: a:b\ndash: -a\nquotes: it's\n"
]

describe("the fast YAML path", () => {
  it("gives the yaml package's tree, or gives up, for every suite file of the repository", () => {
    const files = yamlFiles(repoRoot)
    assert.isAbove(files.length, 40)
    let fast = 0
    for (const file of files) {
      const text = readFileSync(file, "utf8")
      const tree = parseFast(text, file)
      if (tree === undefined) continue
      fast++
      const slow = parseWithYaml(text, file)
      assert.deepStrictEqual(slow.diagnostics, [], file)
      assert.deepStrictEqual(tree, slow.root, file)
    }
    // most files are plain: the fast path is taken (the rest use anchors or aliases, or are broken)
    assert.isAbove(fast, files.length / 2)
  })

  it("gives the same tree on documents that hit the corners", () => {
    let fast = 0
    for (const text of corners) {
      const slow = parseWithYaml(text, "corner.yaml")
      const tree = parseFast(text, "corner.yaml")
      if (tree === undefined) continue
      fast++
      assert.deepStrictEqual(slow.diagnostics, [], text)
      assert.deepStrictEqual(tree, slow.root, text)
    }
    // it gives up on an empty flow value and an empty list item (the yaml package places them)
    assert.strictEqual(fast, corners.length - 2)
  })

  it("gives up on what only the yaml package's path handles or words", () => {
    for (const text of [
      "a: &x 1\nb: *x\n",
      "base: &b { x: 1 }\nc:\n  <<: *b\n",
      "a: !tag 1\n",
      "a: 1\na: 2\n",
      "0x10: hex\n16: sixteen\n", // two texts, one key (16)
      "a: [1, 2\n",
      "? complex\n: key\n",
      "---\na: 1\n---\nb: 2\n",
      "a:\tb\n",
      "a: 1\r\nb: 2\r\n",
      "",
      "# only a comment\n"
    ]) assert.isUndefined(parseFast(text, "x.yaml"), text)
  })
})
