/**
 * CreateMultipartUpload, UploadPart, CompleteMultipartUpload, AbortMultipartUpload, ListParts
 * and ListMultipartUploads.
 */
import { randomBytes } from "node:crypto"
import { readBody } from "../body.ts"
import { md5, multipartEtag, unquote, verifyIntegrity } from "../checksum.ts"
import { checkWriteConditions } from "../conditions.ts"
import { invalidArgument, malformedXml, noSuchKey, S3Error } from "../errors.ts"
import { type Ctx, type Handler, queryInt, queryString, sendEmpty, sendXml } from "../http.ts"
import { encoder } from "../listing.ts"
import { metaFromHeaders } from "../meta.ts"
import { checkKey, compareKeys, getBucket, getUpload, now, type Upload } from "../store.ts"
import { children, childText, isoDate, parseDocument } from "../xml.ts"

const OWNER = { ID: "local-s3", DisplayName: "local-s3" }
const MAX_PARTS = 10000
const MAX_DOCUMENT_BYTES = 2 * 1024 * 1024

const uploadIdOf = (ctx: Ctx): string => ctx.query.get("uploadId") ?? ""

export const createMultipartUpload: Handler = (ctx) => {
  const bucket = getBucket(ctx.store, ctx.bucket)
  checkKey(ctx.key)
  const id = randomBytes(24).toString("base64url")
  bucket.uploads.set(id, {
    id,
    key: ctx.key,
    initiated: now(),
    meta: metaFromHeaders(ctx.req.headers),
    parts: new Map()
  })
  sendXml(ctx, "InitiateMultipartUploadResult", { Bucket: ctx.bucket, Key: ctx.key, UploadId: id })
}

const partNumberOf = (ctx: Ctx): number => {
  const raw = ctx.query.get("partNumber") ?? ""
  const value = /^\d{1,5}$/.test(raw) ? Number(raw) : 0
  if (value < 1 || value > MAX_PARTS) {
    throw invalidArgument(`Part number must be an integer between 1 and ${MAX_PARTS}, inclusive`, "partNumber", raw)
  }
  return value
}

export const uploadPart: Handler = async (ctx) => {
  const partNumber = partNumberOf(ctx)
  getUpload(getBucket(ctx.store, ctx.bucket), ctx.key, uploadIdOf(ctx))
  const { data, trailers } = await readBody(ctx.req, { maxBytes: ctx.config.maxObjectSize, requireLength: true })
  const digest = md5(data)
  verifyIntegrity(ctx.req.headers, trailers, data, digest)
  // Look the upload up again: it may have been completed or aborted while the body arrived.
  const upload = getUpload(getBucket(ctx.store, ctx.bucket), ctx.key, uploadIdOf(ctx))
  const etag = `"${digest.toString("hex")}"`
  upload.parts.set(partNumber, { data, etag, lastModified: now() })
  sendEmpty(ctx, 200, { etag })
}

interface RequestedPart {
  readonly partNumber: number
  readonly etag: string
}

const parseParts = (body: Buffer): Array<RequestedPart> => {
  const doc = parseDocument(body, "CompleteMultipartUpload")
  const parts = children(doc, "Part").map((node) => {
    const number = (childText(node, "PartNumber") ?? "").trim()
    const etag = childText(node, "ETag")
    if (!/^\d{1,5}$/.test(number) || etag === undefined) throw malformedXml()
    return { partNumber: Number(number), etag: unquote(etag) }
  })
  if (parts.length === 0) throw malformedXml()
  return parts
}

const invalidPart = (partNumber: number): S3Error =>
  new S3Error(
    "InvalidPart",
    400,
    "One or more of the specified parts could not be found. The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.",
    { PartNumber: String(partNumber) }
  )

export const completeMultipartUpload: Handler = async (ctx) => {
  getUpload(getBucket(ctx.store, ctx.bucket), ctx.key, uploadIdOf(ctx))
  const { data: body, trailers } = await readBody(ctx.req, { maxBytes: MAX_DOCUMENT_BYTES, requireLength: false })
  verifyIntegrity(ctx.req.headers, trailers, body, md5(body))
  const requested = parseParts(body)
  const bucket = getBucket(ctx.store, ctx.bucket)
  const upload = getUpload(bucket, ctx.key, uploadIdOf(ctx))
  const parts = requested.map(({ etag, partNumber }, index) => {
    if (index > 0 && partNumber <= requested[index - 1]!.partNumber) {
      throw new S3Error("InvalidPartOrder", 400, "The list of parts was not in ascending order. The parts list must be specified in order by part number.")
    }
    const part = upload.parts.get(partNumber)
    if (part === undefined || unquote(part.etag) !== etag) throw invalidPart(partNumber)
    return { partNumber, part }
  })
  parts.forEach(({ part, partNumber }, index) => {
    if (index < parts.length - 1 && part.data.length < ctx.config.minPartSize) {
      throw new S3Error("EntityTooSmall", 400, "Your proposed upload is smaller than the minimum allowed object size.", {
        PartNumber: String(partNumber),
        ProposedSize: String(part.data.length),
        MinSizeAllowed: String(ctx.config.minPartSize)
      })
    }
  })
  if (checkWriteConditions(ctx.req.headers, bucket.objects.get(ctx.key)) === "missing") throw noSuchKey(ctx.key)
  const data = Buffer.concat(parts.map(({ part }) => part.data))
  const etag = multipartEtag(parts.map(({ part }) => part.etag))
  bucket.objects.set(ctx.key, { data, etag, lastModified: now(), meta: upload.meta })
  bucket.uploads.delete(upload.id)
  const host = ctx.req.headers.host ?? "127.0.0.1"
  sendXml(ctx, "CompleteMultipartUploadResult", {
    Location: `http://${host}/${ctx.bucket}/${encodeURIComponent(ctx.key).replace(/%2F/g, "/")}`,
    Bucket: ctx.bucket,
    Key: ctx.key,
    ETag: etag
  })
}

export const abortMultipartUpload: Handler = (ctx) => {
  const bucket = getBucket(ctx.store, ctx.bucket)
  const upload = getUpload(bucket, ctx.key, uploadIdOf(ctx))
  bucket.uploads.delete(upload.id)
  sendEmpty(ctx, 204)
}

export const listParts: Handler = (ctx) => {
  const upload = getUpload(getBucket(ctx.store, ctx.bucket), ctx.key, uploadIdOf(ctx))
  const maxParts = queryInt(ctx.query, "max-parts", 1000, 0, 1000)
  const marker = queryInt(ctx.query, "part-number-marker", 0, 0, MAX_PARTS)
  const numbers = Array.from(upload.parts.keys()).filter((n) => n > marker).sort((a, b) => a - b)
  const page = numbers.slice(0, maxParts)
  const truncated = numbers.length > page.length
  sendXml(ctx, "ListPartsResult", {
    Bucket: ctx.bucket,
    Key: ctx.key,
    UploadId: upload.id,
    Initiator: OWNER,
    Owner: OWNER,
    StorageClass: "STANDARD",
    PartNumberMarker: marker,
    NextPartNumberMarker: page.length > 0 ? page[page.length - 1] : undefined,
    MaxParts: maxParts,
    IsTruncated: truncated,
    Part: page.map((n) => {
      const part = upload.parts.get(n)!
      return { PartNumber: n, LastModified: isoDate(part.lastModified), ETag: part.etag, Size: part.data.length }
    })
  })
}

/** Orders uploads by key, then by initiation time, then by id, as S3 lists them. */
const compareUploads = (a: Upload, b: Upload): number =>
  compareKeys(a.key, b.key) || a.initiated.getTime() - b.initiated.getTime() || compareKeys(a.id, b.id)

interface UploadsPage {
  readonly uploads: ReadonlyArray<Upload>
  readonly commonPrefixes: ReadonlyArray<string>
  readonly truncated: boolean
  readonly last: { readonly key: string; readonly uploadId: string | undefined } | undefined
}

const pageUploads = (
  sorted: ReadonlyArray<Upload>,
  prefix: string,
  delimiter: string | undefined,
  keyMarker: string | undefined,
  uploadIdMarker: string | undefined,
  max: number
): UploadsPage => {
  const uploads: Array<Upload> = []
  const commonPrefixes: Array<string> = []
  let last: UploadsPage["last"]
  let truncated = false
  let passedIdMarker = false
  for (const upload of sorted) {
    if (!upload.key.startsWith(prefix)) continue
    const index = delimiter === undefined ? -1 : upload.key.indexOf(delimiter, prefix.length)
    const group = index === -1 || delimiter === undefined ? undefined : upload.key.slice(0, index + delimiter.length)
    if (keyMarker !== undefined) {
      if (group !== undefined) {
        if (compareKeys(group, keyMarker) <= 0) continue
      } else {
        const order = compareKeys(upload.key, keyMarker)
        if (order < 0) continue
        if (order === 0 && !passedIdMarker) {
          // Uploads of the marker key come after the upload-id marker (all are skipped without one).
          if (upload.id === uploadIdMarker) passedIdMarker = true
          continue
        }
      }
    }
    if (group !== undefined && group === last?.key) continue
    if (uploads.length + commonPrefixes.length === max) {
      truncated = max > 0
      break
    }
    if (group !== undefined) {
      commonPrefixes.push(group)
      last = { key: group, uploadId: undefined }
    } else {
      uploads.push(upload)
      last = { key: upload.key, uploadId: upload.id }
    }
  }
  return { uploads, commonPrefixes, truncated, last }
}

export const listMultipartUploads: Handler = (ctx) => {
  const bucket = getBucket(ctx.store, ctx.bucket)
  const prefix = ctx.query.get("prefix") ?? ""
  const delimiter = queryString(ctx.query, "delimiter")
  const maxUploads = queryInt(ctx.query, "max-uploads", 1000, 0, 1000)
  const keyMarker = queryString(ctx.query, "key-marker")
  const uploadIdMarker = keyMarker === undefined ? undefined : queryString(ctx.query, "upload-id-marker")
  const encode = encoder(ctx.query.get("encoding-type"))
  const sorted = Array.from(bucket.uploads.values()).sort(compareUploads)
  const page = pageUploads(sorted, prefix, delimiter, keyMarker, uploadIdMarker, maxUploads)
  sendXml(ctx, "ListMultipartUploadsResult", {
    Bucket: ctx.bucket,
    KeyMarker: encode(keyMarker ?? ""),
    UploadIdMarker: uploadIdMarker ?? "",
    NextKeyMarker: page.truncated && page.last !== undefined ? encode(page.last.key) : undefined,
    NextUploadIdMarker: page.truncated ? page.last?.uploadId : undefined,
    Prefix: encode(prefix),
    Delimiter: delimiter === undefined ? undefined : encode(delimiter),
    MaxUploads: maxUploads,
    IsTruncated: page.truncated,
    EncodingType: queryString(ctx.query, "encoding-type"),
    Upload: page.uploads.map((u) => ({
      Key: encode(u.key),
      UploadId: u.id,
      Initiator: OWNER,
      Owner: OWNER,
      StorageClass: "STANDARD",
      Initiated: isoDate(u.initiated)
    })),
    CommonPrefixes: page.commonPrefixes.map((p) => ({ Prefix: encode(p) }))
  })
}
