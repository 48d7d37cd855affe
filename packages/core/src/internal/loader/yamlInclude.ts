/**
 * Reads a suite file and everything it includes, recursively, into one merged tree.
 *
 * - `include:` is a path or a list of paths, relative to the including file.
 * - Included trees are merged first, in the order listed, then the including file on top: see
 *   `mergeSuites` (credentials and groups concatenated, any other key: the including file wins).
 * - A file reached twice through different includes is merged once (the first time); a file that
 *   includes itself, directly or not, is a cycle and a diagnostic.
 */
import * as Effect from "effect/Effect"
import * as FileSystem from "effect/FileSystem"
import * as Path from "effect/Path"
import { mergeSuites, prepareFile, type Report } from "./normalize.ts"
import { applyCheckDefaults } from "./normalizeTree.ts"
import { readSuiteFile } from "./suiteFile.ts"
import { getEntry, type Loc, type MapNode, type Node, parse, removeEntry } from "./yamlTree.ts"

export interface IncludeContext {
  readonly env: Readonly<Record<string, string | undefined>>
  readonly report: Report
  /** Absolute paths of the files loaded so far. */
  readonly seen: Set<string>
  /** Set when a file could not be read or parsed: the merged tree is then incomplete. */
  incomplete: boolean
}

interface Frame {
  readonly absolute: string
  readonly file: string
}

const at = (loc: Loc): Loc => ({ file: loc.file, line: loc.line, column: loc.column })

/**
 * Parses `text` (the contents of `file`), prepares it (aliases, unknown keys, env) and merges in its
 * includes. Returns undefined when the file has nothing usable (the reasons are reported).
 */
export const loadTree = (
  text: string,
  file: string,
  stack: ReadonlyArray<Frame>,
  context: IncludeContext
): Effect.Effect<MapNode | undefined, never, FileSystem.FileSystem | Path.Path> =>
  Effect.gen(function*() {
    const parsed = parse(text, file)
    for (const diagnostic of parsed.diagnostics) context.report(diagnostic)
    if (parsed.diagnostics.length > 0) context.incomplete = true
    const root = parsed.root
    if (root === undefined) return undefined
    if (root._tag !== "Map") {
      context.report({
        position: at(root.loc),
        path: [],
        message: "a suite file must be a mapping with config and test_cases (and optionally include)"
      })
      context.incomplete = true
      return undefined
    }
    const prepared = prepareTree(root, context.env, context.report)
    const includeEntry = getEntry(prepared, "include")
    const own = removeEntry(prepared, "include")
    if (includeEntry === undefined) return own

    const path = yield* Path.Path
    let merged: MapNode | undefined
    for (const item of includeItems(includeEntry.value, context.report)) {
      const name = item.value
      const target = path.isAbsolute(name) ? name : path.join(path.dirname(file), name)
      const absolute = path.resolve(target)
      const cycleStart = stack.findIndex((frame) => frame.absolute === absolute)
      if (cycleStart >= 0) {
        const chain = [...stack.slice(cycleStart).map((frame) => frame.file), target].join(" -> ")
        context.report({ position: at(item.loc), path: ["include"], message: `include cycle: ${chain}` })
        continue
      }
      if (context.seen.has(absolute)) continue
      context.seen.add(absolute)
      const read = yield* Effect.result(readSuiteFile(target))
      if (read._tag === "Failure") {
        context.report({
          position: at(item.loc),
          path: ["include"],
          message: `cannot read included file "${name}" (${target}): ${read.failure}`
        })
        context.incomplete = true
        continue
      }
      const tree = yield* loadTree(read.success, target, [...stack, { absolute, file: target }], context)
      if (tree !== undefined) merged = merged === undefined ? tree : mergeSuites(merged, tree, context.report)
    }
    return merged === undefined ? own : mergeSuites(merged, own, context.report)
  })

/** The passes each file needs alone: aliases, unknown keys, env substitution, then the checks' defaults. */
export const prepareTree = (root: MapNode, env: IncludeContext["env"], report: Report): MapNode =>
  applyCheckDefaults(prepareFile(root, env, report), report)

const includeItems = (
  node: Node,
  report: Report
): Array<{ readonly value: string; readonly loc: Loc }> => {
  const items = node._tag === "Seq" ? node.items : node._tag === "Scalar" && node.value === null ? [] : [node]
  return items.flatMap((item) => {
    if (item._tag === "Scalar" && typeof item.value === "string" && item.value.trim() !== "") {
      return [{ value: item.value.trim(), loc: item.loc }]
    }
    report({ position: at(item.loc), path: ["include"], message: "an include must be a file path (a string)" })
    return []
  })
}
