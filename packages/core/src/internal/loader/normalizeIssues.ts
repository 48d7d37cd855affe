/**
 * Schema issues -> diagnostics in plain words (`expected a boolean, got string "yes"`), each at the
 * source position of the value (or, for a missing key, of the mapping that lacks it).
 */
import type * as SchemaAST from "effect/SchemaAST"
import type * as SchemaIssue from "effect/SchemaIssue"
import type * as Diagnostic from "../../Diagnostic.ts"
import { didYouMean } from "./didYouMean.ts"
import { isSecretKey } from "./normalize.ts"
import { type IndexEntry, pathKey } from "./normalizeIndex.ts"
import { describe, describeValue, type Loc, type Node } from "./yamlTree.ts"

type Path = ReadonlyArray<string | number>

export const issueDiagnostics = (
  issue: SchemaIssue.Issue,
  index: ReadonlyMap<string, IndexEntry>,
  fallback: Loc
): Array<Diagnostic.Diagnostic> => {
  const out: Array<Diagnostic.Diagnostic> = []
  const lookup = (path: Path): IndexEntry | undefined => {
    for (let n = path.length; n >= 0; n--) {
      const entry = index.get(pathKey(path.slice(0, n)))
      if (entry !== undefined) return entry
    }
    return undefined
  }
  const got = (path: Path): string => {
    const entry = index.get(pathKey(path))
    const redact = path.some(isSecretKey)
    if (entry === undefined) return "nothing"
    return entry.node !== undefined ? describe(entry.node, redact) : describeValue(entry.plain, redact)
  }
  const valueAt = (path: Path): Loc => lookup(path)?.value ?? fallback
  const push = (path: Path, position: Loc, message: string): void => {
    out.push({ position: { file: position.file, line: position.line, column: position.column }, path, message })
  }

  const walk = (issue: SchemaIssue.Issue, path: Path): void => {
    switch (issue._tag) {
      case "Pointer":
        return walk(issue.issue, [...path, ...issue.path.map(segment)])
      case "Composite":
        for (const inner of issue.issues) walk(inner, path)
        return
      case "Encoding":
        return walk(issue.issue, path)
      case "AnyOf":
        // one member the value could be (a mapping for `retries`, which is a number or a mapping):
        // what is wrong with it, not that it is neither
        if (issue.issues.length === 1) return walk(issue.issues[0]!, path)
        return push(path, valueAt(path), `expected ${expected(issue.ast)}, got ${got(path)}`)
      case "InvalidType":
        return push(path, valueAt(path), withHint(`expected ${expected(issue.ast)}, got ${got(path)}`, issue.ast, index.get(pathKey(path)), path))
      case "Filter": {
        const annotations = issue.filter.annotations
        const message = typeof annotations?.message === "string"
          ? annotations.message
          : `expected ${typeof annotations?.expected === "string" ? annotations.expected : "a valid value"}, got ${got(path)}`
        return push(path, valueAt(path), message)
      }
      case "InvalidValue": {
        const message = issue.annotations?.message
        return push(path, valueAt(path), typeof message === "string" ? message : `invalid value: ${got(path)}`)
      }
      case "MissingKey": {
        const parentPath = path.slice(0, -1)
        const key = path[path.length - 1]
        const parent = index.get(pathKey(parentPath))
        const node: Node | undefined = parent?.node
        if (node?._tag === "Map" && typeof key === "string" && node.suggested?.includes(key)) return
        const position = parent?.key ?? parent?.value ?? fallback
        return push(path, position, `missing required key "${String(key)}"${where(parentPath)}`)
      }
      case "UnexpectedKey": {
        const entry = index.get(pathKey(path))
        const key = String(path[path.length - 1])
        return push(path, entry?.key ?? valueAt(path), `unknown key "${key}"${knownKeys(issue.ast, key)}`)
      }
      case "Forbidden":
      case "OneOf":
        return push(path, valueAt(path), `invalid value: ${got(path)}`)
    }
  }
  walk(issue, [])
  return out
}

/** The keys of the mapping a key is unknown in: the one it resembles, else them all. */
const knownKeys = (ast: SchemaAST.AST, key: string): string => {
  if (ast._tag !== "Objects" || ast.propertySignatures.length === 0) return ""
  const names = ast.propertySignatures.map((property) => String(property.name))
  const suggestion = didYouMean(key, names)
  return suggestion !== undefined ? `; did you mean "${suggestion}"?` : `; expected one of: ${names.join(", ")}`
}

const segment = (key: PropertyKey): string | number => typeof key === "number" ? key : String(key)

const where = (parent: Path): string => {
  if (parent.length === 0) return " at the top level"
  const last = parent[parent.length - 1]
  if (typeof last === "number") {
    const list = parent[parent.length - 2]
    const kind = list === "groups" ? "group" : list === "credentials" ? "credential" : "step"
    return ` in ${kind}`
  }
  return ` in ${String(last)}`
}

/** What a schema expects, in words. */
const expected = (ast: SchemaAST.AST): string => {
  switch (ast._tag) {
    case "String":
      return "a string"
    case "Number":
      return "a number"
    case "Boolean":
      return "a boolean (true or false)"
    case "Objects":
      return "a mapping"
    case "Arrays":
      return "a list"
    case "Null":
      return "null"
    case "Literal":
      return JSON.stringify(ast.literal)
    case "Union":
      return ast.types.map(expected).join(" or ")
    default:
      return `a value of type ${ast._tag.toLowerCase()}`
  }
}

/** A hint for the usual YAML surprises (`yes` is a string in YAML 1.2, `name: 123` is a number). */
const withHint = (message: string, ast: SchemaAST.AST, entry: IndexEntry | undefined, path: Path): string => {
  const node = entry?.node
  if (node?._tag !== "Scalar" || path.some(isSecretKey) || node.sensitive === true) return message
  const value = node.value
  if (ast._tag === "Boolean" && typeof value === "string" && /^(yes|no|on|off|y|n|true|false)$/i.test(value)) {
    return `${message}; write true or false without quotes`
  }
  if (ast._tag === "Number" && typeof value === "string" && value.trim() !== "" && !Number.isNaN(Number(value))) {
    return `${message}; remove the quotes`
  }
  if (ast._tag === "String" && (typeof value === "number" || typeof value === "boolean")) {
    return `${message}; put it in quotes to make it a string`
  }
  return message
}
