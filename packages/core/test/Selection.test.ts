import { assert, describe, it } from "@effect/vitest"
import * as Selection from "../src/Selection.ts"
import type * as Suite from "../src/Suite.ts"

const step = (operation: string, extra: Partial<Suite.Step> = {}): Suite.Step => ({
  operation,
  parameters: {},
  expected_result: { success: true },
  ...extra
})

const group = (name: string, tags: ReadonlyArray<string>, test: ReadonlyArray<Suite.Step>): Suite.Group => ({
  name,
  tags,
  before_test: [step("CreateBucket")],
  test,
  after_test: [step("DeleteBucket")]
})

const suite: Suite.Suite = {
  config: { region: "us-east-1", path_style: true, credentials: [{ name: "main" }] },
  test_cases: {
    parallel: false,
    groups: [
      group("objects", ["smoke", "objects"], [step("PutObject"), step("GetObject", { name: "read back" })]),
      group("listing", ["objects"], [step("ListObjectsV2")]),
      group("multipart", ["multipart", "slow"], [
        step("CreateMultipartUpload", { id: "create" }),
        step("UploadPart", { id: "part", parameters: { UploadId: "${{ steps.create.UploadId }}" } }),
        step("ListParts"),
        step("CompleteMultipartUpload", {
          parameters: { UploadId: "${{ steps.create.UploadId }}", Parts: [{ ETag: "${{ steps.part.ETag }}" }] }
        })
      ])
    ]
  }
}

const names = (selected: Suite.Suite) => selected.test_cases.groups.map((g) => g.name)

describe("Selection.parseTags", () => {
  it("reads , as any-of and + as all-of, ignoring blanks", () => {
    assert.deepStrictEqual(Selection.parseTags("smoke, objects+versioning,,"), [["smoke"], ["objects", "versioning"]])
    assert.deepStrictEqual(Selection.parseTags(""), [])
  })
})

describe("Selection.select", () => {
  it("keeps everything when no criterion is given", () => {
    const selected = Selection.select(suite, {})
    assert.deepStrictEqual(names(selected.suite), ["objects", "listing", "multipart"])
    assert.deepStrictEqual(selected.origins.map((o) => o.group), [0, 1, 2])
  })

  it("selects groups by exact name", () => {
    assert.deepStrictEqual(names(Selection.apply(suite, { groups: ["listing", "multipart"] })), ["listing", "multipart"])
    assert.isTrue(Selection.isEmpty(Selection.select(suite, { groups: ["list"] })))
  })

  it("selects by tags: any-of with ',', all-of with '+'", () => {
    assert.deepStrictEqual(names(Selection.apply(suite, { tags: Selection.parseTags("smoke,slow") })), ["objects", "multipart"])
    assert.deepStrictEqual(names(Selection.apply(suite, { tags: Selection.parseTags("objects+smoke") })), ["objects"])
    assert.deepStrictEqual(names(Selection.apply(suite, { tags: Selection.parseTags("objects+slow") })), [])
  })

  it("greps test step titles, keeps setup and cleanup, and keeps a group whole when its name matches", () => {
    const selected = Selection.select(suite, { grep: /objects > read/ })
    assert.deepStrictEqual(names(selected.suite), ["objects"])
    const objects = selected.suite.test_cases.groups[0]!
    assert.deepStrictEqual(objects.test.map((s) => s.operation), ["GetObject"])
    assert.strictEqual(objects.before_test.length, 1)
    assert.strictEqual(objects.after_test.length, 1)
    assert.deepStrictEqual(selected.origins, [{ group: 0, test: [1] }])
    const whole = Selection.apply(suite, { grep: /^listing$/ })
    assert.deepStrictEqual(names(whole), ["listing"])
    const phased = Selection.apply(suite, { grep: /test > PutObject/ })
    assert.deepStrictEqual(phased.test_cases.groups[0]!.test.map((s) => s.operation), ["PutObject"])
  })

  it("keeps the earlier test steps a grepped step refers to, transitively", () => {
    const selected = Selection.select(suite, { grep: /CompleteMultipart/ })
    assert.deepStrictEqual(selected.suite.test_cases.groups[0]!.test.map((s) => s.operation), [
      "CreateMultipartUpload",
      "UploadPart",
      "CompleteMultipartUpload"
    ])
    assert.deepStrictEqual(selected.origins, [{ group: 2, test: [0, 1, 3] }])
  })

  it("combines criteria with AND", () => {
    assert.deepStrictEqual(names(Selection.apply(suite, { tags: [["objects"]], grep: /List/ })), ["listing"])
    assert.deepStrictEqual(names(Selection.apply(suite, { groups: ["objects"], grep: /List/ })), [])
  })

  it("maps step positions back to the original suite for source lookups", () => {
    const selected = Selection.select(suite, { grep: /CompleteMultipart|read back/ })
    const seen: Array<string> = []
    const source = Selection.sourceOf(selected, (g, phase, s) => {
      seen.push(`${g}:${phase}:${s}`)
      return { file: "f.yaml", line: g * 100 + s, column: 1 }
    })
    assert.strictEqual(source(0, "test", 0)?.line, 1) // objects' "read back" is test[1]
    assert.strictEqual(source(1, "test", 2)?.line, 203) // multipart's Complete is test[3]
    assert.strictEqual(source(1, "after_test", 0)?.line, 200)
    assert.isUndefined(source(5, "test", 0))
    assert.deepStrictEqual(seen, ["0:test:1", "2:test:3", "2:after_test:0"])
  })

  it("does not let a global regex's lastIndex skip matches", () => {
    assert.deepStrictEqual(names(Selection.apply(suite, { grep: /Object/g })), ["objects", "listing"])
  })
})
