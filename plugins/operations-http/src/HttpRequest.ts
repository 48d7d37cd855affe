/**
 * `HttpRequest`: one raw HTTP request to the target, for what the SDK will not send: malformed XML,
 * missing or odd headers, CORS preflight (`OPTIONS`), anonymous access to public or private
 * resources. Signed (SigV4) with the step's credential unless `Sign: false` or the credential is
 * `anonymous: true`; `SigningDate`, `AccessKeyId` and `SecretAccessKey` sign it at another time or
 * with other keys, for clock-skew, wrong-secret and unknown-key checks.
 *
 * @since 0.1.0
 */
import { Plugin } from "@s3tester/core"
import { Effect, Schema } from "effect"
import { bucketUrl, BodyValue, discardBody, resolveBody, send, toOutput } from "./internal/http.ts"
import { canSign, signHeaders, withKeys } from "./internal/sign.ts"
import { SigningDate, signingDateAt } from "./internal/signingTime.ts"

/**
 * @category operations
 * @since 0.1.0
 */
export const HttpRequest = Plugin.defineOperation({
  name: "HttpRequest",
  description:
    "Sends one raw request (method, bucket/key or path, query, headers, body), SigV4-signed with the step's credential (or AccessKeyId/SecretAccessKey, at SigningDate) or anonymous.",
  parameters: Schema.Struct({
    /** GET (default), PUT, POST, DELETE, HEAD, OPTIONS, ... */
    Method: Schema.String.pipe(Schema.withDecodingDefaultKey(Effect.succeed("GET"))),
    /** The bucket: addressed in the target's style (path or virtual-hosted). */
    Bucket: Schema.optionalKey(Schema.String),
    /** An object key in `Bucket`. */
    Key: Schema.optionalKey(Schema.String),
    /** A raw path (already URL-encoded), used when there is no Bucket: `/`, `/bucket/key`. */
    Path: Schema.optionalKey(Schema.String),
    /** Query parameters; an empty value gives a bare key (`?acl`, `?uploads`). */
    Query: Schema.optionalKey(Schema.Record(Schema.String, Schema.String)),
    Headers: Schema.optionalKey(Schema.Record(Schema.String, Schema.String)),
    /** A string, file://path, { base64 } or { generate: { size, seed } }. */
    Body: Schema.optionalKey(BodyValue),
    /** `false`: send it unsigned (anonymous) whatever the credential. Default true. */
    Sign: Schema.Boolean.pipe(Schema.withDecodingDefaultKey(Effect.succeed(true))),
    /** The time it is signed at (its X-Amz-Date): ISO-8601, or an offset from now (`-20m`, `+2h`). */
    SigningDate: Schema.optionalKey(SigningDate),
    /** Signs with this access key instead of the credential's (a test value, e.g. an unknown key). */
    AccessKeyId: Schema.optionalKey(Schema.String),
    /** Signs with this secret instead of the credential's (a test value; never shown in any output). */
    SecretAccessKey: Schema.optionalKey(Schema.String)
  }),
  run: async (parameters, context) => {
    const credential = withKeys(context.credential, {
      accessKeyId: parameters.AccessKeyId,
      secretAccessKey: parameters.SecretAccessKey
    })
    const signing = parameters.SigningDate !== undefined || credential !== context.credential
    if (signing && (!parameters.Sign || !canSign(credential))) {
      throw new Plugin.OperationError({
        kind: "invalid",
        message: parameters.Sign
          ? `credential "${context.credential.name}" has no ${credential.accessKeyId === undefined ? "access key" : "secret key"} to sign with: give AccessKeyId and SecretAccessKey`
          : "SigningDate, AccessKeyId and SecretAccessKey sign the request: they cannot go with Sign: false"
      })
    }
    const url = parameters.Bucket !== undefined || parameters.Path === undefined
      ? bucketUrl(context, parameters.Bucket, parameters.Key)
      : new URL(`${new URL(context.endpoint).origin}${parameters.Path.startsWith("/") ? "" : "/"}${parameters.Path}`)
    for (const [name, value] of Object.entries(parameters.Query ?? {})) url.searchParams.append(name, value)
    // a bare `?acl` is `acl=` for the signer, and on the wire
    const headers: Record<string, string> = {}
    for (const [name, value] of Object.entries(parameters.Headers ?? {})) headers[name.toLowerCase()] = value
    const body = parameters.Body === undefined ? undefined : await resolveBody(parameters.Body, context)
    try {
      if (body !== undefined && headers["content-length"] === undefined) headers["content-length"] = String(body.size)
      const method = parameters.Method.toUpperCase()
      const signed = parameters.Sign && canSign(credential)
        ? await signHeaders({
          credential,
          region: context.region,
          method,
          url,
          headers,
          body: body?.content,
          ...(parameters.SigningDate === undefined ? {} : { signingDate: signingDateAt(parameters.SigningDate) })
        })
        : headers
      const answer = await send({
        method,
        url,
        headers: signed,
        ...(body === undefined ? {} : { body: body.content }),
        signal: context.signal,
        httpsAgent: context.httpsAgent,
        trace: context.trace
      })
      return await toOutput(answer)
    } catch (error) {
      discardBody(body)
      throw error
    }
  }
})
