/**
 * A client's idle connections: the client closes them before the server's keep-alive timeout does.
 * A request written on a connection at the moment its server closes it fails with ECONNRESET (a step
 * that errors for nothing): Node's agent keeps idle connections until the server closes them unless
 * it has a timeout of its own, which a server's `Keep-Alive: timeout=N` hint then shortens.
 */
import * as Http from "node:http"
import type { AddressInfo } from "node:net"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Schema } from "effect"
import * as Catalog from "../src/Catalog.ts"
import { S3Clients } from "../src/S3Clients.ts"
import * as Suite from "../src/Suite.ts"
import { Target } from "../src/Target.ts"

const config = Schema.decodeUnknownSync(Suite.TargetConfig)({
  region: "us-east-1",
  credentials: [{ name: "main", access_key: "AKMAIN", secret_key: "main-secret" }]
})

const listBuckets = Catalog.lookup(Catalog.builtIn, "ListBuckets")!

const wait = (ms: number) => Effect.promise(() => new Promise<void>((resolve) => setTimeout(resolve, ms)))

describe("S3Clients: idle connections", () => {
  it.effect("are closed by the client before the server's keep-alive timeout (its Keep-Alive hint, less a second)", () =>
    Effect.gen(function*() {
      // who closed each connection: the client (its end arrived first) or the server
      const connections: Array<{ endedByClient: boolean; closed: boolean }> = []
      const server = Http.createServer((req, res) => {
        req.resume()
        res.writeHead(200, { "content-type": "application/xml" })
        res.end("<ListAllMyBucketsResult><Buckets></Buckets></ListAllMyBucketsResult>")
      })
      server.keepAliveTimeout = 2_500 // answers carry `Keep-Alive: timeout=2`
      server.on("connection", (socket) => {
        const connection = { endedByClient: false, closed: false }
        connections.push(connection)
        socket.on("end", () => (connection.endedByClient = true))
        socket.on("close", () => (connection.closed = true))
      })
      yield* Effect.promise(() => new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve)))
      yield* Effect.addFinalizer(() => Effect.promise(() => new Promise<void>((resolve) => server.close(() => resolve()))))
      const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
      const response = yield* S3Clients.use((s3) =>
        Effect.gen(function*() {
          const answered = yield* s3.send("main", listBuckets, {}, { timeoutMs: 5_000 })
          // the client is still open: its idle connection is retired after 1 s (2 s less a second),
          // the server's own timeout would close it at 2.5 s
          yield* wait(2_000)
          assert.deepStrictEqual(connections, [{ endedByClient: true, closed: true }])
          return answered
        })
      ).pipe(Effect.provide(S3Clients.layer(config).pipe(Layer.provide(Target.fromEndpoint(endpoint)))))
      assert.strictEqual(response.httpStatus, 200)
    }).pipe(Effect.scoped))
})
