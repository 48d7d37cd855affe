/**
 * The passes between the YAML tree and decoding:
 *
 * - per file: key aliases (`before-test` -> `before_test`), unknown keys (with did-you-mean), empty
 *   values of lists, `${{ env.* }}` substitution;
 * - merging included files.
 *
 * The passes on the merged tree are in normalizeTree.ts, the source index in normalizeIndex.ts.
 */
import type * as Diagnostic from "../../Diagnostic.ts"
import { isSecretName } from "../../Redaction.ts"
import * as Suite from "../../Suite.ts"
import { didYouMean } from "./didYouMean.ts"
import { substitute, type Substitution } from "./normalizeTemplates.ts"
import { type Entry, getEntry, type Loc, type MapNode, type Node, type SeqNode, seqNode } from "./yamlTree.ts"

export type Path = ReadonlyArray<string | number>
export type Report = (diagnostic: Diagnostic.Diagnostic) => void

export const at = (loc: Loc): Loc => ({ file: loc.file, line: loc.line, column: loc.column })
export const where = (loc: Loc): string => `${loc.file}:${loc.line}:${loc.column}`

// ---------------------------------------------------------------------------------------------------
// shapes of the format (keys come from the Suite schema, so they cannot drift apart)
// ---------------------------------------------------------------------------------------------------

export interface Shape {
  readonly name: string
  readonly keys: ReadonlyArray<string>
  readonly maps?: Readonly<Record<string, Shape>>
  readonly lists?: Readonly<Record<string, Shape>>
  /** Keys whose empty value (`after_test:` with nothing under it) means "absent, use the default". */
  readonly emptyMeansDefault?: ReadonlyArray<string>
}

const expectationShape: Shape = { name: "expected_result", keys: Object.keys(Suite.Expectation.fields) }
const stepShape: Shape = {
  name: "step",
  keys: Object.keys(Suite.Step.fields),
  maps: { expected_result: expectationShape },
  emptyMeansDefault: ["parameters", "expected_result"]
}
const groupShape: Shape = {
  name: "group",
  keys: Object.keys(Suite.Group.fields),
  lists: { before_test: stepShape, test: stepShape, after_test: stepShape },
  emptyMeansDefault: ["tags", "before_test", "test", "after_test"]
}
const credentialShape: Shape = { name: "credential", keys: Object.keys(Suite.Credential.fields) }
const configShape: Shape = {
  name: "config",
  keys: Object.keys(Suite.TargetConfig.fields),
  lists: { credentials: credentialShape }
}
const testCasesShape: Shape = {
  name: "test_cases",
  keys: Object.keys(Suite.TestCases.fields),
  lists: { groups: groupShape }
}
export const rootShape: Shape = {
  name: "the top level",
  keys: [...Object.keys(Suite.Suite.fields), "include"],
  maps: { config: configShape, test_cases: testCasesShape }
}

/** Keys whose values are never echoed in a message (the redaction rule, kept in Redaction.ts). */
export const isSecretKey = isSecretName

// ---------------------------------------------------------------------------------------------------
// per-file passes
// ---------------------------------------------------------------------------------------------------

/** Aliases, unknown keys and empty values, then env substitution: everything one file needs alone. */
export const prepareFile = (
  root: MapNode,
  env: Readonly<Record<string, string | undefined>>,
  report: Report
): MapNode => {
  const shaped = normalizeShape(root, rootShape, [], report)
  return substituteTree(shaped, env, report) as MapNode
}

/** A mapping in the shape of `shape`; the node itself when nothing in it changes (most of a large suite). */
const normalizeShape = (node: MapNode, shape: Shape, path: Path, report: Report): MapNode => {
  const entries: Array<Entry> = []
  const suggestions: Array<string> = []
  let changed = node.suggested !== undefined
  for (const entry of node.entries) {
    const key = entry.key
    if (key.startsWith("x-")) { // an extension field (a place for YAML anchors), as in Compose files
      changed = true
      continue
    }
    const canonical = shape.keys.includes(key) ? key : aliasIn(shape, key)
    if (canonical === undefined) {
      const suggestion = didYouMean(key, shape.keys)
      if (suggestion !== undefined) suggestions.push(suggestion)
      report({ position: at(entry.keyLoc), path: [...path, key], message: unknownKeyMessage(key, shape, suggestion) })
      changed = true
      continue
    }
    const previous = entries.find((e) => e.key === canonical)
    if (previous !== undefined) {
      report({
        position: at(entry.keyLoc),
        path: [...path, canonical],
        message: `duplicate key "${key}": "${previous.writtenKey ?? previous.key}" at ${
          where(previous.keyLoc)
        } is the same key`
      })
      changed = true
      continue
    }
    const value = entry.value
    if (value._tag === "Scalar" && value.value === null && shape.emptyMeansDefault?.includes(canonical)) {
      changed = true
      continue
    }
    const mapShape = shape.maps?.[canonical]
    const listShape = shape.lists?.[canonical]
    const normalized: Node = mapShape !== undefined && value._tag === "Map"
      ? normalizeShape(value, mapShape, [...path, canonical], report)
      : listShape !== undefined && value._tag === "Seq"
      ? normalizeList(value, listShape, [...path, canonical], report)
      : value
    if (canonical === key && normalized === value) {
      entries.push(entry)
      continue
    }
    changed = true
    entries.push(
      canonical === key
        ? { key, keyLoc: entry.keyLoc, value: normalized }
        : { key: canonical, keyLoc: entry.keyLoc, writtenKey: key, value: normalized }
    )
  }
  const suggested = suggestions.filter((s) => !entries.some((e) => e.key === s))
  if (!changed && suggested.length === 0) return node
  return suggested.length === 0
    ? { _tag: "Map", loc: node.loc, entries }
    : { _tag: "Map", loc: node.loc, entries, suggested }
}

/** The key `key` is an alias of (`before-test` for `before_test`), if any. */
const aliasIn = (shape: Shape, key: string): string | undefined => {
  if (!key.includes("-")) return undefined
  const alias = key.replace(/-/g, "_")
  return shape.keys.includes(alias) ? alias : undefined
}

const normalizeList = (node: SeqNode, shape: Shape, path: Path, report: Report): SeqNode => {
  const items = node.items.map((item, i) => item._tag === "Map" ? normalizeShape(item, shape, [...path, i], report) : item)
  return items.every((item, i) => item === node.items[i]) ? node : seqNode(node.loc, items)
}

const unknownKeyMessage = (key: string, shape: Shape, suggestion: string | undefined): string => {
  const head = `unknown key "${key}" ${shape === rootShape ? "at" : "in"} ${shape.name}`
  if (suggestion !== undefined) return `${head}; did you mean "${suggestion}"?`
  const children = [...Object.entries(shape.maps ?? {}), ...Object.entries(shape.lists ?? {})]
  const home = children.find(([, child]) => child.keys.includes(key.replace(/-/g, "_")))
  if (home !== undefined) return `${head}; it belongs in ${home[0]}`
  return `${head}; expected one of: ${shape.keys.join(", ")}`
}

/** `${{ env.* }}` substituted in every string; a node in which nothing changes is kept as it is. */
const substituteTree = (
  root: Node,
  env: Readonly<Record<string, string | undefined>>,
  report: Report
): Node => {
  // the path of the node being visited, copied only for a problem
  const path: Array<string | number> = []
  // each text once: a suite repeats its templates (a bucket's name in every step)
  const substituted = new Map<string, Substitution>()
  const visit = (node: Node): Node => {
    switch (node._tag) {
      case "Scalar": {
        if (typeof node.value !== "string" || !node.value.includes("${{")) return node
        let result = substituted.get(node.value)
        if (result === undefined) substituted.set(node.value, result = substitute(node.value, env))
        for (const message of result.problems) report({ position: at(node.loc), path: [...path], message })
        if (!result.sensitive) return node
        return { _tag: "Scalar", loc: node.loc, value: result.value, sensitive: true }
      }
      case "Seq": {
        let items: Array<Node> | undefined
        for (let i = 0; i < node.items.length; i++) {
          const item = node.items[i]!
          path.push(i)
          const visited = visit(item)
          path.pop()
          if (visited !== item) (items ??= [...node.items])[i] = visited
        }
        return items === undefined ? node : seqNode(node.loc, items)
      }
      case "Map": {
        let entries: Array<Entry> | undefined
        for (let i = 0; i < node.entries.length; i++) {
          const entry = node.entries[i]!
          path.push(entry.key)
          const visited = visit(entry.value)
          path.pop()
          if (visited !== entry.value) (entries ??= [...node.entries])[i] = { ...entry, value: visited }
        }
        return entries === undefined ? node : { ...node, entries }
      }
      case "Value":
        return node
    }
  }
  return visit(root)
}

// ---------------------------------------------------------------------------------------------------
// include merge
// ---------------------------------------------------------------------------------------------------

/**
 * Merges an included tree (`base`) with the including one (`over`): `config.credentials` and
 * `test_cases.groups` are concatenated (base first); for every other key `over` wins.
 */
export const mergeSuites = (base: MapNode, over: MapNode, report: Report): MapNode =>
  mergeMaps(base, over, {
    config: (b, o) => mergeSection(b, o, "config", "credentials", report),
    test_cases: (b, o) => mergeSection(b, o, "test_cases", "groups", report)
  })

type Merge = (base: Node, over: Node) => Node

const mergeMaps = (base: MapNode, over: MapNode, special: Readonly<Record<string, Merge>>): MapNode => {
  const entries: Array<Entry> = []
  for (const entry of base.entries) {
    const theirs = getEntry(over, entry.key)
    const merge = special[entry.key]
    if (theirs === undefined) entries.push(entry)
    else if (merge === undefined) entries.push(theirs)
    else entries.push({ ...theirs, value: merge(entry.value, theirs.value) })
  }
  for (const entry of over.entries) {
    if (getEntry(base, entry.key) === undefined) entries.push(entry)
  }
  const suggested = [...(base.suggested ?? []), ...(over.suggested ?? [])]
  return { _tag: "Map", loc: over.loc, entries, ...(suggested.length > 0 ? { suggested } : {}) }
}

const mergeSection = (base: Node, over: Node, name: string, listKey: string, report: Report): Node => {
  if (base._tag !== "Map") {
    report({
      position: at(base.loc),
      path: [name],
      message: `cannot merge ${name} of an included file: expected a mapping, got ${describeKind(base)}`
    })
    return over
  }
  if (over._tag !== "Map") return over
  return mergeMaps(base, over, { [listKey]: (b, o) => concatLists(b, o, [name, listKey], report) })
}

const concatLists = (base: Node, over: Node, path: Path, report: Report): Node => {
  if (base._tag !== "Seq") {
    report({
      position: at(base.loc),
      path,
      message: `cannot merge ${path.join(".")} of an included file: expected a list, got ${describeKind(base)}`
    })
    return over
  }
  if (over._tag !== "Seq") return over
  return seqNode(over.loc, [...base.items, ...over.items])
}

const describeKind = (node: Node): string =>
  node._tag === "Map" ? "a mapping" : node._tag === "Seq" ? "a list" : "a single value"

