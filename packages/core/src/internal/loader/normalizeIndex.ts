/**
 * The index from normalised document paths to source positions.
 */
import { fold } from "../s3/sdkSchema.ts"
import type { Path } from "./normalize.ts"
import type { Loc, Node } from "./yamlTree.ts"

// ---------------------------------------------------------------------------------------------------
// the index: normalised document path -> source
// ---------------------------------------------------------------------------------------------------

export interface IndexEntry {
  /** Where the key was written, when the node is the value of a mapping key. */
  readonly key?: Loc
  readonly value: Loc
  /** The node as written (for values, redaction and the "explained" missing keys). */
  readonly node?: Node
  /** The plain value (inside normalised parameters, where there is no node). */
  readonly plain?: unknown
}

export const pathKey = (path: Path): string => JSON.stringify(path)

/** Every path of the tree, with its source; paths inside normalised parameters use the new keys. */
export const buildIndex = (root: Node): Map<string, IndexEntry> => {
  const index = new Map<string, IndexEntry>()
  const visit = (node: Node, path: Array<string | number>, key: Loc | undefined) => {
    index.set(pathKey(path), key === undefined ? { value: node.loc, node } : { key, value: node.loc, node })
    switch (node._tag) {
      case "Map":
        for (const entry of node.entries) visit(entry.value, [...path, entry.key], entry.keyLoc)
        return
      case "Seq":
        node.items.forEach((item, i) => visit(item, [...path, i], undefined))
        return
      case "Value":
        visitPlain(node.value, node.source, path)
        return
      case "Scalar":
        return
    }
  }
  const visitPlain = (value: unknown, source: Node | undefined, path: Array<string | number>) => {
    if (Array.isArray(value)) {
      value.forEach((item, i) => {
        const itemSource = source?._tag === "Seq" ? source.items[i] : undefined
        const loc = itemSource?.loc ?? source?.loc
        if (loc !== undefined) {
          index.set(pathKey([...path, i]), itemSource === undefined ? { value: loc, plain: item } : { value: loc, node: itemSource })
        }
        visitPlain(item, itemSource, [...path, i])
      })
    } else if (typeof value === "object" && value !== null) {
      for (const [k, v] of Object.entries(value)) {
        const entry = source?._tag === "Map"
          ? source.entries.find((e) => e.key === k) ?? source.entries.find((e) => fold(e.key) === fold(k))
          : undefined
        const loc = entry?.keyLoc ?? source?.loc
        if (loc !== undefined) {
          index.set(
            pathKey([...path, k]),
            entry === undefined ? { value: loc, plain: v } : { key: entry.keyLoc, value: entry.value.loc, node: entry.value }
          )
        }
        visitPlain(v, entry?.value, [...path, k])
      }
    }
  }
  visit(root, [], undefined)
  return index
}

/**
 * Where the value at `path` was written (its key, for a mapping's value), found by walking the tree:
 * the same answer as the index's `key ?? value`, without building the index. `"index"` when the path
 * goes into normalised parameters (a Value node), where only the index knows.
 */
export const sourceInTree = (root: Node, path: ReadonlyArray<string | number>): Loc | undefined | "index" => {
  let node = root
  let key: Loc | undefined
  for (const step of path) {
    if (node._tag === "Map") {
      const entry = node.entries.find((e) => e.key === step)
      if (entry === undefined) return undefined
      key = entry.keyLoc
      node = entry.value
    } else if (node._tag === "Seq") {
      const item = typeof step === "number" ? node.items[step] : undefined
      if (item === undefined) return undefined
      key = undefined
      node = item
    } else {
      return node._tag === "Value" ? "index" : undefined
    }
  }
  return key ?? node.loc
}
