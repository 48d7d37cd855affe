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
    /** Ceph RGW: the real server every integration test uses. */
    realS3: RealS3
    /** OpenStack Swift's s3api: the second real server (conformance matrix). */
    swiftS3: RealS3
  }
}

const scripts = fileURLToPath(new URL("../../../../scripts/", import.meta.url))

/** One real server: the env prefix its start script prints, its scripts, its default port. */
interface Server {
  readonly key: "realS3" | "swiftS3"
  readonly prefix: "S3_" | "SWIFT_S3_"
  readonly start: string
  readonly stop: string
  readonly port: string
}

const servers: ReadonlyArray<Server> = [
  { key: "realS3", prefix: "S3_", start: "ceph-rgw-start.sh", stop: "ceph-rgw-stop.sh", port: process.env.CEPH_RGW_PORT ?? "7480" },
  {
    key: "swiftS3",
    prefix: "SWIFT_S3_",
    start: "swift-s3api-start.sh",
    stop: "swift-s3api-stop.sh",
    port: process.env.SWIFT_S3_PORT ?? "8080"
  }
]

const fromEnv = (prefix: string, env: Record<string, string | undefined>): RealS3 | undefined => {
  const get = (name: string) => env[`${prefix}${name}`]
  const endpoint = get("ENDPOINT")
  const accessKeyId = get("ACCESS_KEY_ID")
  const secretAccessKey = get("SECRET_ACCESS_KEY")
  const altAccessKeyId = get("ALT_ACCESS_KEY_ID")
  const altSecretAccessKey = get("ALT_SECRET_ACCESS_KEY")
  if (!endpoint || !accessKeyId || !secretAccessKey || !altAccessKeyId || !altSecretAccessKey) return undefined
  return { endpoint, region: get("REGION") ?? "us-east-1", accessKeyId, secretAccessKey, altAccessKeyId, altSecretAccessKey }
}

const parseEnvLines = (text: string): Record<string, string> =>
  Object.fromEntries(
    text.split("\n").flatMap((line) => {
      const match = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim())
      return match === null ? [] : [[match[1]!, match[2]!]]
    })
  )

/** Uses the server the environment names, else starts it; returns how to stop what was started here. */
const provide = async (project: TestProject, server: Server): Promise<(() => void) | undefined> => {
  const existing = fromEnv(server.prefix, process.env)
  if (existing !== undefined) {
    project.provide(server.key, existing)
    return undefined
  }
  // A server someone else started (the start scripts are idempotent) is used, and left running.
  const alreadyRunning = await fetch(`http://127.0.0.1:${server.port}`, {
    method: "HEAD",
    signal: AbortSignal.timeout(2_000)
  }).then(() => true, () => false)
  let output: string
  try {
    output = execFileSync("bash", [`${scripts}${server.start}`], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
      timeout: 600_000
    })
  } catch (cause) {
    throw new Error(
      `The integration tests need real S3 servers: scripts/${server.start} failed (it needs root and Debian's apt). ` +
        `Or set ${server.prefix}ENDPOINT, ${server.prefix}ACCESS_KEY_ID, ${server.prefix}SECRET_ACCESS_KEY, ` +
        `${server.prefix}ALT_ACCESS_KEY_ID and ${server.prefix}ALT_SECRET_ACCESS_KEY.`,
      { cause }
    )
  }
  const started = fromEnv(server.prefix, parseEnvLines(output))
  if (started === undefined) throw new Error(`scripts/${server.start} printed no usable env lines:\n${output}`)
  project.provide(server.key, started)
  if (alreadyRunning) return undefined
  return () => execFileSync("bash", [`${scripts}${server.stop}`], { stdio: "inherit", timeout: 120_000 })
}

/**
 * The integration tests need real S3 servers: Ceph RGW (every test) and Swift's s3api (the
 * conformance matrix). When the environment names one (.ci/run starts both), it is used; otherwise
 * it is started here with the project's script (which installs it when missing) and stopped
 * afterwards. There is no skip: no server means failure.
 */
export default async function setup(project: TestProject) {
  const stops: Array<() => void> = []
  for (const server of servers) {
    const stop = await provide(project, server)
    if (stop !== undefined) stops.push(stop)
  }
  return () => {
    for (const stop of stops.reverse()) stop()
  }
}
