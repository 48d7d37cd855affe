/** Engine.run's templates (vars, run, group, captured step outputs) and its expectations (response match, strict). */
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { isSuccess } from "../src/RunResult.ts"
import { byName, makeSuite, okWith, runSuite, serviceError } from "./support/engineRun.ts"

describe("Engine: templating", () => {
  it.effect("resolves vars, run, group and captured step outputs; keeps whole-value types", () =>
    Effect.gen(function*() {
      const inputs: Array<Record<string, unknown>> = []
      const suite = makeSuite([{
        name: "g1",
        vars: { bucket: "s3t-${{ run.id }}-${{ vars.prefix }}", n: 7 },
        test: [
          { id: "mpu", name: "create", operation: "CreateMultipartUpload", parameters: { Bucket: "${{ vars.bucket }}", Key: "k" } },
          { id: "list", name: "list", operation: "ListObjectsV2", parameters: { Bucket: "${{ vars.bucket }}", MaxKeys: "${{ vars.n }}" } },
          {
            name: "use",
            operation: "PutObject",
            parameters: {
              Bucket: "${{ group.name }}",
              Key: "${{ steps.list.Contents[1].Key }}/${{ steps.mpu.UploadId }}",
              Body: "x${{ steps.list.Contents }}"
            },
            expected_result: { response: { ETag: "${{ steps.mpu.UploadId }}" } }
          },
          { name: "missing", operation: "PutObject", parameters: { Bucket: "b", Key: "${{ steps.list.Contents[5].Key }}" } }
        ]
      }], { vars: { prefix: "p" } })
      const { steps } = yield* runSuite(suite, (request) => {
        inputs.push(request.input)
        switch (request.operation.name) {
          case "CreateMultipartUpload":
            return okWith({ UploadId: "U1" })
          case "ListObjectsV2":
            return okWith({ Contents: [{ Key: "a" }, { Key: "b" }] })
          default:
            return okWith({ ETag: "U1" })
        }
      })
      assert.deepStrictEqual(inputs[0], { Bucket: "s3t-run1-p", Key: "k" })
      assert.deepStrictEqual(inputs[1], { Bucket: "s3t-run1-p", MaxKeys: 7 })
      assert.deepStrictEqual(inputs[2], { Bucket: "g1", Key: "b/U1", Body: "x[{\"Key\":\"a\"},{\"Key\":\"b\"}]" })
      assert.strictEqual(byName(steps, "use").outcome, "passed")
      const missing = byName(steps, "missing")
      assert.strictEqual(missing.outcome, "errored")
      assert.include(missing.message, "steps.list.Contents[5]")
      assert.include(missing.message, "no item 5")
      assert.strictEqual(missing.attempts, 0)
      assert.strictEqual(inputs.length, 3)
    }))

  it.effect("a step whose referenced step failed is skipped, naming the step", () =>
    Effect.gen(function*() {
      const suite = makeSuite([{
        name: "g",
        test: [
          { id: "put", name: "put", operation: "PutObject", parameters: { Bucket: "b", Key: "k" } },
          { name: "head", operation: "HeadObject", parameters: { Bucket: "b", Key: "${{ steps.put.ETag }}" } }
        ]
      }])
      const { steps } = yield* runSuite(suite, () => Effect.fail(serviceError("AccessDenied", 403)))
      assert.strictEqual(byName(steps, "put").outcome, "failed")
      assert.strictEqual(byName(steps, "head").outcome, "skipped")
      assert.strictEqual(byName(steps, "head").message, "depends on steps.put, which failed")
    }))
})

describe("Engine: expectations and outcomes", () => {
  it.effect("response is a subset match with a readable diff", () =>
    Effect.gen(function*() {
      const output = {
        ContentLength: 5,
        LastModified: new Date("2024-01-02T03:04:05.000Z"),
        Contents: [{ Key: "a", Size: 1 }, { Key: "b", Size: 2 }]
      }
      const suite = makeSuite([{
        name: "g",
        test: [
          { name: "same", operation: "ListObjectsV2", parameters: { Bucket: "b" }, expected_result: { response: { ContentLength: "5", LastModified: "2024-01-02T03:04:05Z", Contents: [{ Key: "a" }, { Size: 2 }] } } },
          { name: "differs", operation: "ListObjectsV2", parameters: { Bucket: "b" }, expected_result: { response: { ContentLength: 6, Missing: "x", Contents: [{ Key: "a" }, { Key: "c" }] } } },
          { name: "length", operation: "ListObjectsV2", parameters: { Bucket: "b" }, expected_result: { response: { Contents: [{ Key: "a" }] } } }
        ]
      }])
      const { steps } = yield* runSuite(suite, () => okWith(output))
      assert.strictEqual(byName(steps, "same").outcome, "passed")
      const differs = byName(steps, "differs")
      assert.strictEqual(differs.outcome, "failed")
      assert.strictEqual(
        differs.message,
        "response does not match:\n  response.ContentLength: expected 6, got 5\n  response.Missing: expected \"x\", got nothing (no such field)\n  response.Contents[1].Key: expected \"c\", got \"b\""
      )
      assert.include(byName(steps, "length").message, "response.Contents: expected 1 items, got 2")
    }))

  it.effect("strict turns unsupported into failed; isSuccess honours strict and failOnFlaky", () =>
    Effect.gen(function*() {
      const suite = makeSuite([{ name: "g", test: [{ name: "ni", operation: "ListBuckets" }] }])
      const handler = () => Effect.fail(serviceError("NotImplemented", 501))
      const lax = yield* runSuite(suite, handler)
      assert.strictEqual(lax.steps[0]!.outcome, "unsupported")
      assert.isTrue(isSuccess(lax.summary.counts))
      assert.isFalse(isSuccess(lax.summary.counts, { strict: true }))
      const strict = yield* runSuite(suite, handler, { strict: true })
      assert.strictEqual(strict.steps[0]!.outcome, "failed")
      assert.include(strict.steps[0]!.message, "strict")
      assert.strictEqual(strict.summary.counts.failed, 1)
    }))
})
