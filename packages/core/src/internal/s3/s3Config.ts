/**
 * The SDK client configuration for one credential: region, addressing, checksum mode, TLS.
 */
import { readFileSync } from "node:fs"
import { Agent as HttpAgent } from "node:http"
import { Agent as HttpsAgent } from "node:https"
import type { Duplex } from "node:stream"
import { canReleaseChunks, releaseChunk } from "../body/bodyChunks.ts"
import { rootCertificates } from "node:tls"
import type { S3ClientConfig } from "@aws-sdk/client-s3"
import type { Credential, TargetConfig } from "../../Suite.ts"
import { quietNodeVersionWarning } from "./sdkWarnings.ts"

/**
 * A logger that drops the SDK's own messages ("An error was encountered in a non-retryable streaming
 * request." on every aborted upload): each call's outcome is reported by the engine, and nothing but
 * our output reaches the console. (The SDK prints to `console` when no logger, or its NoOpLogger, is set.)
 */
const quietLogger = { trace: () => {}, debug: () => {}, info: () => {}, warn: () => {}, error: () => {} }

/** A signer that leaves the request as it is: unsigned (anonymous) requests. */
const unsigned = { sign: async <R>(request: R): Promise<R> => request }

/** Path-style addressing? `addressing` wins over `path_style` (the loader rejects a contradiction). */
export const forcePathStyle = (config: TargetConfig): boolean =>
  config.addressing === undefined ? config.path_style : config.addressing === "path"

/** The SDK's checksum mode for `checksums` (default `when_required`). */
export const checksumMode = (config: TargetConfig): "WHEN_REQUIRED" | "WHEN_SUPPORTED" =>
  config.checksums === "when_supported" ? "WHEN_SUPPORTED" : "WHEN_REQUIRED"

/** TLS settings shared by a target's clients: the CA bundle's text, read once. */
export interface Tls {
  readonly ca?: string
  readonly verify: boolean
}

/** Reads the target's TLS settings, or says why they can't be used. */
export const readTls = (config: TargetConfig): Tls | string => {
  const verify = config.tls_verify !== false
  if (config.ca_bundle === undefined) return { verify }
  try {
    const ca = readFileSync(config.ca_bundle, "utf8")
    if (!ca.includes("-----BEGIN CERTIFICATE-----")) {
      return `ca_bundle ${config.ca_bundle} holds no PEM certificate (-----BEGIN CERTIFICATE-----)`
    }
    return { ca, verify }
  } catch (error) {
    const code = (error as { code?: unknown }).code
    return `cannot read ca_bundle ${config.ca_bundle}: ${code === "ENOENT" ? "no such file" : error instanceof Error ? error.message : String(error)}`
  }
}

/**
 * How long a client's connection may sit idle before the client closes it; a server's `Keep-Alive:
 * timeout=N` shortens it to N s less one. A server closes idle connections after its own timeout
 * (Node's: 5 s), and a request written on one at that moment fails with ECONNRESET: a step errors for
 * nothing. Node's agent reads the server's hint only to shorten a timeout it has; without one, it keeps
 * idle connections until the server closes them.
 */
const idleConnectionMs = 4_000

/** What both agents of a client are: the SDK's defaults (keep-alive, 50 sockets), and the idle limit. */
const agentOptions = { keepAlive: true, maxSockets: 50, timeout: idleConnectionMs } as const

/** The https agent of a client, with its TLS settings (one per client). */
const httpsAgent = (tls: Tls): HttpsAgent =>
  new HttpsAgent({
    ...agentOptions,
    rejectUnauthorized: tls.verify,
    ...(tls.ca === undefined ? {} : { ca: [...rootCertificates, tls.ca] })
  })

/**
 * The http agent of a client: {@link agentOptions}, and every chunk its sockets read is freed once
 * the socket's listeners have seen it (see bodyChunks). Node's HTTP parser copies what it keeps (body
 * chunks, headers) during its synchronous read, so nothing reads a socket's chunk after that; without
 * this, Node 24 lets ~64 MB of them pile up between collections on a large download. Where chunks
 * cannot be freed (Node 20), a client gets a plain agent: no listener and no microtask per chunk.
 */
class ReleasingHttpAgent extends HttpAgent {
  override createConnection(...args: Parameters<HttpAgent["createConnection"]>): Duplex | null | undefined {
    const socket = super.createConnection(...args)
    socket?.prependListener("data", (chunk: unknown) => queueMicrotask(() => releaseChunk(chunk)))
    return socket
  }
}

/** The https agent of settings made by {@link clientConfig} (undefined for an http endpoint). */
export const httpsAgentOf = (settings: S3ClientConfig): HttpsAgent | undefined => {
  const handler = settings.requestHandler as { readonly httpsAgent?: unknown } | undefined
  return handler?.httpsAgent instanceof HttpsAgent ? handler.httpsAgent : undefined
}

/**
 * The client settings for `credential`, or a message saying why the credential can't be used.
 */
export const clientConfig = (
  config: TargetConfig,
  endpoint: string,
  credential: Credential,
  tls: Tls = { verify: true }
): S3ClientConfig | string => {
  quietNodeVersionWarning()
  const requestHandler = endpoint.startsWith("https:")
    ? { httpsAgent: httpsAgent(tls) }
    : { httpAgent: canReleaseChunks ? new ReleasingHttpAgent(agentOptions) : new HttpAgent(agentOptions) }
  const base: S3ClientConfig = {
    endpoint,
    region: config.region,
    forcePathStyle: forcePathStyle(config),
    maxAttempts: 1,
    logger: quietLogger,
    requestChecksumCalculation: checksumMode(config),
    responseChecksumValidation: checksumMode(config),
    requestHandler
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
