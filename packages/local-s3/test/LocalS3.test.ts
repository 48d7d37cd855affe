import * as S3 from "@aws-sdk/client-s3"
import { assert, describe, it, layer } from "@effect/vitest"
import { Target } from "@s3tester/core/Target"
import { Effect, Exit } from "effect"
import * as Net from "node:net"
import { Readable } from "node:stream"
import { LocalS3 } from "../src/index.ts"
import { call, client, failure, getText, makeClient, md5Hex, newBucket, put, raw } from "./support.ts"

/** Connects a TCP socket; fails with the socket error (e.g. ECONNREFUSED). */
const connect = (port: number) =>
  Effect.tryPromise({
    try: () =>
      new Promise<Net.Socket>((resolve, reject) => {
        const socket = Net.connect(port, "127.0.0.1")
        socket.once("connect", () => resolve(socket))
        socket.once("error", reject)
      }),
    catch: (error) => error as NodeJS.ErrnoException
  })

describe("LocalS3.start", () => {
  it.effect("listens on 127.0.0.1 on an ephemeral port", () =>
    Effect.gen(function*() {
      const server = yield* LocalS3.start()
      assert.isAbove(server.port, 0)
      assert.strictEqual(server.endpoint, `http://127.0.0.1:${server.port}`)
      const response = yield* raw(`${server.endpoint}/`)
      assert.strictEqual(response.status, 200)
      assert.include(response.body, "<ListAllMyBucketsResult")
    }))

  it.effect("closes the server and its open connections when the scope ends", () =>
    Effect.gen(function*() {
      const { port, socket } = yield* Effect.scoped(
        Effect.gen(function*() {
          const server = yield* LocalS3.start()
          const s3 = yield* makeClient(server.endpoint)
          // A keep-alive connection from the SDK and an idle raw socket stay open until the end.
          yield* call((abortSignal) => s3.send(new S3.ListBucketsCommand({}), { abortSignal }))
          const socket = yield* connect(server.port)
          return { port: server.port, socket }
        })
      )
      yield* Effect.promise(() =>
        socket.destroyed ? Promise.resolve() : new Promise<void>((resolve) => socket.once("close", () => resolve()))
      )
      const error = yield* Effect.flip(connect(port))
      assert.strictEqual(error.code, "ECONNREFUSED")
    }))

  it.effect("fails with LocalS3Error when the port is taken", () =>
    Effect.gen(function*() {
      const first = yield* LocalS3.start()
      const exit = yield* Effect.exit(LocalS3.start({ port: first.port }))
      assert.isTrue(Exit.isFailure(exit))
      const error = yield* Effect.flip(LocalS3.start({ port: first.port }))
      assert.strictEqual(error._tag, "LocalS3Error")
      assert.include(error.message, "EADDRINUSE")
    }))
})

describe("LocalS3.layer", () => {
  it.effect("provides an embedded Target and stops the server afterwards", () =>
    Effect.gen(function*() {
      const target = yield* Effect.scoped(Target.pipe(Effect.provide(LocalS3.layer)))
      assert.isTrue(target.embedded)
      assert.strictEqual(target.description, "embedded local-s3 (a fake, for quick starts)")
      assert.match(target.endpoint, /^http:\/\/127\.0\.0\.1:\d+$/)
      const port = Number(new URL(target.endpoint).port)
      const error = yield* Effect.flip(connect(port))
      assert.strictEqual(error.code, "ECONNREFUSED")
    }))
})

layer(LocalS3.layerWith({ reservedBucketNames: ["someone-elses-bucket"] }))("S3 operations via the SDK", (it) => {
  it.effect("buckets: create, list, head, location, delete and their errors", () =>
    Effect.gen(function*() {
      const s3 = yield* client
      const Bucket = yield* newBucket(s3, "buckets")

      const again = yield* failure((abortSignal) => s3.send(new S3.CreateBucketCommand({ Bucket }), { abortSignal }))
      assert.deepStrictEqual([again.code, again.status], ["BucketAlreadyOwnedByYou", 409])
      const taken = yield* failure((abortSignal) =>
        s3.send(new S3.CreateBucketCommand({ Bucket: "someone-elses-bucket" }), { abortSignal })
      )
      assert.deepStrictEqual([taken.code, taken.status], ["BucketAlreadyExists", 409])
      const invalid = yield* failure((abortSignal) =>
        s3.send(new S3.CreateBucketCommand({ Bucket: "Invalid_Name" }), { abortSignal })
      )
      assert.deepStrictEqual([invalid.code, invalid.status], ["InvalidBucketName", 400])

      const listed = yield* call((abortSignal) => s3.send(new S3.ListBucketsCommand({}), { abortSignal }))
      assert.include(listed.Buckets?.map((b) => b.Name) ?? [], Bucket)
      const head = yield* call((abortSignal) => s3.send(new S3.HeadBucketCommand({ Bucket }), { abortSignal }))
      assert.strictEqual(head.BucketRegion, "us-east-1")
      const missing = yield* failure((abortSignal) =>
        s3.send(new S3.HeadBucketCommand({ Bucket: `${Bucket}-missing` }), { abortSignal })
      )
      assert.deepStrictEqual([missing.code, missing.status], ["NotFound", 404])
      const location = yield* call((abortSignal) =>
        s3.send(new S3.GetBucketLocationCommand({ Bucket }), { abortSignal })
      )
      assert.isUndefined(location.LocationConstraint)

      yield* put(s3, Bucket, "keep", "x")
      const notEmpty = yield* failure((abortSignal) => s3.send(new S3.DeleteBucketCommand({ Bucket }), { abortSignal }))
      assert.deepStrictEqual([notEmpty.code, notEmpty.status], ["BucketNotEmpty", 409])
      yield* call((abortSignal) => s3.send(new S3.DeleteObjectCommand({ Bucket, Key: "keep" }), { abortSignal }))
      yield* call((abortSignal) => s3.send(new S3.DeleteBucketCommand({ Bucket }), { abortSignal }))
      const gone = yield* failure((abortSignal) => s3.send(new S3.DeleteBucketCommand({ Bucket }), { abortSignal }))
      assert.deepStrictEqual([gone.code, gone.status], ["NoSuchBucket", 404])
      // A large body sent to a missing bucket gets the error, not a hang (the body is not read).
      const bigPut = yield* failure((abortSignal) =>
        s3.send(new S3.PutObjectCommand({ Bucket, Key: "k", Body: Buffer.alloc(6 * 1024 * 1024) }), { abortSignal })
      )
      assert.deepStrictEqual([bigPut.code, bigPut.status], ["NoSuchBucket", 404])
    }))

  it.effect("objects: put, get, head, metadata, errors, copy and deletes", () =>
    Effect.gen(function*() {
      const s3 = yield* client
      const Bucket = yield* newBucket(s3, "objects")
      const body = "hello, local-s3"
      const putOutput = yield* call((abortSignal) =>
        s3.send(
          new S3.PutObjectCommand({
            Bucket,
            Key: "dir/a b+c.txt",
            Body: body,
            ContentType: "text/x-test",
            CacheControl: "no-cache",
            Metadata: { color: "blue", "Mixed-Case": "Value" }
          }),
          { abortSignal }
        )
      )
      assert.strictEqual(putOutput.ETag, `"${md5Hex(body)}"`)

      const { output, text } = yield* getText(s3, { Bucket, Key: "dir/a b+c.txt" })
      assert.strictEqual(text, body)
      assert.strictEqual(output.ContentType, "text/x-test")
      assert.strictEqual(output.CacheControl, "no-cache")
      assert.strictEqual(output.ContentLength, body.length)
      assert.strictEqual(output.ETag, `"${md5Hex(body)}"`)
      assert.deepStrictEqual(output.Metadata, { color: "blue", "mixed-case": "Value" })

      const head = yield* call((abortSignal) =>
        s3.send(new S3.HeadObjectCommand({ Bucket, Key: "dir/a b+c.txt" }), { abortSignal })
      )
      assert.strictEqual(head.ContentLength, body.length)
      assert.deepStrictEqual(head.Metadata, { color: "blue", "mixed-case": "Value" })

      const noKey = yield* failure((abortSignal) => s3.send(new S3.GetObjectCommand({ Bucket, Key: "nope" }), { abortSignal }))
      assert.deepStrictEqual([noKey.code, noKey.status], ["NoSuchKey", 404])
      const noHead = yield* failure((abortSignal) =>
        s3.send(new S3.HeadObjectCommand({ Bucket, Key: "nope" }), { abortSignal })
      )
      assert.deepStrictEqual([noHead.code, noHead.status], ["NotFound", 404])
      const noBucket = yield* failure((abortSignal) =>
        s3.send(new S3.GetObjectCommand({ Bucket: `${Bucket}-missing`, Key: "x" }), { abortSignal })
      )
      assert.deepStrictEqual([noBucket.code, noBucket.status], ["NoSuchBucket", 404])

      const copy = yield* call((abortSignal) =>
        s3.send(
          new S3.CopyObjectCommand({ Bucket, Key: "copy", CopySource: `${Bucket}/${encodeURIComponent("dir/a b+c.txt")}` }),
          { abortSignal }
        )
      )
      assert.strictEqual(copy.CopyObjectResult?.ETag, `"${md5Hex(body)}"`)
      const copied = yield* getText(s3, { Bucket, Key: "copy" })
      assert.strictEqual(copied.text, body)
      assert.deepStrictEqual(copied.output.Metadata, { color: "blue", "mixed-case": "Value" })
      const replaced = yield* call((abortSignal) =>
        s3.send(
          new S3.CopyObjectCommand({
            Bucket,
            Key: "copy",
            CopySource: `${Bucket}/copy`,
            MetadataDirective: "REPLACE",
            ContentType: "application/json",
            Metadata: { fresh: "yes" }
          }),
          { abortSignal }
        )
      )
      assert.isDefined(replaced.CopyObjectResult?.LastModified)
      const replacedHead = yield* call((abortSignal) => s3.send(new S3.HeadObjectCommand({ Bucket, Key: "copy" }), { abortSignal }))
      assert.strictEqual(replacedHead.ContentType, "application/json")
      assert.deepStrictEqual(replacedHead.Metadata, { fresh: "yes" })
      const toItself = yield* failure((abortSignal) =>
        s3.send(new S3.CopyObjectCommand({ Bucket, Key: "copy", CopySource: `${Bucket}/copy` }), { abortSignal })
      )
      assert.deepStrictEqual([toItself.code, toItself.status], ["InvalidRequest", 400])

      yield* call((abortSignal) => s3.send(new S3.DeleteObjectCommand({ Bucket, Key: "copy" }), { abortSignal }))
      yield* call((abortSignal) => s3.send(new S3.DeleteObjectCommand({ Bucket, Key: "never-existed" }), { abortSignal }))
      yield* put(s3, Bucket, "other", "o")
      const deleted = yield* call((abortSignal) =>
        s3.send(
          new S3.DeleteObjectsCommand({
            Bucket,
            Delete: { Objects: [{ Key: "dir/a b+c.txt" }, { Key: "other" }, { Key: "missing & <escaped>" }] }
          }),
          { abortSignal }
        )
      )
      assert.deepStrictEqual(deleted.Deleted?.map((d) => d.Key).sort(), ["dir/a b+c.txt", "missing & <escaped>", "other"])
      const empty = yield* call((abortSignal) => s3.send(new S3.ListObjectsV2Command({ Bucket }), { abortSignal }))
      assert.strictEqual(empty.KeyCount, 0)
    }))

  it.effect("Range GET answers 206 with Content-Range; an unsatisfiable range is 416", () =>
    Effect.gen(function*() {
      const s3 = yield* client
      const Bucket = yield* newBucket(s3, "ranges")
      yield* put(s3, Bucket, "digits", "0123456789")
      const middle = yield* getText(s3, { Bucket, Key: "digits", Range: "bytes=2-5" })
      assert.strictEqual(middle.text, "2345")
      assert.strictEqual(middle.output.$metadata.httpStatusCode, 206)
      assert.strictEqual(middle.output.ContentRange, "bytes 2-5/10")
      assert.strictEqual(middle.output.ContentLength, 4)
      const suffix = yield* getText(s3, { Bucket, Key: "digits", Range: "bytes=-3" })
      assert.strictEqual(suffix.text, "789")
      const open = yield* getText(s3, { Bucket, Key: "digits", Range: "bytes=8-100" })
      assert.strictEqual(open.text, "89")
      assert.strictEqual(open.output.ContentRange, "bytes 8-9/10")
      const beyond = yield* failure((abortSignal) =>
        s3.send(new S3.GetObjectCommand({ Bucket, Key: "digits", Range: "bytes=10-" }), { abortSignal })
      )
      assert.deepStrictEqual([beyond.code, beyond.status], ["InvalidRange", 416])
    }))

  it.effect("a streamed upload in the SDK's default checksum mode (aws-chunked) is stored decoded", () =>
    Effect.gen(function*() {
      const target = yield* Target
      const s3 = yield* makeClient(target.endpoint, {
        requestChecksumCalculation: "WHEN_SUPPORTED",
        responseChecksumValidation: "WHEN_SUPPORTED"
      })
      const sent: Array<string> = []
      s3.middlewareStack.add(
        (next) => (args) => {
          const headers = (args.request as { headers?: Record<string, string> }).headers ?? {}
          sent.push(headers["x-amz-content-sha256"] ?? "")
          return next(args)
        },
        { step: "deserialize", name: "captureContentSha256" }
      )
      const Bucket = yield* newBucket(s3, "streamed")
      const chunks = [Buffer.from("streamed "), Buffer.from("body\n")]
      yield* call((abortSignal) =>
        s3.send(new S3.PutObjectCommand({ Bucket, Key: "s", Body: Readable.from(chunks), ContentLength: 14 }), {
          abortSignal
        })
      )
      assert.isTrue(sent.some((value) => value.startsWith("STREAMING-")), `x-amz-content-sha256 sent: ${sent.join(", ")}`)
      const { text } = yield* getText(s3, { Bucket, Key: "s" })
      assert.strictEqual(text, "streamed body\n")
    }))

  it.effect("errors are S3 XML with a RequestId; HEAD errors have no body; the rest is 501", () =>
    Effect.gen(function*() {
      const target = yield* Target
      const s3 = yield* client
      const Bucket = yield* newBucket(s3, "wire")
      const missing = yield* raw(`${target.endpoint}/${Bucket}/missing`)
      assert.strictEqual(missing.status, 404)
      assert.strictEqual(missing.headers.get("content-type"), "application/xml")
      assert.include(missing.body, "<Code>NoSuchKey</Code>")
      assert.include(missing.body, "<Message>The specified key does not exist.</Message>")
      assert.include(missing.body, `<RequestId>${missing.headers.get("x-amz-request-id")}</RequestId>`)
      const head = yield* raw(`${target.endpoint}/${Bucket}/missing`, { method: "HEAD" })
      assert.strictEqual(head.status, 404)
      assert.strictEqual(head.body, "")

      const tagging = yield* failure((abortSignal) => s3.send(new S3.GetBucketTaggingCommand({ Bucket }), { abortSignal }))
      assert.deepStrictEqual([tagging.code, tagging.status], ["NotImplemented", 501])
      const versions = yield* failure((abortSignal) =>
        s3.send(new S3.ListObjectVersionsCommand({ Bucket }), { abortSignal })
      )
      assert.deepStrictEqual([versions.code, versions.status], ["NotImplemented", 501])
      const patch = yield* raw(`${target.endpoint}/${Bucket}/x`, { method: "PATCH" })
      assert.strictEqual(patch.status, 501)
      assert.include(patch.body, "<Code>NotImplemented</Code>")
    }))
})
