/**
 * ETags and request integrity checks: Content-MD5, a hex `x-amz-content-sha256`, and
 * `x-amz-checksum-{crc32,sha1,sha256}` (header or aws-chunked trailer). CRC32C and CRC64NVME
 * are accepted unverified (Node has no built-in for them). Checksums are not stored.
 */
import { createHash } from "node:crypto"
import type { IncomingHttpHeaders } from "node:http"
import * as Zlib from "node:zlib"
import { badDigest, invalidDigest, S3Error } from "./errors.ts"

export const md5 = (data: Buffer): Buffer => createHash("md5").update(data).digest()

/** S3's ETag of a single-part object: the quoted hex MD5. */
export const etagOf = (data: Buffer): string => `"${md5(data).toString("hex")}"`

/** S3's ETag of a multipart object: MD5 of the concatenated binary part MD5s, then `-N`. */
export const multipartEtag = (partEtags: ReadonlyArray<string>): string => {
  const digests = partEtags.map((etag) => Buffer.from(unquote(etag), "hex"))
  return `"${md5(Buffer.concat(digests)).toString("hex")}-${partEtags.length}"`
}

export const unquote = (etag: string): string => etag.trim().replace(/^"(.*)"$/, "$1")

const digest = (algorithm: "sha1" | "sha256", data: Buffer): string =>
  createHash(algorithm).update(data).digest("base64")

const crc32 = (data: Buffer): string => {
  const out = Buffer.alloc(4)
  out.writeUInt32BE(Zlib.crc32(data) >>> 0)
  return out.toString("base64")
}

const CHECKSUMS: ReadonlyArray<readonly [string, string, ((data: Buffer) => string) | undefined]> = [
  ["x-amz-checksum-crc32", "CRC32", crc32],
  ["x-amz-checksum-sha1", "SHA1", (data) => digest("sha1", data)],
  ["x-amz-checksum-sha256", "SHA256", (data) => digest("sha256", data)],
  ["x-amz-checksum-crc32c", "CRC32C", undefined],
  ["x-amz-checksum-crc64nvme", "CRC64NVME", undefined]
]

const single = (value: string | ReadonlyArray<string> | undefined): string | undefined =>
  typeof value === "string" ? value : value?.[0]

/** Throws BadDigest/InvalidDigest/XAmzContentSHA256Mismatch when the body fails a declared check. */
export const verifyIntegrity = (
  headers: IncomingHttpHeaders,
  trailers: ReadonlyMap<string, string>,
  data: Buffer,
  dataMd5: Buffer
): void => {
  const contentMd5 = single(headers["content-md5"])
  if (contentMd5 !== undefined) {
    const expected = Buffer.from(contentMd5, "base64")
    if (expected.length !== 16) throw invalidDigest("Content-MD5")
    if (!expected.equals(dataMd5)) throw badDigest("Content-MD5")
  }
  const sha = single(headers["x-amz-content-sha256"])
  if (sha !== undefined && /^[0-9a-fA-F]{64}$/.test(sha)) {
    if (createHash("sha256").update(data).digest("hex") !== sha.toLowerCase()) {
      throw new S3Error(
        "XAmzContentSHA256Mismatch",
        400,
        "The provided 'x-amz-content-sha256' header does not match what was computed."
      )
    }
  }
  for (const [name, label, compute] of CHECKSUMS) {
    const declared = trailers.get(name) ?? single(headers[name])
    if (declared === undefined || compute === undefined) continue
    if (compute(data) !== declared.trim()) throw badDigest(label)
  }
}
