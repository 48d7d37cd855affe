/**
 * `PostObject`: a browser-style upload (HTML form POST, `multipart/form-data`) with a SigV4-signed
 * policy document. The policy holds the bucket, the key, the signing fields, every extra form field
 * given in `Fields`, `success_action_status` when given, and the extra `Conditions`
 * (`["content-length-range", 0, 1024]`, `["starts-with", "$key", "uploads/"]`, ...): a body or field
 * that breaks it is rejected by the server, which the expectation can check.
 *
 * @since 0.1.0
 */
import { randomBytes } from "node:crypto"
import { Readable } from "node:stream"
import { Plugin } from "@s3tester/core"
import { Effect, Schema } from "effect"
import { bucketUrl, BodyValue, discardBody, resolveBody, send, toOutput } from "./internal/http.ts"
import { amzDates, canSign, signPolicy } from "./internal/sign.ts"

/**
 * @category operations
 * @since 0.1.0
 */
export const PostObject = Plugin.defineOperation({
  name: "PostObject",
  description: "Uploads with an HTML-form POST and a signed policy (conditions, success_action_status).",
  parameters: Schema.Struct({
    Bucket: Schema.String,
    Key: Schema.String,
    /** A string, file://path, { base64 } or { generate: { size, seed } }. */
    Body: BodyValue,
    /** Extra form fields (Content-Type, x-amz-meta-*, acl...), each also an exact-match policy condition. */
    Fields: Schema.optionalKey(Schema.Record(Schema.String, Schema.String)),
    /** Extra policy conditions, as in the S3 docs: `["content-length-range", 0, 1048576]`, `{ acl: private }`. */
    Conditions: Schema.optionalKey(Schema.Array(Schema.Unknown)),
    /** 200, 201 or 204: the status the server answers a successful upload with (default 204). */
    SuccessActionStatus: Schema.optionalKey(Schema.Literals([200, 201, 204])),
    /** Seconds until the policy expires; default 900. Negative: an already expired policy. */
    ExpiresIn: Schema.Int.pipe(Schema.withDecodingDefaultKey(Effect.succeed(900))),
    /** Form fields written after the policy's signature (not in the policy): to test rejection of extra fields. */
    UnsignedFields: Schema.optionalKey(Schema.Record(Schema.String, Schema.String))
  }),
  run: async (parameters, context) => {
    const credential = context.credential
    if (!canSign(credential)) {
      throw new Plugin.OperationError({ kind: "invalid", message: `credential "${credential.name}" has no keys to sign a POST policy with` })
    }
    const now = new Date()
    const dates = amzDates(now)
    const scope = `${credential.accessKeyId}/${dates.short}/${context.region}/s3/aws4_request`
    const fields: Array<readonly [string, string]> = [["key", parameters.Key]]
    for (const [name, value] of Object.entries(parameters.Fields ?? {})) fields.push([name, value])
    if (parameters.SuccessActionStatus !== undefined) fields.push(["success_action_status", String(parameters.SuccessActionStatus)])
    fields.push(["x-amz-algorithm", "AWS4-HMAC-SHA256"], ["x-amz-credential", scope], ["x-amz-date", dates.long])
    if (credential.sessionToken !== undefined) fields.push(["x-amz-security-token", credential.sessionToken])
    const policy = {
      expiration: new Date(now.getTime() + parameters.ExpiresIn * 1000).toISOString(),
      conditions: [
        { bucket: parameters.Bucket },
        ...fields.map(([name, value]) => ({ [name]: value })),
        ...(parameters.Conditions ?? [])
      ]
    }
    const policyBase64 = Buffer.from(JSON.stringify(policy)).toString("base64")
    const signature = signPolicy(policyBase64, credential.secretAccessKey!, dates.short, context.region)
    fields.push(["policy", policyBase64], ["x-amz-signature", signature])
    for (const [name, value] of Object.entries(parameters.UnsignedFields ?? {})) fields.push([name, value])

    const body = await resolveBody(parameters.Body, context)
    try {
      const boundary = `----s3tester${randomBytes(12).toString("hex")}`
      const head = fields.map(([name, value]) =>
        `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`
      ).join("") +
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${parameters.Key.split("/").pop()}"\r\n` +
        `Content-Type: ${parameters.Fields?.["Content-Type"] ?? parameters.Fields?.["content-type"] ?? "application/octet-stream"}\r\n\r\n`
      const tail = `\r\n--${boundary}--\r\n`
      const length = Buffer.byteLength(head) + body.size + Buffer.byteLength(tail)
      const content = body.content
      const stream = Readable.from((async function*() {
        yield Buffer.from(head)
        if (content instanceof Readable) yield* content
        else yield typeof content === "string" ? Buffer.from(content) : content
        yield Buffer.from(tail)
      })())
      const answer = await send({
        method: "POST",
        url: bucketUrl(context, parameters.Bucket),
        headers: { "content-type": `multipart/form-data; boundary=${boundary}`, "content-length": String(length) },
        body: stream,
        signal: context.signal,
        httpsAgent: context.httpsAgent,
        trace: context.trace
      })
      return await toOutput(answer, { Bucket: parameters.Bucket, Key: parameters.Key })
    } catch (error) {
      discardBody(body)
      throw error
    }
  }
})
