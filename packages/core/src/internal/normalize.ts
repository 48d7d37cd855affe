/**
 * The passes between the YAML tree and decoding:
 *
 * - per file: key aliases (`before-test` -> `before_test`), unknown keys (with did-you-mean), empty
 *   values of lists, `${{ env.* }}` substitution;
 * - on the merged tree: operation names and parameters through the catalog, the default credential of
 *   a group, and the cross-reference checks (credentials, names, step ids);
 * - the index from normalised document paths to source positions.
 */
import * as Catalog from "../Catalog.ts"
import type * as Diagnostic from "../Diagnostic.ts"
import * as Suite from "../Suite.ts"
import { didYouMean } from "./didYouMean.ts"
import { substitute } from "./normalizeTemplates.ts"
import {
  type Entry,
  get,
  getEntry,
  type Loc,
  type MapNode,
  type Node,
  type ScalarNode,
  seqNode,
  setEntry
} from "./yamlTree.ts"

type Path = ReadonlyArray<string | number>
export type Report = (diagnostic: Diagnostic.Diagnostic) => void

const at = (loc: Loc): Loc => ({ file: loc.file, line: loc.line, column: loc.column })
const where = (loc: Loc): string => `${loc.file}:${loc.line}:${loc.column}`

// ---------------------------------------------------------------------------------------------------
// shapes of the format (keys come from the Suite schema, so they cannot drift apart)
// ---------------------------------------------------------------------------------------------------

interface Shape {
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
const rootShape: Shape = {
  name: "the top level",
  keys: [...Object.keys(Suite.Suite.fields), "include"],
  maps: { config: configShape, test_cases: testCasesShape }
}

/** Keys whose values are never echoed in a message. */
export const isSecretKey = (key: string | number | undefined): boolean =>
  typeof key === "string" &&
  (key === "access_key" || key === "secret_key" || key === "session_token" ||
    /secret|password|token|SSECustomerKey/i.test(key))

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
  return substituteTree(shaped, [], env, report) as MapNode
}

const normalizeShape = (node: MapNode, shape: Shape, path: Path, report: Report): MapNode => {
  const entries: Array<Entry> = []
  const suggestions: Array<string> = []
  for (const entry of node.entries) {
    const key = entry.key
    if (key.startsWith("x-")) continue // an extension field (a place for YAML anchors), as in Compose files
    const alias = key.replace(/-/g, "_")
    const canonical = shape.keys.includes(key) ? key : shape.keys.includes(alias) ? alias : undefined
    if (canonical === undefined) {
      const suggestion = didYouMean(key, shape.keys)
      if (suggestion !== undefined) suggestions.push(suggestion)
      report({ position: at(entry.keyLoc), path: [...path, key], message: unknownKeyMessage(key, shape, suggestion) })
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
      continue
    }
    const value = entry.value
    if (value._tag === "Scalar" && value.value === null && shape.emptyMeansDefault?.includes(canonical)) continue
    const childPath = [...path, canonical]
    const mapShape = shape.maps?.[canonical]
    const listShape = shape.lists?.[canonical]
    const normalized: Node = mapShape !== undefined && value._tag === "Map"
      ? normalizeShape(value, mapShape, childPath, report)
      : listShape !== undefined && value._tag === "Seq"
      ? seqNode(
        value.loc,
        value.items.map((item, i) =>
          item._tag === "Map" ? normalizeShape(item, listShape, [...childPath, i], report) : item
        )
      )
      : value
    entries.push(
      canonical === key
        ? { key, keyLoc: entry.keyLoc, value: normalized }
        : { key: canonical, keyLoc: entry.keyLoc, writtenKey: key, value: normalized }
    )
  }
  const suggested = suggestions.filter((s) => !entries.some((e) => e.key === s))
  return suggested.length === 0
    ? { _tag: "Map", loc: node.loc, entries }
    : { _tag: "Map", loc: node.loc, entries, suggested }
}

const unknownKeyMessage = (key: string, shape: Shape, suggestion: string | undefined): string => {
  const head = `unknown key "${key}" ${shape === rootShape ? "at" : "in"} ${shape.name}`
  if (suggestion !== undefined) return `${head}; did you mean "${suggestion}"?`
  const children = [...Object.entries(shape.maps ?? {}), ...Object.entries(shape.lists ?? {})]
  const home = children.find(([, child]) => child.keys.includes(key.replace(/-/g, "_")))
  if (home !== undefined) return `${head}; it belongs in ${home[0]}`
  return `${head}; expected one of: ${shape.keys.join(", ")}`
}

const substituteTree = (
  node: Node,
  path: Path,
  env: Readonly<Record<string, string | undefined>>,
  report: Report
): Node => {
  switch (node._tag) {
    case "Scalar": {
      if (typeof node.value !== "string") return node
      const result = substitute(node.value, env)
      for (const message of result.problems) report({ position: at(node.loc), path, message })
      if (!result.sensitive) return node
      return { _tag: "Scalar", loc: node.loc, value: result.value, sensitive: true }
    }
    case "Seq":
      return seqNode(node.loc, node.items.map((item, i) => substituteTree(item, [...path, i], env, report)))
    case "Map":
      return {
        ...node,
        entries: node.entries.map((e) => ({ ...e, value: substituteTree(e.value, [...path, e.key], env, report) }))
      }
    case "Value":
      return node
  }
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

// ---------------------------------------------------------------------------------------------------
// passes on the merged tree
// ---------------------------------------------------------------------------------------------------

const stepLists = ["before_test", "test", "after_test"] as const

const eachGroup = (root: MapNode): Array<{ node: MapNode; index: number }> => {
  const groups = get(get(root, "test_cases"), "groups")
  if (groups?._tag !== "Seq") return []
  return groups.items.flatMap((node, index) => node._tag === "Map" ? [{ node, index }] : [])
}

const groupsPath = ["test_cases", "groups"] as const

/** Rebuilds `test_cases.groups` with `f` applied to every group mapping. */
const mapGroups = (root: MapNode, f: (group: MapNode, index: number) => MapNode): MapNode => {
  const testCases = get(root, "test_cases")
  const groups = get(testCases, "groups")
  if (testCases?._tag !== "Map" || groups?._tag !== "Seq") return root
  const items = groups.items.map((g, i) => g._tag === "Map" ? f(g, i) : g)
  return setEntry(root, "test_cases", setEntry(testCases, "groups", seqNode(groups.loc, items)))
}

const mapSteps = (group: MapNode, f: (step: MapNode, phase: string, index: number) => MapNode): MapNode => {
  let out = group
  for (const phase of stepLists) {
    const steps = get(out, phase)
    if (steps?._tag !== "Seq") continue
    out = setEntry(out, phase, seqNode(steps.loc, steps.items.map((s, i) => s._tag === "Map" ? f(s, phase, i) : s)))
  }
  return out
}

const stringValue = (node: Node | undefined): string | undefined =>
  node?._tag === "Scalar" && typeof node.value === "string" ? node.value : undefined

/**
 * Operation names to their canonical form, parameters through `Catalog.normalizeParameters`; every
 * problem becomes a diagnostic at the offending key or value.
 */
export const resolveOperations = (root: MapNode, catalog: Catalog.Catalog, report: Report): MapNode =>
  mapGroups(root, (group, g) =>
    mapSteps(group, (step, phase, s) => {
      const path: Path = [...groupsPath, g, phase, s]
      const operationEntry = getEntry(step, "operation")
      const name = stringValue(operationEntry?.value)
      if (operationEntry === undefined || name === undefined) return step // the schema reports it
      const info = Catalog.lookup(catalog, name)
      if (info === undefined) {
        const suggestion = Catalog.suggest(catalog, name)
        report({
          position: at(operationEntry.value.loc),
          path: [...path, "operation"],
          message: `unknown operation "${name}"` + (suggestion === undefined ? "" : `; did you mean "${suggestion}"?`)
        })
        return step
      }
      const operationNode: ScalarNode = { _tag: "Scalar", loc: operationEntry.value.loc, value: info.name }
      let out = setEntry(step, "operation", operationNode)
      const parametersEntry = getEntry(step, "parameters")
      const parametersNode = parametersEntry?.value
      if (parametersNode !== undefined && parametersNode._tag !== "Map") return out // the schema reports it
      const plain = parametersNode === undefined ? {} : toPlainRecord(parametersNode)
      const result = normalizeSafely(info, plain, catalog)
      for (const issue of result.issues) {
        const fullPath = [...path, "parameters", ...issue.path]
        const position = parametersNode === undefined
          ? step.loc
          : locate(parametersNode, issue.path) ?? parametersEntry?.keyLoc ?? step.loc
        report({ position: at(position), path: fullPath, message: issue.message })
      }
      if (parametersNode !== undefined) {
        out = setEntry(out, "parameters", {
          _tag: "Value",
          loc: parametersNode.loc,
          value: result.parameters,
          source: parametersNode
        })
      } else if (Object.keys(result.parameters).length > 0) {
        out = setEntry(out, "parameters", { _tag: "Value", loc: step.loc, value: result.parameters, source: step })
      }
      return out
    }))

/** A crash in the catalog must not become a stack trace for the user: it becomes a diagnostic. */
const normalizeSafely = (
  info: Catalog.OperationInfo,
  parameters: Record<string, unknown>,
  catalog: Catalog.Catalog
): ReturnType<typeof Catalog.normalizeParameters> => {
  try {
    return Catalog.normalizeParameters(info, parameters, catalog)
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    return { parameters, issues: [{ path: [], message: `cannot check the parameters of ${info.name}: ${reason}` }] }
  }
}

const toPlainRecord = (node: MapNode): Record<string, unknown> => {
  const out: Record<string, unknown> = {}
  for (const entry of node.entries) out[entry.key] = plainOf(entry.value)
  return out
}

const plainOf = (node: Node): unknown => {
  switch (node._tag) {
    case "Scalar":
    case "Value":
      return node.value
    case "Seq":
      return node.items.map(plainOf)
    case "Map":
      return toPlainRecord(node)
  }
}

const fold = (s: string): string => s.toLowerCase().replace(/[-_\s]/g, "")

/**
 * The place of `path` inside `node`: a mapping key's position, a list item's position. A path that
 * leaves the tree (a missing key) gives the place of the deepest key that exists, when there is one.
 */
const locate = (node: Node, path: Path): Loc | undefined => {
  let current: Node = node
  let found: Loc | undefined
  for (const segment of path) {
    if (current._tag === "Map") {
      const entry: Entry | undefined = current.entries.find((e) => e.key === String(segment)) ??
        current.entries.find((e) => fold(e.key) === fold(String(segment)))
      if (entry === undefined) return found
      found = entry.keyLoc
      current = entry.value
    } else if (current._tag === "Seq" && typeof segment === "number" && current.items[segment] !== undefined) {
      current = current.items[segment]
      found = current.loc
    } else {
      return found
    }
  }
  return found
}

/** A group without `credential` uses the first credential of `config.credentials`. */
export const applyDefaultCredential = (root: MapNode): MapNode => {
  const credentials = get(get(root, "config"), "credentials")
  const first = credentials?._tag === "Seq" ? credentials.items[0] : undefined
  const firstName = first === undefined ? undefined : get(first, "name")
  if (firstName === undefined || stringValue(firstName) === undefined) return root
  return mapGroups(root, (group) => {
    if (getEntry(group, "credential") !== undefined) return group
    return {
      ...group,
      entries: [...group.entries, { key: "credential", keyLoc: group.loc, value: firstName }]
    }
  })
}

/**
 * Cross-references the schema cannot see: credential names exist and are unique, credentials have
 * keys unless anonymous, group names are unique, step ids are unique within their group.
 */
export const checkReferences = (root: MapNode, report: Report): void => {
  const credentialNames = new Map<string, Loc>()
  const credentials = get(get(root, "config"), "credentials")
  if (credentials?._tag === "Seq") {
    credentials.items.forEach((credential, i) => {
      if (credential._tag !== "Map") return
      const path: Path = ["config", "credentials", i]
      const nameNode = get(credential, "name")
      const name = stringValue(nameNode)
      if (name !== undefined && nameNode !== undefined) {
        const first = credentialNames.get(name)
        if (first !== undefined) {
          report({
            position: at(nameNode.loc),
            path: [...path, "name"],
            message: `duplicate credential name "${name}" (first defined at ${where(first)})`
          })
        } else credentialNames.set(name, nameNode.loc)
      }
      const anonymous = get(credential, "anonymous")
      if (anonymous?._tag === "Scalar" && anonymous.value === true) return
      const missing = ["access_key", "secret_key"].filter((k) => getEntry(credential, k) === undefined)
      if (missing.length > 0) {
        report({
          position: at(credential.loc),
          path,
          message: `credential${name === undefined ? "" : ` "${name}"`} needs ${
            missing.join(" and ")
          } (or anonymous: true for unsigned requests)`
        })
      }
    })
  }
  const checkCredential = (node: Node | undefined, path: Path) => {
    const name = stringValue(node)
    if (node === undefined || name === undefined || credentialNames.has(name)) return
    const known = [...credentialNames.keys()]
    const suggestion = didYouMean(name, known)
    report({
      position: at(node.loc),
      path,
      message: `unknown credential "${name}"` + (suggestion !== undefined
        ? `; did you mean "${suggestion}"?`
        : known.length === 0
        ? "; config.credentials defines none"
        : `; defined: ${known.join(", ")}`)
    })
  }
  const groupNames = new Map<string, Loc>()
  for (const { node: group, index } of eachGroup(root)) {
    const path: Path = [...groupsPath, index]
    const nameNode = get(group, "name")
    const name = stringValue(nameNode)
    if (name !== undefined && nameNode !== undefined) {
      const first = groupNames.get(name)
      if (first !== undefined) {
        report({
          position: at(nameNode.loc),
          path: [...path, "name"],
          message: `duplicate group name "${name}" (first defined at ${where(first)})`
        })
      } else groupNames.set(name, nameNode.loc)
    }
    checkCredential(get(group, "credential"), [...path, "credential"])
    const ids = new Map<string, Loc>()
    for (const phase of stepLists) {
      const steps = get(group, phase)
      if (steps?._tag !== "Seq") continue
      steps.items.forEach((step, s) => {
        const stepPath: Path = [...path, phase, s]
        checkCredential(get(step, "credential"), [...stepPath, "credential"])
        const idNode = get(step, "id")
        const id = stringValue(idNode)
        if (id === undefined || idNode === undefined) return
        const first = ids.get(id)
        if (first !== undefined) {
          report({
            position: at(idNode.loc),
            path: [...stepPath, "id"],
            message: `duplicate step id "${id}" in group${name === undefined ? "" : ` "${name}"`} (first used at ${
              where(first)
            })`
          })
        } else ids.set(id, idNode.loc)
      })
    }
  }
}

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
