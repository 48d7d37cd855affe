/**
 * `MultipartUpload`: a whole multipart upload of one body (CreateMultipartUpload, UploadPart × N,
 * CompleteMultipartUpload; AbortMultipartUpload when anything fails), reporting the part count and
 * the final ETag. Each part is streamed from its source (a generated body is generated part by part,
 * a file is read by ranges), so memory does not grow with the object: at most `Concurrency` parts
 * are in flight, none of them held whole.
 *
 * @since 0.1.0
 */
import { createReadStream } from "node:fs"
import type { Readable } from "node:stream"
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  UploadPartCommand
} from "@aws-sdk/client-s3"
import { Body, Plugin } from "@s3tester/core"
import { Effect, Schema } from "effect"
import { BodyValue, discardBody, resolveBody } from "./internal/http.ts"

const MiB = 1024 * 1024

const PartSize = Body.Size.pipe(Schema.withDecodingDefaultKey(Effect.succeed<string | number>("8MiB")))

/** A source of the bytes `[start, start + length)` of the body, as a fresh stream or bytes. */
type Slicer = (start: number, length: number) => string | Uint8Array | Readable

const slicerOf = (value: unknown, resolved: Body.Resolved): Slicer => {
  const spec = typeof value === "object" && value !== null ? (value as { readonly generate?: Body.GenerateSpec }).generate : undefined
  if (resolved.kind === "generate" && spec !== undefined) {
    const offset = Body.parseSize(spec.offset ?? 0) ?? 0
    return (start, length) =>
      Body.generate({ size: length, offset: offset + start, ...(spec.seed === undefined ? {} : { seed: spec.seed }) }).stream()
  }
  if (resolved.kind === "file" && resolved.path !== undefined) {
    const path = resolved.path
    return (start, length) => createReadStream(path, { start, end: start + length - 1, highWaterMark: 256 * 1024 })
  }
  const content = resolved.content
  const bytes = typeof content === "string" ? Buffer.from(content) : content
  if (!(bytes instanceof Uint8Array)) throw new Error("MultipartUpload: this body cannot be cut into parts")
  return (start, length) => bytes.subarray(start, start + length)
}

/**
 * @category operations
 * @since 0.1.0
 */
export const MultipartUpload = Plugin.defineOperation({
  name: "MultipartUpload",
  description:
    "Uploads a body in parts (create, upload N parts with bounded concurrency, complete; abort on failure); reports PartCount and ETag.",
  parameters: Schema.Struct({
    Bucket: Schema.String,
    Key: Schema.String,
    /** A string, file://path, { base64 } or { generate: { size, seed } }. */
    Body: BodyValue,
    /** Bytes per part (the last one may be shorter); default 8MiB; S3 wants at least 5MiB except for the last. */
    PartSize,
    /** Parts uploaded at once; default 4. */
    Concurrency: Schema.Int.pipe(
      Schema.check(Schema.isBetween({ minimum: 1, maximum: 64 })),
      Schema.withDecodingDefaultKey(Effect.succeed(4))
    ),
    ContentType: Schema.optionalKey(Schema.String)
  }),
  // the step's timeout is per part: the whole upload gets it once per part, at most
  timeout: (_parameters, stepTimeoutMs) => stepTimeoutMs * 100,
  run: (parameters, context) =>
    Effect.gen(function*() {
      const partSize = Body.parseSize(parameters.PartSize) ?? 8 * MiB
      if (partSize < 1) return yield* new Plugin.OperationError({ kind: "invalid", message: "PartSize must be at least 1 byte" })
      const resolved = yield* Effect.promise(() => resolveBody(parameters.Body, context)).pipe(
        Effect.catchDefect((defect) => Effect.fail(defect))
      )
      discardBody(resolved) // parts are read afresh from the source
      const slice = slicerOf(parameters.Body, resolved)
      const size = resolved.size
      const count = Math.max(1, Math.ceil(size / partSize))
      const client = context.client()
      const call = <A>(f: (signal: AbortSignal) => Promise<A>) =>
        Effect.tryPromise({ try: (signal) => f(signal), catch: (error) => error })

      const created = yield* call((abortSignal) =>
        client.send(
          new CreateMultipartUploadCommand({
            Bucket: parameters.Bucket,
            Key: parameters.Key,
            ...(parameters.ContentType === undefined ? {} : { ContentType: parameters.ContentType })
          }),
          { abortSignal }
        )
      )
      const uploadId = created.UploadId!
      const abort = call(() =>
        client.send(new AbortMultipartUploadCommand({ Bucket: parameters.Bucket, Key: parameters.Key, UploadId: uploadId }))
      ).pipe(Effect.ignore)

      const parts = yield* Effect.forEach(
        Array.from({ length: count }, (_, i) => i),
        (i) => {
          const start = i * partSize
          const length = Math.min(partSize, size - start)
          return call((abortSignal) =>
            client.send(
              new UploadPartCommand({
                Bucket: parameters.Bucket,
                Key: parameters.Key,
                UploadId: uploadId,
                PartNumber: i + 1,
                Body: slice(start, length),
                ContentLength: length
              }),
              { abortSignal }
            )
          ).pipe(
            Effect.timeoutOrElse({
              duration: context.timeoutMs,
              orElse: () =>
                Effect.fail(new Plugin.OperationError({ kind: "timeout", message: `part ${i + 1} took more than ${context.timeoutMs}ms` }))
            }),
            Effect.map((answer) => ({ PartNumber: i + 1, ETag: answer.ETag! }))
          )
        },
        { concurrency: parameters.Concurrency }
      ).pipe(Effect.onError(() => abort))

      const completed = yield* call((abortSignal) =>
        client.send(
          new CompleteMultipartUploadCommand({
            Bucket: parameters.Bucket,
            Key: parameters.Key,
            UploadId: uploadId,
            MultipartUpload: { Parts: parts }
          }),
          { abortSignal }
        )
      ).pipe(Effect.onError(() => abort))

      return {
        $metadata: completed.$metadata,
        Bucket: parameters.Bucket,
        Key: parameters.Key,
        UploadId: uploadId,
        PartCount: count,
        PartSize: partSize,
        Size: size,
        ETag: completed.ETag,
        ...(resolved.sha256 === undefined ? {} : { Sha256: resolved.sha256 })
      }
    })
})
