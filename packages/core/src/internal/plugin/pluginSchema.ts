/**
 * A plugin operation's parameters, from its Effect Schema: the `ParameterInfo` tree the catalog,
 * the validator and `s3tester operations` use, load-time validation (key spelling, unknown, missing
 * and mistyped parameters like built-in operations, then the Schema's own checks) and the decoding
 * of the template-resolved parameters at run time.
 *
 * @internal
 */
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import * as SchemaAST from "effect/SchemaAST"
import * as SchemaIssue from "effect/SchemaIssue"
import type { ParameterInfo, ParameterIssue, ParameterType } from "../../Catalog.ts"
import { isTemplate, normalize, toSdk } from "../s3/catalogParameters.ts"
import { fold } from "../s3/sdkSchema.ts"

type Path = ReadonlyArray<string | number>

const MAX_DEPTH = 6

const literalValues = (ast: SchemaAST.AST): ReadonlyArray<string> | undefined => {
  if (ast._tag === "Literal") return typeof ast.literal === "string" ? [ast.literal] : undefined
  if (ast._tag === "Union") {
    const values: Array<string> = []
    for (const member of ast.types) {
      const inner = literalValues(member)
      if (inner === undefined) return undefined
      values.push(...inner)
    }
    return values
  }
  return undefined
}

const info = (name: string, required: boolean, ast: SchemaAST.AST, depth: number): ParameterInfo => {
  const of = (type: ParameterType, extra: Partial<ParameterInfo> = {}): ParameterInfo => ({ name, type, required, ...extra })
  if (depth > MAX_DEPTH) return of("unknown")
  switch (ast._tag) {
    case "String":
    case "TemplateLiteral":
      return of("string")
    case "Number":
      return of("number")
    case "Boolean":
      return of("boolean")
    case "Literal":
      return typeof ast.literal === "string"
        ? of("string", { values: [ast.literal] })
        : typeof ast.literal === "number"
        ? of("number")
        : typeof ast.literal === "boolean"
        ? of("boolean")
        : of("unknown")
    case "Union": {
      const values = literalValues(ast)
      if (values !== undefined) return of("string", { values })
      const defined = ast.types.filter((t) => t._tag !== "Undefined" && t._tag !== "Null")
      return defined.length === 1 ? info(name, required, defined[0]!, depth) : of("unknown")
    }
    case "Arrays": {
      const element = ast.rest[0] ?? ast.elements[0]
      return of("list", element === undefined ? {} : { element: info("member", false, element, depth + 1) })
    }
    case "Objects": {
      if (ast.propertySignatures.length === 0 && ast.indexSignatures.length > 0) {
        return of("map", { element: info("value", false, ast.indexSignatures[0]!.type, depth + 1) })
      }
      if (ast.indexSignatures.length > 0) return of("unknown")
      return of("structure", { members: membersOf(ast, depth + 1) })
    }
    case "Suspend":
      return info(name, required, ast.thunk(), depth + 1)
    default:
      return of("unknown")
  }
}

const membersOf = (ast: SchemaAST.Objects, depth: number): ReadonlyArray<ParameterInfo> =>
  ast.propertySignatures
    .filter((ps) => typeof ps.name === "string")
    .map((ps) => info(ps.name as string, ps.type.context?.isOptional !== true, ps.type, depth))

/**
 * The parameters a schema describes, read from its encoded side (a field with a decoding default is
 * optional to write). A schema that is not a struct has no listable parameters.
 */
export const parametersOf = (schema: Schema.Top): ReadonlyArray<ParameterInfo> => {
  let ast = SchemaAST.toEncoded(schema.ast)
  while (ast._tag === "Suspend") ast = ast.thunk()
  return ast._tag === "Objects" ? membersOf(ast, 0) : []
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Date) &&
  !ArrayBuffer.isView(value)

/** The keys as the user wrote them along a path of canonical names. */
export const userPath = (raw: unknown, path: Path): Array<string | number> => {
  const out: Array<string | number> = []
  let node = raw
  for (const segment of path) {
    if (typeof segment === "number" || !isPlainObject(node)) {
      out.push(segment)
      node = Array.isArray(node) && typeof segment === "number" ? node[segment] : undefined
      continue
    }
    const written = segment in node ? segment : Object.keys(node).find((key) => fold(key) === fold(segment))
    out.push(written ?? segment)
    node = written === undefined ? undefined : node[written]
  }
  return out
}

const valueAt = (value: unknown, path: Path): unknown => {
  let node = value
  for (const segment of path) {
    if (Array.isArray(node) && typeof segment === "number") node = node[segment]
    else if (isPlainObject(node) && typeof segment === "string") node = node[segment]
    else return undefined
  }
  return node
}

const containsTemplate = (value: unknown): boolean =>
  isTemplate(value) ||
  (Array.isArray(value) ? value.some(containsTemplate) : isPlainObject(value) && Object.values(value).some(containsTemplate))

const formatter = SchemaIssue.makeFormatterStandardSchemaV1()

const label = (path: Path): string =>
  path.reduce<string>((out, s) => (typeof s === "number" ? `${out}[${s}]` : out === "" ? s : `${out}.${s}`), "")

/** Schema decoding issues as `{ path (canonical), message }`. */
export const schemaIssues = (
  schema: Schema.ConstraintDecoder<unknown>,
  value: unknown
): ReadonlyArray<{ readonly path: Path; readonly message: string }> => {
  const decoded = Schema.decodeUnknownResult(schema)(value, { errors: "all", onExcessProperty: "error" })
  if (Result.isSuccess(decoded)) return []
  return formatter(decoded.failure.issue).issues.map((issue) => ({
    path: (issue.path ?? []).map((segment) =>
      typeof segment === "object" && segment !== null && "key" in segment ? segment.key : segment
    ) as Path,
    message: issue.message
  }))
}

/**
 * Load-time validation of a plugin operation's parameters: first exactly like a built-in operation
 * (keys in any spelling are renamed to the schema's, unknown ones get a did-you-mean, missing and
 * mistyped ones are reported), then the Schema's own checks (enums, patterns, refinements). Values
 * holding a `${{ }}` template are checked at run time, when they are known.
 */
export const validate = (
  operation: string,
  parameters: ReadonlyArray<ParameterInfo>,
  schema: Schema.ConstraintDecoder<unknown>,
  raw: Record<string, unknown>
): { readonly parameters: Record<string, unknown>; readonly issues: ReadonlyArray<ParameterIssue> } => {
  const generic = normalize({ name: operation, kebabName: operation, source: "", parameters }, raw)
  if (!isPlainObject(raw)) return generic
  const reported = new Set(generic.issues.map((issue) => JSON.stringify(issue.path)))
  const issues: Array<ParameterIssue> = [...generic.issues]
  for (const issue of schemaIssues(schema, generic.parameters)) {
    if (issue.message === "Missing key" || issue.message === "Expected no excess property") continue
    const at = valueAt(generic.parameters, issue.path)
    if (containsTemplate(at)) continue
    const path = userPath(raw, issue.path)
    const key = JSON.stringify(path)
    if (reported.has(key)) continue
    reported.add(key)
    const what = issue.path.length === 0 ? `the parameters of ${operation}` : `"${label(issue.path)}" of ${operation}`
    issues.push({ path, message: `invalid ${what}: ${issue.message}` })
  }
  return { parameters: generic.parameters, issues }
}

/**
 * Run-time decoding of the template-resolved parameters: strings that templating produced for
 * numbers and booleans are converted first, then the schema decodes (defaults applied).
 */
export const decode = <A>(
  operation: string,
  parameters: ReadonlyArray<ParameterInfo>,
  schema: Schema.ConstraintDecoder<A>,
  input: Record<string, unknown>
): Result.Result<A, string> => {
  const converted = toSdk({ name: operation, kebabName: operation, source: "", parameters }, input)
  const decoded = Schema.decodeUnknownResult(schema)(converted, { errors: "all", onExcessProperty: "ignore" })
  if (Result.isSuccess(decoded)) return Result.succeed(decoded.success)
  const messages = formatter(decoded.failure.issue).issues.map((issue) => {
    const path = (issue.path ?? []).map((s) => (typeof s === "object" && s !== null && "key" in s ? s.key : s)) as Path
    return path.length === 0 ? issue.message : `${label(path)}: ${issue.message}`
  })
  return Result.fail(`invalid parameters for ${operation}: ${messages.join("; ")}`)
}
