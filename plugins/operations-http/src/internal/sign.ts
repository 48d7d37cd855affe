/**
 * SigV4 for what the SDK does not send: raw requests (`@smithy/signature-v4`) and browser POST
 * policies (the policy document is the string to sign).
 */
import { createHash, createHmac, type Hash, type Hmac } from "node:crypto"
import { Readable } from "node:stream"
import type { Plugin } from "@s3tester/core"
import { SignatureV4 } from "@smithy/signature-v4"

/** The SHA-256 (or HMAC-SHA-256 with a secret) the signer wants, on node:crypto. */
type SourceData = string | ArrayBuffer | ArrayBufferView

const bytesOf = (data: SourceData): Uint8Array | string =>
  typeof data === "string"
    ? data
    : ArrayBuffer.isView(data)
    ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
    : new Uint8Array(data)

class Sha256 {
  readonly #secret: Uint8Array | string | undefined
  #hash: Hash | Hmac
  constructor(secret?: SourceData) {
    this.#secret = secret === undefined ? undefined : bytesOf(secret)
    this.#hash = this.#secret === undefined ? createHash("sha256") : createHmac("sha256", this.#secret)
  }
  update(data: SourceData): void {
    this.#hash.update(bytesOf(data))
  }
  digest(): Promise<Uint8Array> {
    return Promise.resolve(new Uint8Array(this.#hash.digest()))
  }
  reset(): void {
    this.#hash = this.#secret === undefined ? createHash("sha256") : createHmac("sha256", this.#secret)
  }
}

type SignableRequest = Parameters<SignatureV4["presign"]>[0]

const signerFor = (credential: Plugin.CredentialKeys, region: string): SignatureV4 =>
  new SignatureV4({
    service: "s3",
    region,
    sha256: Sha256,
    uriEscapePath: false,
    credentials: {
      accessKeyId: credential.accessKeyId ?? "",
      secretAccessKey: credential.secretAccessKey ?? "",
      ...(credential.sessionToken === undefined ? {} : { sessionToken: credential.sessionToken })
    }
  })

/** `true` when the credential has keys to sign with. */
export const canSign = (credential: Plugin.CredentialKeys): boolean =>
  !credential.anonymous && credential.accessKeyId !== undefined && credential.secretAccessKey !== undefined

/**
 * The credential with some of its keys replaced (a step signing with test keys written in the suite).
 * A session token belongs to its access key, so another access key drops it.
 */
export const withKeys = (
  credential: Plugin.CredentialKeys,
  keys: { readonly accessKeyId?: string | undefined; readonly secretAccessKey?: string | undefined }
): Plugin.CredentialKeys => {
  if (keys.accessKeyId === undefined && keys.secretAccessKey === undefined) return credential
  const { sessionToken, ...rest } = credential
  return {
    ...rest,
    anonymous: false,
    ...(keys.accessKeyId === undefined ? {} : { accessKeyId: keys.accessKeyId }),
    ...(keys.secretAccessKey === undefined ? {} : { secretAccessKey: keys.secretAccessKey }),
    ...(keys.accessKeyId !== undefined || sessionToken === undefined ? {} : { sessionToken })
  }
}

/**
 * The headers of a request signed with SigV4 (the given ones plus `host`, `x-amz-date`,
 * `x-amz-content-sha256`, `authorization`). A streamed body is sent as `UNSIGNED-PAYLOAD`.
 */
export const signHeaders = async (input: {
  readonly credential: Plugin.CredentialKeys
  readonly region: string
  readonly method: string
  readonly url: URL
  readonly headers: Readonly<Record<string, string>>
  readonly body: string | Uint8Array | Readable | undefined
  /** The time it is signed at (its `x-amz-date`); now when absent. */
  readonly signingDate?: Date
}): Promise<Record<string, string>> => {
  const { url } = input
  const query: Record<string, string | Array<string>> = {}
  for (const [name, value] of url.searchParams) {
    const existing = query[name]
    query[name] = existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value]
  }
  const headers: Record<string, string> = { ...input.headers, host: url.host }
  const streamed = input.body instanceof Readable
  if (streamed && headers["x-amz-content-sha256"] === undefined) headers["x-amz-content-sha256"] = "UNSIGNED-PAYLOAD"
  if (!streamed && headers["x-amz-content-sha256"] === undefined) {
    headers["x-amz-content-sha256"] = createHash("sha256").update(input.body ?? "").digest("hex")
  }
  const request: SignableRequest = {
    method: input.method,
    protocol: url.protocol,
    hostname: url.hostname,
    ...(url.port === "" ? {} : { port: Number(url.port) }),
    path: url.pathname,
    query,
    headers
  }
  const signed = await signerFor(input.credential, input.region).sign(
    request,
    input.signingDate === undefined ? {} : { signingDate: input.signingDate }
  )
  return signed.headers as Record<string, string>
}

const hmac = (key: Uint8Array | string, data: string): Buffer => createHmac("sha256", key).update(data).digest()

/** `20260124T051200Z` and `20260124`. */
export const amzDates = (now: Date): { readonly long: string; readonly short: string } => {
  const long = now.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "")
  return { long, short: long.slice(0, 8) }
}

/** The SigV4 signature of a POST policy (base64 text) for a credential, date and region. */
export const signPolicy = (policyBase64: string, secretAccessKey: string, shortDate: string, region: string): string => {
  const kDate = hmac(`AWS4${secretAccessKey}`, shortDate)
  const kRegion = hmac(kDate, region)
  const kService = hmac(kRegion, "s3")
  const kSigning = hmac(kService, "aws4_request")
  return createHmac("sha256", kSigning).update(policyBase64).digest("hex")
}
