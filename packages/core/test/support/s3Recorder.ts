/**
 * A loopback recorder for tests: an HTTP server on 127.0.0.1 that records every request (method,
 * path, Host, headers, body size) and answers like S3 just enough for the call to succeed: PUT 200
 * with an ETag, HEAD 200, GET 200 with a short text body, POST 204, DELETE 204. It proves where and
 * how a client sent, not what a server would do with it (that is for the tests on Ceph).
 *
 * `http://localhost:<port>` reaches it; so do `<bucket>.localhost:<port>` names (virtual-hosted
 * addressing) once {@link resolveLocalhostSubdomains} is on, since they resolve nowhere here.
 */
import dns from "node:dns"
import * as Http from "node:http"
import type { AddressInfo } from "node:net"
import { afterAll, beforeAll, beforeEach } from "vitest"

export interface RecordedRequest {
  readonly method: string
  readonly url: string
  /** The path without the query. */
  readonly path: string
  readonly host: string
  readonly headers: Http.IncomingHttpHeaders
  readonly size: number
}

export interface S3Recorder {
  /** `http://localhost:<port>`. */
  readonly endpoint: string
  readonly port: number
  readonly seen: Array<RecordedRequest>
  readonly close: () => Promise<void>
}

const answer = (req: Http.IncomingMessage, res: Http.ServerResponse): void => {
  switch (req.method) {
    case "PUT":
      res.writeHead(200, { etag: "\"recorded\"", "content-length": "0" })
      return void res.end()
    case "HEAD":
      res.writeHead(200, { etag: "\"recorded\"", "content-length": "8" })
      return void res.end()
    case "GET":
      res.writeHead(200, { etag: "\"recorded\"", "content-length": "8", "content-type": "text/plain" })
      return void res.end("recorded")
    default:
      res.writeHead(204)
      return void res.end()
  }
}

export const startS3Recorder = async (): Promise<S3Recorder> => {
  const seen: Array<RecordedRequest> = []
  const server = Http.createServer((req, res) => {
    let size = 0
    req.on("data", (chunk: Buffer) => {
      size += chunk.length
    })
    req.on("end", () => {
      const url = req.url ?? ""
      seen.push({
        method: req.method ?? "",
        url,
        path: url.split("?")[0]!,
        host: req.headers.host ?? "",
        headers: req.headers,
        size
      })
      answer(req, res)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const port = (server.address() as AddressInfo).port
  return {
    endpoint: `http://localhost:${port}`,
    port,
    seen,
    close: async () => {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  }
}

/**
 * Sends `localhost` and every `*.localhost` name to 127.0.0.1 (Node's `dns.lookup`, which http and the SDK use)
 * until the returned function is called.
 */
export const resolveLocalhostSubdomains = (): () => void => {
  const original = dns.lookup
  const lookup = original as (...args: ReadonlyArray<unknown>) => void
  ;(dns as { lookup: unknown }).lookup = (host: string, options: unknown, callback: unknown) =>
    host === "localhost" || host.endsWith(".localhost")
      ? lookup("127.0.0.1", options, callback)
      : lookup(host, options, callback)
  return () => {
    ;(dns as { lookup: unknown }).lookup = original
  }
}

/**
 * A recorder for the test file (started before its tests, closed after them, `seen` emptied before
 * each test) with `*.localhost` resolving to it meanwhile. Read it during the tests, not before.
 */
export const useS3Recorder = (): Omit<S3Recorder, "close"> => {
  let started: S3Recorder | undefined
  let restoreLookup = (): void => {}
  beforeAll(async () => {
    started = await startS3Recorder()
    restoreLookup = resolveLocalhostSubdomains()
  })
  afterAll(async () => {
    restoreLookup()
    await started?.close()
  })
  beforeEach(() => {
    if (started !== undefined) started.seen.length = 0
  })
  const current = (): S3Recorder => {
    if (started === undefined) throw new Error("the recorder starts before the file's tests; read it inside a test")
    return started
  }
  return {
    get endpoint() {
      return current().endpoint
    },
    get port() {
      return current().port
    },
    get seen() {
      return current().seen
    }
  }
}
