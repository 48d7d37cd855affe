/**
 * The loader's first YAML path (yamlLines.ts) gives exactly the tree the yaml package's path gives
 * (values, keys, every source position), or gives up: on every suite file of the repository, on the
 * generated suites of the benches, on documents written to hit its corners, and on thousands of
 * documents put together at random from the pieces suites are made of, valid or not.
 */
import { assert, describe, it } from "@effect/vitest"
import { readFileSync } from "node:fs"
import { parseLines } from "../src/internal/loader/yamlLines.ts"
import { positions, refused, ScalarTable } from "../src/internal/loader/yamlScalars.ts"
import { parseWithYaml } from "../src/internal/loader/yamlTree.ts"
import { suiteYaml } from "../../../bench/lib/suiteGenerator.mjs"
import { repoRoot, yamlFiles } from "./support/repoYamlFiles.ts"

const file = "doc.yaml"

/** What the line path reads of `text` (after the check every fast path starts with), or undefined. */
const lines = (text: string) =>
  refused(text) ? undefined : parseLines(text, positions(text, file), new ScalarTable())

/** Whether the line path read `text`; when it did, its tree is the yaml package's. */
const sameOrGivesUp = (text: string, name = text): boolean => {
  const tree = lines(text)
  if (tree === undefined) return false
  const slow = parseWithYaml(text, file)
  assert.deepStrictEqual(slow.diagnostics, [], name)
  assert.deepStrictEqual(tree, slow.root, name)
  return true
}

const read: ReadonlyArray<string> = [
  "a: 1\nb:\nc: ~\nd: null\ne: ''\n",
  "# a comment\nconfig: # after a key\n  # before a value\n  region: us-east-1 # after a value\n\n  list:\n    - a\n    -   b # spaced\n",
  "groups:\n- name: g\n  test:\n  - operation: PutObject\n    parameters: { Bucket: b, Key: \"k\", Body: hi }\n- name: h\n",
  "- name: g\n  vars: { prefix: data }\n  test:\n    -\n      operation: GetObject\n      parameters:\n        Bucket: b\n",
  "flow: { a: 1, b: [x, 'y', \"z\"], c: {}, d: [] }\nlist: [ [1, 2], { k: v } ]\n",
  "url: http://example.com/a?b=c#frag\ncolon: a:b\ndash: -a\nquotes: it's\nbrackets: a[1]{2}\nslash: text/plain\n",
  "q: \"tab \\t quote \\\" slash \\/ back \\\\ e \\u00e9\"\ns: 'it''s'\n\"quoted key\": 1\n'single key': 2\n",
  "q: \"line \\n return \\r nul \\0 end\"\n",
  "ints: [0, -1, +12, 0o17, 0x1F, 1_000, 007]\nfloats: [1.5, .5, 1e3, -2.5E-3, .inf, .NaN]\nbools: [true, False, yes, no]\n",
  "key :  value   \nother:    # comment\n  nested: x\n",
  "  indented: root\n  second: key\n"
]

const givesUp: ReadonlyArray<string> = [
  "text: |\n  line one\n",
  "folded: >-\n  folded\n",
  "plain: a\n  continued\n",
  "multi: [ 1,\n  2 ]\n",
  "q: \"two\n  lines\"\n",
  "list:\n  - a\n  -\n  - b\n",
  "empty_flow: { a: , b }\n",
  "trailing: [a, b,]\n",
  "a: 1\na: 2\n",
  Array.from({ length: 40 }, (_, i) => `k${i}: v\n`).join("") + "k3: again\n",
  `flow: { ${Array.from({ length: 40 }, (_, i) => `k${i}: v`).join(", ")}, k39: again }\n`,
  "1: one\n",
  "nested: a: b\n",
  "- - x\n",
  "a: 1\n - b\n",
  "a:\n  b: 1\n c: 2\n",
  "a: 1\n- b\n",
  "x: \"\\x41\"\n",
  "x: \"a\" b\n",
  "x: '\n",
  "x: @at\n",
  "x: `tick`\n",
  "x: %pct\n",
  "x: { a:1 }\n",
  "x: [a: b]\n",
  "",
  "# only a comment\n",
  "scalar\n"
]

describe("the line YAML path", () => {
  it("reads the documents it is for as the yaml package does", () => {
    for (const text of read) assert.isTrue(sameOrGivesUp(text), `not read: ${text}`)
  })

  it("gives up on what the other paths read or word", () => {
    for (const text of givesUp) assert.isUndefined(lines(text), text)
  })

  it("reads the benches' generated suites and most suite files of the repository, as the yaml package does", () => {
    for (const expectBodies of [true, false]) assert.isTrue(sameOrGivesUp(suiteYaml(200, { expectBodies }), "generated"))
    const files = yamlFiles(repoRoot)
    let taken = 0
    for (const path of files) if (sameOrGivesUp(readFileSync(path, "utf8"), path)) taken++
    assert.isAbove(taken, files.length / 2)
  })

  it("gives the yaml package's tree or gives up, on documents put together at random", () => {
    const random = seeded(15)
    let taken = 0
    const count = 4000
    for (let i = 0; i < count; i++) if (sameOrGivesUp(randomDocument(random))) taken++
    // both outcomes are exercised: many documents are read, many are not
    assert.isAbove(taken, count / 5)
    assert.isBelow(taken, count)
  })
})

/** A seeded generator of numbers in [0, 1) (mulberry32): the same documents on every run. */
const seeded = (seed: number) => {
  let state = seed
  return (): number => {
    state = (state + 0x6d2b79f5) | 0
    let t = Math.imul(state ^ (state >>> 15), 1 | state)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

// what suites write, and (less often) what the line path must give up on or read with care
const keys = ["a", "b", "key", "x-y", "Bucket", "it's", "a b", "\"q k\"", "'s k'"]
const oddKeys = ["k#x", "1", "true", "k:v", "a{b", "\"a\" b", "~"]
const scalars = [
  "v", "hello world", "1", "-1", "0x1F", "1.5", "~", "null", "yes", "http://x/y?z=1#f", "a#b", "a[1]", "a,b", "text/plain",
  "\"a\\\"b\"", "\"\\u00e9\"", "'it''s'", "\"\\ttab\"", "''", "\"\"", "{ a: 1, b: [x, 'y'] }", "{}", "[]",
  "{ \"k\": v }", "[ [1, 2], {c: d} ]", "-a", "a b  ", "\"${{ vars.prefix }}/o.txt\"", ""
]
const oddScalars = [
  "a: b", "a:", "-", "- x", "a #c", "[x", "|", ">", "@x", "%x", "'", "\"", "\"\\x41\"", "\"a\" b", "[a, b,]",
  "{a: 1}", "{ a:1 }", "[a: b]", "{ a: , b }", "{ a: b # c }", "[a, a]", "{ a: 1, a: 2 }", "{ a: [1,", "\"a\"#c"
]

const randomDocument = (random: () => number): string => {
  const pick = <A>(items: ReadonlyArray<A>): A => items[Math.floor(random() * items.length)]!
  const scalar = () => pick(random() < 0.9 ? scalars : oddScalars)
  const key = () => pick(random() < 0.95 ? keys : oddKeys)
  const out: Array<string> = []
  const comment = () => random() < 0.05 ? pick([" # c", "#c", "  #  c"]) : ""
  const blank = () => {
    if (random() < 0.08) out.push(pick(["", "   ", "# line", "    # indented"]))
  }
  const indent = (n: number) => " ".repeat(Math.max(0, n + (random() < 0.04 ? pick([-1, 1]) : 0)))
  const block = (n: number, depth: number, first: string | undefined): void => {
    const isList = random() < 0.35
    const size = 1 + Math.floor(random() * 3)
    for (let i = 0; i < size; i++) {
      blank()
      const head = i === 0 && first !== undefined ? first : indent(n)
      if (isList) {
        const dash = pick(["- ", "- ", "-   ", "-"])
        if (depth < 3 && random() < 0.3) {
          // a mapping in the item, on the dash's line or below it
          if (random() < 0.7 && dash !== "-") block(n + dash.length, depth + 1, head + dash)
          else {
            out.push(head + "-" + comment())
            block(n + 2, depth + 1, undefined)
          }
        } else out.push(head + dash + (dash === "-" ? "" : scalar()) + comment())
      } else {
        const written = key() + pick([": ", ": ", ":  ", " : ", ":"])
        if (depth < 3 && random() < 0.35) {
          out.push(head + written.trimEnd() + comment())
          const compactList = random() < 0.2
          if (compactList) block(n, depth + 1, undefined)
          else block(n + pick([2, 2, 4, 1]), depth + 1, undefined)
        } else out.push(head + written + scalar() + comment())
      }
    }
  }
  block(0, 0, undefined)
  return out.join("\n") + pick(["\n", "", "\n\n"])
}
