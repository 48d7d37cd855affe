import { assert, describe, it } from "@effect/vitest"
import { Effect, Result } from "effect"
import * as Template from "../src/Template.ts"

const scope: Template.Scope = {
  vars: { bucket: "b1", n: 5, flag: true, nested: { list: [{ k: "v" }] } },
  run: { id: "abcd1234", started_at: "2024-01-01T00:00:00.000Z" },
  group: { name: "grp" },
  steps: new Map<string, unknown>([["put", { ETag: "\"e1\"", Size: 3 }], ["list", { Contents: [{ Key: "a" }] }]])
}

const ok = <A>(value: A): unknown => {
  const resolved = Template.resolve(value, scope)
  assert.isTrue(Result.isSuccess(resolved), Result.isFailure(resolved) ? resolved.failure.message : "")
  return Result.isSuccess(resolved) ? resolved.success : undefined
}

const fails = (value: unknown): string => {
  const resolved = Template.resolve(value, scope)
  assert.isTrue(Result.isFailure(resolved))
  return Result.isFailure(resolved) ? resolved.failure.message : ""
}

describe("Template", () => {
  it.effect("a whole-value template keeps the type; inside a string it is stringified", () =>
    Effect.sync(() => {
      assert.deepStrictEqual(ok({
        MaxKeys: "${{ vars.n }}",
        Flag: "${{ vars.flag }}",
        Obj: "${{ vars.nested }}",
        Text: "n=${{ vars.n }} ${{ vars.nested.list[0] }}",
        List: ["${{ steps.put.Size }}", "${{ steps.list.Contents[0].Key }}", "${{ vars.nested.list.0.k }}"],
        Run: "s3t-${{ run.id }}-${{ group.name }}",
        At: "${{ run.started_at }}",
        Quoted: "${{ steps.put[\"ETag\"] }}",
        Plain: 3
      }), {
        MaxKeys: 5,
        Flag: true,
        Obj: { list: [{ k: "v" }] },
        Text: "n=5 {\"k\":\"v\"}",
        List: [3, "a", "v"],
        Run: "s3t-abcd1234-grp",
        At: "2024-01-01T00:00:00.000Z",
        Quoted: "\"e1\"",
        Plain: 3
      })
    }))

  it.effect("a missing path names itself", () =>
    Effect.sync(() => {
      assert.include(fails("${{ steps.put.VersionId }}"), "steps.put.VersionId: no field \"VersionId\" (present: ETag, Size)")
      assert.include(fails("${{ steps.list.Contents[3].Key }}"), "steps.list.Contents[3]: no item 3 (the list has 1)")
      assert.include(fails("x ${{ steps.get.ETag }}"), "steps.get: step \"get\" has no output")
      assert.include(fails("${{ vars.n.x }}"), "vars.n is a number, not an object")
      assert.include(fails("${{ env.HOME }}"), "\"env\" is not available here")
      assert.include(fails("${{ vars.n + 1 }}"), "only paths are allowed")
    }))

  it.effect("resolvePartial leaves what it cannot resolve as written (dry-run)", () =>
    Effect.sync(() => {
      const partial = Template.resolvePartial(
        { Bucket: "${{ vars.bucket }}", Key: "${{ steps.put.ETag }}", Mixed: "${{ run.id }}/${{ steps.put.ETag }}" },
        { vars: scope.vars, run: scope.run }
      )
      assert.deepStrictEqual(partial, { Bucket: "b1", Key: "${{ steps.put.ETag }}", Mixed: "abcd1234/${{ steps.put.ETag }}" })
    }))

  it.effect("groupVars: the group's vars override the suite's and may use them", () =>
    Effect.sync(() => {
      const vars = Template.groupVars(
        { prefix: "p", bucket: "suite" },
        { bucket: "${{ vars.prefix }}-${{ run.id }}-${{ group.name }}" },
        { run: scope.run, group: { name: "g" } }
      )
      assert.deepStrictEqual(Result.getOrThrow(vars), { prefix: "p", bucket: "p-abcd1234-g" })
    }))
})
