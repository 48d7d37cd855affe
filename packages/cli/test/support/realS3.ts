import { S3Client } from "@aws-sdk/client-s3"
import type { RealS3 } from "../integration/servers.globalSetup.ts"

/** The env lines of the real server, as the example suites and fixtures read them. */
export const realS3Env = (realS3: RealS3): Record<string, string> => ({
  S3_ENDPOINT: realS3.endpoint,
  S3_REGION: realS3.region,
  S3_ACCESS_KEY_ID: realS3.accessKeyId,
  S3_SECRET_ACCESS_KEY: realS3.secretAccessKey,
  S3_ALT_ACCESS_KEY_ID: realS3.altAccessKeyId,
  S3_ALT_SECRET_ACCESS_KEY: realS3.altSecretAccessKey
})

/**
 * An SDK client of one of the server's users (path-style), for setting up what a test needs on the
 * server and checking what a run left behind: deliberately not made by the code under test.
 */
export const userClient = (realS3: RealS3, user: "main" | "alt"): S3Client =>
  new S3Client({
    endpoint: realS3.endpoint,
    region: realS3.region,
    forcePathStyle: true,
    credentials: user === "main"
      ? { accessKeyId: realS3.accessKeyId, secretAccessKey: realS3.secretAccessKey }
      : { accessKeyId: realS3.altAccessKeyId, secretAccessKey: realS3.altSecretAccessKey }
  })

/** An SDK client of the main user, for checking on the server what a run left behind. */
export const adminClient = (realS3: RealS3): S3Client => userClient(realS3, "main")
