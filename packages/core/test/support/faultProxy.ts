/**
 * A fault proxy for tests: listens on 127.0.0.1 (optionally over TLS), forwards every request to a
 * real S3 server unchanged, records what it saw, and injects a fault into the requests a rule picks.
 *
 * Faults: `reset` (the connection is destroyed before any answer), `status` (an S3 error answer such
 * as 503 SlowDown or 500 InternalError, the request never reaches the server), `latency` (forwarded
 * after a delay), `truncate` (the server's answer, cut short after its headers and part of its body),
 * `hang` (the request is not even read: no answer until the client gives up or the proxy closes),
 * `slowCommit` (the whole request is read, then handed to the server only after a delay, whether the
 * client is still there or not: a server that applies a write after the client went away).
 *
 * A rule sees each request (method, path, query, headers, and how many requests came before it);
 * besides rules written in the test, a request may carry `x-fault: <kind>` (headers set by a client
 * middleware) and {@link once} and {@link matching} build the usual rules.
 */
import { readFileSync } from "node:fs"
import * as Http from "node:http"
import * as Https from "node:https"
import type { AddressInfo, Socket } from "node:net"

export type Fault =
  | { readonly kind: "reset" }
  | { readonly kind: "status"; readonly status: number; readonly code: string; readonly message?: string }
  | { readonly kind: "latency"; readonly ms: number }
  | { readonly kind: "truncate"; readonly keepBytes?: number }
  | { readonly kind: "hang" }
  | { readonly kind: "slowCommit"; readonly ms: number; readonly onReceived?: () => void }

export const reset: Fault = { kind: "reset" }
export const slowDown: Fault = { kind: "status", status: 503, code: "SlowDown", message: "Please reduce your request rate." }
export const internalError: Fault = { kind: "status", status: 500, code: "InternalError", message: "We encountered an internal error." }
export const truncate: Fault = { kind: "truncate" }
export const hang: Fault = { kind: "hang" }
export const latency = (ms: number): Fault => ({ kind: "latency", ms })

export interface Recorded {
  readonly method: string
  readonly url: string
  /** The path without the query. */
  readonly path: string
  readonly headers: Http.IncomingHttpHeaders
  /** 0 for the first request the proxy saw. */
  readonly index: number
  /** The fault injected into this request, if any. */
  readonly fault?: Fault["kind"]
}

export type Rule = (request: Recorded) => Fault | undefined

export interface FaultProxy {
  readonly endpoint: string
  readonly seen: Array<Recorded>
  /** Replaces the rule (requests already under way keep theirs). */
  setRule(rule: Rule | undefined): void
  readonly close: () => Promise<void>
}

/** `x-fault: reset|503|500|truncate|hang|latency=<ms>` on the request. */
const fromHeader = (headers: Http.IncomingHttpHeaders): Fault | undefined => {
  const value = headers["x-fault"]
  if (typeof value !== "string") return undefined
  if (value === "reset") return reset
  if (value === "503") return slowDown
  if (value === "500") return internalError
  if (value === "truncate") return truncate
  if (value === "hang") return hang
  const ms = /^latency=(\d+)$/.exec(value)
  return ms === null ? undefined : latency(Number(ms[1]))
}

/** The fault, for the first request (of each distinct `key`) that `predicate` picks; others pass. */
export const once = (predicate: (request: Recorded) => boolean, fault: Fault, key: (request: Recorded) => string = (r) => `${r.method} ${r.url}`): Rule => {
  const done = new Set<string>()
  return (request) => {
    if (!predicate(request) || done.has(key(request))) return undefined
    done.add(key(request))
    return fault
  }
}

/** The fault for every request `predicate` picks. */
export const matching = (predicate: (request: Recorded) => boolean, fault: Fault): Rule => (request) =>
  predicate(request) ? fault : undefined

const errorBody = (code: string, message: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`

export const startFaultProxy = async (
  upstream: string,
  options: { readonly rule?: Rule; readonly tls?: { readonly key: string; readonly cert: string } } = {}
): Promise<FaultProxy> => {
  const target = new URL(upstream)
  const seen: Array<Recorded> = []
  let rule = options.rule
  const sockets = new Set<Socket>()

  /** A request to the server with the client's method, path and headers (without `x-fault`). */
  const toServer = (req: Http.IncomingMessage, res: Http.ServerResponse, onAnswer: (answer: Http.IncomingMessage) => void) => {
    const headers = { ...req.headers }
    delete headers["x-fault"]
    const upstreamRequest = Http.request(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers },
      onAnswer
    )
    upstreamRequest.on("error", () => {
      if (!res.writableEnded) res.destroy()
    })
    return upstreamRequest
  }

  const relay = (req: Http.IncomingMessage, res: Http.ServerResponse) => (answer: Http.IncomingMessage) => {
    if (res.destroyed) return void answer.resume()
    res.writeHead(answer.statusCode ?? 502, answer.headers)
    // RGW sends data after some HEAD answers, which Node's parser rejects: a HEAD ends at its headers.
    if (req.method === "HEAD") res.end()
    answer.pipe(res)
  }

  const forward = (
    req: Http.IncomingMessage,
    res: Http.ServerResponse,
    onAnswer: (answer: Http.IncomingMessage) => void = relay(req, res)
  ) => {
    req.pipe(toServer(req, res, onAnswer))
  }

  const handle = (req: Http.IncomingMessage, res: Http.ServerResponse) => {
    const url = req.url ?? "/"
    const base: Recorded = { method: req.method ?? "", url, path: url.split("?")[0] ?? "/", headers: req.headers, index: seen.length }
    const fault = fromHeader(req.headers) ?? rule?.(base)
    seen.push(fault === undefined ? base : { ...base, fault: fault.kind })
    switch (fault?.kind) {
      case undefined:
        return forward(req, res)
      case "reset":
        req.resume()
        return req.socket.resetAndDestroy()
      case "status":
        req.resume()
        res.writeHead(fault.status, { "content-type": "application/xml", connection: "close" })
        return res.end(errorBody(fault.code, fault.message ?? ""))
      case "latency":
        return void setTimeout(() => forward(req, res), fault.ms)
      case "hang":
        return
      case "slowCommit": {
        const chunks: Array<Buffer> = []
        req.on("data", (chunk: Buffer) => chunks.push(chunk))
        req.on("end", () => {
          fault.onReceived?.()
          setTimeout(() => {
            toServer(req, res, relay(req, res)).end(Buffer.concat(chunks))
          }, fault.ms)
        })
        return
      }
      case "truncate":
        return forward(req, res, (answer) => {
          // The answer's own headers (Content-Length included), then a part of its body, then the
          // connection is cut: the client sees a body that ends early.
          const chunks: Array<Buffer> = []
          answer.on("data", (chunk: Buffer) => chunks.push(chunk))
          answer.on("end", () => {
            const body = Buffer.concat(chunks)
            const keep = Math.min(fault.keepBytes ?? Math.floor(body.length / 2), Math.max(0, body.length - 1))
            // A body-less answer has nothing to cut: it claims a body that never comes.
            const length = body.length === 0 ? 16 : body.length
            const { "transfer-encoding": _chunked, ...headers } = answer.headers
            res.writeHead(answer.statusCode ?? 502, { ...headers, "content-length": String(length), connection: "close" })
            res.flushHeaders()
            res.write(body.subarray(0, keep), () => res.socket?.destroy())
          })
        })
    }
  }

  const server = options.tls === undefined
    ? Http.createServer(handle)
    : Https.createServer({ key: readFileSync(options.tls.key), cert: readFileSync(options.tls.cert) }, handle)
  server.on("connection", (socket: Socket) => {
    sockets.add(socket)
    socket.on("close", () => sockets.delete(socket))
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const port = (server.address() as AddressInfo).port
  return {
    endpoint: `${options.tls === undefined ? "http" : "https"}://127.0.0.1:${port}`,
    seen,
    setRule: (next) => {
      rule = next
    },
    close: async () => {
      for (const socket of sockets) socket.destroy()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  }
}
