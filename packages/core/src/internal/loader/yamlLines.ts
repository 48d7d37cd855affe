/**
 * The first fast path of yamlTree.parse: what suite files are made of, read in one pass over the
 * text into the tree the yaml package's path gives (values, keys, every position):
 *
 * - block mappings and block lists, one key or item a line (`- name: x` starts a mapping in an item);
 * - flow mappings and lists (`{ Bucket: b, Key: "k" }`) within one line;
 * - plain, single- and double-quoted scalars within one line; comments; blank lines.
 *
 * It gives up (undefined: js-yaml's path in yamlFast.ts, then the yaml package's, which words every
 * problem) on anything else: block scalars (`|`, `>`), a scalar or flow collection over several
 * lines, an empty list item or flow value, a key written twice or typed as no string, a `:` it
 * cannot place, indentation it does not expect, escapes it does not know, and what `refused`
 * (yamlScalars.ts) refuses before any path runs. So it never decides what a document means alone:
 * what it reads, the other paths read the same way (test/YamlFast.test.ts compares them).
 */
import { giveUp, type ScalarTable, TextReader } from "./yamlScalars.ts"
import type { Entry, Loc, MapNode, Node, SeqNode } from "./yamlTree.ts"

/** Deeper nesting is left to the other paths (a suite is a few levels deep). */
const maxDepth = 64
/** The yaml package's limit of an implicit key. */
const maxKeyLength = 1024

// character codes
const space = 32, newline = 10, hash = 35, colon = 58, dash = 45
const comma = 44, doubleQuote = 34, singleQuote = 39, backslash = 92

/** `text` as a tree, or undefined when this path cannot be sure to give the yaml package's tree. */
export const parseLines = (text: string, at: (offset: number) => Loc, scalars: ScalarTable): Node | undefined => {
  try {
    // every line ends with a line break: only the search for the next line ever reads past the text
    // (reading past a string's end makes V8 drop the code it optimised for reading inside it)
    return new LineReader(text.endsWith("\n") ? text : text + "\n", at, scalars).document()
  } catch (error) {
    if (error === giveUp) return undefined
    throw error
  }
}

/** The end of a line (not a character: `charCodeAt` past the text is NaN). */
const endsLine = (c: number): boolean => c === newline || c !== c

/** A plain scalar may start with `c` (then `next`): no indicator, bar `-` before a character. */
const plainStart = (c: number, next: number, flow: boolean): boolean => {
  if (c === dash) return !(next === space || endsLine(next) || (flow && isFlowIndicator(next)))
  // - ? : , [ ] { } # & * ! | > ' " % @ `
  return !(c === 63 || c === colon || c === comma || isFlowIndicator(c) || c === hash || c === 38 || c === 42 ||
    c === 33 || c === 124 || c === 62 || c === singleQuote || c === doubleQuote || c === 37 || c === 64 ||
    c === 96 || c === space || endsLine(c))
}

/** Mappings with more keys than this find a key written twice through a set of their keys. */
const scannedKeys = 16
const keySets = new WeakMap<ReadonlyArray<Entry>, Set<string>>()

/** `key` is written in `entries` already (entries are only ever added to: the set follows them). */
const written = (entries: ReadonlyArray<Entry>, key: string): boolean => {
  if (entries.length < scannedKeys) {
    for (const entry of entries) if (entry.key === key) return true
    return false
  }
  let keys = keySets.get(entries)
  if (keys === undefined) keySets.set(entries, keys = new Set(entries.map((entry) => entry.key)))
  if (keys.has(key)) return true
  keys.add(key)
  return false
}

/** The escapes of double-quoted scalars this path reads (and `\uXXXX`); any other gives up. */
const escapes: Readonly<Record<string, string>> = {
  "\"": "\"", "\\": "\\", "/": "/", n: "\n", t: "\t", r: "\r", "0": "\0"
}

const isFlowIndicator = (c: number): boolean => c === 91 || c === 93 || c === 123 || c === 125 || c === comma

class LineReader extends TextReader {
  /** Between nodes, the start of a line. */
  private pos = 0
  /** Where the last quoted scalar or flow collection read ended (so reading one allocates no pair). */
  private end = 0

  document(): Node {
    const indent = this.nextContent()
    if (indent < 0) throw giveUp
    const root = this.block(indent, 0)
    if (this.nextContent() >= 0) throw giveUp // something after the root's block
    return root
  }

  /** Skips blank and comment lines from a line's start: the indentation of the next line with content, or -1. */
  private nextContent(): number {
    const text = this.text
    for (;;) {
      let i = this.pos
      while (i < text.length && text.charCodeAt(i) === space) i++
      if (i === text.length) return -1
      const c = text.charCodeAt(i)
      if (c === newline) this.pos = i + 1
      else if (c === hash) this.pos = this.nextLine(i)
      else return i - this.pos
    }
  }

  /** Where the line after the one holding `offset` starts (the text's end on the last line). */
  private nextLine(offset: number): number {
    const eol = this.text.indexOf("\n", offset)
    return eol === -1 ? this.text.length : eol + 1
  }

  /** Past a node ending at `offset`: blanks, then a comment or the end of the line; the next line's start. */
  private endOfLine(offset: number): number {
    const text = this.text
    let i = offset
    while (text.charCodeAt(i) === space) i++
    const c = text.charCodeAt(i)
    if (c === hash && i > offset) return this.nextLine(i)
    if (endsLine(c)) return c === newline ? i + 1 : i
    throw giveUp
  }

  private isItem(offset: number): boolean {
    const text = this.text
    if (text.charCodeAt(offset) !== dash) return false
    const next = text.charCodeAt(offset + 1)
    return next === space || endsLine(next)
  }

  /** The block node at `indent` on the line starting at `pos`. */
  private block(indent: number, depth: number): Node {
    if (depth > maxDepth) throw giveUp
    const start = this.pos + indent
    return this.isItem(start) ? this.sequence(start, indent, depth) : this.mapping(start, indent, depth)
  }

  /** A block mapping whose first key is at `first` (its `:` at `firstEnd` when known), its keys at column `indent`. */
  private mapping(first: number, indent: number, depth: number, firstEnd = -1): MapNode {
    const entries: Array<Entry> = []
    let start = first
    for (;;) {
      const keyEnd = start === first && firstEnd >= 0 ? firstEnd : this.keyEnd(start)
      if (keyEnd < 0) throw giveUp
      const key = this.keyText(start, keyEnd)
      if (written(entries, key)) throw giveUp
      const keyLoc = this.at(start)
      entries.push({ key, keyLoc, value: this.value(keyEnd + 1, indent, keyLoc, depth) })
      const next = this.nextContent()
      if (next < indent) break
      if (next > indent || this.isItem(this.pos + next)) throw giveUp
      start = this.pos + next
    }
    return { _tag: "Map", loc: entries[0]!.keyLoc, entries } // a block mapping is where its first key is
  }

  /**
   * Where the `:` of a key starting at `start` is (followed by a blank or the end of the line), or -1
   * when the line holds no key there.
   */
  private keyEnd(start: number): number {
    const text = this.text
    const c = text.charCodeAt(start)
    let i: number
    if (c === doubleQuote || c === singleQuote) {
      this.quoted(start)
      i = this.end
      while (text.charCodeAt(i) === space) i++
      if (text.charCodeAt(i) !== colon) return -1
    } else {
      if (!plainStart(c, text.charCodeAt(start + 1), false)) return -1
      for (i = start;; i++) {
        const ch = text.charCodeAt(i)
        if (endsLine(ch) || (ch === hash && text.charCodeAt(i - 1) === space)) return -1
        if (ch === colon) {
          const next = text.charCodeAt(i + 1)
          if (next === space || endsLine(next)) break
        }
      }
    }
    const next = text.charCodeAt(i + 1)
    return next === space || endsLine(next) ? i : -1
  }

  /** The key written from `start` to its `:` at `end`. */
  private keyText(start: number, end: number): string {
    const text = this.text
    const c = text.charCodeAt(start)
    if (c === doubleQuote || c === singleQuote) return this.quoted(start)
    let last = end
    while (text.charCodeAt(last - 1) === space) last--
    if (last - start > maxKeyLength) throw giveUp
    for (let i = start; i < last; i++) if (isFlowIndicator(text.charCodeAt(i))) throw giveUp
    const key = this.scalars.plain(text.slice(start, last))
    if (typeof key !== "string") throw giveUp // `1:` or `true:`: js-yaml's path types and checks keys
    return key
  }

  /** The value after a key's `:` (at `offset`); `pos` ends at the start of the line after it. */
  private value(offset: number, indent: number, keyLoc: Loc, depth: number): Node {
    const text = this.text
    let i = offset
    while (text.charCodeAt(i) === space) i++
    const c = text.charCodeAt(i)
    if (!endsLine(c) && c !== hash) return this.inline(i, depth)
    // nothing on the key's line: a block below it, a list at its indentation, or an empty value
    this.pos = this.endOfLine(offset)
    const next = this.nextContent()
    if (next > indent) return this.block(next, depth + 1)
    if (next === indent && this.isItem(this.pos + next)) return this.sequence(this.pos + next, next, depth + 1)
    return { _tag: "Scalar", loc: keyLoc, value: null }
  }

  /** A block list whose first `-` is at `first`, at column `indent`. */
  private sequence(first: number, indent: number, depth: number): SeqNode {
    const text = this.text
    const items: Array<Node> = []
    let item = first
    let keyEnd: number
    for (;;) {
      let i = item + 1
      while (text.charCodeAt(i) === space) i++
      const c = text.charCodeAt(i)
      if (endsLine(c) || c === hash) {
        // the item on the lines below (an empty item is placed by the yaml package's path)
        this.pos = this.endOfLine(item + 1)
        const next = this.nextContent()
        if (next <= indent) throw giveUp
        items.push(this.block(next, depth + 1))
      } else if (this.isItem(i)) {
        throw giveUp // `- - x`
      } else if ((keyEnd = this.keyEnd(i)) >= 0) {
        items.push(this.mapping(i, indent + i - item, depth + 1, keyEnd))
      } else {
        items.push(this.inline(i, depth + 1))
      }
      const next = this.nextContent()
      if (next < indent || (next === indent && !this.isItem(this.pos + next))) break // a key of the mapping around a list at its indentation
      if (next > indent) throw giveUp
      item = this.pos + next
    }
    return { _tag: "Seq", loc: this.at(first), items }
  }

  /** A scalar or a flow collection that ends its line; `pos` ends at the start of the next line. */
  private inline(start: number, depth: number): Node {
    const text = this.text
    const c = text.charCodeAt(start)
    if (c === 123 || c === 91) {
      const flow = this.flow(start, depth + 1)
      this.pos = this.endOfLine(this.end)
      return flow
    }
    if (c === doubleQuote || c === singleQuote) {
      const value = this.quoted(start)
      this.pos = this.endOfLine(this.end)
      return { _tag: "Scalar", loc: this.at(start), value }
    }
    if (!plainStart(c, text.charCodeAt(start + 1), false)) throw giveUp
    // to the end of the line or a comment; a `: ` inside is a mapping the yaml package refuses
    const eol = text.indexOf("\n", start)
    const lineEnd = eol === -1 ? text.length : eol
    let last = start
    while (last < lineEnd && !(text.charCodeAt(last) === hash && text.charCodeAt(last - 1) === space)) last++
    while (text.charCodeAt(last - 1) === space) last--
    const raw = text.slice(start, last)
    if (raw.includes(": ") || raw.endsWith(":")) throw giveUp
    this.pos = eol === -1 ? text.length : eol + 1
    return { _tag: "Scalar", loc: this.at(start), value: this.scalars.plain(raw) }
  }

  /** A flow mapping or list at `start`, within its line (`end` is set past it). */
  private flow(start: number, depth: number): Node {
    if (depth > maxDepth) throw giveUp
    const text = this.text
    const isMap = text.charCodeAt(start) === 123
    const close = isMap ? 125 : 93
    const entries: Array<Entry> = []
    const items: Array<Node> = []
    let i = this.flowSpaces(start + 1)
    if (text.charCodeAt(i) !== close) {
      for (;;) {
        if (isMap) {
          const keyStart = i
          let key: string
          if (text.charCodeAt(i) === doubleQuote || text.charCodeAt(i) === singleQuote) {
            key = this.quoted(i)
            i = this.flowSpaces(this.end)
          } else {
            i = this.flowPlainEnd(i, true)
            let last = i
            while (text.charCodeAt(last - 1) === space) last--
            const typed = this.scalars.plain(text.slice(keyStart, last))
            if (typeof typed !== "string") throw giveUp
            key = typed
          }
          if (text.charCodeAt(i) !== colon || text.charCodeAt(i + 1) !== space) throw giveUp
          if (written(entries, key)) throw giveUp
          const value = this.flowValue(this.flowSpaces(i + 1), depth)
          entries.push({ key, keyLoc: this.at(keyStart), value })
          i = this.flowSpaces(this.end)
        } else {
          items.push(this.flowValue(i, depth))
          i = this.flowSpaces(this.end)
        }
        const c = text.charCodeAt(i)
        if (c === close) break
        if (c !== comma) throw giveUp
        i = this.flowSpaces(i + 1)
        if (text.charCodeAt(i) === close) throw giveUp // a trailing comma
      }
    }
    const loc = this.at(start)
    this.end = i + 1
    return isMap ? { _tag: "Map", loc, entries } : { _tag: "Seq", loc, items }
  }

  /** A value inside a flow collection at `start`: a nested collection, a quoted or a plain scalar (`end` is set past it). */
  private flowValue(start: number, depth: number): Node {
    const text = this.text
    const c = text.charCodeAt(start)
    if (c === 123 || c === 91) return this.flow(start, depth + 1)
    if (c === doubleQuote || c === singleQuote) return { _tag: "Scalar", loc: this.at(start), value: this.quoted(start) }
    const end = this.flowPlainEnd(start, false)
    let last = end
    while (text.charCodeAt(last - 1) === space) last--
    this.end = end
    return { _tag: "Scalar", loc: this.at(start), value: this.scalars.plain(text.slice(start, last)) }
  }

  /**
   * Where a plain scalar in a flow collection ends: at a `,` or the collection's end, or (a key) at
   * its `:`. A `:` in a value, a `#`, an indicator at its start or the line's end gives up.
   */
  private flowPlainEnd(start: number, key: boolean): number {
    const text = this.text
    if (!plainStart(text.charCodeAt(start), text.charCodeAt(start + 1), true)) throw giveUp
    for (let i = start;; i++) {
      const c = text.charCodeAt(i)
      if (c === comma || c === 93 || c === 125) {
        if (key) throw giveUp // a key without a value
        return i
      }
      if (c === colon) {
        if (key) return i
        throw giveUp
      }
      if (c === hash || c === 91 || c === 123 || endsLine(c)) throw giveUp
    }
  }

  /** Blanks inside a flow collection (it stays on one line). */
  private flowSpaces(offset: number): number {
    let i = offset
    while (this.text.charCodeAt(i) === space) i++
    if (endsLine(this.text.charCodeAt(i))) throw giveUp
    return i
  }

  /** The quoted scalar at `start`, within its line (`end` is set past it). */
  private quoted(start: number): string {
    const text = this.text
    const quote = text.charCodeAt(start)
    let out = ""
    let from = start + 1
    for (let i = from;; i++) {
      const c = text.charCodeAt(i)
      if (endsLine(c)) throw giveUp
      if (c === quote) {
        if (quote === singleQuote && text.charCodeAt(i + 1) === singleQuote) {
          out += text.slice(from, i + 1)
          from = ++i + 1
          continue
        }
        out += text.slice(from, i)
        this.end = i + 1
        return this.scalars.intern(out)
      }
      if (c === backslash && quote === doubleQuote) {
        out += text.slice(from, i) + this.escape(i)
        i += text.charCodeAt(i + 1) === 117 ? 5 : 1
        from = i + 1
      }
    }
  }

  /** The character a double-quoted scalar's escape at `offset` stands for. */
  private escape(offset: number): string {
    const text = this.text
    if (text.charCodeAt(offset + 1) === 117) { // \uXXXX
      const hex = text.slice(offset + 2, offset + 6)
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw giveUp
      return String.fromCharCode(Number.parseInt(hex, 16))
    }
    const escaped = escapes[text.charAt(offset + 1)]
    if (escaped === undefined) throw giveUp
    return escaped
  }
}
