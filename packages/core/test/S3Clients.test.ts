import * as Http from "node:http"
import * as Net from "node:net"
import type { AddressInfo, Socket } from "node:net"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Schema } from "effect"
import { afterAll, beforeAll, beforeEach } from "vitest"
import type { OperationInfo } from "../src/Catalog.ts"
import * as Catalog from "../src/Catalog.ts"
import * as Preflight from "../src/Preflight.ts"
import { CallError, S3Clients } from "../src/S3Clients.ts"
import type { CallResponse } from "../src/S3Clients.ts"
import * as Suite from "../src/Suite.ts"
import { Target } from "../src/Target.ts"

interface Seen {
  readonly method: string
  readonly url: string
  readonly headers: Http.IncomingHttpHeaders
}

const seen: Array<Seen> = []
const sockets = new Set<Socket>()
let hangingClosed = false
let server: Http.Server
let endpoint = ""

const xmlError = (res: Http.ServerResponse, status: number, code: string, message: string, requestId: string) => {
  res.writeHead(status, { "content-type": "application/xml", "x-amz-request-id": requestId })
  res.end(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message><RequestId>${requestId}</RequestId></Error>`)
}

const bigSize = 3 * 1024 * 1024 + 17

const handle = (req: Http.IncomingMessage, res: Http.ServerResponse) => {
  seen.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers })
  req.resume()
  const path = (req.url ?? "").split("?")[0]
  switch (path) {
    case "/b/big": {
      res.writeHead(200, { "content-length": String(bigSize), "x-amz-request-id": "rid-big", etag: "\"e\"" })
      const chunk = Buffer.alloc(64 * 1024, 7)
      let left = bigSize
      const pump = () => {
        while (left > 0) {
          const n = Math.min(left, chunk.length)
          left -= n
          if (!res.write(chunk.subarray(0, n))) return void res.once("drain", pump)
        }
        res.end()
      }
      return pump()
    }
    case "/b/missing":
      res.writeHead(404)
      return res.end()
    case "/b/private":
      res.writeHead(403)
      return res.end()
    case "/b/nokey":
      return xmlError(res, 404, "NoSuchKey", "The specified key does not exist.", "rid-404")
    case "/b/e500":
      return xmlError(res, 500, "InternalError", "We encountered an internal error.", "rid-500")
    case "/b/e501":
      return xmlError(res, 501, "NotImplemented", "A header you provided implies functionality that is not implemented", "rid-501")
    case "/b/garbage":
      res.writeHead(200, { "content-type": "application/xml" })
      return res.end("<<<not xml")
    case "/b/hang":
      req.on("close", () => {
        hangingClosed = true
      })
      return
    default:
      res.writeHead(200, { "x-amz-request-id": "rid-ok", etag: "\"abc\"" })
      return res.end()
  }
}

beforeAll(async () => {
  server = Http.createServer(handle)
  server.on("connection", (socket) => {
    sockets.add(socket)
    socket.on("close", () => sockets.delete(socket))
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(async () => {
  server.closeAllConnections()
  await new Promise<void>((resolve) => server.close(() => resolve()))
})

beforeEach(() => {
  seen.length = 0
  hangingClosed = false
})

const config = Schema.decodeUnknownSync(Suite.TargetConfig)({
  region: "us-east-1",
  path_style: true,
  credentials: [
    { name: "main", access_key: "AKMAIN", secret_key: "main-secret" },
    { name: "temp", access_key: "AKTEMP", secret_key: "temp-secret", session_token: "tok/en+1" },
    { name: "anon", anonymous: true },
    { name: "broken", access_key: "AKONLY" }
  ]
})

const op = (name: string): OperationInfo => {
  const found = Catalog.lookup(Catalog.builtIn, name)
  if (found === undefined) throw new Error(`no operation ${name}`)
  return found
}

const clients = (target = endpoint) => S3Clients.layer(config).pipe(Layer.provide(Target.fromEndpoint(target)))

const send = (
  credential: string,
  operation: string,
  input: Record<string, unknown>,
  timeoutMs = 5_000,
  target = endpoint
): Effect.Effect<CallResponse, CallError> =>
  S3Clients.use((s3) => s3.send(credential, op(operation), input, { timeoutMs })).pipe(
    Effect.provide(clients(target))
  )

/** A port on 127.0.0.1 where nothing listens. */
const closedPort = Effect.promise(async () => {
  const probe = Http.createServer()
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve))
  const port = (probe.address() as AddressInfo).port
  await new Promise<void>((resolve) => probe.close(() => resolve()))
  return port
})

const failure = (effect: Effect.Effect<CallResponse, CallError>) =>
  Effect.flip(effect).pipe(Effect.tap((error) => Effect.sync(() => assert.instanceOf(error, CallError))))

describe("S3Clients.layer", () => {
  it.live("sends path-style, signed, with retries off and checksums only when required", () =>
    Effect.gen(function*() {
      const response = yield* send("main", "PutObject", { Bucket: "b", Key: "k", Body: "hello" })
      assert.strictEqual(response.httpStatus, 200)
      assert.strictEqual(response.requestId, "rid-ok")
      assert.strictEqual(response.output["ETag"], "\"abc\"")
      assert.strictEqual(seen.length, 1)
      const request = seen[0]!
      assert.strictEqual(request.method, "PUT")
      assert.match(request.url, /^\/b\/k(\?|$)/)
      assert.strictEqual(request.headers.host, endpoint.replace("http://", ""))
      assert.match(String(request.headers.authorization), /^AWS4-HMAC-SHA256 Credential=AKMAIN\//)
      assert.strictEqual(request.headers["amz-sdk-request"], "attempt=1; max=1")
      assert.isUndefined(request.headers["x-amz-checksum-crc32"])
      assert.isUndefined(request.headers["x-amz-sdk-checksum-algorithm"])
      yield* send("main", "GetObject", { Bucket: "b", Key: "k" })
      assert.isUndefined(seen[1]!.headers["x-amz-checksum-mode"])
    }))

  it.live("drains a streaming body, counting bytes", () =>
    Effect.gen(function*() {
      const response = yield* send("main", "GetObject", { Bucket: "b", Key: "big" })
      assert.strictEqual(response.bodyBytes, bigSize)
      assert.isFalse("Body" in response.output)
      assert.isFalse("$metadata" in response.output)
      assert.strictEqual(response.requestId, "rid-big")
    }))

  it.live("maps an S3 XML error to a service error with code, status, message and request id", () =>
    Effect.gen(function*() {
      const error = yield* failure(send("main", "GetObject", { Bucket: "b", Key: "nokey" }))
      assert.strictEqual(error.kind, "service")
      assert.strictEqual(error.errorCode, "NoSuchKey")
      assert.strictEqual(error.httpStatus, 404)
      assert.strictEqual(error.message, "The specified key does not exist.")
      assert.strictEqual(error.requestId, "rid-404")
      assert.isFalse(error.bodyless)
    }))

  it.live("HEAD 404 / 403 without a body: NotFound / Forbidden, marked bodyless", () =>
    Effect.gen(function*() {
      const missing = yield* failure(send("main", "HeadObject", { Bucket: "b", Key: "missing" }))
      assert.strictEqual(missing.kind, "service")
      assert.strictEqual(missing.httpStatus, 404)
      assert.strictEqual(missing.errorCode, "NotFound")
      assert.isTrue(missing.bodyless)
      const denied = yield* failure(send("main", "HeadObject", { Bucket: "b", Key: "private" }))
      assert.strictEqual(denied.httpStatus, 403)
      assert.strictEqual(denied.errorCode, "Forbidden")
      assert.isTrue(denied.bodyless)
      assert.match(denied.message, /403/)
    }))

  it.live("a 501 NotImplemented is a service error", () =>
    Effect.gen(function*() {
      const error = yield* failure(send("main", "GetObject", { Bucket: "b", Key: "e501" }))
      assert.strictEqual(error.kind, "service")
      assert.strictEqual(error.errorCode, "NotImplemented")
      assert.strictEqual(error.httpStatus, 501)
    }))

  it.live("a success status with a body the SDK cannot read is a MalformedResponse", () =>
    Effect.gen(function*() {
      const error = yield* failure(send("main", "GetObjectAcl", { Bucket: "b", Key: "garbage" }))
      assert.strictEqual(error.kind, "service")
      assert.strictEqual(error.httpStatus, 200)
      assert.strictEqual(error.errorCode, "MalformedResponse")
    }))

  it.live("no SDK retries: a 500 is sent once", () =>
    Effect.gen(function*() {
      const error = yield* failure(send("main", "GetObject", { Bucket: "b", Key: "e500" }))
      assert.strictEqual(error.errorCode, "InternalError")
      assert.strictEqual(error.httpStatus, 500)
      assert.strictEqual(seen.length, 1)
    }))

  it.live("a hanging request times out and is aborted", () =>
    Effect.gen(function*() {
      const error = yield* failure(send("main", "GetObject", { Bucket: "b", Key: "hang" }, 200))
      assert.strictEqual(error.kind, "timeout")
      assert.match(error.message, /200ms/)
      for (let i = 0; i < 50 && !hangingClosed; i++) yield* Effect.sleep("20 millis")
      assert.isTrue(hangingClosed, "the server saw the request aborted")
    }))

  it.live("connection refused is a network error", () =>
    Effect.gen(function*() {
      const port = yield* closedPort
      const error = yield* failure(send("main", "ListBuckets", {}, 5_000, `http://127.0.0.1:${port}`))
      assert.strictEqual(error.kind, "network")
      assert.strictEqual(error.errorCode, "ECONNREFUSED")
    }))

  it.live("input the SDK refuses is invalid, and nothing is sent", () =>
    Effect.gen(function*() {
      const error = yield* failure(send("main", "GetObject", { Key: "k" }))
      assert.strictEqual(error.kind, "invalid")
      assert.match(error.message, /Bucket/)
      assert.strictEqual(seen.length, 0)
    }))

  it.live("unknown and incomplete credentials are invalid", () =>
    Effect.gen(function*() {
      const unknown = yield* failure(send("nobody", "ListBuckets", {}))
      assert.strictEqual(unknown.kind, "invalid")
      assert.match(unknown.message, /no credential named "nobody"/)
      const broken = yield* failure(send("broken", "ListBuckets", {}))
      assert.strictEqual(broken.kind, "invalid")
      assert.strictEqual(seen.length, 0)
    }))

  it.live("anonymous credentials send unsigned requests; session tokens are sent", () =>
    Effect.gen(function*() {
      yield* send("anon", "GetObject", { Bucket: "b", Key: "k" })
      assert.isUndefined(seen[0]!.headers.authorization)
      assert.isUndefined(seen[0]!.headers["x-amz-date"])
      yield* send("temp", "GetObject", { Bucket: "b", Key: "k" })
      assert.strictEqual(seen[1]!.headers["x-amz-security-token"], "tok/en+1")
      assert.match(String(seen[1]!.headers.authorization), /Credential=AKTEMP\//)
    }))

  it.live("clients are destroyed when the layer's scope closes (no sockets left open)", () =>
    Effect.gen(function*() {
      yield* Effect.gen(function*() {
        const s3 = yield* S3Clients
        yield* s3.send("main", op("GetObject"), { Bucket: "b", Key: "k" }, { timeoutMs: 5_000 })
        yield* s3.send("temp", op("GetObject"), { Bucket: "b", Key: "k" }, { timeoutMs: 5_000 })
        yield* s3.send("main", op("GetObject"), { Bucket: "b", Key: "k" }, { timeoutMs: 5_000 })
        assert.isAbove(sockets.size, 0, "keep-alive sockets are open while the clients live")
      }).pipe(Effect.provide(clients()))
      for (let i = 0; i < 50 && sockets.size > 0; i++) yield* Effect.sleep("20 millis")
      assert.strictEqual(sockets.size, 0)
    }))
})

describe("S3Clients.layerTest", () => {
  it.effect("passes the request to the handler", () =>
    Effect.gen(function*() {
      const s3 = yield* S3Clients
      const response = yield* s3.send("main", op("ListBuckets"), { X: 1 }, { timeoutMs: 1234 })
      assert.deepStrictEqual(response.output, { credential: "main", operation: "ListBuckets", timeoutMs: 1234 })
    }).pipe(
      Effect.provide(
        S3Clients.layerTest((request) =>
          Effect.succeed({
            output: { credential: request.credential, operation: request.operation.name, timeoutMs: request.timeoutMs }
          })
        )
      )
    ))
})

describe("Preflight.checkReachable", () => {
  it.live("any HTTP answer counts as reachable", () =>
    Effect.gen(function*() {
      yield* Preflight.checkReachable(endpoint, 2_000)
      yield* Preflight.checkReachable(`${endpoint}/b/private`, 2_000)
      assert.strictEqual(seen[0]!.method, "HEAD")
    }))

  it.live("connection refused", () =>
    Effect.gen(function*() {
      const port = yield* closedPort
      const error = yield* Effect.flip(Preflight.checkReachable(`http://127.0.0.1:${port}`, 2_000))
      assert.instanceOf(error, Preflight.EndpointUnreachable)
      assert.strictEqual(error._tag, "EndpointUnreachable")
      assert.match(error.message, new RegExp(`^cannot reach http://127\\.0\\.0\\.1:${port}: connection refused`))
    }))

  it.live("no answer in time", () =>
    Effect.gen(function*() {
      const silent = Net.createServer(() => {})
      const held: Array<Socket> = []
      silent.on("connection", (socket) => held.push(socket))
      yield* Effect.promise(() => new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve)))
      const port = (silent.address() as AddressInfo).port
      const error = yield* Effect.flip(Preflight.checkReachable(`http://127.0.0.1:${port}`, 150))
      assert.match(error.message, /no answer within 150ms/)
      for (const socket of held) socket.destroy()
      yield* Effect.promise(() => new Promise<void>((resolve) => silent.close(() => resolve())))
    }))

  it.live("not an http(s) URL", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(Preflight.checkReachable("ftp://example", 1_000))
      assert.match(error.message, /not an http\(s\) URL/)
      const garbage = yield* Effect.flip(Preflight.checkReachable("not a url", 1_000))
      assert.strictEqual(garbage.endpoint, "not a url")
    }))

  it.live("unknown host", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(Preflight.checkReachable("http://s3tester-no-such-host.invalid:9000", 3_000))
      assert.match(error.message, /^cannot reach http:\/\/s3tester-no-such-host\.invalid:9000: (host not found|no answer)/)
    }))
})

describe("Preflight.makeChecks", () => {
  const heads = (url: string) => seen.filter((request) => request.method === "HEAD" && request.url === url).length

  it.live("checks each endpoint once, for runs at the same time and later", () =>
    Effect.gen(function*() {
      const checks = Preflight.makeChecks()
      const before = heads("/checks-once")
      yield* Effect.all(Array.from({ length: 5 }, () => checks.checkReachable(`${endpoint}/checks-once`, 2_000)), {
        concurrency: "unbounded"
      })
      yield* checks.checkReachable(`${endpoint}/checks-once`, 2_000)
      assert.strictEqual(heads("/checks-once") - before, 1)
      // another endpoint is its own check; other Checks check again
      yield* checks.checkReachable(`${endpoint}/checks-other`, 2_000)
      yield* Preflight.makeChecks().checkReachable(`${endpoint}/checks-once`, 2_000)
      assert.strictEqual(heads("/checks-other"), 1)
      assert.strictEqual(heads("/checks-once") - before, 2)
    }))

  it.live("a failure is every run's answer, without trying again", () =>
    Effect.gen(function*() {
      const silent = Net.createServer(() => {})
      let connections = 0
      const held: Array<Socket> = []
      silent.on("connection", (socket) => {
        connections++
        held.push(socket)
      })
      yield* Effect.promise(() => new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve)))
      const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`
      const checks = Preflight.makeChecks()
      const [first, second] = yield* Effect.all([
        Effect.flip(checks.checkReachable(url, 150)),
        Effect.flip(checks.checkReachable(url, 150))
      ], { concurrency: "unbounded" })
      const later = yield* Effect.flip(checks.checkReachable(url, 150))
      assert.match(first.message, /no answer within 150ms/)
      assert.strictEqual(second, first)
      assert.strictEqual(later, first)
      assert.strictEqual(connections, 1)
      for (const socket of held) socket.destroy()
      yield* Effect.promise(() => new Promise<void>((resolve) => silent.close(() => resolve())))
    }))
})
