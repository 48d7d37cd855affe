/**
 * The fast paths of yamlTree.parse, tried in order: the line reader (yamlLines.ts) for what suite
 * files are made of, then a tree built from js-yaml (about ten times faster than the yaml package on
 * large suites) for other plain documents. Both give the yaml package's tree or give up (undefined:
 * the caller parses with the yaml package, which also words every problem): on what `refused` finds
 * (anchors, aliases, tags, merge keys, explicit keys, directives and document markers, tabs, carriage
 * returns), and here on any error js-yaml reports (a duplicate key, bad syntax, a reserved indicator).
 * Plain scalars are typed by the yaml package's own core schema, so a value is the same whichever
 * path read it; positions are those the yaml package gives.
 */
import { FAILSAFE_SCHEMA, load } from "js-yaml"
import { parseLines } from "./yamlLines.ts"
import { giveUp, positions, refused, ScalarTable, TextReader } from "./yamlScalars.ts"
import type { Entry, Loc, Node } from "./yamlTree.ts"

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

/**
 * Parses `text` into the tree yamlTree.parse would give, or undefined when it cannot be sure to
 * (the caller then takes the yaml package's path): by the line path (yamlLines.ts) when it reads
 * the text, else by js-yaml's. `at` places an offset of `text` (by default in `text` itself;
 * loadChunked.ts parses pieces of a file and places them in the file, and tells with `checked`
 * that it ran the `refused` check on the whole file once).
 */
export const parseFast = (text: string, file: string, at?: (offset: number) => Loc, checked = false): Node | undefined => {
  if (!checked && refused(text)) return undefined
  const place = at ?? positions(text, file)
  const scalars = new ScalarTable()
  const simple = parseLines(text, place, scalars)
  if (simple !== undefined) return simple
  const stack: Array<Frame> = []
  const builder = new NodeBuilder(text, place, scalars)
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

class NodeBuilder extends TextReader {
  /** An empty value (`key:`): the yaml package places it at its key (or its list). */
  private static nodeOr(frame: Frame, fallback: Loc): Node {
    return frame.node ?? { _tag: "Scalar", loc: fallback, value: null }
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
      return { _tag: "Scalar", loc, value: quoted ? this.scalars.intern(frame.result) : this.scalars.plain(frame.result) }
    }
    if (Array.isArray(frame.result)) {
      if (frame.kind !== "sequence" || frame.children.length !== frame.result.length) throw giveUp
      return { _tag: "Seq", loc, items: frame.children.map((child) => NodeBuilder.nodeOr(child, loc)) }
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
      entries.push({ key, keyLoc: keyNode.loc, value: NodeBuilder.nodeOr(frame.children[i + 1]!, keyNode.loc) })
    }
    if (retyped && new Set(entries.map((entry) => entry.key)).size !== entries.length) {
      throw giveUp // the yaml package's path words it
    }
    return { _tag: "Map", loc, entries }
  }
}
