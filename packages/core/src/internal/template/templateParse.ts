/**
 * The syntax of `${{ root.path }}` templates: a string is a list of literal text and expressions;
 * an expression is a dotted path with optional `[index]` or `["key"]` segments. Nothing is ever
 * evaluated: an expression names a value, nothing more.
 */

export type Segment = string | number

export interface Expression {
  /** As written between `${{` and `}}`, trimmed. */
  readonly text: string
  readonly root: string
  /** The segments after the root. */
  readonly path: ReadonlyArray<Segment>
}

export type Part =
  | { readonly _tag: "Text"; readonly text: string }
  | { readonly _tag: "Expr"; readonly expression: Expression }
  | { readonly _tag: "Invalid"; readonly raw: string; readonly problem: string }

const templatePattern = /\$\{\{([\s\S]*?)\}\}/g
const namePattern = /^[A-Za-z_$][A-Za-z0-9_$-]*/
const indexPattern = /^\[(\d+)\]/
/** A root and `.name` segments only (what namePattern and the `.` segments below accept). */
const dottedPattern = /^[A-Za-z_$][A-Za-z0-9_$-]*(?:\.[A-Za-z0-9_$-]+)*$/
const quotedPattern = /^\[(?:"([^"]*)"|'([^']*)')\]/

/** `true` for a string holding at least one `${{`. */
export const hasTemplate = (value: unknown): value is string => typeof value === "string" && value.includes("${{")

/** Parses `root.a.b[0]["c d"]`; a string is the reason it is not a path. */
export const parseExpression = (raw: string): Expression | string => {
  const text = raw.trim()
  if (text === "") return "empty template ${{ }}"
  // most templates are a plain dotted path (vars.prefix, steps.put.ETag): split, nothing more
  if (dottedPattern.test(text)) {
    const [root, ...path] = text.split(".")
    return { text, root: root!, path }
  }
  const rootMatch = namePattern.exec(text)
  if (rootMatch === null) return `invalid template \${{ ${text} }}: expected a path such as vars.name`
  const root = rootMatch[0]
  const path: Array<Segment> = []
  let rest = text.slice(root.length)
  while (rest.length > 0) {
    if (rest.startsWith(".")) {
      const name = /^[A-Za-z0-9_$-]+/.exec(rest.slice(1))
      if (name === null) return `invalid template \${{ ${text} }}: expected a name after "."`
      path.push(name[0])
      rest = rest.slice(1 + name[0].length)
      continue
    }
    const index = indexPattern.exec(rest)
    if (index !== null) {
      path.push(Number(index[1]))
      rest = rest.slice(index[0].length)
      continue
    }
    const quoted = quotedPattern.exec(rest)
    if (quoted !== null) {
      path.push(quoted[1] ?? quoted[2] ?? "")
      rest = rest.slice(quoted[0].length)
      continue
    }
    return `invalid template \${{ ${text} }}: only paths are allowed (names, [index], ["key"]), no expressions`
  }
  return { text, root, path }
}

/** Parsed strings by text: a suite repeats its templates (a bucket's name in every step). */
const parsedTexts = new Map<string, ReadonlyArray<Part>>()
/** The most strings remembered (then forgotten all at once), and the longest one. */
const maxParsedTexts = 4096
const maxParsedLength = 256

/** Splits a string into text and expressions. An unterminated `${{` is an Invalid part. */
export const parse = (text: string): ReadonlyArray<Part> => {
  if (text.length > maxParsedLength) return parseText(text)
  const known = parsedTexts.get(text)
  if (known !== undefined) return known
  const parts = parseText(text)
  if (parsedTexts.size >= maxParsedTexts) parsedTexts.clear()
  parsedTexts.set(text, parts)
  return parts
}

const parseText = (text: string): ReadonlyArray<Part> => {
  const parts: Array<Part> = []
  let last = 0
  templatePattern.lastIndex = 0
  for (let match = templatePattern.exec(text); match !== null; match = templatePattern.exec(text)) {
    if (match.index > last) parts.push({ _tag: "Text", text: text.slice(last, match.index) })
    last = match.index + match[0].length
    const parsed = parseExpression(match[1] ?? "")
    parts.push(
      typeof parsed === "string"
        ? { _tag: "Invalid", raw: match[0], problem: parsed }
        : { _tag: "Expr", expression: parsed }
    )
  }
  const rest = text.slice(last)
  if (rest.includes("${{")) {
    const at = rest.indexOf("${{")
    if (at > 0) parts.push({ _tag: "Text", text: rest.slice(0, at) })
    parts.push({ _tag: "Invalid", raw: rest.slice(at), problem: "unterminated template: \"${{\" without a closing \"}}\"" })
  } else if (rest.length > 0) parts.push({ _tag: "Text", text: rest })
  return parts
}

/** Every expression in a string (invalid ones left out). */
export const expressionsIn = (text: string): ReadonlyArray<Expression> =>
  parse(text).flatMap((part) => (part._tag === "Expr" ? [part.expression] : []))

/** `root.a[0].b` as written in messages. */
export const formatPath = (root: string, path: ReadonlyArray<Segment>): string =>
  path.reduce<string>(
    (out, segment) =>
      typeof segment === "number"
        ? `${out}[${segment}]`
        : /^[A-Za-z0-9_$-]+$/.test(segment)
        ? `${out}.${segment}`
        : `${out}["${segment}"]`,
    root
  )
