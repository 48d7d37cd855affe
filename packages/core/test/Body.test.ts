import { execFileSync } from "node:child_process"
import { createHash } from "node:crypto"
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import * as NodePath from "node:path"
import { Readable } from "node:stream"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Schema } from "effect"
import * as Body from "../src/Body.ts"
import { checkBody } from "../src/internal/engine/expectationBody.ts"

const sha = (data: string | Uint8Array): string => createHash("sha256").update(data).digest("hex")

const readAll = (stream: Readable): Effect.Effect<Buffer> =>
  Effect.promise(async () => {
    const chunks: Array<Buffer> = []
    for await (const chunk of stream) chunks.push(chunk as Buffer)
    return Buffer.concat(chunks)
  })

const observe = (data: string | Buffer): Body.Observed => {
  const bytes = typeof data === "string" ? Buffer.from(data) : data
  const head = bytes.subarray(0, Body.TEXT_PREFIX_BYTES)
  return { size: bytes.length, sha256: sha(bytes), text: head.toString("utf8"), complete: head.length === bytes.length }
}

describe("Body.parseSize", () => {
  it("reads bytes and units", () => {
    assert.strictEqual(Body.parseSize(0), 0)
    assert.strictEqual(Body.parseSize(1024), 1024)
    assert.strictEqual(Body.parseSize("512"), 512)
    assert.strictEqual(Body.parseSize("64KiB"), 65536)
    assert.strictEqual(Body.parseSize("5GiB"), 5 * 2 ** 30)
    assert.strictEqual(Body.parseSize("1.5MB"), 1_500_000)
    assert.strictEqual(Body.parseSize("2 mib"), 2 * 2 ** 20)
  })
  it("rejects what is not a size", () => {
    assert.isUndefined(Body.parseSize(-1))
    assert.isUndefined(Body.parseSize(1.5))
    assert.isUndefined(Body.parseSize("5 gigs"))
    assert.isUndefined(Body.parseSize("1.3B"))
    assert.isUndefined(Body.parseSize(true))
  })
})

describe("Body.generate", () => {
  it.effect("is deterministic, streams exactly size bytes and knows its sha256", () =>
    Effect.gen(function*() {
      const body = Body.generate({ size: "300KiB", seed: 7 })
      const a = yield* readAll(body.stream())
      const b = yield* readAll(Body.generate({ size: 300 * 1024, seed: "7" }).stream())
      assert.strictEqual(a.length, 300 * 1024)
      assert.isTrue(a.equals(b))
      assert.strictEqual(body.sha256(), sha(a))
      const other = yield* readAll(Body.generate({ size: "300KiB", seed: 8 }).stream())
      assert.isFalse(a.equals(other))
    }))

  it.effect("a slice is the generated body at an offset (ranges, multipart parts)", () =>
    Effect.gen(function*() {
      const whole = yield* readAll(Body.generate({ size: 100_000, seed: 3 }).stream())
      const slice = yield* readAll(Body.generate({ size: 1000, seed: 3, offset: 12_345 }).stream())
      assert.isTrue(slice.equals(whole.subarray(12_345, 13_345)))
      assert.strictEqual(Body.generate({ size: 1000, seed: 3, offset: 12_345 }).sha256(), sha(slice))
    }))

  it("matches openssl's AES-128-CTR keystream (reproducible outside s3tester)", () => {
    const out = execFileSync("bash", [
      "-c",
      `openssl enc -aes-128-ctr -K ${Body.keyHex(7)} -iv 0 -in /dev/zero 2>/dev/null | head -c 1048576 | sha256sum`
    ], { encoding: "utf8" })
    assert.strictEqual(out.split(" ")[0], Body.generate({ size: "1MiB", seed: 7 }).sha256())
  })

  it("rejects a bad spec with a BodyError", () => {
    assert.throws(() => Body.generate({ size: "lots", seed: 1 }), /generate.size/)
  })
})

describe("Body.resolve", () => {
  it.effect("text, base64, file and generated bodies, each with its size", () =>
    Effect.gen(function*() {
      const dir = mkdtempSync(NodePath.join(tmpdir(), "s3t-bodies-"))
      try {
        writeFileSync(NodePath.join(dir, "data.bin"), "file contents")
        const text = yield* Body.resolve("héllo")
        assert.strictEqual(text.kind, "text")
        assert.strictEqual(text.size, 6)
        const bytes = yield* Body.resolve({ base64: Buffer.from([1, 2, 3]).toString("base64") })
        assert.strictEqual(bytes.kind, "bytes")
        assert.deepStrictEqual([...(bytes.content as Uint8Array)], [1, 2, 3])
        const file = yield* Body.resolve("file://data.bin", dir)
        assert.strictEqual(file.kind, "file")
        assert.strictEqual(file.size, 13)
        assert.strictEqual(file.path, NodePath.join(dir, "data.bin"))
        assert.strictEqual((yield* readAll(file.content as Readable)).toString(), "file contents")
        const absolute = yield* Body.resolve(`file://${NodePath.join(dir, "data.bin")}`, "/nowhere")
        assert.strictEqual(absolute.size, 13)
        ;(absolute.content as Readable).destroy()
        const generated = yield* Body.resolve({ generate: { size: "1KiB", seed: 1 } })
        assert.strictEqual(generated.kind, "generate")
        assert.strictEqual(generated.size, 1024)
        assert.strictEqual((yield* readAll(generated.content as Readable)).length, 1024)
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
    }))

  it.effect("a missing file or a wrong shape is a BodyError saying what is wrong", () =>
    Effect.gen(function*() {
      const missing = yield* Effect.flip(Body.resolve("file://nope.bin", "/tmp/s3t-no-such-dir"))
      assert.instanceOf(missing, Body.BodyError)
      assert.match(missing.message, /cannot read the body file \/tmp\/s3t-no-such-dir\/nope\.bin: no such file/)
      const shape = yield* Effect.flip(Body.resolve({ generated: { size: 1 } }))
      assert.match(shape.message, /a body is a string, file:\/\/path/)
      assert.match(Body.problem({ base64: "%%%" }) ?? "", /base64/)
      assert.match(Body.problem({ generate: { size: 1, colour: "red" } }) ?? "", /unknown key "colour"/)
      assert.isUndefined(Body.problem({ generate: { size: "1GiB", seed: 2 } }))
    }))
})

describe("checkBody", () => {
  it("passes when text, size and sha256 all hold", () => {
    const observed = observe("hello")
    assert.isUndefined(checkBody({ text: "hello", size: 5, sha256: sha("hello").toUpperCase() }, observed))
  })

  it("reports each mismatch", () => {
    const observed = observe("hello world")
    assert.match(checkBody({ size: 5 }, observed) ?? "", /expected 5 bytes, got 11/)
    assert.match(checkBody({ sha256: sha("x") }, observed) ?? "", /expected sha256 [0-9a-f]{12}…, got [0-9a-f]{12}…/)
    assert.match(checkBody({ text: "hello there" }, observed) ?? "", /differ at character 6/)
    assert.match(checkBody({ text: "hello" }, undefined) ?? "", /the response has none/)
  })

  it("checks a generated body's sha256 and size", () => {
    const body = Body.generate({ size: 70_000, seed: 11 })
    const expected = { sha256: { generate: { size: 70_000, seed: 11 } } }
    assert.isUndefined(checkBody(expected, { size: 70_000, sha256: body.sha256(), text: "", complete: false }))
    assert.match(
      checkBody({ sha256: { generate: { size: 70_000, seed: 12 } } }, { size: 70_000, sha256: body.sha256(), text: "", complete: false }) ?? "",
      /expected the generated body \(seed 12/
    )
    assert.match(checkBody(expected, { size: 10, sha256: body.sha256(), text: "", complete: false }) ?? "", /of 70000 bytes/)
  })

  it("compares text longer than 64 KiB by size and sha256", () => {
    const long = "ab".repeat(40_000)
    assert.isUndefined(checkBody({ text: long }, observe(long)))
    const other = `${"ab".repeat(39_999)}ac`
    assert.match(checkBody({ text: long }, observe(other)) ?? "", /after the first 64 KiB/)
  })

  it("the expectation schema takes hex or a generate spec, and rejects the rest", () => {
    const decode = Schema.decodeUnknownSync(Body.ExpectedBody)
    assert.deepStrictEqual(decode({ size: "1KiB", sha256: { generate: { size: 1, seed: 2 } } }), {
      size: "1KiB",
      sha256: { generate: { size: 1, seed: 2 } }
    })
    assert.throws(() => decode({ sha256: "abc" }))
    assert.throws(() => decode({ size: "big" }))
  })
})
