import { execFileSync } from "node:child_process"
import { fileURLToPath } from "node:url"
import type { TestProject } from "vitest/node"

export interface RealS3 {
  readonly endpoint: string
  readonly region: string
  readonly accessKeyId: string
  readonly secretAccessKey: string
  readonly altAccessKeyId: string
  readonly altSecretAccessKey: string
}

declare module "vitest" {
  export interface ProvidedContext {
    realS3: RealS3
  }
}

const scripts = fileURLToPath(new URL("../../../../scripts/", import.meta.url))

const fromEnv = (env: Record<string, string | undefined>): RealS3 | undefined => {
  const { S3_ENDPOINT, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY, S3_ALT_ACCESS_KEY_ID, S3_ALT_SECRET_ACCESS_KEY } = env
  if (!S3_ENDPOINT || !S3_ACCESS_KEY_ID || !S3_SECRET_ACCESS_KEY || !S3_ALT_ACCESS_KEY_ID || !S3_ALT_SECRET_ACCESS_KEY) {
    return undefined
  }
  return {
    endpoint: S3_ENDPOINT,
    region: env.S3_REGION ?? "us-east-1",
    accessKeyId: S3_ACCESS_KEY_ID,
    secretAccessKey: S3_SECRET_ACCESS_KEY,
    altAccessKeyId: S3_ALT_ACCESS_KEY_ID,
    altSecretAccessKey: S3_ALT_SECRET_ACCESS_KEY
  }
}

const parseEnvLines = (text: string): Record<string, string> =>
  Object.fromEntries(
    text.split("\n").flatMap((line) => {
      const match = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim())
      return match === null ? [] : [[match[1]!, match[2]!]]
    })
  )

/**
 * The integration tests need a real S3 server. When the environment names one (CI starts Ceph RGW
 * in .ci/run), it is used; otherwise Ceph RGW is started here with the project's script (which
 * installs it when missing) and stopped afterwards. There is no skip: no server means failure.
 */
export default async function setup(project: TestProject) {
  const existing = fromEnv(process.env)
  if (existing !== undefined) {
    project.provide("realS3", existing)
    return
  }
  // A server someone else started (the start script is idempotent) is used, and left running.
  const alreadyRunning = await fetch(`http://127.0.0.1:${process.env.CEPH_RGW_PORT ?? "7480"}`, {
    method: "HEAD",
    signal: AbortSignal.timeout(2_000)
  }).then(() => true, () => false)
  let output: string
  try {
    output = execFileSync("bash", [`${scripts}ceph-rgw-start.sh`], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
      timeout: 600_000
    })
  } catch (cause) {
    throw new Error(
      "The integration tests need a real S3 server: scripts/ceph-rgw-start.sh failed (it needs root and Debian's apt). " +
        "Or set S3_ENDPOINT, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY, S3_ALT_ACCESS_KEY_ID, S3_ALT_SECRET_ACCESS_KEY.",
      { cause }
    )
  }
  const started = fromEnv(parseEnvLines(output))
  if (started === undefined) throw new Error(`scripts/ceph-rgw-start.sh printed no usable env lines:\n${output}`)
  project.provide("realS3", started)
  if (alreadyRunning) return
  return () => {
    execFileSync("bash", [`${scripts}ceph-rgw-stop.sh`], { stdio: "inherit", timeout: 120_000 })
  }
}
