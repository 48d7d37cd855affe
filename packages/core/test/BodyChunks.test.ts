/** Freeing body chunks at once (Node >= 21): only whole, unshared, not yet detached buffers; never a throw. */
import { assert, describe, it } from "@effect/vitest"
import { releaseChunk } from "../src/internal/body/bodyChunks.ts"

const canTransfer = typeof (ArrayBuffer.prototype as { transfer?: unknown }).transfer === "function"

describe("releaseChunk", () => {
  it("frees a chunk that is the whole of its buffer (where the runtime can), and leaves a slice alone", () => {
    const whole = new Uint8Array(1024)
    releaseChunk(whole)
    assert.strictEqual(whole.byteLength, canTransfer ? 0 : 1024)
    const pooled = new Uint8Array(new ArrayBuffer(2048), 1024, 512)
    releaseChunk(pooled)
    assert.strictEqual(pooled.byteLength, 512)
    const part = new Uint8Array(new ArrayBuffer(2048), 0, 512)
    releaseChunk(part)
    assert.strictEqual(part.byteLength, 512)
  })

  it("a chunk whose buffer was already taken (detached, as Deno's writes do) is not an error", () => {
    const chunk = new Uint8Array(64)
    structuredClone(chunk.buffer, { transfer: [chunk.buffer] })
    assert.strictEqual(chunk.byteLength, 0)
    releaseChunk(chunk)
    releaseChunk("not a chunk")
  })
})
