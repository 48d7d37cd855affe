/**
 * Maps a path-style request to an operation name. Unknown subresources and methods map to
 * `undefined`, which the server answers with 501 NotImplemented.
 */
import type { IncomingHttpHeaders } from "node:http"

export type Operation =
  | "ListBuckets"
  | "CreateBucket"
  | "HeadBucket"
  | "DeleteBucket"
  | "GetBucketLocation"
  | "ListObjects"
  | "ListObjectsV2"
  | "DeleteObjects"
  | "PutObject"
  | "CopyObject"
  | "GetObject"
  | "HeadObject"
  | "DeleteObject"
  | "CreateMultipartUpload"
  | "UploadPart"
  | "CompleteMultipartUpload"
  | "AbortMultipartUpload"
  | "ListParts"
  | "ListMultipartUploads"

/** Query parameters that select an operation. */
const SUBRESOURCES = new Set(["location", "uploads", "delete", "uploadId", "partNumber"])

/** Query parameters that are plain arguments of the supported operations. */
const PARAMETERS = new Set([
  "x-id",
  "list-type",
  "prefix",
  "delimiter",
  "max-keys",
  "marker",
  "continuation-token",
  "start-after",
  "fetch-owner",
  "encoding-type",
  "key-marker",
  "upload-id-marker",
  "max-uploads",
  "max-parts",
  "part-number-marker",
  "max-buckets",
  "bucket-region",
  "response-content-type",
  "response-content-disposition",
  "response-content-encoding",
  "response-content-language",
  "response-cache-control",
  "response-expires"
])

const isKnownParameter = (name: string): boolean =>
  SUBRESOURCES.has(name) || PARAMETERS.has(name) || name.toLowerCase().startsWith("x-amz-")

export const route = (
  method: string,
  bucket: string,
  key: string,
  query: URLSearchParams,
  headers: IncomingHttpHeaders
): Operation | undefined => {
  for (const name of query.keys()) if (!isKnownParameter(name)) return undefined
  const has = (name: string): boolean => query.has(name)
  if (bucket === "") return method === "GET" ? "ListBuckets" : undefined
  if (key === "") {
    if (has("uploadId") || has("partNumber")) return undefined
    switch (method) {
      case "GET":
        if (has("delete")) return undefined
        if (has("location")) return has("uploads") ? undefined : "GetBucketLocation"
        if (has("uploads")) return "ListMultipartUploads"
        return query.get("list-type") === "2" ? "ListObjectsV2" : has("list-type") ? undefined : "ListObjects"
      case "PUT":
        return has("location") || has("uploads") || has("delete") ? undefined : "CreateBucket"
      case "HEAD":
        return has("location") || has("uploads") || has("delete") ? undefined : "HeadBucket"
      case "DELETE":
        return has("location") || has("uploads") || has("delete") ? undefined : "DeleteBucket"
      case "POST":
        return has("delete") && !has("location") && !has("uploads") ? "DeleteObjects" : undefined
      default:
        return undefined
    }
  }
  if (has("location") || has("delete")) return undefined
  const copy = headers["x-amz-copy-source"] !== undefined
  switch (method) {
    case "PUT":
      if (has("uploads")) return undefined
      if (has("uploadId") && has("partNumber")) return copy ? undefined : "UploadPart"
      if (has("uploadId") || has("partNumber")) return undefined
      return copy ? "CopyObject" : "PutObject"
    case "GET":
      if (has("uploads") || has("partNumber")) return undefined
      return has("uploadId") ? "ListParts" : "GetObject"
    case "HEAD":
      return has("uploads") || has("uploadId") || has("partNumber") ? undefined : "HeadObject"
    case "DELETE":
      if (has("uploads") || has("partNumber")) return undefined
      return has("uploadId") ? "AbortMultipartUpload" : "DeleteObject"
    case "POST":
      if (has("partNumber")) return undefined
      if (has("uploads")) return has("uploadId") ? undefined : "CreateMultipartUpload"
      return has("uploadId") ? "CompleteMultipartUpload" : undefined
    default:
      return undefined
  }
}
