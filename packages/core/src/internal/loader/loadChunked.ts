/**
 * A large valid file, loaded piece by piece (`sources: "steps"`, what `run` needs): the positioned
 * tree of a 100,000-step file is ~1.5 KB a step, and holding it whole (with the js-yaml result and
 * the decoded suite beside it) is what set a large run's peak memory (BENCHMARKS.md, "Scale").
 *
 * The file's `test_cases.groups` list is cut between its items, found in the text: each piece is
 * the file with only some of the groups (everything outside the groups, then those groups, each at
 * its own offsets), and goes through the same passes as a whole file (prepareTree, checkTree,
 * decodeByGroup; what is outside the groups, the same in every piece, is decoded once); its tree is
 * garbage before the next piece is parsed. Positions are those of the whole file. The only rules
 * across groups (unique group names and check ids) are checked on the decoded groups.
 *
 * Anything unusual gives up (undefined: the caller loads the whole file, as for every file): a
 * file the fast YAML path does not read, an `include:`, a list it cannot cut for sure, a piece whose
 * group count is not the count of items cut, any diagnostic (the whole file's path words and places
 * every problem, as before). So a piece never decides what a file means; it only spares the memory.
 */
import * as Effect from "effect/Effect"
import type * as Catalog from "../../Catalog.ts"
import type * as Diagnostic from "../../Diagnostic.ts"
import type * as Plugin from "../../Plugin.ts"
import type * as Suite from "../../Suite.ts"
import { loadPlugins, type PluginOptions } from "../plugin/pluginLoad.ts"
import { checkTree } from "./checkTree.ts"
import { outsideGroups, PlacesBuilder, type Sources, sourcesOf } from "./compactSources.ts"
import { decodeByGroup } from "./decodeByGroup.ts"
import { prepareTree } from "./yamlInclude.ts"
import { parseFast } from "./yamlFast.ts"
import { positions, refused } from "./yamlScalars.ts"
import { getEntry, type MapNode } from "./yamlTree.ts"

/** When a file is cut, and into pieces of about how many bytes of groups. */
export interface ChunkSizes {
  readonly minBytes: number
  readonly chunkBytes: number
}

/**
 * A file of 512 KiB or more (~3,700 steps of a plain suite), in pieces of ~16 KiB of groups (~90 steps):
 * a piece's trees then die young, and loading 100,000 steps took ~15% less CPU than in pieces of
 * 256 KiB (BENCHMARKS.md, "Issue 15, goals 2 and 4 (session 15)").
 */
export const defaultSizes: ChunkSizes = { minBytes: 512 * 1024, chunkBytes: 16 * 1024 }

/** Where the items of `test_cases.groups` start (each at the start of its line), and where the list ends. */
export interface GroupSpans {
  readonly starts: ReadonlyArray<number>
  readonly end: number
}

/** One line: where it starts, where the next starts, its indentation, what follows it. */
interface Line {
  readonly start: number
  readonly next: number
  readonly indent: number
  /** Blank or a comment only: it neither opens nor closes a block. */
  readonly blank: boolean
}

const lineAt = (text: string, start: number): Line => {
  const eol = text.indexOf("\n", start)
  const next = eol === -1 ? text.length : eol + 1
  const end = eol === -1 ? text.length : eol
  let i = start
  while (i < end && text.charCodeAt(i) === 32) i++
  return { start, next, indent: i - start, blank: i === end || text.charCodeAt(i) === 35 }
}

/** `text` holds `key:` at `at`, then only blanks or a comment to the end of its line. */
const keyLine = (text: string, line: Line, key: string): boolean => {
  const at = line.start + line.indent
  if (!text.startsWith(key, at)) return false
  return /^(?: *| +#.*)$/.test(text.slice(at + key.length, line.next).trimEnd())
}

/** A block list item at `line`'s indentation: `-` then a space or the end of the line. */
const itemLine = (text: string, line: Line): boolean => {
  const at = line.start + line.indent
  if (text.charCodeAt(at) !== 45) return false
  const after = text.charCodeAt(at + 1)
  return Number.isNaN(after) || after === 32 || after === 10
}

/**
 * The items of `test_cases.groups`, when the text writes them as a block list under block mappings
 * (`test_cases:` at the top level, `groups:` one level in). Undefined otherwise.
 */
export const groupSpans = (text: string): GroupSpans | undefined => {
  // `test_cases:` once at the top level (where a key starts a line at column 1: found by a search, not line by line)
  let testCases: Line | undefined
  for (const match of text.matchAll(/^test_cases:/gm)) {
    const line = lineAt(text, match.index)
    if (keyLine(text, line, "test_cases:")) {
      if (testCases !== undefined) return undefined
      testCases = line
    }
  }
  if (testCases === undefined) return undefined
  // its keys: the indentation of its first one; `groups:` at that indentation
  let childIndent: number | undefined
  let groups: Line | undefined
  for (let start = testCases.next; start < text.length && groups === undefined;) {
    const line = lineAt(text, start)
    start = line.next
    if (line.blank) continue
    if (line.indent === 0) return undefined
    childIndent ??= line.indent
    if (line.indent === childIndent && keyLine(text, line, "groups:")) groups = line
  }
  if (groups === undefined || childIndent === undefined) return undefined
  // its items: `-` at one indentation (the key's own or deeper); the list ends at any other line not deeper
  const starts: Array<number> = []
  let itemIndent: number | undefined
  for (let start = groups.next; start < text.length;) {
    const line = lineAt(text, start)
    if (!line.blank) {
      if (itemIndent === undefined) {
        if (line.indent < childIndent || !itemLine(text, line)) return undefined
        itemIndent = line.indent
      }
      if (line.indent < itemIndent || (line.indent === itemIndent && !itemLine(text, line))) {
        return starts.length === 0 ? undefined : { starts, end: line.start }
      }
      if (line.indent === itemIndent) starts.push(line.start)
    }
    start = line.next
  }
  return starts.length === 0 ? undefined : { starts, end: text.length }
}

/** What Loader.loadString returns for the file. */
export interface Chunked {
  readonly suite: Suite.Suite
  readonly sources: Sources
  readonly catalog: Catalog.Catalog
  readonly plugins: ReadonlyArray<Plugin.Plugin>
}

/** Consecutive items, about `bytes` of text each: [first item, item after the last). */
const pieces = (spans: GroupSpans, bytes: number): Array<readonly [number, number]> => {
  const out: Array<readonly [number, number]> = []
  let first = 0
  for (let i = 1; i <= spans.starts.length; i++) {
    const end = i === spans.starts.length ? spans.end : spans.starts[i]!
    if (i === spans.starts.length || end - spans.starts[first]! >= bytes) {
      out.push([first, i])
      first = i
    }
  }
  return out
}

/** Loads `text` piece by piece, or undefined (see the module's description). */
export const loadChunked = (
  text: string,
  file: string,
  env: Readonly<Record<string, string | undefined>>,
  options: PluginOptions | undefined,
  sizes: ChunkSizes = defaultSizes
): Effect.Effect<Chunked | undefined> =>
  Effect.gen(function*() {
    // what the fast paths refuse, looked for once in the whole file (a piece is cut at line starts)
    if (text.length < sizes.minBytes || refused(text)) return undefined
    const spans = groupSpans(text)
    if (spans === undefined) return undefined
    const parts = pieces(spans, sizes.chunkBytes)
    if (parts.length < 2) return undefined
    const place = positions(text, file)
    const prefix = text.slice(0, spans.starts[0])
    const suffix = text.slice(spans.end)
    let problems = 0
    const report = (_: Diagnostic.Diagnostic) => {
      problems++
    }
    let first: { suite: Suite.Suite; outside: MapNode; catalog: Catalog.Catalog; plugins: ReadonlyArray<Plugin.Plugin> } | undefined
    const groups: Array<Suite.Group> = []
    const places = new PlacesBuilder()
    // the piece's offsets -> the file's: the text before the groups, these groups, the text after them
    // (one function for every piece, so the parser's calls to it stay optimised from one to the next)
    let start = 0
    let middle = 0
    const at = (offset: number) =>
      place(
        offset < prefix.length
          ? offset
          : offset < prefix.length + middle
          ? offset - prefix.length + start
          : offset - prefix.length - middle + spans.end
      )
    for (const [from, to] of parts) {
      start = spans.starts[from]!
      const end = to === spans.starts.length ? spans.end : spans.starts[to]!
      middle = end - start
      const root = parseFast(prefix + text.slice(start, end) + suffix, file, at, true)
      if (root?._tag !== "Map") return undefined
      const prepared = prepareTree(root, env, report)
      if (getEntry(prepared, "include") !== undefined) return undefined
      const loaded = first ?? (yield* loadPlugins(prepared, options, report))
      if (problems > 0) return undefined
      const final = checkTree(prepared, loaded.catalog, report, true)
      if (problems > 0) return undefined
      const suite = decodeByGroup(final, first?.suite)
      if (suite === undefined || suite.test_cases.groups.length !== to - from) return undefined
      first ??= { suite, outside: outsideGroups(final), catalog: loaded.catalog, plugins: loaded.plugins }
      groups.push(...suite.test_cases.groups)
      places.add(final)
    }
    if (first === undefined || !unique(groups.map((group) => group.name)) || !unique(groups.map((group) => group.id))) {
      return undefined
    }
    const suite: Suite.Suite = { ...first.suite, test_cases: { ...first.suite.test_cases, groups } }
    return { suite, sources: sourcesOf(first.outside, places.build()), catalog: first.catalog, plugins: first.plugins }
  })

/** No value twice (absent values aside): checkReferences's rule across groups. */
const unique = (values: ReadonlyArray<string | undefined>): boolean => {
  const seen = new Set<string>()
  for (const value of values) {
    if (value === undefined) continue
    if (seen.has(value)) return false
    seen.add(value)
  }
  return true
}
