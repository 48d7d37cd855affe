/**
 * Freeing body chunks at once (Node >= 21): only whole, unshared, not yet detached buffers; never a
 * throw; and no cost where the runtime cannot free them.
 */
import { assert, describe, it } from "@effect/vitest"
import type * as Http from "node:http"
import type { Socket } from "node:net"
import { Schema } from "effect"
import { canReleaseChunks, releaseChunk } from "../src/internal/body/bodyChunks.ts"
import { clientConfig } from "../src/internal/s3/s3Config.ts"
import * as Suite from "../src/Suite.ts"

const canTransfer = typeof (ArrayBuffer.prototype as { transfer?: unknown }).transfer === "function"

const config = Schema.decodeUnknownSync(Suite.TargetConfig)({
  region: "us-east-1",
  credentials: [{ name: "main", access_key: "AKMAIN", secret_key: "main-secret" }]
})

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

describe("a client's http agent", () => {
  it("releases the chunks its sockets read only where chunks can be freed (no listener per socket on Node 20)", () => {
    const settings = clientConfig(config, "http://127.0.0.1:9", config.credentials[0]!)
    assert.notStrictEqual(typeof settings, "string")
    const agent = (settings as { readonly requestHandler: { readonly httpAgent: Http.Agent } }).requestHandler.httpAgent
    assert.strictEqual(canReleaseChunks, canTransfer)
    const socket = agent.createConnection({ host: "127.0.0.1", port: 9 }, () => {}) as Socket
    socket.on("error", () => {})
    assert.strictEqual(socket.listenerCount("data"), canTransfer ? 1 : 0)
    socket.destroy()
  })
})
