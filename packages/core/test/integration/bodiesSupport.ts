/**
 * What the core's integration tests need: the real S3 server (Ceph RGW), an SDK client of its main
 * user for checking what a run left behind, and a self-signed certificate for the TLS fault proxy in
 * front of it (see ../support/faultProxy.ts).
 *
 * The server comes from the environment (S3_ENDPOINT...); without it, the project's start script is
 * run (it is idempotent: a running RGW is reused and left running). With CI=true a missing
 * S3_ENDPOINT is an error: CI must start the server itself. Never a skip.
 */
import { S3Client } from "@aws-sdk/client-s3"
import { execFileSync } from "node:child_process"
import * as NodePath from "node:path"
import { fileURLToPath } from "node:url"

export interface RealS3 {
  readonly endpoint: string
  readonly region: string
  readonly accessKeyId: string
  readonly secretAccessKey: string
}

const scripts = fileURLToPath(new URL("../../../../scripts/", import.meta.url))

const fromEnv = (env: Record<string, string | undefined>): RealS3 | undefined =>
  env.S3_ENDPOINT && env.S3_ACCESS_KEY_ID && env.S3_SECRET_ACCESS_KEY
    ? {
      endpoint: env.S3_ENDPOINT,
      region: env.S3_REGION ?? "us-east-1",
      accessKeyId: env.S3_ACCESS_KEY_ID,
      secretAccessKey: env.S3_SECRET_ACCESS_KEY
    }
    : undefined

export const realS3 = (): RealS3 => {
  const existing = fromEnv(process.env)
  if (existing !== undefined) return existing
  if (process.env.CI === "true") {
    throw new Error("CI=true but S3_ENDPOINT, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY are not set: start Ceph RGW first")
  }
  const output = execFileSync("bash", [`${scripts}ceph-rgw-start.sh`], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
    timeout: 600_000
  })
  const env = Object.fromEntries(
    output.split("\n").flatMap((line) => {
      const match = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim())
      return match === null ? [] : [[match[1]!, match[2]!]]
    })
  )
  const started = fromEnv(env)
  if (started === undefined) throw new Error(`scripts/ceph-rgw-start.sh printed no usable env lines:\n${output}`)
  return started
}

/**
 * An SDK client of the main user (path-style), for checking on the server what a run left behind:
 * deliberately not made by the code under test. Destroy it when done.
 */
export const adminClient = (s3: RealS3): S3Client =>
  new S3Client({
    endpoint: s3.endpoint,
    region: s3.region,
    forcePathStyle: true,
    credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey }
  })

/** A self-signed certificate for 127.0.0.1 (made with openssl). */
export const selfSigned = (dir: string): { readonly key: string; readonly cert: string } => {
  const key = NodePath.join(dir, "key.pem")
  const cert = NodePath.join(dir, "cert.pem")
  execFileSync("openssl", [
    "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
    "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost", "-keyout", key, "-out", cert
  ], { stdio: "ignore" })
  return { key, cert }
}
