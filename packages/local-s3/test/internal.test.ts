import { assert, describe, it } from "@effect/vitest"
import { AwsChunkedDecoder } from "../src/internal/awsChunked.ts"
import { S3Error } from "../src/internal/errors.ts"
import { listPage, sortKeys } from "../src/internal/listing.ts"
import { parseRange } from "../src/internal/range.ts"
import { route } from "../src/internal/router.ts"
import { compareKeys, isValidBucketName } from "../src/internal/store.ts"

const decodeInPieces = (encoded: string, size: number, pieceLength: number) => {
  const target = Buffer.alloc(size)
  const decoder = new AwsChunkedDecoder(target)
  const bytes = Buffer.from(encoded, "latin1")
  for (let i = 0; i < bytes.length; i += pieceLength) decoder.write(bytes.subarray(i, i + pieceLength))
  return { written: decoder.end(), text: target.toString("latin1"), trailers: decoder.trailers }
}

const s3Code = (f: () => unknown): string => {
  try {
    f()
  } catch (error) {
    if (error instanceof S3Error) return error.code
    throw error
  }
  return "no error"
}

describe("AwsChunkedDecoder", () => {
  const unsigned = "5\r\nhello\r\n6\r\n world\r\n0\r\nx-amz-checksum-crc32:DUoRhQ==\r\n\r\n"
  const signed = `5;chunk-signature=${"a".repeat(64)}\r\nhello\r\n6;chunk-signature=${"b".repeat(64)}\r\n world\r\n` +
    `0;chunk-signature=${"c".repeat(64)}\r\n\r\n`

  it("decodes unsigned-trailer and signed framings split at any byte boundary", () => {
    for (const piece of [1, 2, 3, 7, 1000]) {
      const a = decodeInPieces(unsigned, 11, piece)
      assert.deepStrictEqual([a.written, a.text], [11, "hello world"])
      assert.strictEqual(a.trailers.get("x-amz-checksum-crc32"), "DUoRhQ==")
      const b = decodeInPieces(signed, 11, piece)
      assert.deepStrictEqual([b.written, b.text], [11, "hello world"])
    }
  })

  it("accepts a body that ends right after the final chunk line", () => {
    assert.strictEqual(decodeInPieces("3\r\nabc\r\n0\r\n", 3, 4).text, "abc")
  })

  it("rejects bad framing instead of storing it", () => {
    assert.strictEqual(s3Code(() => decodeInPieces("5\r\nhello\r\n", 5, 3)), "IncompleteBody")
    assert.strictEqual(s3Code(() => decodeInPieces("zz\r\nhello\r\n0\r\n\r\n", 5, 3)), "IncompleteBody")
    assert.strictEqual(s3Code(() => decodeInPieces("5\r\nhelloXX0\r\n\r\n", 5, 3)), "IncompleteBody")
    assert.strictEqual(s3Code(() => decodeInPieces("6\r\nhello!\r\n0\r\n\r\n", 5, 3)), "IncompleteBody")
    assert.strictEqual(s3Code(() => decodeInPieces("0\r\n\r\nextra", 0, 3)), "IncompleteBody")
  })
})

describe("parseRange", () => {
  it("parses the single-range forms S3 supports", () => {
    assert.deepStrictEqual(parseRange("bytes=0-4", 10), { start: 0, end: 4 })
    assert.deepStrictEqual(parseRange("bytes=5-", 10), { start: 5, end: 9 })
    assert.deepStrictEqual(parseRange("bytes=-3", 10), { start: 7, end: 9 })
    assert.deepStrictEqual(parseRange("bytes=-30", 10), { start: 0, end: 9 })
    assert.deepStrictEqual(parseRange("bytes=8-100", 10), { start: 8, end: 9 })
  })

  it("ignores what it cannot parse and rejects unsatisfiable ranges", () => {
    assert.isUndefined(parseRange(undefined, 10))
    assert.isUndefined(parseRange("bytes=0-1,3-4", 10))
    assert.isUndefined(parseRange("items=0-1", 10))
    assert.isUndefined(parseRange("bytes=5-2", 10))
    assert.strictEqual(s3Code(() => parseRange("bytes=10-", 10)), "InvalidRange")
    assert.strictEqual(s3Code(() => parseRange("bytes=-0", 10)), "InvalidRange")
    assert.strictEqual(s3Code(() => parseRange("bytes=0-", 0)), "InvalidRange")
  })
})

describe("keys and listings", () => {
  it("orders keys by UTF-8 bytes", () => {
    assert.deepStrictEqual(sortKeys(["b", "\u{1F600}", "\uFF5E", "a", "ab", "A"]), [
      "A",
      "a",
      "ab",
      "b",
      "\uFF5E",
      "\u{1F600}"
    ])
    assert.isBelow(compareKeys("a", "b"), 0)
    assert.strictEqual(compareKeys("x", "x"), 0)
  })

  it("groups common prefixes once and resumes after them", () => {
    const keys = sortKeys(["a/1", "a/2", "a/b/3", "b", "c/1"])
    const first = listPage(keys, { prefix: "", delimiter: "/", after: undefined, maxKeys: 2 })
    assert.deepStrictEqual([first.commonPrefixes, first.keys, first.truncated, first.last], [["a/"], ["b"], true, "b"])
    const second = listPage(keys, { prefix: "", delimiter: "/", after: first.last, maxKeys: 2 })
    assert.deepStrictEqual([second.commonPrefixes, second.keys, second.truncated], [["c/"], [], false])
    const nested = listPage(keys, { prefix: "a/", delimiter: "/", after: undefined, maxKeys: 1000 })
    assert.deepStrictEqual([nested.keys, nested.commonPrefixes], [["a/1", "a/2"], ["a/b/"]])
    const afterPrefix = listPage(keys, { prefix: "", delimiter: "/", after: "a/", maxKeys: 1000 })
    assert.deepStrictEqual(afterPrefix.keys, ["b"])
    assert.isFalse(listPage(keys, { prefix: "", delimiter: undefined, after: undefined, maxKeys: 0 }).truncated)
  })

  it("validates bucket names like S3", () => {
    for (const name of ["abc", "my-bucket.v2", "a".repeat(63)]) assert.isTrue(isValidBucketName(name), name)
    for (const name of ["ab", "ABC", "a_b", "-ab", "ab-", "a..b", "192.168.1.1", "xn--abc", "a".repeat(64)]) {
      assert.isFalse(isValidBucketName(name), name)
    }
  })
})

describe("route", () => {
  const q = (search: string) => new URLSearchParams(search)

  it("maps path-style requests to operations", () => {
    assert.strictEqual(route("GET", "", "", q(""), {}), "ListBuckets")
    assert.strictEqual(route("GET", "b", "", q("list-type=2&prefix=a"), {}), "ListObjectsV2")
    assert.strictEqual(route("GET", "b", "", q("prefix=a"), {}), "ListObjects")
    assert.strictEqual(route("GET", "b", "", q("location"), {}), "GetBucketLocation")
    assert.strictEqual(route("GET", "b", "", q("uploads"), {}), "ListMultipartUploads")
    assert.strictEqual(route("POST", "b", "", q("delete"), {}), "DeleteObjects")
    assert.strictEqual(route("PUT", "b", "k", q("x-id=PutObject"), {}), "PutObject")
    assert.strictEqual(route("PUT", "b", "k", q(""), { "x-amz-copy-source": "b/j" }), "CopyObject")
    assert.strictEqual(route("PUT", "b", "k", q("partNumber=1&uploadId=u"), {}), "UploadPart")
    assert.strictEqual(route("POST", "b", "k", q("uploads"), {}), "CreateMultipartUpload")
    assert.strictEqual(route("POST", "b", "k", q("uploadId=u"), {}), "CompleteMultipartUpload")
    assert.strictEqual(route("DELETE", "b", "k", q("uploadId=u"), {}), "AbortMultipartUpload")
    assert.strictEqual(route("GET", "b", "k", q("uploadId=u"), {}), "ListParts")
  })

  it("leaves everything else unrouted (501)", () => {
    assert.isUndefined(route("GET", "b", "", q("tagging"), {}))
    assert.isUndefined(route("GET", "b", "", q("versions"), {}))
    assert.isUndefined(route("PUT", "b", "", q("acl"), {}))
    assert.isUndefined(route("GET", "b", "k", q("versionId=1"), {}))
    assert.isUndefined(route("PUT", "b", "k", q("partNumber=1&uploadId=u"), { "x-amz-copy-source": "b/j" }))
    assert.isUndefined(route("POST", "b", "k", q(""), {}))
    assert.isUndefined(route("PUT", "", "", q(""), {}))
    assert.isUndefined(route("PATCH", "b", "k", q(""), {}))
  })
})
