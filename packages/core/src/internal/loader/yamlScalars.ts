/**
 * What the loader's fast YAML paths (yamlLines.ts, yamlFast.ts) share: plain scalars typed as the
 * yaml package types them, one string per repeated text, where a 1-based line and column of an
 * offset is, and the error that makes a fast path give up.
 */
import { isScalar, Schema } from "yaml"
import type { Loc, ScalarValue } from "./yamlTree.ts"

/** Thrown inside a fast path when it cannot be sure to give the yaml package's tree. */
export const giveUp = new Error("the fast YAML path gives up")

/** Characters or tokens the fast paths leave to the yaml package (a string holding one only costs speed). */
const unsupported = /(?:^|[\s[\]{},:-])(?:[&*!]|\?(?:\s|$))|<<|\t|\r|\uFEFF|^(?:---|\.\.\.|%)/m
/** What every match of `unsupported` holds: most suites hold none, and this is found ~3 times faster. */
const suspects = /[&*!?\t\r\uFEFF]|<<|^(?:---|\.\.\.|%)/m

/** `text` holds something the fast paths leave to the yaml package. */
export const refused = (text: string): boolean => suspects.test(text) && unsupported.test(text)

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

/**
 * Lines start after each "\n": 1-based line and column of an offset (nodes are not always placed in
 * document order: a binary search, after a look at the line of the last offset and the next).
 */
export const positions = (text: string, file: string): (offset: number) => Loc => {
  // counted first, then kept in a typed array: a large file has hundreds of thousands of lines
  let count = 1
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) count++
  const starts = new Int32Array(count)
  for (let i = text.indexOf("\n"), line = 1; i !== -1; i = text.indexOf("\n", i + 1)) starts[line++] = i + 1
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

/** V8 copies a string shorter than this when slicing it (its SlicedString's minimum length). */
const minSliced = 13
/** Longer strings are rarely repeated: not worth a lookup. */
const maxInterned = 64
/** A copy of `text` that holds nothing else: slicing a concatenation copies it out flat first. */
const unsliced = (text: string): string => (" " + text).slice(1)

/** The scalars of one document: each text repeated in it held once, each plain text typed once. */
export class ScalarTable {
  private readonly strings = new Map<string, string>()
  private readonly plains = new Map<string, ScalarValue>()

  /**
   * One string per text (a large suite repeats its keys, operations, buckets...), and never a slice of
   * the document: V8 keeps a whole document alive for a slice of 13 characters or more (the loaded
   * suite would hold the file's text for as long as it runs).
   */
  intern(text: string): string {
    if (text.length > maxInterned) return text.length < minSliced ? text : unsliced(text)
    const known = this.strings.get(text)
    if (known !== undefined) return known
    const own = text.length < minSliced ? text : unsliced(text)
    this.strings.set(own, own)
    return own
  }

  /** A plain scalar's value, typed as the yaml package types it (strings interned). */
  plain(text: string): ScalarValue {
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
}

/** What the fast paths read from: the text, where an offset of it is in its file, its scalars. */
export abstract class TextReader {
  protected readonly text: string
  protected readonly at: (offset: number) => Loc
  protected readonly scalars: ScalarTable

  constructor(text: string, at: (offset: number) => Loc, scalars: ScalarTable) {
    this.text = text
    this.at = at
    this.scalars = scalars
  }
}
