/**
 * Reads a request body into exactly one Buffer. With a Content-Length (or, for aws-chunked
 * bodies, an `x-amz-decoded-content-length`) the Buffer is allocated up front and filled in
 * place, so the body is never held twice.
 */
import type { IncomingMessage } from "node:http"
import { AwsChunkedDecoder } from "./awsChunked.ts"
import { entityTooLarge, incompleteBody, invalidArgument, missingContentLength } from "./errors.ts"

export interface BodyOptions {
  /** Largest accepted (decoded) body. */
  readonly maxBytes: number
  /** Object data (PutObject, UploadPart) needs a length up front, as on S3. */
  readonly requireLength: boolean
}

export interface Body {
  readonly data: Buffer
  /** Trailing headers of an aws-chunked body (e.g. `x-amz-checksum-crc32`), else empty. */
  readonly trailers: ReadonlyMap<string, string>
}

interface Sink {
  write(chunk: Buffer): void
  end(): Body
}

const NO_TRAILERS: ReadonlyMap<string, string> = new Map()

/** True when the body uses the aws-chunked framing (SigV4 streaming or unsigned trailers). */
export const isAwsChunked = (req: IncomingMessage): boolean => {
  const sha = req.headers["x-amz-content-sha256"]
  const encoding = req.headers["content-encoding"] ?? ""
  return (typeof sha === "string" && sha.startsWith("STREAMING-")) ||
    encoding.split(",").some((e) => e.trim().toLowerCase() === "aws-chunked")
}

const parseLength = (value: string | undefined, name: string): number | undefined => {
  if (value === undefined) return undefined
  if (!/^\d{1,16}$/.test(value.trim())) throw invalidArgument(`Invalid ${name}.`, name, value)
  return Number(value.trim())
}

const fixedSink = (length: number): Sink => {
  const data = Buffer.allocUnsafe(length)
  let written = 0
  return {
    write: (chunk) => {
      if (written + chunk.length > length) throw incompleteBody("The body is longer than Content-Length.")
      chunk.copy(data, written)
      written += chunk.length
    },
    end: () => {
      if (written !== length) throw incompleteBody("You did not provide the number of bytes specified by the Content-Length HTTP header.")
      return { data, trailers: NO_TRAILERS }
    }
  }
}

const awsChunkedSink = (decodedLength: number): Sink => {
  const data = Buffer.allocUnsafe(decodedLength)
  const decoder = new AwsChunkedDecoder(data)
  return {
    write: (chunk) => decoder.write(chunk),
    end: () => {
      const written = decoder.end()
      if (written !== decodedLength) {
        throw incompleteBody("The aws-chunked body does not match x-amz-decoded-content-length.")
      }
      return { data, trailers: decoder.trailers }
    }
  }
}

/** Only for small bodies without a length (XML documents sent with Transfer-Encoding: chunked). */
const growingSink = (maxBytes: number): Sink => {
  const chunks: Array<Buffer> = []
  let total = 0
  return {
    write: (chunk) => {
      total += chunk.length
      if (total > maxBytes) throw entityTooLarge(maxBytes)
      chunks.push(chunk)
    },
    end: () => ({ data: Buffer.concat(chunks, total), trailers: NO_TRAILERS })
  }
}

const makeSink = (req: IncomingMessage, options: BodyOptions): Sink => {
  if (isAwsChunked(req)) {
    const decoded = parseLength(headerValue(req, "x-amz-decoded-content-length"), "x-amz-decoded-content-length")
    if (decoded === undefined) throw missingContentLength()
    if (decoded > options.maxBytes) throw entityTooLarge(options.maxBytes)
    return awsChunkedSink(decoded)
  }
  const length = parseLength(headerValue(req, "content-length"), "Content-Length")
  if (length === undefined) {
    if (options.requireLength) throw missingContentLength()
    return growingSink(options.maxBytes)
  }
  if (length > options.maxBytes) throw entityTooLarge(options.maxBytes)
  return fixedSink(length)
}

export const headerValue = (req: IncomingMessage, name: string): string | undefined => {
  const value = req.headers[name]
  return Array.isArray(value) ? value.join(",") : value
}

/** Reads the whole body. Errors reject the promise; the rest of the body is then drained. */
export const readBody = (req: IncomingMessage, options: BodyOptions): Promise<Body> =>
  new Promise<Body>((resolve, reject) => {
    let sink: Sink
    try {
      sink = makeSink(req, options)
    } catch (error) {
      req.resume()
      reject(error)
      return
    }
    let settled = false
    const fail = (error: unknown): void => {
      if (settled) return
      settled = true
      req.resume()
      reject(error)
    }
    req.on("data", (chunk: Buffer) => {
      if (settled) return
      try {
        sink.write(chunk)
      } catch (error) {
        fail(error)
      }
    })
    req.on("end", () => {
      if (settled) return
      try {
        const body = sink.end()
        settled = true
        resolve(body)
      } catch (error) {
        fail(error)
      }
    })
    req.on("error", fail)
    req.on("close", () => fail(incompleteBody("The request body was cut short.")))
  })
