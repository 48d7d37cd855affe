/**
 * The built-in cleanup operations, `EmptyBucket` and `DeleteBucketIfExists`: cleanup that does not
 * depend on the features under test. They use only listing and deletion calls every S3 server has,
 * tolerate a bucket that is already gone, and get past versioning, delete markers, unfinished
 * multipart uploads, governance retention and legal holds. Transient faults are retried by the
 * step (after_test steps retry them by default), and both operations are idempotent, so a retry
 * simply starts over.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import type { CallResponse } from "../../S3Clients.ts"
import type { OperationContext } from "./pluginDefine.ts"
import { defineOperation, OperationError } from "./pluginDefine.ts"
import type { CallError } from "../s3/s3Errors.ts"

const BucketOnly = Schema.Struct({ Bucket: Schema.String })

/** The bucket is not there: it does not exist, or its name is one no bucket can have. */
const isNoSuchBucket = (error: CallError | OperationError): boolean =>
  error.errorCode === "NoSuchBucket" || error.errorCode === "InvalidBucketName"

const isNotImplemented = (error: CallError): boolean =>
  error.errorCode === "NotImplemented" || error.httpStatus === 501

/** At most this many rounds of list-and-delete: a bucket that still has objects then is reported. */
const maxRounds = 5

interface Marker {
  readonly key?: string | undefined
  readonly version?: string | undefined
}

interface Page {
  readonly items: ReadonlyArray<Version>
  readonly next: Marker | undefined
}

interface Version {
  readonly Key: string
  readonly VersionId?: string
}

const send = (context: OperationContext, operation: string, input: Record<string, unknown>) =>
  Effect.map(context.send(operation, input), (response: CallResponse) => response.output)

const arrayOf = (value: unknown): ReadonlyArray<Record<string, unknown>> =>
  Array.isArray(value) ? (value as ReadonlyArray<Record<string, unknown>>) : []

const text = (value: unknown): string | undefined => typeof value === "string" && value !== "" ? value : undefined

/** Aborts every in-progress multipart upload; a server without the listing has none to abort. */
const abortUploads = (context: OperationContext, bucket: string) =>
  Effect.gen(function*() {
    let aborted = 0
    let keyMarker: string | undefined
    let uploadIdMarker: string | undefined
    for (;;) {
      const page = yield* send(context, "ListMultipartUploads", {
        Bucket: bucket,
        ...(keyMarker === undefined ? {} : { KeyMarker: keyMarker }),
        ...(uploadIdMarker === undefined ? {} : { UploadIdMarker: uploadIdMarker })
      })
      for (const upload of arrayOf(page["Uploads"])) {
        const key = text(upload["Key"])
        const uploadId = text(upload["UploadId"])
        if (key === undefined || uploadId === undefined) continue
        yield* send(context, "AbortMultipartUpload", { Bucket: bucket, Key: key, UploadId: uploadId }).pipe(
          Effect.asVoid,
          Effect.catch((error: CallError) => error.errorCode === "NoSuchUpload" ? Effect.void : Effect.fail(error))
        )
        aborted++
      }
      keyMarker = text(page["NextKeyMarker"])
      uploadIdMarker = text(page["NextUploadIdMarker"])
      if (page["IsTruncated"] !== true || keyMarker === undefined) return aborted
    }
  }).pipe(Effect.catch((error: CallError) => isNotImplemented(error) ? Effect.succeed(0) : Effect.fail(error)))

/** One page of what is in the bucket: every version and delete marker, or (no versioning API) every key. */
const listPage = (context: OperationContext, bucket: string, marker: Marker): Effect.Effect<Page, CallError> =>
  send(context, "ListObjectVersions", {
    Bucket: bucket,
    ...(marker.key === undefined ? {} : { KeyMarker: marker.key }),
    ...(marker.version === undefined ? {} : { VersionIdMarker: marker.version })
  }).pipe(
    Effect.map((page) => ({
      items: [...arrayOf(page["Versions"]), ...arrayOf(page["DeleteMarkers"])].flatMap((v): Array<Version> => {
        const key = text(v["Key"])
        const versionId = text(v["VersionId"])
        return key === undefined ? [] : [versionId === undefined ? { Key: key } : { Key: key, VersionId: versionId }]
      }),
      next: page["IsTruncated"] === true
        ? { key: text(page["NextKeyMarker"]), version: text(page["NextVersionIdMarker"]) }
        : undefined
    })),
    Effect.catch((error: CallError) =>
      isNotImplemented(error)
        ? send(context, "ListObjectsV2", {
          Bucket: bucket,
          ...(marker.key === undefined ? {} : { ContinuationToken: marker.key })
        }).pipe(Effect.map((page) => ({
          items: arrayOf(page["Contents"]).flatMap((o): Array<Version> => {
            const key = text(o["Key"])
            return key === undefined ? [] : [{ Key: key }]
          }),
          next: page["IsTruncated"] === true ? { key: text(page["NextContinuationToken"]) } : undefined
        })))
        : Effect.fail(error)
    )
  )

/** Deletes one version, lifting a legal hold that stands in the way. */
const deleteOne = (context: OperationContext, bucket: string, version: Version) => {
  const target = { Bucket: bucket, Key: version.Key, ...(version.VersionId === undefined ? {} : { VersionId: version.VersionId }) }
  const remove = Effect.asVoid(send(context, "DeleteObject", { ...target, BypassGovernanceRetention: true }))
  return remove.pipe(
    Effect.catch((error: CallError) =>
      error.errorCode === "NoSuchKey" || error.errorCode === "NoSuchVersion"
        ? Effect.void
        : error.errorCode === "AccessDenied"
        ? send(context, "PutObjectLegalHold", { ...target, LegalHold: { Status: "OFF" } }).pipe(
          Effect.flatMap(() => remove),
          Effect.mapError(() => error)
        )
        : Effect.fail(error)
    ),
    Effect.asVoid
  )
}

/** Deletes a batch with DeleteObjects; what it could not delete (or a server without it) goes one by one. */
const deleteBatch = (context: OperationContext, bucket: string, batch: ReadonlyArray<Version>) =>
  send(context, "DeleteObjects", {
    Bucket: bucket,
    BypassGovernanceRetention: true,
    Delete: { Objects: batch, Quiet: true }
  }).pipe(
    Effect.map((output) =>
      arrayOf(output["Errors"]).flatMap((e): Array<Version> => {
        const key = text(e["Key"])
        const versionId = text(e["VersionId"])
        return key === undefined ? [] : [versionId === undefined ? { Key: key } : { Key: key, VersionId: versionId }]
      })
    ),
    Effect.catch(() => Effect.succeed(batch)),
    Effect.flatMap((left) => Effect.forEach(left, (version) => deleteOne(context, bucket, version), { discard: true }))
  )

const EmptyBucket = defineOperation({
  name: "EmptyBucket",
  description:
    "Deletes every object version, delete marker and unfinished multipart upload of a bucket (bypassing governance retention, lifting legal holds); succeeds when the bucket does not exist.",
  parameters: BucketOnly,
  run: (parameters, context) =>
    Effect.gen(function*() {
      const bucket = parameters.Bucket
      const abortedUploads = yield* abortUploads(context, bucket)
      let deletedVersions = 0
      for (let round = 0; round < maxRounds; round++) {
        let found = 0
        let marker: Marker | undefined = {}
        while (marker !== undefined) {
          const page: Page = yield* listPage(context, bucket, marker)
          found += page.items.length
          for (let i = 0; i < page.items.length; i += 1000) {
            yield* deleteBatch(context, bucket, page.items.slice(i, i + 1000))
          }
          deletedVersions += page.items.length
          marker = page.next?.key === undefined ? undefined : page.next
        }
        if (found === 0) return { Existed: true, DeletedVersions: deletedVersions, AbortedUploads: abortedUploads }
      }
      return yield* new OperationError({
        errorCode: "BucketNotEmpty",
        message: `${bucket} still holds objects after ${maxRounds} rounds of deletion (compliance retention?)`
      })
    }).pipe(
      Effect.catch((error: CallError | OperationError) =>
        isNoSuchBucket(error)
          ? Effect.succeed({ Existed: false, DeletedVersions: 0, AbortedUploads: 0 })
          : Effect.fail(error)
      )
    )
})

const DeleteBucketIfExists = defineOperation({
  name: "DeleteBucketIfExists",
  description: "Deletes a bucket; succeeds when it does not exist (BucketNotEmpty and other errors fail).",
  parameters: BucketOnly,
  run: (parameters, context) =>
    send(context, "DeleteBucket", { Bucket: parameters.Bucket }).pipe(
      Effect.as({ Existed: true }),
      Effect.catch((error: CallError) =>
        isNoSuchBucket(error) ? Effect.succeed({ Existed: false }) : Effect.fail(error)
      )
    )
})

/** The cleanup operations, part of the built-in utilities. */
export const cleanupOperations = [EmptyBucket, DeleteBucketIfExists] as const
