/** PutObject, GetObject, HeadObject, DeleteObject and CopyObject. */
import type { OutgoingHttpHeaders } from "node:http"
import { readBody } from "../body.ts"
import { etagOf, md5, verifyIntegrity } from "../checksum.ts"
import { checkReadConditions, checkWriteConditions } from "../conditions.ts"
import { invalidArgument, invalidRequest, noSuchKey, notImplemented } from "../errors.ts"
import { type Ctx, type Handler, httpDate, sendEmpty, sendXml } from "../http.ts"
import { metaFromHeaders, metaResponseHeaders } from "../meta.ts"
import { parseRange } from "../range.ts"
import { checkKey, getBucket, getObject as lookupObject, now, type StoredObject } from "../store.ts"
import { isoDate } from "../xml.ts"

const header = (ctx: Ctx, name: string): string | undefined => {
  const value = ctx.req.headers[name]
  return Array.isArray(value) ? value.join(",") : value
}

export const putObject: Handler = async (ctx) => {
  getBucket(ctx.store, ctx.bucket)
  checkKey(ctx.key)
  const meta = metaFromHeaders(ctx.req.headers)
  const { data, trailers } = await readBody(ctx.req, { maxBytes: ctx.config.maxObjectSize, requireLength: true })
  const digest = md5(data)
  verifyIntegrity(ctx.req.headers, trailers, data, digest)
  // Look the bucket up again: it may have been deleted while the body arrived.
  const bucket = getBucket(ctx.store, ctx.bucket)
  if (checkWriteConditions(ctx.req.headers, bucket.objects.get(ctx.key)) === "missing") throw noSuchKey(ctx.key)
  const etag = `"${digest.toString("hex")}"`
  bucket.objects.set(ctx.key, { data, etag, lastModified: now(), meta })
  sendEmpty(ctx, 200, { etag })
}

const objectHeaders = (ctx: Ctx, object: StoredObject): OutgoingHttpHeaders => ({
  ...metaResponseHeaders(object.meta, ctx.query),
  etag: object.etag,
  "last-modified": httpDate(object.lastModified),
  "accept-ranges": "bytes"
})

const serveObject = (ctx: Ctx, withBody: boolean): void => {
  const object = lookupObject(getBucket(ctx.store, ctx.bucket), ctx.key)
  const headers = objectHeaders(ctx, object)
  if (checkReadConditions(ctx.req.headers, object.etag, object.lastModified) === "not-modified") {
    ctx.res.writeHead(304, { etag: object.etag, "last-modified": headers["last-modified"] })
    ctx.res.end()
    return
  }
  const size = object.data.length
  const range = parseRange(header(ctx, "range"), size)
  const status = range === undefined ? 200 : 206
  const body = range === undefined ? object.data : object.data.subarray(range.start, range.end + 1)
  if (range !== undefined) headers["content-range"] = `bytes ${range.start}-${range.end}/${size}`
  headers["content-length"] = body.length
  ctx.res.writeHead(status, headers)
  ctx.res.end(withBody ? body : undefined)
}

export const getObject: Handler = (ctx) => serveObject(ctx, true)

export const headObject: Handler = (ctx) => serveObject(ctx, false)

export const deleteObject: Handler = (ctx) => {
  getBucket(ctx.store, ctx.bucket).objects.delete(ctx.key)
  sendEmpty(ctx, 204)
}

interface CopySource {
  readonly bucket: string
  readonly key: string
}

/** `bucket/key` or `/bucket/key`, URL-encoded, optionally `?versionId=…`. */
const parseCopySource = (raw: string): CopySource => {
  let path = raw
  const question = path.indexOf("?")
  if (question !== -1) {
    const params = new URLSearchParams(path.slice(question + 1))
    path = path.slice(0, question)
    const versionId = params.get("versionId")
    if (versionId !== null && versionId !== "null") throw notImplemented("object versions")
  }
  let decoded: string
  try {
    decoded = decodeURIComponent(path)
  } catch {
    throw invalidArgument("Invalid copy source encoding", "x-amz-copy-source", raw)
  }
  if (decoded.startsWith("/")) decoded = decoded.slice(1)
  const slash = decoded.indexOf("/")
  if (slash <= 0 || slash === decoded.length - 1) {
    throw invalidArgument("Invalid copy source object key", "x-amz-copy-source", raw)
  }
  return { bucket: decoded.slice(0, slash), key: decoded.slice(slash + 1) }
}

export const copyObject: Handler = (ctx) => {
  checkKey(ctx.key)
  const source = parseCopySource(header(ctx, "x-amz-copy-source") ?? "")
  const object = lookupObject(getBucket(ctx.store, source.bucket), source.key)
  checkReadConditions(ctx.req.headers, object.etag, object.lastModified, "x-amz-copy-source-")
  const directive = (header(ctx, "x-amz-metadata-directive") ?? "COPY").toUpperCase()
  if (directive !== "COPY" && directive !== "REPLACE") {
    throw invalidArgument("Unknown metadata directive.", "x-amz-metadata-directive", directive)
  }
  const bucket = getBucket(ctx.store, ctx.bucket)
  if (source.bucket === ctx.bucket && source.key === ctx.key && directive === "COPY") {
    throw invalidRequest(
      "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes."
    )
  }
  const meta = directive === "REPLACE" ? metaFromHeaders(ctx.req.headers) : object.meta
  // A copy is a single-part object: a multipart source gets a plain MD5 ETag.
  const etag = object.etag.includes("-") ? etagOf(object.data) : object.etag
  const lastModified = now()
  bucket.objects.set(ctx.key, { data: object.data, etag, lastModified, meta })
  sendXml(ctx, "CopyObjectResult", { LastModified: isoDate(lastModified), ETag: etag })
}
