/**
 * S3 errors as values: a code, an HTTP status, a message and optional extra XML fields.
 * Handlers throw them; the server renders them as S3 `<Error>` documents.
 */

export class S3Error extends Error {
  readonly code: string
  readonly status: number
  readonly fields: Readonly<Record<string, string>>
  readonly headers: Readonly<Record<string, string>>

  constructor(
    code: string,
    status: number,
    message: string,
    fields: Readonly<Record<string, string>> = {},
    headers: Readonly<Record<string, string>> = {}
  ) {
    super(message)
    this.name = code
    this.code = code
    this.status = status
    this.fields = fields
    this.headers = headers
  }
}

export const noSuchBucket = (bucket: string): S3Error =>
  new S3Error("NoSuchBucket", 404, "The specified bucket does not exist", { BucketName: bucket })

export const noSuchKey = (key: string): S3Error =>
  new S3Error("NoSuchKey", 404, "The specified key does not exist.", { Key: key })

export const noSuchUpload = (uploadId: string): S3Error =>
  new S3Error(
    "NoSuchUpload",
    404,
    "The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.",
    { UploadId: uploadId }
  )

export const bucketAlreadyOwnedByYou = (bucket: string): S3Error =>
  new S3Error(
    "BucketAlreadyOwnedByYou",
    409,
    "Your previous request to create the named bucket succeeded and you already own it.",
    { BucketName: bucket }
  )

export const bucketAlreadyExists = (bucket: string): S3Error =>
  new S3Error(
    "BucketAlreadyExists",
    409,
    "The requested bucket name is not available. The bucket namespace is shared by all users of the system. Please select a different name and try again.",
    { BucketName: bucket }
  )

export const bucketNotEmpty = (bucket: string): S3Error =>
  new S3Error("BucketNotEmpty", 409, "The bucket you tried to delete is not empty", { BucketName: bucket })

export const invalidBucketName = (bucket: string): S3Error =>
  new S3Error("InvalidBucketName", 400, "The specified bucket is not valid.", { BucketName: bucket })

export const invalidArgument = (message: string, name?: string, value?: string): S3Error =>
  new S3Error(
    "InvalidArgument",
    400,
    message,
    name === undefined ? {} : { ArgumentName: name, ArgumentValue: value ?? "" }
  )

export const invalidRequest = (message: string): S3Error => new S3Error("InvalidRequest", 400, message)

export const malformedXml = (): S3Error =>
  new S3Error(
    "MalformedXML",
    400,
    "The XML you provided was not well-formed or did not validate against our published schema."
  )

export const invalidRange = (size: number): S3Error =>
  new S3Error(
    "InvalidRange",
    416,
    "The requested range is not satisfiable",
    { ActualObjectSize: String(size) },
    { "content-range": `bytes */${size}` }
  )

export const preconditionFailed = (condition: string): S3Error =>
  new S3Error("PreconditionFailed", 412, "At least one of the pre-conditions you specified did not hold", {
    Condition: condition
  })

export const notImplemented = (what: string): S3Error =>
  new S3Error(
    "NotImplemented",
    501,
    `A header or query you provided implies functionality that is not implemented (local-s3 is a fake and does not support ${what}).`
  )

export const entityTooLarge = (max: number): S3Error =>
  new S3Error("EntityTooLarge", 400, "Your proposed upload exceeds the maximum allowed object size.", {
    MaxSizeAllowed: String(max)
  })

export const missingContentLength = (): S3Error =>
  new S3Error("MissingContentLength", 411, "You must provide the Content-Length HTTP header.")

export const incompleteBody = (message: string): S3Error => new S3Error("IncompleteBody", 400, message)

export const badDigest = (what: string): S3Error =>
  new S3Error("BadDigest", 400, `The ${what} you specified did not match the calculated checksum.`)

export const invalidDigest = (what: string): S3Error =>
  new S3Error("InvalidDigest", 400, `The ${what} you specified is not valid.`)

export const internalError = (cause: unknown): S3Error =>
  new S3Error(
    "InternalError",
    500,
    `We encountered an internal error (local-s3: ${cause instanceof Error ? cause.message : String(cause)}).`
  )
