/**
 * The HTTP plumbing shared by the operations: URLs in the target's addressing style, one request
 * with node:http(s) (full control over headers and bodies, streamed, with Content-Length), and the
 * answer as an operation output, or as an error the expectation can match.
 */
import * as http from "node:http"
import * as https from "node:https"
import { Readable } from "node:stream"
import { Body, Plugin } from "@s3tester/core"
import { Effect, Schema } from "effect"

/** A body parameter: a string, `file://path`, `{ base64 }` or `{ generate: { size, seed } }`. */
export const BodyValue = Schema.Unknown.pipe(
  Schema.check(Schema.makeFilter((u: unknown) => Body.problem(u) ?? true))
)

/** RFC 3986 encoding of one path segment (what SigV4 expects). */
export const encodeSegment = (segment: string): string =>
  encodeURIComponent(segment).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)

export const encodeKey = (key: string): string => key.split("/").map(encodeSegment).join("/")

/**
 * The URL of a bucket (and key) in the target's addressing style: `endpoint/bucket/key` (path
 * style) or `bucket.host/key` (virtual-hosted).
 */
export const bucketUrl = (
  context: Plugin.OperationContext,
  bucket: string | undefined,
  key?: string
): URL => {
  const base = new URL(context.endpoint)
  const basePath = base.pathname.replace(/\/+$/, "")
  const keyPart = key === undefined ? "" : `/${encodeKey(key)}`
  if (bucket === undefined) return new URL(`${base.origin}${basePath}${keyPart === "" ? "/" : keyPart}`)
  if (context.pathStyle) return new URL(`${base.origin}${basePath}/${encodeSegment(bucket)}${keyPart === "" ? "" : keyPart}`)
  base.hostname = `${bucket}.${base.hostname}`
  return new URL(`${base.origin}${basePath}${keyPart === "" ? "/" : keyPart}`)
}

export interface HttpAnswer {
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  readonly body: Readable
}

export interface HttpCall {
  readonly method: string
  readonly url: URL
  readonly headers: Readonly<Record<string, string>>
  readonly body?: string | Uint8Array | Readable
  readonly signal: AbortSignal
  /** The target's https agent (its `ca_bundle`, `tls_verify`): `context.httpsAgent`, asked only for https URLs. */
  readonly httpsAgent: () => https.Agent | undefined
  /** The step's trace, when it is taken (`context.trace`). */
  readonly trace?: Plugin.OperationContext["trace"] | undefined
}

const flatten = (headers: http.IncomingHttpHeaders): Record<string, string> => {
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(", ") : value
  }
  return out
}

/** Sends one request; resolves with the answer when its headers arrive (the body streams). */
export const send = (call: HttpCall): Promise<HttpAnswer> =>
  new Promise((resolve, reject) => {
    const secure = call.url.protocol === "https:"
    const agent = secure ? call.httpsAgent() : undefined
    const request = (secure ? https : http).request(call.url, {
      method: call.method,
      headers: call.headers,
      signal: call.signal,
      ...(agent === undefined ? {} : { agent })
    })
    const traced = call.trace?.({ method: call.method, url: call.url, headers: call.headers, body: call.body })
    request.on("response", (response) => {
      const headers = flatten(response.headers)
      const status = response.statusCode ?? 0
      resolve({ status, headers, body: traced === undefined ? response : traced.respond(status, headers, response) })
    })
    request.on("error", (error) => {
      traced?.fail(error)
      reject(error)
    })
    const body = call.body
    if (body === undefined) request.end()
    else if (typeof body === "string" || body instanceof Uint8Array) request.end(body)
    else {
      body.on("error", (error) => request.destroy(error))
      body.pipe(request)
    }
  })

const readText = async (body: Readable, limit = 64 * 1024): Promise<string> => {
  const chunks: Array<Buffer> = []
  let size = 0
  for await (const chunk of body) {
    if (size < limit) chunks.push(Buffer.from(chunk as Uint8Array))
    size += (chunk as Uint8Array).byteLength
  }
  return Buffer.concat(chunks).toString("utf8").slice(0, limit)
}

const tag = (xml: string, name: string): string | undefined => {
  const match = new RegExp(`<${name}>([\\s\\S]*?)</${name}>`).exec(xml)
  return match?.[1]?.trim()
}

const statusName = (status: number): string =>
  (http.STATUS_CODES[status] ?? `Http${status}`).replace(/[^A-Za-z0-9]+/g, "")

/**
 * An answer as an operation output (`StatusCode`, `Headers`, `ETag`, the `Body` stream, and the
 * `$metadata` the engine reads the status from), or, for a status of 300 and above, an
 * `OperationError` with the S3 error code and message of its XML body.
 */
export const toOutput = async (
  answer: HttpAnswer,
  extra: Record<string, unknown> = {}
): Promise<Record<string, unknown>> => {
  const requestId = answer.headers["x-amz-request-id"]
  if (answer.status >= 300) {
    const text = await readText(answer.body).catch(() => "")
    const code = tag(text, "Code")
    const message = tag(text, "Message")
    throw new Plugin.OperationError({
      message: message ?? (text.trim() === "" ? `HTTP ${answer.status} ${http.STATUS_CODES[answer.status] ?? ""} without an error body`.trim() : text.trim().slice(0, 200)),
      httpStatus: answer.status,
      errorCode: code ?? statusName(answer.status),
      ...(requestId === undefined ? {} : { requestId })
    })
  }
  return {
    $metadata: { httpStatusCode: answer.status, ...(requestId === undefined ? {} : { requestId }) },
    StatusCode: answer.status,
    Headers: answer.headers,
    ...(answer.headers["etag"] === undefined ? {} : { ETag: answer.headers["etag"] }),
    ...extra,
    Body: answer.body
  }
}

/** A body parameter ready to send (`file://` relative to the suite file). */
export const resolveBody = (value: unknown, context: Plugin.OperationContext): Promise<Body.Resolved> =>
  Effect.runPromise(Body.resolve(value, context.baseDirectory))

/** Destroys a resolved body that will not be sent (streams hold files open). */
export const discardBody = (resolved: Body.Resolved | undefined): void => {
  if (resolved !== undefined && resolved.content instanceof Readable) resolved.content.destroy()
}
