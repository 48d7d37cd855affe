/**
 * Reads the runtime schemas that `@aws-sdk/client-s3` ships with every command (Smithy "static
 * schemas", interpreted by `@smithy/core/schema`) into the catalog's `ParameterInfo` tree.
 *
 * The encoding, as `@smithy/core`'s `NormalizedSchema` reads it:
 *
 * - a schema reference is a number (simple type), the string `"unit"`, a static schema array, or a
 *   thunk `() => schema` (for forward and recursive references);
 * - a member is `[ref, traits]` (an array of exactly two), or a bare reference with no traits;
 *   traits are a bit vector (bit 0 `httpLabel`, 1 `idempotent`, 2 `idempotencyToken`, 3 `sensitive`,
 *   4 `httpPayload`, ...) or an object (`{ httpHeader: "..." }`, `{ streaming: 1 }`, ...);
 * - static schemas are `[id, namespace, name, traits, ...]` with id 0 simple (wrapping a simple type
 *   with traits), 1 list `[.., value]`, 2 map `[.., key, value]`, 3 structure / -3 error / 4 union
 *   `[.., memberNames, memberSchemas, requiredCount?]` and 9 operation `[.., input, output]`;
 *   in a structure the first `requiredCount` members are the required ones.
 *
 * @internal
 */
import type { ParameterInfo, ParameterType } from "../../Catalog.ts"

/** Simple schema numbers, from `@smithy/core/schema`'s `sentinels.js`. */
const TAG = {
  STRING: 0,
  NUMERIC: 1,
  BOOLEAN: 2,
  TIMESTAMP_DEFAULT: 4,
  TIMESTAMP_EPOCH_SECONDS: 7,
  DOCUMENT: 15,
  BIG_INTEGER: 17,
  BIG_DECIMAL: 19,
  BLOB: 21,
  STREAMING_BLOB: 42,
  LIST_MODIFIER: 64,
  MAP_MODIFIER: 128
} as const

/** Static schema ids, from `@smithy/types`' `static-schemas.d.ts`. */
const ID = { SIMPLE: 0, LIST: 1, MAP: 2, STRUCTURE: 3, UNION: 4, ERROR: -3, OPERATION: 9 } as const

/** Bit 0 of a numeric trait vector. */
const HTTP_LABEL_BIT = 1

type Traits = number | Readonly<Record<string, unknown>>

type StaticSchema = ReadonlyArray<unknown>

const isMember = (ref: unknown): ref is readonly [unknown, Traits] => Array.isArray(ref) && ref.length === 2

const deref = (ref: unknown): unknown => typeof ref === "function" ? (ref as () => unknown)() : ref

const hasTrait = (traits: unknown, name: string, bit?: number): boolean => {
  if (typeof traits === "number") return bit !== undefined && (traits & bit) !== 0
  if (typeof traits === "object" && traits !== null) {
    const value = (traits as Record<string, unknown>)[name]
    return value !== undefined && value !== 0 && value !== false
  }
  return false
}

const simpleType = (tag: number, streaming: boolean): ParameterType => {
  switch (tag) {
    case TAG.STRING:
      return "string"
    case TAG.NUMERIC:
    case TAG.BIG_INTEGER:
    case TAG.BIG_DECIMAL:
      return "number"
    case TAG.BOOLEAN:
      return "boolean"
    case TAG.BLOB:
      return streaming ? "streaming-blob" : "blob"
    case TAG.STREAMING_BLOB:
      return "streaming-blob"
    default:
      return tag >= TAG.TIMESTAMP_DEFAULT && tag <= TAG.TIMESTAMP_EPOCH_SECONDS ? "timestamp" : "unknown"
  }
}

interface Shape {
  readonly type: ParameterType
  readonly members?: ReadonlyArray<ParameterInfo>
  readonly element?: ParameterInfo
}

const memberCache = new WeakMap<object, ReadonlyArray<ParameterInfo>>()

const structureMembers = (schema: StaticSchema): ReadonlyArray<ParameterInfo> => {
  const cached = memberCache.get(schema)
  if (cached !== undefined) return cached
  const out: Array<ParameterInfo> = []
  // Registered before it is filled, so a recursive shape ends in a shared (cyclic) reference.
  memberCache.set(schema, out)
  const names = schema[4]
  const refs = schema[5]
  const requiredCount = typeof schema[6] === "number" ? schema[6] : 0
  if (!Array.isArray(names) || !Array.isArray(refs)) {
    throw new Error(`unexpected SDK structure schema ${String(schema[2])}: no member list`)
  }
  names.forEach((name, i) => {
    const ref: unknown = refs[i]
    const label = isMember(ref) && (hasTrait(ref[1], "httpLabel", HTTP_LABEL_BIT) || hasTrait(ref[1], "hostLabel"))
    out.push(parameter(String(name), ref, i < requiredCount || label))
  })
  return out
}

const shapeOf = (schema: unknown, streaming: boolean): Shape => {
  if (typeof schema === "number") {
    if (schema >= TAG.LIST_MODIFIER && schema < TAG.MAP_MODIFIER) {
      return { type: "list", element: parameter("member", schema & 0b0011_1111, false) }
    }
    if (schema >= TAG.MAP_MODIFIER && schema <= 0b1111_1111) {
      return { type: "map", element: parameter("value", schema & 0b0011_1111, false) }
    }
    return { type: simpleType(schema, streaming) }
  }
  if (!Array.isArray(schema)) return { type: "unknown" } // "unit" or an unknown encoding
  switch (schema[0]) {
    case ID.SIMPLE:
      return shapeOf(deref(schema[4]), streaming || hasTrait(schema[3], "streaming"))
    case ID.LIST:
      return { type: "list", element: parameter("member", schema[4], false) }
    case ID.MAP:
      return { type: "map", element: parameter("value", schema[5], false) }
    case ID.STRUCTURE:
    case ID.UNION:
    case ID.ERROR:
      return { type: "structure", members: structureMembers(schema) }
    default:
      return { type: "unknown" }
  }
}

/** The `ParameterInfo` of a structure member (or list / map element) from its schema reference. */
export const parameter = (name: string, ref: unknown, required: boolean): ParameterInfo => {
  let streaming = false
  let current = ref
  while (isMember(current)) {
    streaming = streaming || hasTrait(current[1], "streaming")
    current = current[0]
  }
  const shape = shapeOf(deref(current), streaming)
  return {
    name,
    type: shape.type,
    required,
    ...(shape.members !== undefined ? { members: shape.members } : {}),
    ...(shape.element !== undefined ? { element: shape.element } : {})
  }
}

/** An operation schema `[9, namespace, name, traits, input, output]`, checked. */
export const operationSchema = (name: string, schema: unknown): StaticSchema => {
  if (!Array.isArray(schema) || schema[0] !== ID.OPERATION || schema.length < 6) {
    throw new Error(`unexpected SDK schema for ${name}: not an operation schema`)
  }
  return schema
}

/** The members of an operation's input (`which` = 4) or output (`which` = 5) structure. */
export const operationMembers = (schema: StaticSchema, which: 4 | 5): ReadonlyArray<ParameterInfo> => {
  const io = deref(schema[which])
  if (!Array.isArray(io)) return [] // "unit"
  const id = io[0]
  if (id !== ID.STRUCTURE && id !== ID.UNION && id !== ID.ERROR) {
    throw new Error(`unexpected SDK schema for ${String(schema[2])}: input/output is not a structure`)
  }
  return structureMembers(io)
}

/** `PutObject` -> `put-object`, `ListObjectsV2` -> `list-objects-v2`, `SSECustomerKey` -> `sse-customer-key`. */
export const kebabCase = (name: string): string =>
  name
    .replace(/([a-z0-9])([A-Z])/g, "$1-$2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1-$2")
    .toLowerCase()

/**
 * Names already folded: a run folds the same few parameter names for every step it loads and every
 * call it converts (two new strings each otherwise); bounded in count and length, as names come from
 * the suite's text.
 */
const foldedNames = new Map<string, string>()
const maxFoldedNames = 10_000
const maxFoldedLength = 64

/** Folds a name for spelling-insensitive comparison: `put-object`, `put_object`, `PutObject` -> `putobject`. */
export const fold = (name: string): string => {
  let folded = foldedNames.get(name)
  if (folded === undefined) {
    folded = name.toLowerCase().replace(/[-_\s]/g, "")
    if (name.length <= maxFoldedLength && foldedNames.size < maxFoldedNames) foldedNames.set(name, folded)
  }
  return folded
}

