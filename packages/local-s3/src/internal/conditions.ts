/**
 * Conditional requests (RFC 7232 order, as S3 applies it): If-Match, If-Unmodified-Since,
 * If-None-Match, If-Modified-Since; and the `x-amz-copy-source-if-*` variants of CopyObject.
 */
import type { IncomingHttpHeaders } from "node:http"
import { preconditionFailed } from "./errors.ts"
import { unquote } from "./checksum.ts"

const header = (headers: IncomingHttpHeaders, name: string): string | undefined => {
  const value = headers[name]
  return Array.isArray(value) ? value.join(",") : value
}

const etagMatches = (list: string, etag: string): boolean =>
  list.split(",").some((candidate) => {
    const c = candidate.trim().replace(/^W\//, "")
    return c === "*" || unquote(c) === unquote(etag)
  })

/** Whole seconds, as HTTP dates carry them. */
const seconds = (date: Date): number => Math.floor(date.getTime() / 1000)

const parseDate = (value: string | undefined): number | undefined => {
  if (value === undefined) return undefined
  const ms = Date.parse(value)
  return Number.isNaN(ms) ? undefined : Math.floor(ms / 1000)
}

/**
 * Checks the conditions of a read. Returns `"not-modified"` (answer 304) or `"ok"`; throws
 * PreconditionFailed (412). With `prefix = "x-amz-copy-source-"` every failure is a 412.
 */
export const checkReadConditions = (
  headers: IncomingHttpHeaders,
  etag: string,
  lastModified: Date,
  prefix = ""
): "ok" | "not-modified" => {
  const ifMatch = header(headers, `${prefix}if-match`)
  const ifNoneMatch = header(headers, `${prefix}if-none-match`)
  const ifUnmodifiedSince = parseDate(header(headers, `${prefix}if-unmodified-since`))
  const ifModifiedSince = parseDate(header(headers, `${prefix}if-modified-since`))
  const modified = seconds(lastModified)
  if (ifMatch !== undefined) {
    if (!etagMatches(ifMatch, etag)) throw preconditionFailed(`${prefix}If-Match`)
  } else if (ifUnmodifiedSince !== undefined && modified > ifUnmodifiedSince) {
    throw preconditionFailed(`${prefix}If-Unmodified-Since`)
  }
  const notModified = ifNoneMatch !== undefined
    ? etagMatches(ifNoneMatch, etag)
    : ifModifiedSince !== undefined && modified <= ifModifiedSince
  if (!notModified) return "ok"
  if (prefix !== "") throw preconditionFailed(ifNoneMatch !== undefined ? `${prefix}If-None-Match` : `${prefix}If-Modified-Since`)
  return "not-modified"
}

/**
 * Conditional writes (PutObject, CompleteMultipartUpload): `If-None-Match: *` fails with 412
 * when the key exists; `If-Match` fails with 412 on another ETag and returns "missing" when
 * there is no object (the caller answers NoSuchKey).
 */
export const checkWriteConditions = (
  headers: IncomingHttpHeaders,
  existing: { readonly etag: string } | undefined
): "ok" | "missing" => {
  const ifNoneMatch = header(headers, "if-none-match")
  if (ifNoneMatch !== undefined && existing !== undefined && etagMatches(ifNoneMatch, existing.etag)) {
    throw preconditionFailed("If-None-Match")
  }
  const ifMatch = header(headers, "if-match")
  if (ifMatch === undefined) return "ok"
  if (existing === undefined) return "missing"
  if (!etagMatches(ifMatch, existing.etag)) throw preconditionFailed("If-Match")
  return "ok"
}
