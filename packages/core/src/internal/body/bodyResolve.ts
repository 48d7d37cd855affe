/**
 * A body value as a suite writes it (a string, `file://path`, `{ base64 }`, `{ generate }`) to what
 * the SDK sends: a string, bytes, or a stream, with its size.
 */
import { type FileHandle, open } from "node:fs/promises"
import * as NodePath from "node:path"
import type { Readable } from "node:stream"
import * as Generate from "./bodyGenerate.ts"

export const FILE_PREFIX = "file://"

/** What is sent. */
export interface Resolved {
  readonly kind: "text" | "bytes" | "file" | "generate"
  readonly content: string | Uint8Array | Readable
  /** Size in bytes (the request's Content-Length). */
  readonly size: number
  /** The absolute path of a `file://` body. */
  readonly path?: string
  /** The body's SHA-256 (hex), when it is known without reading it (generated bodies seen before). */
  readonly sha256?: string
}

const isRecord = (u: unknown): u is Record<string, unknown> => typeof u === "object" && u !== null && !Array.isArray(u)

const BASE64 = /^[A-Za-z0-9+/\s]*={0,2}\s*$/

export const SHAPES = "a body is a string, file://path, { base64: ... } or { generate: { size, seed } }"

/** Whether a value still holds a `${{ ... }}` template (it is checked after templating). */
export const hasTemplate = (u: unknown): boolean =>
  typeof u === "string"
    ? u.includes("${{")
    : Array.isArray(u)
    ? u.some(hasTemplate)
    : isRecord(u)
    ? Object.values(u).some(hasTemplate)
    : false

/** What is wrong with a body value's shape, or undefined. Touches no file. */
export const problem = (value: unknown): string | undefined => {
  if (typeof value === "string" || ArrayBuffer.isView(value)) {
    if (typeof value === "string" && value.startsWith(FILE_PREFIX) && value.length === FILE_PREFIX.length) {
      return "file:// needs a path (file://data/object.bin, relative to the suite file)"
    }
    return undefined
  }
  if (!isRecord(value)) return `${SHAPES}, got ${value === null ? "null" : typeof value}`
  const keys = Object.keys(value)
  if (keys.length !== 1 || (keys[0] !== "base64" && keys[0] !== "generate")) {
    return `${SHAPES}, got a mapping with ${keys.length === 0 ? "no keys" : `keys ${keys.join(", ")}`}`
  }
  if (keys[0] === "base64") {
    const text = value["base64"]
    return typeof text === "string" && BASE64.test(text) && text.replace(/\s/g, "").length % 4 === 0
      ? undefined
      : "base64: expected base64 text"
  }
  const generator = Generate.toGenerator(value["generate"])
  return typeof generator === "string" ? generator : undefined
}

/** The path a `file://` body names: absolute, or relative to `baseDir`. */
export const filePath = (value: string, baseDir: string): string => {
  const rest = value.slice(FILE_PREFIX.length)
  return NodePath.isAbsolute(rest) ? rest : NodePath.resolve(baseDir, rest)
}

/** Rewrites a relative `file://` body to `file://<absolute path>` (other values are returned as they are). */
export const absolutize = (value: unknown, baseDir: string): unknown =>
  typeof value === "string" && value.startsWith(FILE_PREFIX) && !hasTemplate(value)
    ? `${FILE_PREFIX}${filePath(value, baseDir)}`
    : value

const errnoText = (error: unknown): string => {
  const code = isRecord(error) ? error["code"] : undefined
  return code === "ENOENT"
    ? "no such file"
    : code === "EACCES"
    ? "permission denied"
    : code === "EISDIR"
    ? "it is a directory"
    : error instanceof Error
    ? error.message
    : String(error)
}

/**
 * A body that is all in memory (text, bytes, base64: most steps' bodies) resolved at once, without a
 * promise; undefined for a file or a generated body. Throws an Error whose message says what is wrong.
 */
export const resolveInMemory = (value: unknown): Resolved | undefined => {
  const wrong = problem(value)
  if (wrong !== undefined) throw new Error(wrong)
  if (typeof value === "string") {
    return value.startsWith(FILE_PREFIX) ? undefined : { kind: "text", content: value, size: Buffer.byteLength(value) }
  }
  if (ArrayBuffer.isView(value)) {
    const bytes = new Uint8Array(value.buffer, value.byteOffset, value.byteLength)
    return { kind: "bytes", content: bytes, size: bytes.byteLength }
  }
  const record = value as Record<string, unknown>
  if (typeof record["base64"] === "string") {
    const bytes = Buffer.from(record["base64"], "base64")
    return { kind: "bytes", content: bytes, size: bytes.byteLength }
  }
  return undefined
}

/**
 * Resolves a body for sending. Files and generated bodies become streams (the caller destroys them
 * if they are not read to the end). Rejects with an Error whose message says what is wrong.
 */
export const resolve = async (value: unknown, baseDir: string): Promise<Resolved> => {
  const inMemory = resolveInMemory(value)
  if (inMemory !== undefined) return inMemory
  if (typeof value === "string") {
    const path = filePath(value, baseDir)
    // The file is opened here, not when the stream first reads: a stream destroyed before it opened
    // (a timeout, Ctrl-C) must not fail later with an unhandled error, and the size is the opened file's.
    let handle: FileHandle | undefined
    let size: number
    try {
      handle = await open(path, "r")
      const info = await handle.stat()
      if (!info.isFile()) throw Object.assign(new Error("not a file"), { code: info.isDirectory() ? "EISDIR" : "ENOTFILE" })
      size = info.size
    } catch (error) {
      await handle?.close()
      throw new Error(`cannot read the body file ${path}: ${errnoText(error)}`)
    }
    return { kind: "file", content: handle.createReadStream({ highWaterMark: 256 * 1024 }), size, path }
  }
  const record = value as Record<string, unknown>
  const generator = Generate.toGenerator(record["generate"]) as Generate.Generator
  const sha256 = Generate.knownSha256(generator)
  return {
    kind: "generate",
    content: Generate.stream(generator),
    size: generator.size,
    ...(sha256 === undefined ? {} : { sha256 })
  }
}
