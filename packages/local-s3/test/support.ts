/** Test helpers: an S3Client pointed at a local-s3 endpoint, SDK calls as Effects, raw HTTP. */
import * as S3 from "@aws-sdk/client-s3"
import { Target } from "@s3tester/core/Target"
import { createHash } from "node:crypto"
import { Data, Effect, type Scope } from "effect"

/** An SDK call failure: the S3 error code (the SDK's `name`) and the HTTP status. */
export class CallError extends Data.TaggedError("CallError")<{
  readonly code: string
  readonly status: number | undefined
  readonly message: string
}> {}

const toCallError = (error: unknown): CallError => {
  const e = error as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } }
  return new CallError({
    code: e.name ?? "Unknown",
    status: e.$metadata?.httpStatusCode,
    message: e.message ?? String(error)
  })
}

export const makeClient = (
  endpoint: string,
  overrides: Partial<S3.S3ClientConfig> = {}
): Effect.Effect<S3.S3Client, never, Scope.Scope> =>
  Effect.acquireRelease(
    Effect.sync(() =>
      new S3.S3Client({
        endpoint,
        region: "us-east-1",
        forcePathStyle: true,
        credentials: { accessKeyId: "any", secretAccessKey: "any" },
        requestChecksumCalculation: "WHEN_REQUIRED",
        responseChecksumValidation: "WHEN_REQUIRED",
        ...overrides
      })
    ),
    (client) => Effect.sync(() => client.destroy())
  )

/** Runs one SDK call: `call((abortSignal) => client.send(new XCommand(...), { abortSignal }))`. */
export const call = <A>(f: (abortSignal: AbortSignal) => Promise<A>): Effect.Effect<A, CallError> =>
  Effect.tryPromise({ try: f, catch: toCallError })

/** The error of a call that must fail; a success is a defect. */
export const failure = <A>(f: (abortSignal: AbortSignal) => Promise<A>): Effect.Effect<CallError> =>
  call(f).pipe(
    Effect.andThen(() => Effect.die(new Error("expected the call to fail, but it succeeded"))),
    Effect.flip
  )

export interface RawResponse {
  readonly status: number
  readonly headers: Headers
  readonly body: string
}

/** A plain HTTP request (no SDK), for checking wire details. */
export const raw = (url: string, init: RequestInit = {}): Effect.Effect<RawResponse> =>
  Effect.promise(async () => {
    const response = await fetch(url, init)
    return { status: response.status, headers: response.headers, body: await response.text() }
  })

let counter = 0

/** A fresh, valid bucket name. */
export const bucketName = (label: string): string => `${label}-${process.pid}-${++counter}`

export const md5Hex = (data: Buffer | string): string => createHash("md5").update(data).digest("hex")

/** A client for the Target in context, destroyed with the test's scope. */
export const client = Effect.flatMap(Target, (target) => makeClient(target.endpoint))

export const newBucket = (s3: S3.S3Client, label: string) =>
  Effect.gen(function*() {
    const Bucket = bucketName(label)
    yield* call((abortSignal) => s3.send(new S3.CreateBucketCommand({ Bucket }), { abortSignal }))
    return Bucket
  })

export const put = (s3: S3.S3Client, Bucket: string, Key: string, Body: string | Buffer) =>
  call((abortSignal) => s3.send(new S3.PutObjectCommand({ Bucket, Key, Body }), { abortSignal }))

export const getText = (s3: S3.S3Client, input: S3.GetObjectCommandInput) =>
  call(async (abortSignal) => {
    const output = await s3.send(new S3.GetObjectCommand(input), { abortSignal })
    return { output, text: await output.Body!.transformToString() }
  })
