/**
 * An SDK call's abort signal (internal/s3/s3Abort) behaves as an AbortController's does where the SDK
 * and the body reader use it, and a body read with its events (internal/s3/s3Body's drain) ends as an
 * async iterator's read would: its bytes, an abort, a stream closed before its end.
 */
import { assert, describe, it } from "@effect/vitest"
import { createHash } from "node:crypto"
import { Readable } from "node:stream"
import { CallAbort } from "../src/internal/s3/s3Abort.ts"
import { drain } from "../src/internal/s3/s3Body.ts"

describe("CallAbort", () => {
  it("calls each abort listener once, then onabort; not a removed one, nor one added after the abort", () => {
    const abort = new CallAbort()
    const calls: Array<string> = []
    const first = () => calls.push("first")
    const removed = () => calls.push("removed")
    abort.addEventListener("abort", first)
    abort.addEventListener("abort", first)
    abort.addEventListener("abort", removed)
    abort.removeEventListener("abort", removed)
    abort.onabort = () => calls.push("onabort")
    assert.isFalse(abort.aborted)
    abort.abort()
    abort.abort()
    abort.addEventListener("abort", () => calls.push("late"))
    assert.deepStrictEqual(calls, ["first", "onabort"])
    assert.isTrue(abort.aborted)
    assert.instanceOf(abort.reason, Error)
    assert.strictEqual((abort.reason as Error).name, "AbortError")
  })
})

/** A fresh stream of `chunks`, then its end, or a close without an end. */
const streamOf = (chunks: ReadonlyArray<Buffer>, end: "end" | "close") => {
  let next = 0
  return new Readable({
    read() {
      const chunk = chunks[next++]
      if (chunk !== undefined) this.push(chunk)
      else if (end === "end") this.push(null)
      else this.destroy()
    }
  })
}

describe("drain (events)", () => {
  it("reads a fresh stream to its end: size, sha256, text", async () => {
    const chunks = [Buffer.from("hello "), Buffer.from("world")]
    const observed = await drain(streamOf(chunks, "end"), new CallAbort())
    assert.strictEqual(observed.size, 11)
    assert.strictEqual(observed.text, "hello world")
    assert.strictEqual(observed.sha256, createHash("sha256").update("hello world").digest("hex"))
    assert.isTrue(observed.complete)
  })

  it("hashes a body longer than its kept head whole, wherever its chunks cut the head's end", async () => {
    for (const sizes of [[64 * 1024 + 1], [1000, 64 * 1024, 5000], [64 * 1024, 1], [30 * 1024, 34 * 1024, 10, 70 * 1024]]) {
      const chunks = sizes.map((size, i) => Buffer.alloc(size, 97 + i))
      const whole = Buffer.concat(chunks)
      const observed = await drain(streamOf(chunks, "end"), new CallAbort())
      assert.strictEqual(observed.size, whole.byteLength)
      assert.strictEqual(observed.sha256, createHash("sha256").update(whole).digest("hex"), sizes.join(","))
      assert.strictEqual(observed.text, whole.subarray(0, 64 * 1024).toString("utf8"))
      assert.isFalse(observed.complete)
    }
  })

  it("rejects for a stream closed before its end, and destroys the stream on an abort", async () => {
    const closed = await drain(streamOf([Buffer.from("part")], "close"), new CallAbort()).then(
      () => undefined,
      (error: unknown) => error
    )
    assert.strictEqual((closed as { code?: unknown } | undefined)?.code, "ERR_STREAM_PREMATURE_CLOSE")

    const never = new Readable({ read() {} })
    const abort = new CallAbort()
    const reading = drain(never, abort).then(() => undefined, (error: unknown) => error)
    abort.abort()
    const aborted = await reading
    assert.strictEqual((aborted as Error | undefined)?.name, "AbortError")
    assert.isTrue(never.destroyed)
  })
})
