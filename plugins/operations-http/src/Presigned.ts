/**
 * `PresignedGet` and `PresignedPut`: presign a GetObject / PutObject with the step's credential
 * (`@aws-sdk/s3-request-presigner`), then use the URL with a plain HTTP request, as a browser or
 * `curl` would. The answer is judged like any other: status (`http_status`), error code, body.
 *
 * @since 0.1.0
 */
import { GetObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3"
import { getSignedUrl } from "@aws-sdk/s3-request-presigner"
import { Plugin } from "@s3tester/core"
import { Effect, Schema } from "effect"
import { BodyValue, resolveBody, send, toOutput } from "./internal/http.ts"
import { canSign } from "./internal/sign.ts"

const ExpiresIn = Schema.Int.pipe(
  Schema.check(Schema.isBetween({ minimum: 1, maximum: 604800 })),
  Schema.withDecodingDefaultKey(Effect.succeed(900))
)

const requireKeys = (context: Plugin.OperationContext): void => {
  if (!canSign(context.credential)) {
    throw new Plugin.OperationError({
      kind: "invalid",
      message: `credential "${context.credential.name}" has no keys to presign with`
    })
  }
}

/**
 * Presigns `GetObject` and fetches the URL.
 *
 * @category operations
 * @since 0.1.0
 */
export const PresignedGet = Plugin.defineOperation({
  name: "PresignedGet",
  description: "Presigns GetObject with the step's credential, then GETs the URL (optionally with a Range).",
  parameters: Schema.Struct({
    Bucket: Schema.String,
    Key: Schema.String,
    /** Seconds the URL is valid (1 to 604800); default 900. */
    ExpiresIn,
    VersionId: Schema.optionalKey(Schema.String),
    /** Sent as a header of the GET (not signed). */
    Range: Schema.optionalKey(Schema.String),
    ResponseContentType: Schema.optionalKey(Schema.String)
  }),
  run: async (parameters, context) => {
    requireKeys(context)
    const command = new GetObjectCommand({
      Bucket: parameters.Bucket,
      Key: parameters.Key,
      ...(parameters.VersionId === undefined ? {} : { VersionId: parameters.VersionId }),
      ...(parameters.ResponseContentType === undefined ? {} : { ResponseContentType: parameters.ResponseContentType })
    })
    const url = await getSignedUrl(context.client(), command, { expiresIn: parameters.ExpiresIn })
    const answer = await send({
      method: "GET",
      url: new URL(url),
      headers: parameters.Range === undefined ? {} : { range: parameters.Range },
      signal: context.signal
    })
    return toOutput(answer)
  }
})

/**
 * Presigns `PutObject` and uploads the body to the URL.
 *
 * @category operations
 * @since 0.1.0
 */
export const PresignedPut = Plugin.defineOperation({
  name: "PresignedPut",
  description: "Presigns PutObject with the step's credential, then PUTs the body to the URL.",
  parameters: Schema.Struct({
    Bucket: Schema.String,
    Key: Schema.String,
    /** A string, file://path, { base64 } or { generate: { size, seed } }; default empty. */
    Body: Schema.optionalKey(BodyValue),
    ExpiresIn,
    /** Signed into the URL: the upload must send the same Content-Type. */
    ContentType: Schema.optionalKey(Schema.String)
  }),
  run: async (parameters, context) => {
    requireKeys(context)
    const body = await resolveBody(parameters.Body ?? "", context)
    const command = new PutObjectCommand({
      Bucket: parameters.Bucket,
      Key: parameters.Key,
      ...(parameters.ContentType === undefined ? {} : { ContentType: parameters.ContentType })
    })
    const url = await getSignedUrl(context.client(), command, { expiresIn: parameters.ExpiresIn })
    const answer = await send({
      method: "PUT",
      url: new URL(url),
      headers: {
        "content-length": String(body.size),
        ...(parameters.ContentType === undefined ? {} : { "content-type": parameters.ContentType })
      },
      body: body.content,
      signal: context.signal
    })
    return toOutput(answer, { Size: body.size })
  }
})
