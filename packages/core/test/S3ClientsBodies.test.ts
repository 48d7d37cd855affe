/**
 * Bodies and client options against a loopback HTTP(S) server that records what it receives:
 * request bodies stream with their Content-Length, response bodies are observed, `content_md5`,
 * `checksums`, `addressing: virtual`, `tls_verify` and `ca_bundle`.
 */
import { execFileSync } from "node:child_process"
import { createHash } from "node:crypto"
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import * as Http from "node:http"
import * as Https from "node:https"
import type { AddressInfo } from "node:net"
import { tmpdir } from "node:os"
import * as NodePath from "node:path"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Schema } from "effect"
import { afterAll, beforeAll, beforeEach } from "vitest"
import * as Body from "../src/Body.ts"
import * as Catalog from "../src/Catalog.ts"
import { CallError, S3Clients } from "../src/S3Clients.ts"
import type { CallResponse } from "../src/S3Clients.ts"
import * as Suite from "../src/Suite.ts"
import { Target } from "../src/Target.ts"
import { resolveLocalhostSubdomains } from "./support/s3Recorder.ts"

interface Seen {
  readonly method: string
  readonly url: string
  readonly headers: Http.IncomingHttpHeaders
  readonly size: number
  readonly sha256: string
  readonly md5: string
}

const seen: Array<Seen> = []
const dir = mkdtempSync(NodePath.join(tmpdir(), "s3t-bodies-unit-"))
let http: Http.Server
let https: Https.Server
let httpEndpoint = ""
let httpsEndpoint = ""
const served = Body.generate({ size: "3MiB", seed: 5 })

const handle = (req: Http.IncomingMessage, res: Http.ServerResponse) => {
  const hash = createHash("sha256")
  const md5 = createHash("md5")
  let size = 0
  req.on("data", (chunk: Buffer) => {
    size += chunk.length
    hash.update(chunk)
    md5.update(chunk)
  })
  req.on("end", () => {
    seen.push({
      method: req.method ?? "",
      url: req.url ?? "",
      headers: req.headers,
      size,
      sha256: hash.digest("hex"),
      md5: md5.digest("base64")
    })
    const path = (req.url ?? "").split("?")[0]
    if (req.method === "GET" && path === "/b/generated") {
      res.writeHead(200, { "content-length": String(served.size) })
      served.stream().pipe(res)
      return
    }
    if (req.method === "GET" && path === "/b/text") {
      res.writeHead(200, { "content-length": "11" })
      return res.end("hello world")
    }
    if (req.method === "POST" && (req.url ?? "").includes("delete")) {
      res.writeHead(200, { "content-type": "application/xml" })
      return res.end(`<?xml version="1.0" encoding="UTF-8"?><DeleteResult></DeleteResult>`)
    }
    res.writeHead(200, { etag: "\"e\"" })
    res.end()
  })
}

const listen = async (server: Http.Server | Https.Server, scheme: string): Promise<string> => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  return `${scheme}://127.0.0.1:${(server.address() as AddressInfo).port}`
}

beforeAll(async () => {
  execFileSync("openssl", [
    "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
    "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
    "-keyout", NodePath.join(dir, "key.pem"), "-out", NodePath.join(dir, "cert.pem")
  ], { stdio: "ignore" })
  writeFileSync(NodePath.join(dir, "upload.bin"), Buffer.alloc(200_000, 9))
  http = Http.createServer(handle)
  https = Https.createServer({
    key: readFileSync(NodePath.join(dir, "key.pem")),
    cert: readFileSync(NodePath.join(dir, "cert.pem"))
  }, handle)
  httpEndpoint = await listen(http, "http")
  httpsEndpoint = await listen(https, "https")
})

afterAll(async () => {
  for (const server of [http, https]) {
    server.closeAllConnections()
    await new Promise<void>((resolve) => server.close(() => resolve()))
  }
  rmSync(dir, { recursive: true, force: true })
})

beforeEach(() => {
  seen.length = 0
})

const targetConfig = (options: Record<string, unknown> = {}) =>
  Schema.decodeUnknownSync(Suite.TargetConfig)({
    credentials: [{ name: "main", access_key: "AKMAIN", secret_key: "main-secret" }],
    ...options
  })

const send = (
  operation: string,
  input: Record<string, unknown>,
  options: Record<string, unknown> = {},
  endpoint = httpEndpoint
): Effect.Effect<CallResponse, CallError> =>
  S3Clients.use((s3) => s3.send("main", Catalog.lookup(Catalog.builtIn, operation)!, input, { timeoutMs: 10_000 })).pipe(
    Effect.provide(S3Clients.layer(targetConfig(options)).pipe(Layer.provide(Target.fromEndpoint(endpoint))))
  )

describe("request bodies", () => {
  it.live("a generated body streams with its Content-Length, byte for byte", () =>
    Effect.gen(function*() {
      const body = Body.generate({ size: "2MiB", seed: 1 })
      yield* send("PutObject", { Bucket: "b", Key: "k", Body: { generate: { size: "2MiB", seed: 1 } } })
      const request = seen[0]!
      assert.strictEqual(request.headers["content-length"], String(2 * 2 ** 20))
      assert.isUndefined(request.headers["transfer-encoding"])
      assert.strictEqual(request.size, body.size)
      assert.strictEqual(request.sha256, body.sha256())
    }))

  it.live("file:// bodies stream from disk; text and base64 are sent as they are", () =>
    Effect.gen(function*() {
      const file = NodePath.join(dir, "upload.bin")
      yield* send("PutObject", { Bucket: "b", Key: "f", Body: `file://${file}` })
      assert.strictEqual(seen[0]!.headers["content-length"], "200000")
      assert.strictEqual(seen[0]!.sha256, createHash("sha256").update(readFileSync(file)).digest("hex"))
      yield* send("UploadPart", { Bucket: "b", Key: "f", UploadId: "u", PartNumber: 1, Body: { base64: "AAEC" } })
      assert.strictEqual(seen[1]!.headers["content-length"], "3")
      assert.strictEqual(seen[1]!.sha256, createHash("sha256").update(Buffer.from([0, 1, 2])).digest("hex"))
      yield* send("PutObject", { Bucket: "b", Key: "t", Body: "héllo" })
      assert.strictEqual(seen[2]!.headers["content-length"], "6")
    }))

  it.live("a ContentLength the step gives wins (servers' answer to a wrong length is the test)", () =>
    Effect.gen(function*() {
      yield* send("PutObject", { Bucket: "b", Key: "k", Body: "hello", ContentLength: 5 })
      assert.strictEqual(seen[0]!.headers["content-length"], "5")
    }))

  it.live("a body that cannot be used is an invalid call, and nothing is sent", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(send("PutObject", { Bucket: "b", Key: "k", Body: "file:///no/such/file.bin" }))
      assert.instanceOf(error, CallError)
      assert.strictEqual(error.kind, "invalid")
      assert.match(error.message, /Body: cannot read the body file \/no\/such\/file\.bin: no such file/)
      const shape = yield* Effect.flip(send("PutObject", { Bucket: "b", Key: "k", Body: { generate: { seed: 1 } } }))
      assert.match(shape.message, /generate needs a size/)
      assert.strictEqual(seen.length, 0)
    }))
})

describe("response bodies", () => {
  it.live("are observed while they stream: size, sha256 and the text of their head", () =>
    Effect.gen(function*() {
      const generated = yield* send("GetObject", { Bucket: "b", Key: "generated" })
      assert.deepStrictEqual(
        { size: generated.body?.size, sha256: generated.body?.sha256, complete: generated.body?.complete },
        { size: served.size, sha256: served.sha256(), complete: false }
      )
      assert.strictEqual(Buffer.byteLength(generated.body?.text ?? "", "utf8") > 0, true)
      const text = yield* send("GetObject", { Bucket: "b", Key: "text" })
      assert.deepStrictEqual(text.body, {
        size: 11,
        sha256: createHash("sha256").update("hello world").digest("hex"),
        text: "hello world",
        complete: true
      })
      const put = yield* send("PutObject", { Bucket: "b", Key: "k", Body: "x" })
      assert.isUndefined(put.body)
    }))
})

const deleteInput = { Bucket: "b", Delete: { Objects: [{ Key: "a" }, { Key: "b" }] } }

describe("client options", () => {
  it.live("content_md5 adds Content-MD5 where the SDK sends only a CRC (DeleteObjects), matching the body", () =>
    Effect.gen(function*() {
      yield* send("DeleteObjects", deleteInput)
      assert.isDefined(seen[0]!.headers["x-amz-checksum-crc32"])
      assert.isUndefined(seen[0]!.headers["content-md5"])
      yield* send("DeleteObjects", deleteInput, { content_md5: true })
      assert.isDefined(seen[1]!.headers["x-amz-checksum-crc32"])
      // The MD5 of the body the server received, and signed (it is in the signed headers).
      assert.strictEqual(seen[1]!.headers["content-md5"], seen[1]!.md5)
      assert.match(String(seen[1]!.headers.authorization), /SignedHeaders=[^,]*content-md5/)
      yield* send("PutObject", { Bucket: "b", Key: "k", Body: "no crc here" }, { content_md5: true })
      assert.isUndefined(seen[2]!.headers["content-md5"])
    }))

  it.live("checksums: when_required (default) sends no CRC on uploads; when_supported does", () =>
    Effect.gen(function*() {
      yield* send("PutObject", { Bucket: "b", Key: "k", Body: "hello" })
      assert.isUndefined(seen[0]!.headers["x-amz-checksum-crc32"])
      yield* send("PutObject", { Bucket: "b", Key: "k", Body: "hello" }, { checksums: "when_supported" })
      assert.isString(seen[1]!.headers["x-amz-checksum-crc32"])
      yield* send("PutObject", { Bucket: "b", Key: "k", Body: { generate: { size: 1000, seed: 1 } } }, {
        checksums: "when_supported"
      })
      assert.strictEqual(seen[2]!.headers["x-amz-trailer"], "x-amz-checksum-crc32")
      assert.match(String(seen[2]!.headers["content-encoding"]), /aws-chunked/)
    }))

  it.live("addressing: virtual puts the bucket in the Host; path (and path_style) in the path", () =>
    Effect.gen(function*() {
      const port = new URL(httpEndpoint).port
      // `bucket.localhost` does not resolve here: send every *.localhost name to the loopback server.
      const restoreLookup = resolveLocalhostSubdomains()
      try {
        yield* send("PutObject", { Bucket: "vbucket", Key: "k", Body: "x" }, { addressing: "virtual" }, `http://localhost:${port}`)
      } finally {
        restoreLookup()
      }
      assert.strictEqual(seen[0]!.headers.host, `vbucket.localhost:${port}`)
      assert.match(seen[0]!.url, /^\/k(\?|$)/)
      yield* send("PutObject", { Bucket: "pbucket", Key: "k", Body: "x" }, { addressing: "path", path_style: false })
      assert.match(seen[1]!.url, /^\/pbucket\/k(\?|$)/)
    }))

  it.live("TLS: a self-signed endpoint fails by default, works with tls_verify: false or its ca_bundle", () =>
    Effect.gen(function*() {
      const refused = yield* Effect.flip(send("PutObject", { Bucket: "b", Key: "k", Body: "x" }, {}, httpsEndpoint))
      assert.strictEqual(refused.kind, "network")
      assert.match(refused.message, /self[- ]signed/i)
      assert.strictEqual(seen.length, 0)
      yield* send("PutObject", { Bucket: "b", Key: "k", Body: "x" }, { tls_verify: false }, httpsEndpoint)
      yield* send("PutObject", { Bucket: "b", Key: "k", Body: "x" }, { ca_bundle: NodePath.join(dir, "cert.pem") }, httpsEndpoint)
      assert.strictEqual(seen.length, 2)
      const unreadable = yield* Effect.flip(send("PutObject", { Bucket: "b", Key: "k" }, { ca_bundle: NodePath.join(dir, "nope.pem") }, httpsEndpoint))
      assert.strictEqual(unreadable.kind, "invalid")
      assert.match(unreadable.message, /cannot read ca_bundle .*nope\.pem: no such file/)
    }))
})
