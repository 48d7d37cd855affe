/**
 * `PresignedGet` and `PresignedPut`: presign a GetObject / PutObject with the step's credential
 * (`@aws-sdk/s3-request-presigner`), then use the URL with a plain HTTP request, as a browser or
 * `curl` would. The answer is judged like any other: status (`http_status`), error code, body.
 * `SigningDate` presigns at another time (an expired URL: signed 20 minutes ago, valid 60 s) and
 * `Tamper` alters the URL after signing, as someone holding it might.
 *
 * @since 0.1.0
 */
import { GetObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3"
import type { GetObjectCommandInput, PutObjectCommandInput } from "@aws-sdk/client-s3"
import { getSignedUrl } from "@aws-sdk/s3-request-presigner"
import { Plugin } from "@s3tester/core"
import { Effect, Schema } from "effect"
import { BodyValue, resolveBody, send, toOutput } from "./internal/http.ts"
import { canSign } from "./internal/sign.ts"
import { SigningDate, signingDateAt } from "./internal/signingTime.ts"

/** The longest validity SigV4 allows (7 days). */
const maximumExpiry = 604800

const ExpiresIn = Schema.Int.pipe(
  Schema.check(Schema.isBetween({ minimum: 1, maximum: maximumExpiry })),
  Schema.withDecodingDefaultKey(Effect.succeed(900))
)

/** What may be altered in a presigned URL once signed. */
const Tamper = Schema.Literals(["signature", "expires", "key"])
type Tamper = typeof Tamper.Type

/** `Tamper: key` presigns this key and requests `Key`: the signature covers another path. */
const presignedKeySuffix = "-presigned"

const common = {
  /** Seconds the URL is valid (1 to 604800); default 900. */
  ExpiresIn,
  /** The time the URL is signed at (its X-Amz-Date): ISO-8601, or an offset from now (`-20m`). */
  SigningDate: Schema.optionalKey(SigningDate),
  /** `signature`: one character of X-Amz-Signature changed; `expires`: X-Amz-Expires changed; `key`: presigned for another key. */
  Tamper: Schema.optionalKey(Tamper)
}

/**
 * The query string with one parameter's value replaced, the rest byte for byte as signed
 * (`URLSearchParams` would re-encode every other value).
 */
const replaceQueryValue = (search: string, name: string, replace: (value: string) => string): string =>
  search.replace(new RegExp(`([?&]${name}=)([^&]*)`), (_, prefix: string, value: string) => `${prefix}${replace(value)}`)

/** Presigns the command's request, then alters the URL as `Tamper` says. */
const presign = async (
  context: Plugin.OperationContext,
  parameters: { readonly ExpiresIn: number; readonly SigningDate?: string; readonly Tamper?: Tamper },
  command: (key: string) => GetObjectCommand | PutObjectCommand,
  key: string
): Promise<URL> => {
  if (!canSign(context.credential)) {
    throw new Plugin.OperationError({
      kind: "invalid",
      message: `credential "${context.credential.name}" has no keys to presign with`
    })
  }
  const tamper = parameters.Tamper
  const url = new URL(
    await getSignedUrl(context.client(), command(tamper === "key" ? `${key}${presignedKeySuffix}` : key), {
      expiresIn: parameters.ExpiresIn,
      ...(parameters.SigningDate === undefined ? {} : { signingDate: signingDateAt(parameters.SigningDate) })
    })
  )
  if (tamper === "key") {
    // the suffix is unreserved characters, so the signed path ends with it as written
    url.pathname = url.pathname.slice(0, -presignedKeySuffix.length)
  } else if (tamper === "signature") {
    url.search = replaceQueryValue(url.search, "X-Amz-Signature", (s) => `${s.slice(0, -1)}${s.endsWith("0") ? "1" : "0"}`)
  } else if (tamper === "expires") {
    const expires = parameters.ExpiresIn
    const longer = expires < maximumExpiry ? Math.min(expires * 2, maximumExpiry) : expires - 1
    url.search = replaceQueryValue(url.search, "X-Amz-Expires", () => String(longer))
  }
  return url
}

/**
 * Presigns `GetObject` and fetches the URL.
 *
 * @category operations
 * @since 0.1.0
 */
export const PresignedGet = Plugin.defineOperation({
  name: "PresignedGet",
  description:
    "Presigns GetObject with the step's credential (at SigningDate, tampered with as Tamper says), then GETs the URL (optionally with a Range).",
  parameters: Schema.Struct({
    Bucket: Schema.String,
    Key: Schema.String,
    ...common,
    VersionId: Schema.optionalKey(Schema.String),
    /** Sent as a header of the GET (not signed). */
    Range: Schema.optionalKey(Schema.String),
    ResponseContentType: Schema.optionalKey(Schema.String)
  }),
  run: async (parameters, context) => {
    const input = (key: string): GetObjectCommandInput => ({
      Bucket: parameters.Bucket,
      Key: key,
      ...(parameters.VersionId === undefined ? {} : { VersionId: parameters.VersionId }),
      ...(parameters.ResponseContentType === undefined ? {} : { ResponseContentType: parameters.ResponseContentType })
    })
    const url = await presign(context, parameters, (key) => new GetObjectCommand(input(key)), parameters.Key)
    const answer = await send({
      method: "GET",
      url,
      headers: parameters.Range === undefined ? {} : { range: parameters.Range },
      signal: context.signal,
      httpsAgent: context.httpsAgent,
      trace: context.trace
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
  description:
    "Presigns PutObject with the step's credential (at SigningDate, tampered with as Tamper says), then PUTs the body to the URL.",
  parameters: Schema.Struct({
    Bucket: Schema.String,
    Key: Schema.String,
    /** A string, file://path, { base64 } or { generate: { size, seed } }; default empty. */
    Body: Schema.optionalKey(BodyValue),
    ...common,
    /** Signed into the URL: the upload must send the same Content-Type. */
    ContentType: Schema.optionalKey(Schema.String)
  }),
  run: async (parameters, context) => {
    const input = (key: string): PutObjectCommandInput => ({
      Bucket: parameters.Bucket,
      Key: key,
      ...(parameters.ContentType === undefined ? {} : { ContentType: parameters.ContentType })
    })
    const url = await presign(context, parameters, (key) => new PutObjectCommand(input(key)), parameters.Key)
    const body = await resolveBody(parameters.Body ?? "", context)
    const answer = await send({
      method: "PUT",
      url,
      headers: {
        "content-length": String(body.size),
        ...(parameters.ContentType === undefined ? {} : { "content-type": parameters.ContentType })
      },
      body: body.content,
      signal: context.signal,
      httpsAgent: context.httpsAgent,
      trace: context.trace
    })
    return toOutput(answer, { Size: body.size })
  }
})
