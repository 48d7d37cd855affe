/**
 * An operation's parameters (`ParameterInfo` trees) as JSON Schema, mirroring what
 * `Catalog.normalizeParameters` accepts (internal/s3/catalogParameters.ts):
 *
 * - keys in any of the spellings the catalog folds together (`ContentType`, `content-type`,
 *   `content_type`, `contentType`): the canonical name is a property (what an editor completes), the
 *   other spellings match a case-insensitive `patternProperties` entry; anything else is excess;
 * - a required member is satisfied by a key in any spelling;
 * - a `${{ ... }}` template is accepted for every scalar (string, number, boolean, timestamp, blob);
 * - timestamps are ISO-8601 strings, streaming bodies a string, `{ base64 }` or `{ generate }`,
 *   other blobs a string or any mapping, maps' keys are data (never renamed or checked).
 *
 * Shared structures (the SDK reuses them, recursively sometimes) become one `$defs` entry each.
 *
 * @internal
 */
import type * as JsonSchema from "effect/JsonSchema"
import type { OperationInfo, ParameterInfo } from "../../Catalog.ts"
import { ISO_8601, NUMERIC } from "../s3/catalogParameters.ts"
import { kebabCase } from "../s3/sdkSchema.ts"

type Json = JsonSchema.JsonSchema

/** `$defs` names this module refers to; the suite document defines `template` and the body shapes. */
export const refs = {
  template: "#/$defs/template",
  streamingBody: "#/$defs/body"
} as const

const ref = (target: string): Json => ({ $ref: target })

/** `a` -> `[Aa]`; digits and other characters as they are (escaped when special). */
const letter = (c: string): string =>
  c.toLowerCase() !== c.toUpperCase() ? `[${c.toUpperCase()}${c.toLowerCase()}]` : c.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")

/**
 * A pattern matching `name` in the spellings people write: its kebab-case words, each in any case,
 * joined by nothing, `-` or `_` (`PutObject`, `put-object`, `put_object`, `putObject`, `PUT_OBJECT`).
 */
export const spellingPattern = (name: string): string => {
  const words = kebabCase(name).split(/[-_]/).filter((word) => word !== "")
  return `^${words.map((word) => [...word].map(letter).join("")).join("[-_]?")}$`
}

const orTemplate = (schema: Json): Json => ({ anyOf: [schema, ref(refs.template)] })

const SCALARS: ReadonlySet<string> = new Set(["string", "number", "boolean"])

/** Builds the schemas of one catalog's operations, sharing structure definitions. */
export class ParameterSchemas {
  /** Structure definitions, by `$defs` name. */
  readonly definitions: Record<string, Json> = {}
  readonly #names = new Map<ReadonlyArray<ParameterInfo>, string>()

  /**
   * The `parameters` of a step naming `operation`; `null` (an empty `parameters:`) when nothing is
   * required. `refined`: stricter schemas of top-level scalar members (a plugin operation's own
   * Schema: a duration's pattern...), which a template still replaces.
   */
  operation(operation: OperationInfo, refined: Readonly<Record<string, Json>> = {}): Json {
    const schema = this.structure(operation, refined)
    return operation.parameters.some((p) => p.required) ? schema : { anyOf: [schema, { type: "null" }] }
  }

  /** `{ $ref }` to the definition of `operation`'s parameters (a mapping, `null` not accepted). */
  structure(operation: OperationInfo, refined: Readonly<Record<string, Json>> = {}): { readonly $ref: string } {
    return this.#structure(operation.parameters, `operation.${operation.name}`, refined) as { $ref: string }
  }

  #structure(members: ReadonlyArray<ParameterInfo>, name: string, refined: Readonly<Record<string, Json>> = {}): Json {
    const known = this.#names.get(members)
    if (known !== undefined) return ref(`#/$defs/${known}`)
    let unique = name
    for (let i = 2; unique in this.definitions; i++) unique = `${name}${i}`
    this.#names.set(members, unique)
    this.definitions[unique] = {} // registered first: a recursive shape refers to itself
    const properties: Record<string, Json> = {}
    const patternProperties: Record<string, Json> = {}
    const required: Array<Json> = []
    for (const member of members) {
      const stricter = SCALARS.has(member.type) ? refined[member.name] : undefined
      const schema = stricter !== undefined ? orTemplate(stricter) : this.#value(member, `${unique}.${member.name}`)
      properties[member.name] = schema
      const pattern = spellingPattern(member.name)
      patternProperties[pattern] = schema
      if (member.required) {
        // some key spelled like the member, else the canonical name is what is missing
        required.push({ if: { not: { propertyNames: { not: { pattern } } } }, else: { required: [member.name] } })
      }
    }
    this.definitions[unique] = {
      type: "object",
      properties,
      ...(members.length > 0 ? { patternProperties } : {}),
      additionalProperties: false,
      ...(required.length > 0 ? { allOf: required } : {})
    }
    return ref(`#/$defs/${unique}`)
  }

  #value(info: ParameterInfo, name: string): Json {
    switch (info.type) {
      case "string":
        return info.values !== undefined && info.values.length > 0 ? orTemplate({ enum: info.values }) : { type: "string" }
      case "number":
        // a number as text is read as a number (catalogParameters.ts NUMERIC): env values are text
        return orTemplate({ anyOf: [{ type: "number" }, { type: "string", pattern: NUMERIC.source }] })
      case "boolean":
        return orTemplate({ anyOf: [{ type: "boolean" }, { enum: ["true", "false"] }] })
      case "timestamp":
        return orTemplate({ type: "string", pattern: ISO_8601.source, description: "an ISO-8601 timestamp" })
      case "blob":
        return { anyOf: [{ type: "string" }, { type: "object" }] }
      case "streaming-blob":
        return ref(refs.streamingBody)
      case "list":
        return { type: "array", ...(info.element === undefined ? {} : { items: this.#value(info.element, name) }) }
      case "map":
        return {
          type: "object",
          ...(info.element === undefined ? {} : { additionalProperties: this.#value(info.element, name) })
        }
      case "structure":
        return this.#structure(info.members ?? [], name)
      case "unknown":
        return {}
    }
  }
}
