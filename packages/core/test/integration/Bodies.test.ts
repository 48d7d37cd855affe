/**
 * Bodies and client options against Ceph RGW: every kind of request body, response bodies checked
 * by size / sha256 / text (ranges included), checksum modes, Content-MD5, TLS through a self-signed
 * proxy.
 */
import { randomBytes } from "node:crypto"
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import * as NodePath from "node:path"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Schema } from "effect"
import { afterAll, beforeAll } from "vitest"
import { checkBody } from "../../src/internal/engine/expectationBody.ts"
import * as Catalog from "../../src/Catalog.ts"
import type { CallError, CallResponse } from "../../src/S3Clients.ts"
import { S3Clients } from "../../src/S3Clients.ts"
import * as Suite from "../../src/Suite.ts"
import { Target } from "../../src/Target.ts"
import { type FaultProxy as Proxy, startFaultProxy } from "../support/faultProxy.ts"
import { realS3, selfSigned } from "./bodiesSupport.ts"

const s3 = realS3()
const bucket = `s3t-bodies-${randomBytes(4).toString("hex")}`
const dir = mkdtempSync(NodePath.join(tmpdir(), "s3t-bodies-it-"))
let proxy: Proxy
let tlsProxy: Proxy
let cert: { readonly key: string; readonly cert: string }

const config = (options: Record<string, unknown>) =>
  Schema.decodeUnknownSync(Suite.TargetConfig)({
    region: s3.region,
    credentials: [{ name: "main", access_key: s3.accessKeyId, secret_key: s3.secretAccessKey }],
    ...options
  })

const call = (
  operation: string,
  input: Record<string, unknown>,
  options: Record<string, unknown> = {},
  endpoint = s3.endpoint
): Effect.Effect<CallResponse, CallError> =>
  S3Clients.use((clients) => clients.send("main", Catalog.lookup(Catalog.builtIn, operation)!, input, { timeoutMs: 120_000 })).pipe(
    Effect.provide(S3Clients.layer(config(options)).pipe(Layer.provide(Target.fromEndpoint(endpoint))))
  )

const run = <A>(effect: Effect.Effect<A, CallError>): Promise<A> => Effect.runPromise(effect)

beforeAll(async () => {
  cert = selfSigned(dir)
  proxy = await startFaultProxy(s3.endpoint)
  tlsProxy = await startFaultProxy(s3.endpoint, { tls: cert })
  await run(call("CreateBucket", { Bucket: bucket }))
})

afterAll(async () => {
  const listed = await run(call("ListObjectsV2", { Bucket: bucket }))
  const keys = ((listed.output["Contents"] ?? []) as Array<{ Key: string }>).map((o) => o.Key)
  for (const Key of keys) await run(call("DeleteObject", { Bucket: bucket, Key }))
  await run(call("DeleteBucket", { Bucket: bucket }))
  await proxy.close()
  await tlsProxy.close()
  rmSync(dir, { recursive: true, force: true })
})

const get = (Key: string, extra: Record<string, unknown> = {}) => call("GetObject", { Bucket: bucket, Key, ...extra })

describe("request bodies on RGW", () => {
  it.live("inline text, base64 and a file:// body round-trip; size / sha256 / text hold, a mismatch fails", () =>
    Effect.gen(function*() {
      yield* call("PutObject", { Bucket: bucket, Key: "text.txt", Body: "hello, RGW" })
      const text = yield* get("text.txt")
      assert.isUndefined(checkBody({ text: "hello, RGW", size: 10 }, text.body))
      assert.match(checkBody({ text: "hello, S3" }, text.body) ?? "", /expected text "hello, S3"/)

      yield* call("PutObject", { Bucket: bucket, Key: "b64", Body: { base64: "AAECAwQ=" } })
      const b64 = yield* get("b64")
      assert.strictEqual(b64.body?.size, 5)

      const file = NodePath.join(dir, "upload.bin")
      const bytes = randomBytes(3 * 1024 * 1024 + 11)
      writeFileSync(file, bytes)
      const { createHash } = yield* Effect.promise(() => import("node:crypto"))
      const sha = createHash("sha256").update(bytes).digest("hex")
      yield* call("PutObject", { Bucket: bucket, Key: "file.bin", Body: `file://${file}` })
      const back = yield* get("file.bin")
      assert.isUndefined(checkBody({ sha256: sha, size: bytes.length }, back.body))
      assert.match(checkBody({ sha256: "0".repeat(64) }, back.body) ?? "", /expected sha256 000000000000…/)
      assert.match(checkBody({ size: "3MiB" }, back.body) ?? "", /expected 3145728 bytes, got 3145739/)
    }))

  it.live("a generated body streams up with its Content-Length; its sha256 and a Range of it check out", () =>
    Effect.gen(function*() {
      const generate = { size: "20MiB", seed: 42 }
      yield* call("PutObject", { Bucket: bucket, Key: "gen.bin", Body: { generate } }, {}, proxy.endpoint)
      const put = proxy.seen.at(-1)!
      assert.strictEqual(put.headers["content-length"], String(20 * 2 ** 20))
      assert.isUndefined(put.headers["transfer-encoding"])
      const back = yield* get("gen.bin")
      assert.isUndefined(checkBody({ sha256: { generate }, size: "20MiB" }, back.body))
      assert.match(checkBody({ sha256: { generate: { size: "20MiB", seed: 43 } } }, back.body) ?? "", /seed 43/)
      const range = yield* get("gen.bin", { Range: "bytes=1000-65535" })
      assert.strictEqual(range.httpStatus, 206)
      assert.isUndefined(checkBody({ size: 64536, sha256: { generate: { size: 64536, seed: 42, offset: 1000 } } }, range.body))
    }))

  it.live("UploadPart takes generated slices: the completed object is the whole generated body", () =>
    Effect.gen(function*() {
      const Key = "multipart.bin"
      const created = yield* call("CreateMultipartUpload", { Bucket: bucket, Key })
      const UploadId = created.output["UploadId"] as string
      const part = 5 * 2 ** 20
      const parts: Array<{ ETag: string; PartNumber: number }> = []
      for (const [i, size] of [part, 2 ** 20].entries()) {
        const uploaded = yield* call("UploadPart", {
          Bucket: bucket, Key, UploadId, PartNumber: i + 1,
          Body: { generate: { size, seed: 9, offset: i * part } }
        })
        parts.push({ ETag: uploaded.output["ETag"] as string, PartNumber: i + 1 })
      }
      yield* call("CompleteMultipartUpload", { Bucket: bucket, Key, UploadId, MultipartUpload: { Parts: parts } })
      const back = yield* get(Key)
      assert.isUndefined(checkBody({ sha256: { generate: { size: part + 2 ** 20, seed: 9 } } }, back.body))
    }))
})

describe("client options on RGW", () => {
  it.live("checksums: when_required streams plainly; when_supported sends CRCs (a stream as aws-chunked, which RGW 16 refuses with 411)", () =>
    Effect.gen(function*() {
      yield* call("PutObject", { Bucket: bucket, Key: "crc.txt", Body: "checksummed" }, { checksums: "when_supported" }, proxy.endpoint)
      assert.isString(proxy.seen.at(-1)!.headers["x-amz-checksum-crc32"])
      const text = yield* get("crc.txt")
      assert.isUndefined(checkBody({ text: "checksummed" }, text.body))
      yield* call("PutObject", { Bucket: bucket, Key: "crc.txt", Body: "plain" }, {}, proxy.endpoint)
      assert.isUndefined(proxy.seen.at(-1)!.headers["x-amz-checksum-crc32"])
      const chunked = yield* Effect.flip(call("PutObject", {
        Bucket: bucket, Key: "chunked.bin", Body: { generate: { size: "1MiB", seed: 1 } }
      }, { checksums: "when_supported" }, proxy.endpoint))
      assert.strictEqual(proxy.seen.at(-1)!.headers["content-encoding"], "aws-chunked")
      assert.strictEqual(chunked.kind, "service")
      assert.strictEqual(chunked.httpStatus, 411)
    }))

  it.live("content_md5 sends Content-MD5 with DeleteObjects, and RGW accepts it", () =>
    Effect.gen(function*() {
      yield* call("PutObject", { Bucket: bucket, Key: "del-1", Body: "1" })
      yield* call("PutObject", { Bucket: bucket, Key: "del-2", Body: "2" })
      const deleted = yield* call("DeleteObjects", {
        Bucket: bucket,
        Delete: { Objects: [{ Key: "del-1" }, { Key: "del-2" }] }
      }, { content_md5: true }, proxy.endpoint)
      const request = proxy.seen.at(-1)!
      assert.strictEqual(request.method, "POST")
      assert.match(String(request.headers["content-md5"]), /^[A-Za-z0-9+/]{22}==$/)
      assert.isString(request.headers["x-amz-checksum-crc32"])
      assert.strictEqual((deleted.output["Deleted"] as Array<unknown>).length, 2)
      const gone = yield* Effect.flip(get("del-1"))
      assert.strictEqual(gone.errorCode, "NoSuchKey")
    }))

  it.live("TLS: a self-signed https endpoint is refused by default, used with tls_verify: false or its ca_bundle", () =>
    Effect.gen(function*() {
      const refused = yield* Effect.flip(call("HeadBucket", { Bucket: bucket }, {}, tlsProxy.endpoint))
      assert.strictEqual(refused.kind, "network")
      yield* call("PutObject", { Bucket: bucket, Key: "tls.txt", Body: "over tls" }, { tls_verify: false }, tlsProxy.endpoint)
      const back = yield* call("GetObject", { Bucket: bucket, Key: "tls.txt" }, { ca_bundle: cert.cert }, tlsProxy.endpoint)
      assert.isUndefined(checkBody({ text: "over tls" }, back.body))
    }))

  it.live("addressing: path (the default) reaches RGW with the bucket in the path", () =>
    Effect.gen(function*() {
      yield* call("HeadBucket", { Bucket: bucket }, { addressing: "path" }, proxy.endpoint)
      assert.match(proxy.seen.at(-1)!.url, new RegExp(`^/${bucket}/?$`))
    }))
})
