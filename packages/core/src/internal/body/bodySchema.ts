/**
 * The schemas of bodies as a suite writes them: sizes (`5GiB`), generated bodies and the body
 * expectation. Kept apart from Body.ts (which streams and hashes) so Suite.ts stays a plain model.
 */
import * as Schema from "effect/Schema"

const sizePattern = /^\s*(\d+(?:\.\d+)?)\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)?\s*$/i

const units: Readonly<Record<string, number>> = {
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12,
  kib: 2 ** 10,
  mib: 2 ** 20,
  gib: 2 ** 30,
  tib: 2 ** 40
}

/** Bytes of a size (`1024`, `"64KiB"`, `"5GiB"`, `"1.5MB"`), or undefined when it is not one. */
export const parseSize = (value: unknown): number | undefined => {
  if (typeof value === "number") return Number.isSafeInteger(value) && value >= 0 ? value : undefined
  if (typeof value !== "string") return undefined
  const match = sizePattern.exec(value)
  if (match === null) return undefined
  const bytes = Number(match[1]) * units[(match[2] ?? "b").toLowerCase()]!
  return Number.isSafeInteger(bytes) ? bytes : undefined
}

const isSize = Schema.makeFilter((u: string | number) => parseSize(u) !== undefined, {
  expected: "a size: a whole number of bytes, or a string such as 512, 64KiB, 5GiB, 1.5MB"
})

/** A size: bytes, or a string with a unit. */
export const Size = Schema.Union([Schema.Number, Schema.String]).pipe(Schema.check(isSize))

/** `{ size, seed }` of a generated body. */
export const GenerateSpec = Schema.Struct({
  size: Size,
  /** Default 0. The same seed gives the same bytes. */
  seed: Schema.optionalKey(Schema.Union([Schema.Int, Schema.String])),
  /**
   * Where in the seed's byte sequence the body starts (default 0). A range `[a, b]` of a generated
   * body of seed N is the generated body `{ size: b - a + 1, seed: N, offset: a }`.
   */
  offset: Schema.optionalKey(Size)
})

export type GenerateSpec = typeof GenerateSpec.Type

/** `{ generate: { size, seed } }` */
export const Generated = Schema.Struct({ generate: GenerateSpec })

const isSha256Hex = (u: unknown): boolean => typeof u === "string" && /^[0-9a-fA-F]{64}$/.test(u)

/**
 * What a step expects of the response body (GetObject's `Body`...). Every field given must hold.
 */
export const ExpectedBody = Schema.Struct({
  /** The whole body, as UTF-8 text. */
  text: Schema.optionalKey(Schema.String),
  /** Hex SHA-256 of the whole body, or the generated body whose SHA-256 it must have (size included). */
  sha256: Schema.optionalKey(
    Schema.Union([Schema.String, Generated]).pipe(
      Schema.check(Schema.makeFilter((u) => typeof u !== "string" || isSha256Hex(u), {
        expected: "a SHA-256 as 64 hexadecimal digits (or { generate: { size, seed } })"
      }))
    )
  ),
  /** Size in bytes. */
  size: Schema.optionalKey(Size)
})

export type ExpectedBody = typeof ExpectedBody.Type
