/** The request side of a call's bodies: what is prepared at once, what waits for a file, what is refused. */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import * as NodePath from "node:path"
import { Readable } from "node:stream"
import { assert, describe, it } from "@effect/vitest"
import * as Catalog from "../src/Catalog.ts"
import { prepareInput } from "../src/internal/s3/s3Request.ts"

const putObject = Catalog.lookup(Catalog.builtIn, "PutObject")!

describe("prepareInput", () => {
  it("prepares bodies held in memory at once, with their size as Content-Length", () => {
    const text = prepareInput(putObject, { Bucket: "b", Key: "k", Body: "héllo" }, "/")
    assert.isFalse(text instanceof Promise)
    if (text instanceof Promise) return
    assert.deepStrictEqual(text.input, { Bucket: "b", Key: "k", Body: "héllo", ContentLength: 6 })
    assert.isFalse(text.uploading())

    const base64 = prepareInput(putObject, { Bucket: "b", Key: "k", Body: { base64: "AAEC" } }, "/")
    assert.isFalse(base64 instanceof Promise)
    if (base64 instanceof Promise) return
    assert.deepStrictEqual([...(base64.input["Body"] as Uint8Array)], [0, 1, 2])
    assert.strictEqual(base64.input["ContentLength"], 3)

    const given = prepareInput(putObject, { Bucket: "b", Key: "k", Body: new Uint8Array(4), ContentLength: 2 }, "/")
    assert.isFalse(given instanceof Promise)
    if (given instanceof Promise) return
    assert.strictEqual(given.input["ContentLength"], 2, "a Content-Length the step gives is kept")
  })

  it("passes a caller's stream as it is, at once", () => {
    const stream = Readable.from(["a"])
    const prepared = prepareInput(putObject, { Bucket: "b", Key: "k", Body: stream }, "/")
    assert.isFalse(prepared instanceof Promise)
    if (prepared instanceof Promise) return
    assert.strictEqual(prepared.input["Body"], stream)
    prepared.release()
    assert.isFalse(stream.destroyed, "the caller's stream is the caller's to destroy")
  })

  it("opens a file body (a stream of the file's size, destroyed by release)", async () => {
    const dir = mkdtempSync(NodePath.join(tmpdir(), "s3tester-request-"))
    try {
      writeFileSync(NodePath.join(dir, "body.bin"), "0123456789")
      const preparing = prepareInput(putObject, { Bucket: "b", Key: "k", Body: "file://body.bin" }, dir)
      assert.isTrue(preparing instanceof Promise)
      const prepared = await preparing
      assert.instanceOf(prepared.input["Body"], Readable)
      assert.strictEqual(prepared.input["ContentLength"], 10)
      assert.isTrue(prepared.uploading())
      prepared.release()
      assert.isTrue((prepared.input["Body"] as Readable).destroyed)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it("refuses a wrong body at once, naming the parameter", () => {
    assert.throws(
      () => prepareInput(putObject, { Bucket: "b", Key: "k", Body: { base64: "not base64!" } }, "/"),
      /^Body: base64: expected base64 text$/
    )
  })

  it("refuses a missing file with the parameter and the path", async () => {
    const preparing = prepareInput(putObject, { Bucket: "b", Key: "k", Body: "file:///nonexistent/s3tester-body" }, "/")
    const error = await Promise.resolve(preparing).then(() => undefined, (e: unknown) => e)
    assert.instanceOf(error, Error)
    assert.strictEqual((error as Error).message, "Body: cannot read the body file /nonexistent/s3tester-body: no such file")
  })
})
