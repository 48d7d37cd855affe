/**
 * The SDK client configuration for one credential.
 */
import type { S3ClientConfig } from "@aws-sdk/client-s3"
import type { Credential, TargetConfig } from "../Suite.ts"

/** A signer that leaves the request as it is: unsigned (anonymous) requests. */
const unsigned = { sign: async <R>(request: R): Promise<R> => request }

/**
 * The client settings for `credential`, or a message saying why the credential can't be used.
 */
export const clientConfig = (
  config: TargetConfig,
  endpoint: string,
  credential: Credential
): S3ClientConfig | string => {
  const base: S3ClientConfig = {
    endpoint,
    region: config.region,
    forcePathStyle: config.path_style,
    maxAttempts: 1,
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED"
  }
  if (credential.anonymous === true) {
    return { ...base, credentials: { accessKeyId: "", secretAccessKey: "" }, signer: unsigned }
  }
  if (credential.access_key === undefined || credential.secret_key === undefined) {
    return `credential "${credential.name}" has no access_key/secret_key (set them, or anonymous: true)`
  }
  return {
    ...base,
    credentials: {
      accessKeyId: credential.access_key,
      secretAccessKey: credential.secret_key,
      ...(credential.session_token === undefined ? {} : { sessionToken: credential.session_token })
    }
  }
}
