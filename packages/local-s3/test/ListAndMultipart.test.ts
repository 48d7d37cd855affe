import * as S3 from "@aws-sdk/client-s3"
import { assert, layer } from "@effect/vitest"
import { Effect } from "effect"
import { createHash } from "node:crypto"
import { LocalS3 } from "../src/index.ts"
import { call, client, failure, getText, md5Hex, newBucket, put } from "./support.ts"

layer(LocalS3.layer)("listings and multipart uploads via the SDK", (it) => {
  it.effect("ListObjects v1 and v2: prefix, delimiter, max-keys and continuation", () =>
    Effect.gen(function*() {
      const s3 = yield* client
      const Bucket = yield* newBucket(s3, "lists")
      const keys = ["a/1", "a/2", "b/1", "c", "d", "\u{1F600}", "\uFF5E"]
      yield* Effect.forEach(keys, (key) => put(s3, Bucket, key, key), { discard: true })

      const grouped = yield* call((abortSignal) =>
        s3.send(new S3.ListObjectsV2Command({ Bucket, Delimiter: "/" }), { abortSignal })
      )
      // UTF-8 byte order: U+FF5E (EF BD 9E) sorts before U+1F600 (F0 9F 98 80).
      assert.deepStrictEqual(grouped.Contents?.map((o) => o.Key), ["c", "d", "\uFF5E", "\u{1F600}"])
      assert.deepStrictEqual(grouped.CommonPrefixes?.map((p) => p.Prefix), ["a/", "b/"])
      assert.strictEqual(grouped.KeyCount, 6)
      assert.strictEqual(grouped.Contents?.[0]?.Size, 1)
      assert.strictEqual(grouped.Contents?.[0]?.ETag, `"${md5Hex("c")}"`)

      const prefixed = yield* call((abortSignal) =>
        s3.send(new S3.ListObjectsV2Command({ Bucket, Prefix: "a/" }), { abortSignal })
      )
      assert.deepStrictEqual(prefixed.Contents?.map((o) => o.Key), ["a/1", "a/2"])

      // Page through with max-keys 2 (v2, continuation tokens), then by 1 with a delimiter.
      const pages: Array<Array<string>> = []
      let token: string | undefined
      do {
        const page = yield* call((abortSignal) =>
          s3.send(new S3.ListObjectsV2Command({ Bucket, MaxKeys: 2, ContinuationToken: token }), { abortSignal })
        )
        pages.push(page.Contents?.map((o) => o.Key!) ?? [])
        token = page.IsTruncated ? page.NextContinuationToken : undefined
      } while (token !== undefined)
      assert.deepStrictEqual(pages, [["a/1", "a/2"], ["b/1", "c"], ["d", "\uFF5E"], ["\u{1F600}"]])
      const entries: Array<string> = []
      token = undefined
      do {
        const page = yield* call((abortSignal) =>
          s3.send(new S3.ListObjectsV2Command({ Bucket, MaxKeys: 1, Delimiter: "/", ContinuationToken: token }), {
            abortSignal
          })
        )
        entries.push(...(page.CommonPrefixes?.map((p) => p.Prefix!) ?? []), ...(page.Contents?.map((o) => o.Key!) ?? []))
        token = page.IsTruncated ? page.NextContinuationToken : undefined
      } while (token !== undefined)
      assert.deepStrictEqual(entries, ["a/", "b/", "c", "d", "\uFF5E", "\u{1F600}"])

      const v1 = yield* call((abortSignal) => s3.send(new S3.ListObjectsCommand({ Bucket, MaxKeys: 3 }), { abortSignal }))
      assert.isTrue(v1.IsTruncated)
      assert.deepStrictEqual(v1.Contents?.map((o) => o.Key), ["a/1", "a/2", "b/1"])
      const v1Next = yield* call((abortSignal) =>
        s3.send(new S3.ListObjectsCommand({ Bucket, Marker: "b/1", Delimiter: "/" }), { abortSignal })
      )
      assert.isFalse(v1Next.IsTruncated)
      assert.deepStrictEqual(v1Next.Contents?.map((o) => o.Key), ["c", "d", "\uFF5E", "\u{1F600}"])
      const v1Grouped = yield* call((abortSignal) =>
        s3.send(new S3.ListObjectsCommand({ Bucket, Delimiter: "/", MaxKeys: 1 }), { abortSignal })
      )
      assert.deepStrictEqual(v1Grouped.CommonPrefixes?.map((p) => p.Prefix), ["a/"])
      assert.strictEqual(v1Grouped.NextMarker, "a/")
    }))

  it.effect("multipart: create, upload, list, complete (S3 ETag), abort and errors", () =>
    Effect.gen(function*() {
      const s3 = yield* client
      const Bucket = yield* newBucket(s3, "multipart")
      const Key = "big/object.bin"
      const part1 = Buffer.alloc(5 * 1024 * 1024, 0x61)
      const part2 = Buffer.from("the tail")
      const created = yield* call((abortSignal) =>
        s3.send(new S3.CreateMultipartUploadCommand({ Bucket, Key, ContentType: "application/x-big" }), { abortSignal })
      )
      const UploadId = created.UploadId!
      const upload = (PartNumber: number, Body: Buffer) =>
        call((abortSignal) =>
          s3.send(new S3.UploadPartCommand({ Bucket, Key, UploadId, PartNumber, Body }), { abortSignal })
        ).pipe(Effect.map((output) => ({ PartNumber, ETag: output.ETag! })))
      const parts = [yield* upload(1, part1), yield* upload(2, part2)]
      assert.strictEqual(parts[0]!.ETag, `"${md5Hex(part1)}"`)

      const listedParts = yield* call((abortSignal) =>
        s3.send(new S3.ListPartsCommand({ Bucket, Key, UploadId }), { abortSignal })
      )
      assert.deepStrictEqual(listedParts.Parts?.map((p) => [p.PartNumber, p.Size, p.ETag]), [
        [1, part1.length, parts[0]!.ETag],
        [2, part2.length, parts[1]!.ETag]
      ])
      const uploads = yield* call((abortSignal) =>
        s3.send(new S3.ListMultipartUploadsCommand({ Bucket }), { abortSignal })
      )
      assert.deepStrictEqual(uploads.Uploads?.map((u) => [u.Key, u.UploadId]), [[Key, UploadId]])

      const wrongTag = yield* failure((abortSignal) =>
        s3.send(
          new S3.CompleteMultipartUploadCommand({
            Bucket,
            Key,
            UploadId,
            MultipartUpload: { Parts: [parts[0]!, { PartNumber: 2, ETag: `"${md5Hex("other")}"` }] }
          }),
          { abortSignal }
        )
      )
      assert.deepStrictEqual([wrongTag.code, wrongTag.status], ["InvalidPart", 400])
      const wrongOrder = yield* failure((abortSignal) =>
        s3.send(
          new S3.CompleteMultipartUploadCommand({ Bucket, Key, UploadId, MultipartUpload: { Parts: [parts[1]!, parts[0]!] } }),
          { abortSignal }
        )
      )
      assert.deepStrictEqual([wrongOrder.code, wrongOrder.status], ["InvalidPartOrder", 400])

      const completed = yield* call((abortSignal) =>
        s3.send(new S3.CompleteMultipartUploadCommand({ Bucket, Key, UploadId, MultipartUpload: { Parts: parts } }), {
          abortSignal
        })
      )
      const expected = createHash("md5")
        .update(Buffer.concat([part1, part2].map((p) => createHash("md5").update(p).digest())))
        .digest("hex")
      assert.strictEqual(completed.ETag, `"${expected}-2"`)
      const head = yield* call((abortSignal) => s3.send(new S3.HeadObjectCommand({ Bucket, Key }), { abortSignal }))
      assert.strictEqual(head.ContentLength, part1.length + part2.length)
      assert.strictEqual(head.ETag, `"${expected}-2"`)
      assert.strictEqual(head.ContentType, "application/x-big")
      const tail = yield* getText(s3, { Bucket, Key, Range: `bytes=${part1.length}-` })
      assert.strictEqual(tail.text, "the tail")
      const none = yield* call((abortSignal) => s3.send(new S3.ListMultipartUploadsCommand({ Bucket }), { abortSignal }))
      assert.strictEqual(none.Uploads?.length ?? 0, 0)

      // A small first part is rejected as on S3; an aborted upload is gone.
      const small = yield* call((abortSignal) =>
        s3.send(new S3.CreateMultipartUploadCommand({ Bucket, Key: "small" }), { abortSignal })
      )
      const smallParts = yield* Effect.forEach([1, 2], (PartNumber) =>
        call((abortSignal) =>
          s3.send(
            new S3.UploadPartCommand({ Bucket, Key: "small", UploadId: small.UploadId!, PartNumber, Body: "tiny" }),
            { abortSignal }
          )
        ).pipe(Effect.map((output) => ({ PartNumber, ETag: output.ETag! })))
      )
      const tooSmall = yield* failure((abortSignal) =>
        s3.send(
          new S3.CompleteMultipartUploadCommand({
            Bucket,
            Key: "small",
            UploadId: small.UploadId!,
            MultipartUpload: { Parts: smallParts }
          }),
          { abortSignal }
        )
      )
      assert.deepStrictEqual([tooSmall.code, tooSmall.status], ["EntityTooSmall", 400])
      yield* call((abortSignal) =>
        s3.send(new S3.AbortMultipartUploadCommand({ Bucket, Key: "small", UploadId: small.UploadId! }), { abortSignal })
      )
      const aborted = yield* failure((abortSignal) =>
        s3.send(new S3.ListPartsCommand({ Bucket, Key: "small", UploadId: small.UploadId! }), { abortSignal })
      )
      assert.deepStrictEqual([aborted.code, aborted.status], ["NoSuchUpload", 404])
    }))
})
