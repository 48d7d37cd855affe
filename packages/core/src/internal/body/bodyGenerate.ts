/**
 * Generated bodies: deterministic pseudo-random bytes, produced chunk by chunk (never held whole).
 *
 * The bytes of seed `S` are the AES-128-CTR keystream with key = the first 16 bytes of
 * SHA-256("s3tester-generate:" + S) and a zero initial counter block (the whole 16-byte block is
 * the big-endian counter). A body `{ size, seed, offset }` is bytes `[offset, offset + size)` of that
 * stream, so a prefix or a slice of a generated body is itself a generated body, and anyone can
 * reproduce it: `openssl enc -aes-128-ctr -K <key hex> -iv 0 -in /dev/zero | head -c SIZE | sha256sum`.
 */
import { type Cipher, createCipheriv, createHash } from "node:crypto"
import { Readable } from "node:stream"
import { parseSize } from "./bodySchema.ts"

/** A generated body with its size and offset resolved to bytes. */
export interface Generator {
  readonly size: number
  readonly seed: string
  readonly offset: number
}

const CHUNK = 256 * 1024
const zeros = Buffer.alloc(CHUNK)

/** `{ size: "5GiB", seed: 7 }` to bytes, or a message saying what is wrong. */
export const toGenerator = (spec: unknown): Generator | string => {
  if (typeof spec !== "object" || spec === null || Array.isArray(spec)) {
    return "generate needs a mapping: { size: 5GiB, seed: 1 }"
  }
  const record = spec as Record<string, unknown>
  const unknown = Object.keys(record).filter((k) => k !== "size" && k !== "seed" && k !== "offset")
  if (unknown.length > 0) return `unknown key "${unknown[0]}" in generate (expected size, seed, offset)`
  const size = parseSize(record["size"])
  if (size === undefined) {
    return record["size"] === undefined
      ? "generate needs a size (bytes, or a string such as 64KiB, 5GiB)"
      : `generate.size: expected a size such as 1024, 64KiB, 5GiB, got ${JSON.stringify(record["size"])}`
  }
  const offset = record["offset"] === undefined ? 0 : parseSize(record["offset"])
  if (offset === undefined) return `generate.offset: expected a size, got ${JSON.stringify(record["offset"])}`
  const seed = record["seed"] ?? 0
  if (!(typeof seed === "string" || (typeof seed === "number" && Number.isSafeInteger(seed)))) {
    return `generate.seed: expected a whole number or a string, got ${JSON.stringify(seed)}`
  }
  return { size, seed: String(seed), offset }
}

/** The AES-128 key of a seed, as hex. */
export const keyHex = (seed: string): string =>
  createHash("sha256").update(`s3tester-generate:${seed}`).digest().subarray(0, 16).toString("hex")

/** A cipher positioned at byte `offset` of the seed's stream. */
const cipherAt = (seed: string, offset: number): Cipher => {
  const block = BigInt(Math.floor(offset / 16))
  const iv = Buffer.alloc(16)
  iv.writeBigUInt64BE(block >> 64n, 0)
  iv.writeBigUInt64BE(block & 0xffffffffffffffffn, 8)
  const cipher = createCipheriv("aes-128-ctr", Buffer.from(keyHex(seed), "hex"), iv)
  const skip = offset % 16
  if (skip > 0) cipher.update(zeros.subarray(0, skip))
  return cipher
}

const cacheKey = (g: Generator): string => `${g.seed}\u0000${g.offset}\u0000${g.size}`
const known = new Map<string, string>()
const MAX_KNOWN = 1024

const remember = (g: Generator, sha256: string) => {
  if (known.size >= MAX_KNOWN) known.delete(known.keys().next().value!)
  known.set(cacheKey(g), sha256)
}

/** The SHA-256 (hex) of a generated body, if it was produced (or computed) before in this process. */
export const knownSha256 = (g: Generator): string | undefined => known.get(cacheKey(g))

/**
 * A stream of the body's bytes. Its SHA-256 is computed on the way and remembered when the stream
 * is read to the end, so a later check of the same body costs nothing.
 */
export const stream = (g: Generator): Readable => {
  const cipher = cipherAt(g.seed, g.offset)
  const hash = knownSha256(g) === undefined ? createHash("sha256") : undefined
  let left = g.size
  return new Readable({
    highWaterMark: CHUNK,
    read() {
      if (left === 0) {
        if (hash !== undefined) remember(g, hash.digest("hex"))
        this.push(null)
        return
      }
      const n = Math.min(left, CHUNK)
      left -= n
      const chunk = cipher.update(zeros.subarray(0, n))
      hash?.update(chunk)
      this.push(chunk)
    }
  })
}

/**
 * The SHA-256 (hex) of a generated body: remembered, or computed now, synchronously, chunk by chunk
 * (about 1 s per GiB with AES-NI and SHA extensions).
 */
export const sha256 = (g: Generator): string => {
  const found = knownSha256(g)
  if (found !== undefined) return found
  const cipher = cipherAt(g.seed, g.offset)
  const hash = createHash("sha256")
  for (let left = g.size; left > 0;) {
    const n = Math.min(left, CHUNK)
    left -= n
    hash.update(cipher.update(zeros.subarray(0, n)))
  }
  const digest = hash.digest("hex")
  remember(g, digest)
  return digest
}

/** The bytes of a (small) generated body, in memory. */
export const bytes = (g: Generator): Buffer => cipherAt(g.seed, g.offset).update(Buffer.alloc(g.size))
