/**
 * The node:http server: parses path-style request targets, routes them to operations, and
 * renders every failure as an S3 error. Listening and closing are plain promises; LocalS3.ts
 * turns them into a scoped resource.
 */
import { randomBytes } from "node:crypto"
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http"
import type { AddressInfo } from "node:net"
import { internalError, notImplemented, S3Error } from "./errors.ts"
import { type Handler, type ServerConfig, sendError } from "./http.ts"
import { createBucket, deleteBucket, getBucketLocation, headBucket, listBuckets } from "./ops/bucket.ts"
import { deleteObjects } from "./ops/deleteObjects.ts"
import { listObjects, listObjectsV2 } from "./ops/listObjects.ts"
import {
  abortMultipartUpload,
  completeMultipartUpload,
  createMultipartUpload,
  listMultipartUploads,
  listParts,
  uploadPart
} from "./ops/multipart.ts"
import { copyObject, deleteObject, getObject, headObject, putObject } from "./ops/object.ts"
import { type Operation, route } from "./router.ts"
import { makeStore, type Store } from "./store.ts"

const HANDLERS: Readonly<Record<Operation, Handler>> = {
  ListBuckets: listBuckets,
  CreateBucket: createBucket,
  HeadBucket: headBucket,
  DeleteBucket: deleteBucket,
  GetBucketLocation: getBucketLocation,
  ListObjects: listObjects,
  ListObjectsV2: listObjectsV2,
  DeleteObjects: deleteObjects,
  PutObject: putObject,
  CopyObject: copyObject,
  GetObject: getObject,
  HeadObject: headObject,
  DeleteObject: deleteObject,
  CreateMultipartUpload: createMultipartUpload,
  UploadPart: uploadPart,
  CompleteMultipartUpload: completeMultipartUpload,
  AbortMultipartUpload: abortMultipartUpload,
  ListParts: listParts,
  ListMultipartUploads: listMultipartUploads
}

export interface ListenOptions extends ServerConfig {
  readonly host: string
  readonly port: number
  readonly reservedBucketNames: ReadonlyArray<string>
}

export interface RunningServer {
  readonly server: Server
  readonly host: string
  readonly port: number
}

interface Target {
  readonly bucket: string
  readonly key: string
  readonly query: URLSearchParams
}

const invalidUri = (): S3Error => new S3Error("InvalidURI", 400, "Couldn't parse the specified URI.")

const decode = (text: string): string => {
  try {
    return decodeURIComponent(text)
  } catch {
    throw invalidUri()
  }
}

/** Path-style only: `/bucket/key?query`. */
const parseTarget = (url: string): Target => {
  const question = url.indexOf("?")
  const path = question === -1 ? url : url.slice(0, question)
  if (!path.startsWith("/")) throw invalidUri()
  const rest = path.slice(1)
  const slash = rest.indexOf("/")
  return {
    bucket: decode(slash === -1 ? rest : rest.slice(0, slash)),
    key: slash === -1 ? "" : decode(rest.slice(slash + 1)),
    query: new URLSearchParams(question === -1 ? "" : url.slice(question + 1))
  }
}

const describe = (method: string, target: Target): string => {
  const level = target.bucket === "" ? "service" : target.key === "" ? "bucket" : "object"
  const params = Array.from(new Set(target.query.keys())).map((k) => `?${k}`).join("")
  return `${method} on the ${level}${params === "" ? "" : ` with ${params}`}`
}

const handle = async (req: IncomingMessage, res: ServerResponse, store: Store, config: ServerConfig): Promise<void> => {
  const requestId = randomBytes(8).toString("hex").toUpperCase()
  res.setHeader("x-amz-request-id", requestId)
  res.setHeader("x-amz-id-2", randomBytes(24).toString("base64"))
  res.setHeader("server", "local-s3")
  let resource = "/"
  try {
    const target = parseTarget(req.url ?? "/")
    resource = target.bucket === "" ? "/" : `/${target.bucket}${target.key === "" ? "" : `/${target.key}`}`
    const method = req.method ?? "GET"
    const operation = route(method, target.bucket, target.key, target.query, req.headers)
    if (operation === undefined) throw notImplemented(describe(method, target))
    await HANDLERS[operation]({ req, res, requestId, ...target, store, config })
  } catch (error) {
    sendError(req, res, requestId, resource, error instanceof S3Error ? error : internalError(error))
  }
}

/** Starts a server; resolves once it listens. */
export const listen = (options: ListenOptions): Promise<RunningServer> =>
  new Promise<RunningServer>((resolve, reject) => {
    const store = makeStore(options.reservedBucketNames)
    const config: ServerConfig = {
      region: options.region,
      maxObjectSize: options.maxObjectSize,
      minPartSize: options.minPartSize
    }
    const server = createServer((req, res) => {
      void handle(req, res, store, config)
    })
    server.once("error", reject)
    server.listen(options.port, options.host, () => {
      server.off("error", reject)
      // A listening server must not crash the process on a stray error event.
      server.on("error", () => {})
      const address = server.address() as AddressInfo
      resolve({ server, host: options.host, port: address.port })
    })
  })

/** Stops accepting connections, cuts the open ones (keep-alive included) and resolves when closed. */
export const close = (server: Server): Promise<void> =>
  new Promise<void>((resolve) => {
    server.close(() => resolve())
    server.closeAllConnections()
  })
