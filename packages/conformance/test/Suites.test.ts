import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { Conformance, Suites, Targets } from "../src/index.ts"

const loaded = Conformance.load(Targets.embedded)

/** The areas of the two halves of the checks, with the least number of checks each must have. */
const objectApi = { buckets: 30, objects: 40, listing: 50, multipart: 40, copy: 25, conditional: 30, range: 15, "multi-delete": 15, tagging: 20, auth: 30, "post-object": 20, checksums: 25 }
const configuration = { acl: 35, policy: 35, "public-access": 15, ownership: 10, versioning: 35, "object-lock": 30, encryption: 25, lifecycle: 20, cors: 20, "bucket-config": 20, "not-implemented": 15 }

describe("the built-in suites", () => {
  it.effect("load and validate; every group is a check with an id in its file's area and an AWS doc link", () =>
    Effect.gen(function*() {
      const { suite } = yield* loaded
      const groups = suite.test_cases.groups
      assert.isAbove(groups.length, 590)
      for (const group of groups) {
        assert.isDefined(group.id, group.name)
        assert.strictEqual(group.id!.split("/")[0], group.area, group.id)
        assert.match(group.doc ?? "", /^https:\/\/docs\.aws\.amazon\.com\//, group.id)
        assert.include(Suites.areas(), group.area!, group.id)
      }
    }))

  it.effect("each area has at least the number of checks its issue asks for (330 + 260 in all)", () =>
    Effect.gen(function*() {
      const { suite } = yield* loaded
      const count = (area: string) => suite.test_cases.groups.filter((g) => g.area === area).length
      let first = 0
      let second = 0
      for (const [area, least] of Object.entries(objectApi)) {
        assert.isAtLeast(count(area), least, area)
        first += count(area)
      }
      for (const [area, least] of Object.entries(configuration)) {
        assert.isAtLeast(count(area), least, area)
        second += count(area)
      }
      assert.isAtLeast(first, 330)
      assert.isAtLeast(second, 260)
    }))

  it.effect("buckets a check creates successfully are its own (s3t-<run id>-...), unique across the package, cleaned up", () =>
    Effect.gen(function*() {
      const { suite } = yield* loaded
      const owners = new Map<string, string>()
      for (const group of suite.test_cases.groups) {
        const vars = group.vars ?? {}
        const resolve = (value: unknown) =>
          typeof value === "string" ? value.replace(/\$\{\{\s*vars\.([\w-]+)\s*\}\}/g, (_, name: string) => String(vars[name])) : value
        const created = [...group.before_test, ...group.test]
          .filter((step) => step.operation === "CreateBucket" && step.expected_result.success)
          .map((step) => resolve(step.parameters["Bucket"]))
        const cleaned = new Set(
          group.after_test.filter((step) => step.operation === "DeleteBucketIfExists").map((step) => resolve(step.parameters["Bucket"]))
        )
        for (const bucket of created) {
          assert.isString(bucket, group.id)
          assert.match(bucket as string, /^s3t-\$\{\{ run\.id \}\}-[a-z0-9.-]+$/, `${group.id}: ${String(bucket)}`)
          assert.isAtMost((bucket as string).replace("${{ run.id }}", "12345678").length, 63, group.id)
          assert.isTrue(cleaned.has(bucket), `${group.id} does not remove ${String(bucket)} in after_test`)
          const other = owners.get(bucket as string)
          assert.isTrue(other === undefined || other === group.id, `${String(bucket)}: ${group.id} and ${other}`)
          owners.set(bucket as string, group.id!)
        }
      }
      assert.isAbove(owners.size, 500)
    }))
})
