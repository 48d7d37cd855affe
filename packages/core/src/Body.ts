/**
 * Request and response bodies.
 *
 * A body parameter (every parameter the SDK's schema marks as a streaming blob: PutObject's and
 * UploadPart's `Body`...) is written as one of:
 *
 * - a string, sent as UTF-8 text;
 * - `file://path`: a file, streamed from disk; a relative path is relative to the suite file that
 *   names it (the loader rewrites it to an absolute path), `file:///abs/path` is absolute;
 * - `{ base64: "..." }`: bytes;
 * - `{ generate: { size: 5GiB, seed: 7 } }`: deterministic pseudo-random bytes, streamed, never held
 *   in memory. The same seed always gives the same bytes, so the body's SHA-256 is known: an
 *   expectation writes `body: { sha256: { generate: { size: 5GiB, seed: 7 } } }`.
 *
 * Streams are sent with their `ContentLength`, so servers that refuse chunked uploads accept them.
 *
 * The bytes of a generated body are the AES-128-CTR keystream of key {@link keyHex}(seed) with a
 * zero initial counter, from byte `offset` (default 0) for `size` bytes; outside s3tester:
 * `openssl enc -aes-128-ctr -K $KEY -iv 0 -in /dev/zero | head -c $SIZE | sha256sum`.
 * A slice of a generated body is a generated body: bytes `[a, b]` of `{ size, seed: N }` are
 * `{ size: b - a + 1, seed: N, offset: a }` (ranged reads, multipart parts).
 *
 * @since 0.1.0
 */
import type { Readable } from "node:stream"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import * as Generate from "./internal/body/bodyGenerate.ts"
import * as Internal from "./internal/body/bodyResolve.ts"
import * as BodySchema from "./internal/body/bodySchema.ts"

/**
 * A size: a whole number of bytes, or a string with a unit (`512`, `64KiB`, `5GiB`, `1.5MB`; B, KB,
 * MB, GB, TB are powers of 1000, KiB, MiB, GiB, TiB powers of 1024).
 *
 * @category schemas
 * @since 0.1.0
 */
export const Size = BodySchema.Size

/**
 * `{ size, seed, offset }` of a generated body.
 *
 * @category schemas
 * @since 0.1.0
 */
export const GenerateSpec = BodySchema.GenerateSpec

/**
 * @category models
 * @since 0.1.0
 */
export type GenerateSpec = BodySchema.GenerateSpec

/**
 * What a step expects of a response body: `{ text?, sha256?, size? }`; `sha256` is hex or
 * `{ generate: { size, seed } }`.
 *
 * @category schemas
 * @since 0.1.0
 */
export const ExpectedBody = BodySchema.ExpectedBody

/**
 * @category models
 * @since 0.1.0
 */
export type ExpectedBody = BodySchema.ExpectedBody

/**
 * A body that cannot be used: a wrong shape, an unreadable file.
 *
 * @category errors
 * @since 0.1.0
 */
export class BodyError extends Schema.TaggedError<BodyError>()("BodyError", { message: Schema.String }) {}

/**
 * What a response body was, observed while it was read to the end (never buffered whole).
 *
 * @category models
 * @since 0.1.0
 */
export interface Observed {
  /** Bytes read. */
  readonly size: number
  /** SHA-256 of all of them, hex. */
  readonly sha256: string
  /** The first {@link TEXT_PREFIX_BYTES} bytes, decoded as UTF-8. */
  readonly text: string
  /** True when `text` is the whole body. */
  readonly complete: boolean
}

/**
 * How much of a response body is kept as text.
 *
 * @category constants
 * @since 0.1.0
 */
export const TEXT_PREFIX_BYTES = 64 * 1024

/**
 * A body ready to send.
 *
 * @category models
 * @since 0.1.0
 */
export type Resolved = Internal.Resolved

/**
 * Bytes of a size (`"5GiB"` -> 5368709120), or undefined when it is not a size.
 *
 * @category utils
 * @since 0.1.0
 */
export const parseSize: (value: unknown) => number | undefined = BodySchema.parseSize

/**
 * The prefix of file bodies.
 *
 * @category constants
 * @since 0.1.0
 */
export const FILE_PREFIX = Internal.FILE_PREFIX

/**
 * What is wrong with a body value's shape (not checking files), or undefined when it is a body.
 *
 * @category validation
 * @since 0.1.0
 */
export const problem: (value: unknown) => string | undefined = Internal.problem

/**
 * The file a `file://` body names: absolute, or resolved against `baseDir`.
 *
 * @category utils
 * @since 0.1.0
 */
export const filePath: (value: string, baseDir: string) => string = Internal.filePath

/**
 * A body value ready to send: strings and `{ base64 }` as they are, `file://` as a file stream,
 * `{ generate }` as a generated stream, each with its size. Relative `file://` paths are resolved
 * against `baseDir` (default: the working directory).
 *
 * @example
 * ```ts
 * const body = yield* Body.resolve({ generate: { size: "64MiB", seed: 1 } })
 * await client.send(new PutObjectCommand({ Bucket, Key, Body: body.content, ContentLength: body.size }))
 * ```
 *
 * @category constructors
 * @since 0.1.0
 */
export const resolve = (value: unknown, baseDir?: string): Effect.Effect<Resolved, BodyError> =>
  Effect.tryPromise({
    try: () => Internal.resolve(value, baseDir ?? process.cwd()),
    catch: (cause) => new BodyError({ message: cause instanceof Error ? cause.message : String(cause) })
  })

/**
 * A generated body.
 *
 * @category models
 * @since 0.1.0
 */
export interface Generated {
  /** A fresh stream of the body's bytes (each call starts a new one). */
  readonly stream: () => Readable
  readonly size: number
  /**
   * The body's SHA-256 (hex): free when a stream of it was already read to the end in this process,
   * else computed, synchronously, without holding the body (about 1 s per GiB).
   */
  readonly sha256: () => string
}

const generator = (spec: unknown): Generate.Generator => {
  const g = Generate.toGenerator(spec)
  if (typeof g === "string") throw new BodyError({ message: g })
  return g
}

/**
 * A generated body: `{ size, seed, offset? }` (sizes as numbers or `"5GiB"`). Throws a
 * {@link BodyError} for an invalid spec. Part `i` of a multipart upload of a generated body cut into
 * parts of `n` bytes is `generate({ size: n, seed, offset: i * n })` (the last one shorter).
 *
 * @example
 * ```ts
 * const body = Body.generate({ size: "1GiB", seed: 7 })
 * await client.send(new PutObjectCommand({ Bucket, Key, Body: body.stream(), ContentLength: body.size }))
 * body.sha256() // the hex SHA-256 of what was sent
 * ```
 *
 * @category constructors
 * @since 0.1.0
 */
export const generate = (spec: { readonly size: number | string; readonly seed?: number | string; readonly offset?: number | string }): Generated => {
  const g = generator(spec)
  return { stream: () => Generate.stream(g), size: g.size, sha256: () => Generate.sha256(g) }
}

/**
 * The AES-128 key (hex) of a generated body's seed, to reproduce its bytes with other tools.
 *
 * @category utils
 * @since 0.1.0
 */
export const keyHex = (seed: number | string): string => Generate.keyHex(String(seed))
