/**
 * `content_md5: true`: a middleware that adds `Content-MD5` to requests whose body the SDK checksums
 * with a CRC (an `x-amz-checksum-*` header: DeleteObjects, PutBucketLifecycleConfiguration...,
 * or every upload with `checksums: when_supported`) and that carry no Content-MD5. Servers that
 * predate flexible checksums (Swift's s3api) require Content-MD5 there. Streamed bodies (sent with a
 * trailing checksum) are left alone: hashing them would mean buffering them.
 */
import { createHash } from "node:crypto"
import type { S3Client } from "@aws-sdk/client-s3"

interface RequestLike {
  headers: Record<string, string>
  body?: unknown
}

const isRequest = (u: unknown): u is RequestLike =>
  typeof u === "object" && u !== null && typeof (u as { headers?: unknown }).headers === "object"

const has = (headers: Record<string, string>, name: string): boolean =>
  Object.keys(headers).some((k) => k.toLowerCase() === name)

const hasCrc = (headers: Record<string, string>): boolean =>
  Object.keys(headers).some((k) => {
    const lower = k.toLowerCase()
    return lower.startsWith("x-amz-checksum-") && lower !== "x-amz-checksum-mode" && lower !== "x-amz-checksum-type"
  })

/** The Content-MD5 of a body held in memory, or undefined for a stream. */
export const contentMd5 = (body: unknown): string | undefined =>
  typeof body === "string" || body instanceof Uint8Array
    ? createHash("md5").update(body).digest("base64")
    : body === undefined || body === null
    ? createHash("md5").update("").digest("base64")
    : undefined

export const MIDDLEWARE_NAME = "s3testerContentMd5"

/** Adds the middleware to a client (after the SDK's checksum middleware, before signing). */
export const addContentMd5 = (client: S3Client): void => {
  client.middlewareStack.add(
    (next) => async (args) => {
      const request = args.request
      if (isRequest(request) && hasCrc(request.headers) && !has(request.headers, "content-md5")) {
        const md5 = contentMd5(request.body)
        if (md5 !== undefined) request.headers["content-md5"] = md5
      }
      return next(args)
    },
    { step: "build", priority: "low", name: MIDDLEWARE_NAME, override: true }
  )
}
