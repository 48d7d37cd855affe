/**
 * The per-request context handed to operations, and the response helpers (XML results, empty
 * responses, S3 `<Error>` documents).
 */
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from "node:http"
import { invalidArgument, type S3Error } from "./errors.ts"
import type { Store } from "./store.ts"
import { renderDocument, renderError } from "./xml.ts"

export interface ServerConfig {
  /** Region reported by HeadBucket and for buckets created without a LocationConstraint. */
  readonly region: string
  /** Largest object or part body accepted, in bytes. */
  readonly maxObjectSize: number
  /** Smallest size of every part but the last in CompleteMultipartUpload, in bytes. */
  readonly minPartSize: number
}

export interface Ctx {
  readonly req: IncomingMessage
  readonly res: ServerResponse
  readonly requestId: string
  /** `""` for service-level requests. */
  readonly bucket: string
  /** `""` for bucket-level requests. */
  readonly key: string
  readonly query: URLSearchParams
  readonly store: Store
  readonly config: ServerConfig
}

export type Handler = (ctx: Ctx) => void | Promise<void>

export const sendXml = (
  ctx: Ctx,
  root: string,
  body: object,
  headers: OutgoingHttpHeaders = {},
  status = 200
): void => {
  const text = Buffer.from(renderDocument(root, body), "utf8")
  ctx.res.writeHead(status, {
    ...headers,
    "content-type": "application/xml",
    "content-length": text.length
  })
  ctx.res.end(text)
}

export const sendEmpty = (ctx: Ctx, status: number, headers: OutgoingHttpHeaders = {}): void => {
  ctx.res.writeHead(status, { ...headers, "content-length": 0 })
  ctx.res.end()
}

/** The largest unread request body Node drains after an error reply to keep the connection. */
const DRAIN_LIMIT = 1024 * 1024

/**
 * Whether Node may drain the unread body of a request answered with an error (it does so once the
 * reply is sent), keeping the connection. A larger or chunked body is not read: the reply closes
 * the connection instead. Closing a socket whose body is still arriving makes the kernel answer
 * with a reset, which the client may see before the reply (ECONNRESET): so small bodies, the XML
 * of a refused configuration call, are drained, not cut.
 */
const drainable = (req: IncomingMessage): boolean => {
  if (req.headers["transfer-encoding"] !== undefined) return false
  const length = Number(req.headers["content-length"] ?? "0")
  return Number.isFinite(length) && length <= DRAIN_LIMIT
}

/** Writes an S3 error; HEAD responses carry the status and headers only, as on S3. */
export const sendError = (
  req: IncomingMessage,
  res: ServerResponse,
  requestId: string,
  resource: string,
  error: S3Error
): void => {
  if (res.headersSent) {
    res.destroy()
    return
  }
  if (!req.complete && !drainable(req)) res.setHeader("connection", "close")
  if (req.method === "HEAD") {
    res.writeHead(error.status, { ...error.headers })
    res.end()
    return
  }
  const text = Buffer.from(renderError(error, requestId, resource), "utf8")
  res.writeHead(error.status, {
    ...error.headers,
    "content-type": "application/xml",
    "content-length": text.length
  })
  res.end(text)
}

/** An integer query parameter within [min, max], or the default when absent. */
export const queryInt = (
  query: URLSearchParams,
  name: string,
  fallback: number,
  min: number,
  max: number
): number => {
  const raw = query.get(name)
  if (raw === null) return fallback
  if (!/^-?\d{1,10}$/.test(raw)) throw invalidArgument(`Provided ${name} not an integer or within integer range`, name, raw)
  const value = Number(raw)
  if (value < min) throw invalidArgument(`Argument ${name} must be an integer between ${min} and ${max}`, name, raw)
  return Math.min(value, max)
}

/** A non-empty query parameter, or `undefined`. */
export const queryString = (query: URLSearchParams, name: string): string | undefined => {
  const value = query.get(name)
  return value === null || value === "" ? undefined : value
}

/** RFC 7231 date, as in Last-Modified. */
export const httpDate = (date: Date): string => date.toUTCString()
