/**
 * Object metadata from request headers (Content-Type, x-amz-meta-*, the stored standard headers)
 * and back to response headers, with S3's response-* overrides.
 */
import type { IncomingHttpHeaders, OutgoingHttpHeaders } from "node:http"
import { S3Error } from "./errors.ts"
import { type ObjectMeta, STORED_HEADERS, type StoredHeader } from "./store.ts"

const META_PREFIX = "x-amz-meta-"
/** S3 limits user metadata to 2 KB (names and values, UTF-8). */
const MAX_METADATA_BYTES = 2048
const DEFAULT_CONTENT_TYPE = "binary/octet-stream"

const single = (value: string | ReadonlyArray<string> | undefined): string | undefined =>
  value === undefined ? undefined : typeof value === "string" ? value : value.join(",")

export const metaFromHeaders = (headers: IncomingHttpHeaders): ObjectMeta => {
  const metadata = new Map<string, string>()
  let size = 0
  for (const [name, value] of Object.entries(headers)) {
    if (!name.startsWith(META_PREFIX) || value === undefined) continue
    const short = name.slice(META_PREFIX.length)
    const text = single(value) ?? ""
    size += Buffer.byteLength(short) + Buffer.byteLength(text)
    metadata.set(short, text)
  }
  if (size > MAX_METADATA_BYTES) {
    throw new S3Error("MetadataTooLarge", 400, "Your metadata headers exceed the maximum allowed metadata size.", {
      Size: String(size),
      MaxSizeAllowed: String(MAX_METADATA_BYTES)
    })
  }
  const stored = new Map<StoredHeader, string>()
  for (const name of STORED_HEADERS) {
    let value = single(headers[name])
    if (name === "content-encoding" && value !== undefined) {
      // aws-chunked describes the transfer, not the object; S3 does not store it.
      value = value.split(",").map((e) => e.trim()).filter((e) => e !== "" && e.toLowerCase() !== "aws-chunked").join(",")
    }
    if (value !== undefined && value !== "") stored.set(name, value)
  }
  return { contentType: single(headers["content-type"]) ?? DEFAULT_CONTENT_TYPE, metadata, headers: stored }
}

const OVERRIDES: ReadonlyArray<readonly [string, string]> = [
  ["response-content-type", "content-type"],
  ["response-content-disposition", "content-disposition"],
  ["response-content-encoding", "content-encoding"],
  ["response-content-language", "content-language"],
  ["response-cache-control", "cache-control"],
  ["response-expires", "expires"]
]

export const metaResponseHeaders = (meta: ObjectMeta, query: URLSearchParams): OutgoingHttpHeaders => {
  const headers: OutgoingHttpHeaders = { "content-type": meta.contentType }
  for (const [name, value] of meta.headers) headers[name] = value
  for (const [name, value] of meta.metadata) headers[META_PREFIX + name] = value
  for (const [param, header] of OVERRIDES) {
    const value = query.get(param)
    if (value !== null) headers[header] = value
  }
  return headers
}
