/**
 * A streaming decoder for `aws-chunked` request bodies (`x-amz-content-sha256: STREAMING-*`):
 *
 *   hex-size[;chunk-signature=…]\r\n <size bytes>\r\n … 0[;chunk-signature=…]\r\n [name:value\r\n]* \r\n
 *
 * Payload bytes are copied straight into the caller's buffer (sized from
 * `x-amz-decoded-content-length`), so the body is held once. Chunk signatures are not checked
 * (local-s3 checks no signatures); the framing is, and any mismatch is an error, never stored.
 */
import { incompleteBody } from "./errors.ts"

const MAX_LINE = 4096
const CR = 0x0d
const LF = 0x0a

type State = "size" | "data" | "data-end" | "trailer" | "done"

export class AwsChunkedDecoder {
  private readonly target: Buffer
  private state: State = "size"
  private written = 0
  private remaining = 0
  private line: Array<Buffer> = []
  private lineLength = 0
  private crlfSeen = 0
  /** Trailing headers, e.g. `x-amz-checksum-crc32`, lower-cased. */
  readonly trailers = new Map<string, string>()

  constructor(target: Buffer) {
    this.target = target
  }

  /** Feeds the next piece of the encoded body; throws an S3Error on bad framing. */
  write(chunk: Buffer): void {
    let offset = 0
    while (offset < chunk.length) {
      switch (this.state) {
        case "size":
        case "trailer": {
          const end = chunk.indexOf(LF, offset)
          const stop = end === -1 ? chunk.length : end + 1
          this.pushLine(chunk.subarray(offset, stop))
          offset = stop
          if (end !== -1) this.onLine(this.takeLine())
          break
        }
        case "data": {
          const n = Math.min(this.remaining, chunk.length - offset)
          chunk.copy(this.target, this.written, offset, offset + n)
          this.written += n
          this.remaining -= n
          offset += n
          if (this.remaining === 0) {
            this.state = "data-end"
            this.crlfSeen = 0
          }
          break
        }
        case "data-end": {
          const expected = this.crlfSeen === 0 ? CR : LF
          if (chunk[offset] !== expected) throw incompleteBody("Malformed aws-chunked body: chunk not followed by CRLF.")
          offset++
          this.crlfSeen++
          if (this.crlfSeen === 2) this.state = "size"
          break
        }
        case "done":
          throw incompleteBody("Malformed aws-chunked body: data after the final chunk.")
      }
    }
  }

  /** Ends the body; returns the number of payload bytes written. */
  end(): number {
    // Tolerate a body that stops right after the final chunk without the closing CRLF.
    if (this.state === "trailer" && this.lineLength === 0) this.state = "done"
    if (this.state !== "done") throw incompleteBody("Malformed aws-chunked body: it ended before the final chunk.")
    return this.written
  }

  private pushLine(piece: Buffer): void {
    this.lineLength += piece.length
    if (this.lineLength > MAX_LINE) throw incompleteBody("Malformed aws-chunked body: line too long.")
    this.line.push(piece)
  }

  private takeLine(): string {
    const text = Buffer.concat(this.line).toString("latin1")
    this.line = []
    this.lineLength = 0
    if (!text.endsWith("\r\n")) throw incompleteBody("Malformed aws-chunked body: line not terminated by CRLF.")
    return text.slice(0, -2)
  }

  private onLine(line: string): void {
    if (this.state === "trailer") {
      if (line === "") {
        this.state = "done"
        return
      }
      const colon = line.indexOf(":")
      if (colon <= 0) throw incompleteBody("Malformed aws-chunked body: bad trailer line.")
      this.trailers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim())
      return
    }
    const hex = line.split(";", 1)[0]!.trim()
    if (!/^[0-9a-fA-F]{1,16}$/.test(hex)) throw incompleteBody("Malformed aws-chunked body: bad chunk size.")
    const size = Number.parseInt(hex, 16)
    if (size === 0) {
      this.state = "trailer"
      return
    }
    if (this.written + size > this.target.length) {
      throw incompleteBody("The aws-chunked body is longer than x-amz-decoded-content-length.")
    }
    this.remaining = size
    this.state = "data"
  }
}
