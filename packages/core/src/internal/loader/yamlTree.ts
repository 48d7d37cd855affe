/**
 * YAML text -> a small tree of plain values where every node remembers where it was written
 * (file, line, column). Everything after parsing (includes, aliases, templates, decoding) works on
 * this tree, so every diagnostic can point at the exact place, even across included files.
 */
import {
  type Alias,
  type Document,
  isAlias,
  isCollection,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  type Node as YamlNode,
  parseDocument,
  visit,
  type YAMLError
} from "yaml"
import type * as Diagnostic from "../../Diagnostic.ts"
import { parseFast } from "./yamlFast.ts"

/** A 1-based place in a file. */
export type Loc = Diagnostic.SourcePosition

export type Node = MapNode | SeqNode | ScalarNode | ValueNode

export interface Entry {
  readonly key: string
  /** Where the key was written (after alias normalisation, `key` may differ from the text). */
  readonly keyLoc: Loc
  /** The key as written, when alias normalisation changed it. */
  readonly writtenKey?: string
  readonly value: Node
}

export interface MapNode {
  readonly _tag: "Map"
  readonly loc: Loc
  readonly entries: ReadonlyArray<Entry>
  /** Keys suggested for misspelt keys of this mapping: their absence is already explained. */
  readonly suggested?: ReadonlyArray<string>
}

export interface SeqNode {
  readonly _tag: "Seq"
  readonly loc: Loc
  readonly items: ReadonlyArray<Node>
}

export type ScalarValue = string | number | boolean | null

export interface ScalarNode {
  readonly _tag: "Scalar"
  readonly loc: Loc
  readonly value: ScalarValue
  /** The value (partly) came from an environment variable: never echo it in a message. */
  readonly sensitive?: boolean
}

/**
 * A plain value that replaced a subtree (normalised operation parameters); `source` is the subtree
 * as written, kept for source positions.
 */
export interface ValueNode {
  readonly _tag: "Value"
  readonly loc: Loc
  readonly value: unknown
  readonly source: Node
}

export const mapNode = (loc: Loc, entries: ReadonlyArray<Entry>): MapNode => ({ _tag: "Map", loc, entries })
export const seqNode = (loc: Loc, items: ReadonlyArray<Node>): SeqNode => ({ _tag: "Seq", loc, items })

export const getEntry = (node: MapNode, key: string): Entry | undefined => node.entries.find((e) => e.key === key)

export const get = (node: Node | undefined, key: string): Node | undefined =>
  node?._tag === "Map" ? getEntry(node, key)?.value : undefined

export const setEntry = (node: MapNode, key: string, value: Node): MapNode => {
  let found = false
  const entries = node.entries.map((e) => {
    if (e.key !== key) return e
    found = true
    return { ...e, value }
  })
  return { ...node, entries: found ? entries : [...entries, { key, keyLoc: node.loc, value }] }
}

/** A suite tree's `test_cases.groups` list: its items, and the tree with other items in its place. */
export interface GroupList {
  readonly items: ReadonlyArray<Node>
  readonly replaced: (items: ReadonlyArray<Node>) => MapNode
}

/** The group list of a suite tree; undefined when `test_cases` is not a mapping or `groups` not a list. */
export const groupList = (root: MapNode): GroupList | undefined => {
  const testCases = get(root, "test_cases")
  const groups = get(testCases, "groups")
  if (testCases?._tag !== "Map" || groups?._tag !== "Seq") return undefined
  return {
    items: groups.items,
    replaced: (items) => setEntry(root, "test_cases", setEntry(testCases, "groups", seqNode(groups.loc, items)))
  }
}

export const removeEntry = (node: MapNode, key: string): MapNode => ({
  ...node,
  entries: node.entries.filter((e) => e.key !== key)
})

/** The tree as plain JavaScript values. */
export const toPlain = (node: Node): unknown => {
  switch (node._tag) {
    case "Scalar":
    case "Value":
      return node.value
    case "Seq":
      return node.items.map(toPlain)
    case "Map": {
      const out: Record<string, unknown> = {}
      for (const entry of node.entries) out[entry.key] = toPlain(entry.value)
      return out
    }
  }
}

/** What a reader would call the value: `string "yes"`, `number 5`, `a list`... */
export const describe = (node: Node | undefined, redact: boolean): string => {
  if (node === undefined) return "nothing"
  const value = node._tag === "Value" ? node.value : node._tag === "Scalar" ? node.value : undefined
  if (node._tag === "Map") return "a mapping"
  if (node._tag === "Seq") return "a list"
  return describeValue(value, redact || (node._tag === "Scalar" && node.sensitive === true))
}

export const describeValue = (value: unknown, redact: boolean): string => {
  if (value === null || value === undefined) return "nothing (null)"
  if (Array.isArray(value)) return "a list"
  switch (typeof value) {
    case "string":
      if (redact) return "a string"
      return `string ${JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value)}`
    case "number":
    case "boolean":
      return redact ? `a ${typeof value}` : `${typeof value} ${String(value)}`
    case "object":
      return "a mapping"
    default:
      return `a ${typeof value}`
  }
}

export interface ParsedFile {
  readonly root: Node | undefined
  readonly diagnostics: ReadonlyArray<Diagnostic.Diagnostic>
}

/**
 * How many values aliases may add to a document: stops "billion laughs" documents. Values written
 * out in the file do not count (its size is bounded by the file size limit).
 */
const maxAliasValues = 200_000

/** Thrown out of the conversion when aliases add too much: nothing of such a document is used. */
class AliasLimit {
  readonly diagnostic: Diagnostic.Diagnostic
  constructor(diagnostic: Diagnostic.Diagnostic) {
    this.diagnostic = diagnostic
  }
}

/**
 * Parses one YAML document. Syntax errors, duplicate keys, multiple documents and unresolved tags are
 * diagnostics; when there are any, `root` is undefined (a broken tree would only add noise). Plain
 * documents take the fast path (yamlFast.ts: the same tree); the rest, and every problem, this one.
 */
export const parse = (text: string, file: string): ParsedFile => {
  const fast = parseFast(text, file)
  return fast === undefined ? parseWithYaml(text, file) : { root: fast, diagnostics: [] }
}

/** {@link parse} by the yaml package alone (test/YamlFast.test.ts compares the two paths). */
export const parseWithYaml = (text: string, file: string): ParsedFile => {
  const lineCounter = new LineCounter()
  // Duplicate keys are found by the conversion: the yaml package's check is quadratic in a mapping's size.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false })
  const at = (offset: number): Loc => {
    const { line, col } = lineCounter.linePos(offset)
    return { file, line, column: col }
  }
  const yamlDiagnostic = (error: YAMLError): Diagnostic.Diagnostic => ({
    position: at(error.pos[0]),
    path: [],
    message: yamlMessage(error)
  })
  const problems = [...doc.errors, ...doc.warnings].map(yamlDiagnostic)
  if (problems.length > 0) return { root: undefined, diagnostics: problems }
  const diagnostics: Array<Diagnostic.Diagnostic> = []
  if (doc.contents === null) return { root: undefined, diagnostics: [] }
  try {
    const root = new Converter(doc, at, diagnostics).convert(doc.contents as YamlNode, undefined)
    // like the parser's own errors, a duplicate key leaves no tree (which of the two values is meant?)
    return { root: diagnostics.some((d) => d.message === duplicateKey) ? undefined : root, diagnostics }
  } catch (error) {
    if (error instanceof AliasLimit) return { root: undefined, diagnostics: [error.diagnostic] }
    throw error
  }
}

const duplicateKey = "duplicate key: each key may appear only once in a mapping"

/**
 * The node each alias refers to: the closest anchor of that name before it, found in one walk of the
 * document (the yaml package's `Alias.resolve` walks the document again for every alias).
 */
const aliasTargets = (doc: Document): Map<Alias, YamlNode> => {
  const anchors = new Map<string, YamlNode>()
  const targets = new Map<Alias, YamlNode>()
  visit(doc, {
    Node: (_key, node) => {
      if (isAlias(node)) {
        const target = anchors.get(node.source)
        if (target !== undefined) targets.set(node, target)
      } else if ((isScalar(node) || isCollection(node)) && node.anchor !== undefined) {
        anchors.set(node.anchor, node)
      }
    }
  })
  return targets
}

/** Quoted tokens longer than this are cut in syntax errors: the token may be a secret. */
const quotedTokenPrefix = 4

/** `Unexpected scalar token in YAML stream: "wJalrX..."` -> `"wJal..."`; likewise for unquoted echoes. */
const cutTokens = (message: string): string =>
  message
    .replace(/"((?:[^"\\]|\\.)*)"/g, (quoted, inner: string) =>
      inner.length <= quotedTokenPrefix + 3 ? quoted : `"${inner.slice(0, quotedTokenPrefix)}..."`)
    .replace(/((?:Not a YAML token|includes extra characters): )(.+)$/, (whole, head: string, token: string) =>
      token.length <= quotedTokenPrefix + 3 ? whole : `${head}${token.slice(0, quotedTokenPrefix)}...`)

const yamlMessage = (error: YAMLError): string => {
  switch (error.code) {
    case "MULTIPLE_DOCS":
      return "the file holds more than one YAML document (a second `---`); put one suite per file"
    case "TAG_RESOLVE_FAILED":
      return `${cutTokens(error.message)} (s3tester does not support custom YAML tags; use \`include:\` to combine files)`
    default:
      return `YAML syntax error: ${cutTokens(error.message.replace(/\s+/g, " ").trim())}`
  }
}

/** Where a node is, from the root: built into a path only for a diagnostic (most nodes never need it). */
type PathLink = { readonly parent: PathLink; readonly key: string | number } | undefined

const pathOf = (link: PathLink): ReadonlyArray<string | number> => {
  const keys: Array<string | number> = []
  for (let at = link; at !== undefined; at = at.parent) keys.push(at.key)
  return keys.reverse()
}

class Converter {
  /** Values added by alias expansion so far. */
  private added = 0
  private readonly resolving = new Set<YamlNode>()
  /** Found on the first alias: most documents have none, and the walk costs as much as the conversion. */
  private targets: Map<Alias, YamlNode> | undefined
  private readonly doc: Document
  private readonly at: (offset: number) => Loc
  private readonly diagnostics: Array<Diagnostic.Diagnostic>
  constructor(doc: Document, at: (offset: number) => Loc, diagnostics: Array<Diagnostic.Diagnostic>) {
    this.doc = doc
    this.at = at
    this.diagnostics = diagnostics
  }

  private loc(node: YamlNode | null | undefined, fallback: Loc): Loc {
    const range = node?.range
    return range === undefined || range === null ? fallback : this.at(range[0])
  }

  convert(node: YamlNode, at: PathLink, fallback?: Loc): Node | undefined {
    const loc = this.loc(node, fallback ?? this.at(0))
    if (this.resolving.size > 0 && ++this.added > maxAliasValues) {
      throw new AliasLimit({
        position: loc,
        path: pathOf(at),
        message: `the document expands to more than ${maxAliasValues} values through aliases; refusing to load it`
      })
    }
    if (isAlias(node)) {
      this.targets ??= aliasTargets(this.doc)
      const target = this.targets.get(node)
      if (target === undefined) {
        this.diagnostics.push({ position: loc, path: pathOf(at), message: `unknown alias *${node.source}` })
        return undefined
      }
      if (this.resolving.has(target)) {
        this.diagnostics.push({ position: loc, path: pathOf(at), message: `alias *${node.source} refers to itself` })
        return undefined
      }
      this.resolving.add(target)
      try {
        return this.convert(target, at, loc)
      } finally {
        this.resolving.delete(target)
      }
    }
    if (isScalar(node)) {
      // An empty value (`key:`) has an empty range at the start of the next token: use the key's place.
      const range = node.range
      const empty = range !== undefined && range !== null && range[0] === range[1] && fallback !== undefined
      return { _tag: "Scalar", loc: empty ? fallback : loc, value: scalarValue(node.value) }
    }
    if (isSeq(node)) {
      const items: Array<Node> = []
      node.items.forEach((item, index) => {
        const converted = this.convert(item as YamlNode, { parent: at, key: index }, loc)
        if (converted !== undefined) items.push(converted)
      })
      return seqNode(loc, items)
    }
    if (isMap(node)) {
      const entries: Array<Entry> = []
      const keys = new Set<string>()
      const merges: Array<Node> = []
      for (const pair of node.items) {
        if (!isPair(pair)) continue
        const keyNode = pair.key as YamlNode | null
        const keyLoc = this.loc(keyNode, loc)
        if (keyNode !== null && !isScalar(keyNode)) {
          this.diagnostics.push({ position: keyLoc, path: pathOf(at), message: "a key must be a plain string" })
          continue
        }
        const key = keyNode === null ? "" : String(keyNode.value)
        if (keys.has(key)) {
          // an anchored mapping was checked where it is written: report it once
          if (this.resolving.size === 0) this.diagnostics.push({ position: keyLoc, path: pathOf(at), message: duplicateKey })
          continue
        }
        keys.add(key)
        const valueNode = pair.value as YamlNode | null
        const value: Node | undefined = valueNode === null
          ? { _tag: "Scalar", loc: keyLoc, value: null }
          : this.convert(valueNode, { parent: at, key }, keyLoc)
        if (value === undefined) continue
        if (key === "<<" && keyNode !== null && (keyNode as { type?: string }).type === "PLAIN") {
          merges.push(value)
          continue
        }
        entries.push({ key, keyLoc, value })
      }
      // YAML merge keys (`<<: *defaults`): explicit keys win, then earlier merge sources.
      for (const source of merges) {
        const sources = source._tag === "Seq" ? source.items : [source]
        for (const s of sources) {
          if (s._tag !== "Map") {
            this.diagnostics.push({ position: s.loc, path: pathOf(at), message: "a merge key (<<) needs a mapping or a list of mappings" })
            continue
          }
          for (const entry of s.entries) {
            if (!keys.has(entry.key)) {
              keys.add(entry.key)
              entries.push(entry)
            }
          }
        }
      }
      return mapNode(loc, entries)
    }
    this.diagnostics.push({ position: loc, path: pathOf(at), message: "unsupported YAML node" })
    return undefined
  }
}

const scalarValue = (value: unknown): ScalarValue => {
  if (value === null || value === undefined) return null
  if (typeof value === "string" || typeof value === "boolean") return value
  if (typeof value === "number") return value
  if (typeof value === "bigint") return Number(value)
  if (value instanceof Date) return value.toISOString()
  return String(value)
}
