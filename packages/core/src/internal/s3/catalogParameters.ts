/**
 * Parameter validation, key normalisation and SDK input conversion, driven by `ParameterInfo` trees.
 *
 * @internal
 */
import type { OperationInfo, ParameterInfo, ParameterIssue, ParameterRow, ParameterType } from "../../Catalog.ts"
import { didYouMean } from "../loader/didYouMean.ts"
import { fold, kebabCase } from "./sdkSchema.ts"

type Path = ReadonlyArray<string | number>

const SCALARS: ReadonlySet<ParameterType> = new Set<ParameterType>([
  "string",
  "number",
  "boolean",
  "timestamp",
  "blob",
  "streaming-blob"
])

/**
 * A number written as text (`"5"`, `"-1.5"`), read as a number where a number is expected: values from
 * `${{ env.NAME }}` are always text, and `MaxKeys: ${{ env.PAGE_SIZE }}` must work. Likewise
 * `"true"` / `"false"` for a boolean. The suite JSON Schema accepts the same (parameterSchema.ts), and
 * templates resolved at run time are converted the same way (`convertValue`).
 */
export const NUMERIC = /^-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/

/** `true` for a string holding a `${{ ... }}` template, resolved later by the engine. */
export const isTemplate = (value: unknown): value is string => typeof value === "string" && value.includes("${{")

export const ISO_8601 = /^\d{4}-\d{2}-\d{2}(?:[Tt ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:[Zz]|[+-]\d{2}:\d{2})?)?$/

/** `true` for an ISO-8601 date or date-time string that `Date` can parse. */
export const isIsoTimestamp = (value: string): boolean => ISO_8601.test(value) && !Number.isNaN(Date.parse(value))

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Date) &&
  !ArrayBuffer.isView(value)

const kindOf = (value: unknown): string =>
  value === null
    ? "null"
    : Array.isArray(value)
    ? "list"
    : value instanceof Date
    ? "date"
    : ArrayBuffer.isView(value)
    ? "bytes"
    : typeof value

const EXPECTED: Record<ParameterType, string> = {
  string: "a string",
  number: "a number",
  boolean: "a boolean",
  timestamp: "an ISO-8601 timestamp",
  blob: "a string or an object",
  "streaming-blob": "a string or an object",
  list: "a list",
  map: "a map (an object)",
  structure: "an object",
  unknown: "a value"
}

/** The members of a structure by folded name (`contenttype`) and by their own (`ContentType`). */
interface MemberIndex {
  readonly folded: ReadonlyMap<string, ParameterInfo>
  readonly named: ReadonlyMap<string, ParameterInfo>
}

const indexCache = new WeakMap<ReadonlyArray<ParameterInfo>, MemberIndex>()

/** See {@link MemberIndex}, cached per members array. */
const memberIndex = (members: ReadonlyArray<ParameterInfo>): MemberIndex => {
  let index = indexCache.get(members)
  if (index === undefined) {
    index = {
      folded: new Map(members.map((member) => [fold(member.name), member])),
      named: new Map(members.map((member) => [member.name, member]))
    }
    indexCache.set(members, index)
  }
  return index
}

const listNames = (members: ReadonlyArray<ParameterInfo>): string => {
  const names = members.map((member) => member.name)
  return names.length <= 12 ? names.join(", ") : `${names.slice(0, 10).join(", ")} and ${names.length - 10} more`
}

const quote = (value: unknown): string => JSON.stringify(value) ?? String(value)

interface Context {
  readonly operation: string
  readonly issues: Array<ParameterIssue>
}

/** `Delete.Objects[0].Key`: a canonical, readable path for messages. */
const join = (parent: string, child: string | number): string =>
  typeof child === "number" ? `${parent}[${child}]` : parent === "" ? child : `${parent}.${child}`

const normalizeStructure = (
  members: ReadonlyArray<ParameterInfo>,
  input: Record<string, unknown>,
  path: Path,
  label: string,
  context: Context
): Record<string, unknown> => {
  const index = memberIndex(members).folded
  const out: Record<string, unknown> = {}
  const writtenAs = new Map<string, string>()
  for (const [key, value] of Object.entries(input)) {
    if (value === undefined) continue
    const member = index.get(fold(key))
    if (member === undefined) {
      const suggestion = didYouMean(key, members.map((m) => m.name))
      const hint = suggestion !== undefined
        ? `; did you mean "${suggestion}"?`
        : members.length === 0
        ? `; it takes no parameters`
        : `; valid parameters: ${listNames(members)}`
      context.issues.push({
        path: [...path, key],
        message: `unknown parameter "${join(label, key)}" for ${context.operation}${hint}`
      })
      continue
    }
    const previous = writtenAs.get(member.name)
    if (previous !== undefined) {
      context.issues.push({
        path: [...path, key],
        message: `parameter "${join(label, member.name)}" is given twice for ${context.operation} (as "${previous}" and "${key}")`
      })
      continue
    }
    writtenAs.set(member.name, key)
    out[member.name] = normalizeValue(member, value, [...path, key], join(label, member.name), context)
  }
  for (const member of members) {
    if (member.required && !writtenAs.has(member.name)) {
      context.issues.push({
        path,
        message: `missing required parameter "${join(label, member.name)}" for ${context.operation}`
      })
    }
  }
  return out
}

const normalizeValue = (
  info: ParameterInfo,
  value: unknown,
  path: Path,
  label: string,
  context: Context
): unknown => {
  const wrongType = (): unknown => {
    const got = info.type === "timestamp" && typeof value === "string" ? quote(value) : kindOf(value)
    context.issues.push({ path, message: `expected ${EXPECTED[info.type]} for "${label}", got ${got}` })
    return value
  }
  if (SCALARS.has(info.type) && isTemplate(value)) return value
  switch (info.type) {
    case "string": {
      if (typeof value !== "string") return wrongType()
      if (info.values !== undefined && info.values.length > 0 && !info.values.includes(value)) {
        const suggestion = didYouMean(value, info.values)
        context.issues.push({
          path,
          message: `expected one of ${info.values.map(quote).join(", ")} for "${label}", got ${quote(value)}${
            suggestion !== undefined ? `; did you mean ${quote(suggestion)}?` : ""
          }`
        })
      }
      return value
    }
    case "number":
      if (typeof value === "string" && NUMERIC.test(value)) return Number(value)
      return (typeof value === "number" && Number.isFinite(value)) || typeof value === "bigint" ? value : wrongType()
    case "boolean":
      if (value === "true" || value === "false") return value === "true"
      return typeof value === "boolean" ? value : wrongType()
    case "timestamp":
      return (value instanceof Date && !Number.isNaN(value.getTime())) ||
          (typeof value === "string" && isIsoTimestamp(value))
        ? value
        : wrongType()
    case "blob":
    case "streaming-blob":
      return typeof value === "string" || ArrayBuffer.isView(value) || isPlainObject(value) ? value : wrongType()
    case "list": {
      if (!Array.isArray(value)) return wrongType()
      const element = info.element
      return element === undefined
        ? value
        : value.map((item, i) => normalizeValue(element, item, [...path, i], join(label, i), context))
    }
    case "map": {
      if (!isPlainObject(value)) return wrongType()
      const element = info.element
      if (element === undefined) return value
      // Map keys are data (user metadata names, tags), never renamed.
      const out: Record<string, unknown> = {}
      for (const [key, item] of Object.entries(value)) {
        out[key] = normalizeValue(element, item, [...path, key], join(label, key), context)
      }
      return out
    }
    case "structure":
      return isPlainObject(value) ? normalizeStructure(info.members ?? [], value, path, label, context) : wrongType()
    case "unknown":
      return value
  }
}

/** See `Catalog.normalizeParameters`. */
export const normalize = (
  operation: OperationInfo,
  parameters: Record<string, unknown>
): { readonly parameters: Record<string, unknown>; readonly issues: ReadonlyArray<ParameterIssue> } => {
  const context: Context = { operation: operation.name, issues: [] }
  if (!isPlainObject(parameters)) {
    context.issues.push({
      path: [],
      message: `expected the parameters of ${operation.name} to be an object, got ${kindOf(parameters)}`
    })
    return { parameters: {}, issues: context.issues }
  }
  const out = normalizeStructure(operation.parameters, parameters, [], "", context)
  return { parameters: out, issues: context.issues }
}

const base64ToBytes = (base64: string): Uint8Array => {
  const binary = atob(base64)
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  return bytes
}


const convertValue = (info: ParameterInfo, value: unknown): unknown => {
  switch (info.type) {
    case "number":
      return typeof value === "string" && NUMERIC.test(value.trim()) ? Number(value) : value
    case "boolean":
      return value === "true" ? true : value === "false" ? false : value
    case "timestamp":
      return typeof value === "string" && !Number.isNaN(Date.parse(value)) ? new Date(value) : value
    case "blob":
      if (typeof value === "string") return new TextEncoder().encode(value)
      return isPlainObject(value) && typeof value["base64"] === "string" ? base64ToBytes(value["base64"]) : value
    case "streaming-blob":
      return isPlainObject(value) && typeof value["base64"] === "string" ? base64ToBytes(value["base64"]) : value
    case "list": {
      const element = info.element
      return Array.isArray(value) && element !== undefined ? value.map((item) => convertValue(element, item)) : value
    }
    case "map": {
      const element = info.element
      if (!isPlainObject(value) || element === undefined) return value
      const out: Record<string, unknown> = {}
      for (const [key, item] of Object.entries(value)) out[key] = convertValue(element, item)
      return out
    }
    case "structure":
      return isPlainObject(value) ? convertStructure(info.members ?? [], value) : value
    default:
      return value
  }
}

const convertStructure = (
  members: ReadonlyArray<ParameterInfo>,
  value: Record<string, unknown>
): Record<string, unknown> => {
  const { folded, named } = memberIndex(members)
  const out: Record<string, unknown> = {}
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue
    const item = value[key]
    // a step's parameters are normalised to the members' own names: folded only for other callers'
    const member = named.get(key) ?? folded.get(fold(key))
    out[member?.name ?? key] = member === undefined ? item : convertValue(member, item)
  }
  return out
}

/** See `Catalog.toSdkInput`. */
export const toSdk = (operation: OperationInfo, parameters: Record<string, unknown>): Record<string, unknown> =>
  convertStructure(operation.parameters, parameters)

const typeName = (info: ParameterInfo): string =>
  info.type === "list"
    ? `list<${info.element === undefined ? "unknown" : typeName(info.element)}>`
    : info.type === "map"
    ? `map<string, ${info.element === undefined ? "unknown" : typeName(info.element)}>`
    : info.type

/** Rows for every parameter, depth first; a recursive shape is listed once per branch. */
export const rows = (parameters: ReadonlyArray<ParameterInfo>): ReadonlyArray<ParameterRow> => {
  const out: Array<ParameterRow> = []
  const walkMembers = (
    members: ReadonlyArray<ParameterInfo>,
    prefix: string,
    depth: number,
    stack: ReadonlySet<ReadonlyArray<ParameterInfo>>
  ): void => {
    if (stack.has(members)) return
    const inner = new Set(stack).add(members)
    for (const member of members) {
      const path = prefix === "" ? member.name : `${prefix}.${member.name}`
      out.push({
        path,
        name: member.name,
        kebabName: kebabCase(member.name),
        type: member.type,
        typeName: typeName(member),
        required: member.required,
        depth,
        ...(member.values !== undefined ? { values: member.values } : {})
      })
      // Descend through lists / maps to the structures they hold.
      let holder: ParameterInfo | undefined = member
      let holderPath = path
      while (holder !== undefined && (holder.type === "list" || holder.type === "map")) {
        holderPath += holder.type === "list" ? "[]" : "{}"
        holder = holder.element
      }
      if (holder?.type === "structure" && holder.members !== undefined) {
        walkMembers(holder.members, holderPath, depth + 1, inner)
      }
    }
  }
  walkMembers(parameters, "", 0, new Set())
  return out
}
