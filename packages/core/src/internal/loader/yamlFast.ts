/**
 * The fast path of yamlTree.parse: the same tree, built from js-yaml (about ten times faster than
 * the yaml package on large suites, see bench/validate.mjs) for the plain documents most suites are.
 * It gives up (undefined: the caller parses with the yaml package, which also words every problem)
 * on anything it does not reproduce exactly: anchors, aliases, tags, merge keys, explicit keys,
 * directives and document markers, tabs, carriage returns, and any error js-yaml reports (a
 * duplicate key, bad syntax, a reserved indicator). Plain scalars are typed by the yaml package's own core schema, so a
 * value is the same whichever path read it; positions are those the yaml package gives.
 */
import { FAILSAFE_SCHEMA, load } from "js-yaml"
import { isScalar, Schema } from "yaml"
import type { Entry, Loc, Node, ScalarValue } from "./yamlTree.ts"

/** Characters or tokens the fast path leaves to the yaml package (a string holding one only costs speed). */
const unsupported = /(?:^|[\s[\]{},:-])(?:[&*!]|\?(?:\s|$))|<<|\t|\r|\uFEFF|^(?:---|\.\.\.|%)/m

/** The yaml package's core schema tags that type a plain scalar, in its order of resolution. */
const implicitTags = new Schema({ schema: "core" }).tags.filter(
  (tag): tag is typeof tag & { test: RegExp; resolve: (value: string, onError: (message: string) => void, options: object) => unknown } =>
    "test" in tag && tag.test instanceof RegExp && tag.default === true
)

const plainValue = (text: string): ScalarValue => {
  for (const tag of implicitTags) {
    if (!tag.test.test(text)) continue
    let failed = false
    const resolved = tag.resolve(text, () => (failed = true), {})
    if (failed) throw giveUp
    // some resolvers (null, bool, some floats) return a Scalar node holding the value
    const value = isScalar(resolved) ? resolved.value : resolved
    if (value === null || value === undefined) return null
    if (typeof value === "boolean" || typeof value === "number" || typeof value === "string") return value
    if (typeof value === "bigint") return Number(value)
    throw giveUp
  }
  return text
}

/** What js-yaml's listener reports of one node: where it starts and ends, what it holds. */
interface Frame {
  start: number
  end: number
  kind: string | null
  result: unknown
  children: Array<Frame>
  /**
   * The node, built as soon as the frame is complete (its children are then dropped, so a large
   * document never holds its frames and its tree at once); undefined for an empty value, which is
   * placed by its parent.
   */
  node: Node | undefined
}

const giveUp = new Error("the fast YAML path gives up")

/**
 * Lines start after each "\n": 1-based line and column of an offset (nodes are built children
 * first, so offsets do not come in document order: a binary search).
 */
export const positions = (text: string, file: string): (offset: number) => Loc => {
  // counted first, then kept in a typed array: a large file has hundreds of thousands of lines
  let count = 1
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) count++
  const starts = new Int32Array(count)
  for (let i = text.indexOf("\n"), line = 1; i !== -1; i = text.indexOf("\n", i + 1)) starts[line++] = i + 1
  // most offsets asked for are on the line of the one before or the next (a key, then its value)
  let last = 0
  return (offset: number): Loc => {
    let low: number
    if (starts[last]! <= offset && (last + 1 === count || offset < starts[last + 1]!)) low = last
    else if (last + 1 < count && starts[last + 1]! <= offset && (last + 2 === count || offset < starts[last + 2]!)) low = last + 1
    else {
      low = 0
      let high = count - 1
      while (low < high) {
        const middle = (low + high + 1) >> 1
        if (starts[middle]! <= offset) low = middle
        else high = middle - 1
      }
    }
    last = low
    return { file, line: low + 1, column: offset - starts[low]! + 1 }
  }
}

/** Where a node's text starts: past blanks, line breaks and comments before it. */
const startOf = (text: string, offset: number): number => {
  let i = offset
  for (;;) {
    const c = text.charCodeAt(i)
    if (c === 32 || c === 10) i++
    else if (c === 35 && (i === 0 || text.charCodeAt(i - 1) === 32 || text.charCodeAt(i - 1) === 10)) {
      const eol = text.indexOf("\n", i)
      if (eol === -1) return text.length
      i = eol + 1
    } else return i
  }
}

/**
 * js-yaml reports a node once per attempt to read it (as a key, then as a value): one frame per
 * node. A frame is collapsed when it closes, so its children are collapsed already.
 */
const collapse = (text: string, frame: Frame): Frame => {
  let f = frame
  while (f.children.length === 1) {
    const child = f.children[0]!
    if (child.result !== f.result || child.end !== f.end) break
    if (child.start !== f.start && startOf(text, child.start) !== startOf(text, f.start)) break
    f = child
  }
  return f
}

const noChildren: Array<Frame> = []

/** V8 copies a string shorter than this when slicing it (its SlicedString's minimum length). */
const minSliced = 13
/** Longer strings are rarely repeated: not worth a lookup. */
const maxInterned = 64
/** A copy of `text` that holds nothing else: slicing a concatenation copies it out flat first. */
const unsliced = (text: string): string => (" " + text).slice(1)

/**
 * Parses `text` into the tree yamlTree.parse would give, or undefined when it cannot be sure to
 * (the caller then takes the yaml package's path). `at` places an offset of `text` (by default in
 * `text` itself; loadChunked.ts parses pieces of a file and places them in the file).
 */
export const parseFast = (text: string, file: string, at?: (offset: number) => Loc): Node | undefined => {
  if (unsupported.test(text)) return undefined
  const stack: Array<Frame> = []
  const builder = new NodeBuilder(text, at ?? positions(text, file))
  let root: Frame | undefined
  try {
    load(text, {
      schema: FAILSAFE_SCHEMA,
      json: false,
      listener: (event, state) => {
        if (event === "open") {
          stack.push({ start: state.position, end: state.position, kind: null, result: undefined, children: [], node: undefined })
          return
        }
        const raw = stack.pop()!
        raw.end = state.position
        raw.kind = state.kind
        raw.result = state.result
        const frame = collapse(text, raw)
        if (frame === raw) builder.build(frame) // a collapsed frame was built when it closed
        const parent = stack.at(-1)
        if (parent === undefined) root = frame
        else parent.children.push(frame)
      }
    })
  } catch {
    // js-yaml's errors, and the builder's giving up
    return undefined
  }
  return root?.node
}

class NodeBuilder {
  private readonly text: string
  private readonly at: (offset: number) => Loc
  /** One string for each text repeated in the document (keys, operation names, buckets...). */
  private readonly strings = new Map<string, string>()
  /** The value of each plain scalar text seen (repeated keys and values are typed once). */
  private readonly plains = new Map<string, ScalarValue>()
  constructor(text: string, at: (offset: number) => Loc) {
    this.text = text
    this.at = at
  }

  /** An empty value (`key:`): the yaml package places it at its key (or its list). */
  private static valueOf(frame: Frame, fallback: Loc): Node {
    return frame.node ?? { _tag: "Scalar", loc: fallback, value: null }
  }

  /**
   * One string per text (a large suite repeats its keys, operations, buckets...), and never a slice of
   * the document: js-yaml slices its input, and V8 keeps a whole document alive for a slice of 13
   * characters or more (the loaded suite would hold the file's text for as long as it runs).
   */
  private intern(text: string): string {
    if (text.length > maxInterned) return text.length < minSliced ? text : unsliced(text)
    const known = this.strings.get(text)
    if (known !== undefined) return known
    const own = text.length < minSliced ? text : unsliced(text)
    this.strings.set(own, own)
    return own
  }

  /** A plain scalar's value, typed as the yaml package types it (strings interned). */
  private plain(text: string): ScalarValue {
    if (text.length > maxInterned) {
      const value = plainValue(text)
      return typeof value === "string" ? this.intern(value) : value
    }
    const known = this.plains.get(text)
    if (known !== undefined) return known
    const value = plainValue(text)
    const own = typeof value === "string" ? this.intern(value) : value
    this.plains.set(this.intern(text), own)
    return own
  }

  /** Builds `frame.node` from its children's nodes, then drops the children. */
  build(frame: Frame): void {
    frame.node = this.nodeOf(frame)
    frame.children = noChildren
  }

  private nodeOf(frame: Frame): Node | undefined {
    const start = startOf(this.text, frame.start)
    if (frame.result === null || frame.result === undefined) {
      if (frame.children.length > 0 || start < frame.end && this.text.slice(start, frame.end).trim() !== "") throw giveUp
      return undefined
    }
    const loc = this.at(start)
    if (typeof frame.result === "string") {
      if (frame.children.length > 0) throw giveUp
      const first = this.text.charCodeAt(start)
      const quoted = first === 34 || first === 39
      return { _tag: "Scalar", loc, value: quoted ? this.intern(frame.result) : this.plain(frame.result) }
    }
    if (Array.isArray(frame.result)) {
      if (frame.kind !== "sequence" || frame.children.length !== frame.result.length) throw giveUp
      return { _tag: "Seq", loc, items: frame.children.map((child) => NodeBuilder.valueOf(child, loc)) }
    }
    if (frame.kind !== "mapping" || typeof frame.result !== "object") throw giveUp
    let written = 0
    for (const _ in frame.result) written++
    if (frame.children.length !== 2 * written) throw giveUp
    const entries: Array<Entry> = []
    // js-yaml refuses a key written twice; a key typed as no string (`0x10` is 16) may still repeat one
    let retyped = false
    for (let i = 0; i < frame.children.length; i += 2) {
      // a key is a string scalar (its node says how it was written: quoted or typed as plain)
      const keyNode = frame.children[i]!.node
      if (typeof frame.children[i]!.result !== "string" || keyNode?._tag !== "Scalar") throw giveUp
      const key = String(keyNode.value)
      if (typeof keyNode.value !== "string") retyped = true
      entries.push({ key, keyLoc: keyNode.loc, value: NodeBuilder.valueOf(frame.children[i + 1]!, keyNode.loc) })
    }
    if (retyped && new Set(entries.map((entry) => entry.key)).size !== entries.length) {
      throw giveUp // the yaml package's path words it
    }
    return { _tag: "Map", loc, entries }
  }
}
