/**
 * The passes on the merged tree: operation names and parameters through the catalog, the default
 * credential of a group, and the cross-reference checks (credentials, names, step ids).
 */
import * as Catalog from "../../Catalog.ts"
import { didYouMean } from "./didYouMean.ts"
import { fold } from "../s3/sdkSchema.ts"
import { at, type Path, type Report, where } from "./normalize.ts"
import {
  type Entry,
  get,
  getEntry,
  groupList,
  type Loc,
  type MapNode,
  type Node,
  type ScalarNode,
  seqNode,
  setEntry
} from "./yamlTree.ts"

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
  const groups = groupList(root)
  return groups === undefined ? root : groups.replaced(groups.items.map((g, i) => g._tag === "Map" ? f(g, i) : g))
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
 * Per file, for checks (groups with an `id`): the file's `area` becomes each group's area (the
 * id's first part when the file names none), the id becomes the name of a group that has none, and
 * an id whose area differs from the group's is reported.
 */
export const applyCheckDefaults = (root: MapNode, report: Report): MapNode => {
  const fileArea = stringValue(get(root, "area"))
  return mapGroups(root, (group, index) => {
    const idNode = get(group, "id")
    const id = stringValue(idNode)
    let out = group
    const areaNode = get(group, "area")
    const area = stringValue(areaNode) ?? fileArea ?? id?.split("/")[0]
    if (areaNode === undefined && area !== undefined) {
      out = { ...out, entries: [...out.entries, { key: "area", keyLoc: group.loc, value: scalarAt(group.loc, area) }] }
    }
    if (id === undefined || idNode === undefined) return out
    const idArea = id.split("/")[0]
    if (area !== undefined && id.includes("/") && idArea !== area) {
      report({
        position: at(idNode.loc),
        path: [...groupsPath, index, "id"],
        message: `check id "${id}" is not in its area "${area}": write "${area}/${id.slice(id.indexOf("/") + 1)}"`
      })
    }
    if (get(out, "name") === undefined) {
      out = { ...out, entries: [...out.entries, { key: "name", keyLoc: idNode.loc, value: scalarAt(idNode.loc, id) }] }
    }
    return out
  })
}

const scalarAt = (loc: Loc, value: string): ScalarNode => ({ _tag: "Scalar", loc, value })

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
      const written = operationEntry.value
      const operationNode: ScalarNode = written._tag === "Scalar" && written.value === info.name && written.sensitive !== true
        ? written // already canonical: the same node
        : { _tag: "Scalar", loc: written.loc, value: info.name }
      const parametersEntry = getEntry(step, "parameters")
      const parametersNode = parametersEntry?.value
      if (parametersNode !== undefined && parametersNode._tag !== "Map") {
        return operationNode === written ? step : setEntry(step, "operation", operationNode) // the schema reports the parameters
      }
      const plain = parametersNode === undefined ? {} : toPlainRecord(parametersNode)
      const result = normalizeSafely(info, plain, catalog)
      for (const issue of result.issues) {
        const fullPath = [...path, "parameters", ...issue.path]
        const position = parametersNode === undefined
          ? step.loc
          : locate(parametersNode, issue.path) ?? parametersEntry?.keyLoc ?? step.loc
        report({ position: at(position), path: fullPath, message: issue.message })
      }
      const parametersValue: Node | undefined = parametersNode !== undefined
        ? { _tag: "Value", loc: parametersNode.loc, value: result.parameters, source: parametersNode }
        : Object.keys(result.parameters).length > 0
        ? { _tag: "Value", loc: step.loc, value: result.parameters, source: step }
        : undefined
      // one copy of the step's entries (as setEntry would give for each)
      const entries = step.entries.map((entry) =>
        entry.key === "operation"
          ? (operationNode === entry.value ? entry : { ...entry, value: operationNode })
          : entry.key === "parameters" && parametersValue !== undefined
          ? { ...entry, value: parametersValue }
          : entry
      )
      if (parametersEntry === undefined && parametersValue !== undefined) {
        entries.push({ key: "parameters", keyLoc: step.loc, value: parametersValue })
      }
      return { ...step, entries }
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
  /**
   * The string value of `parent.key`, remembered in `seen` the first time; a second one is reported
   * (`what` names it: `duplicate <what> "x" (first <verb> at file:line:column)`).
   */
  const unique = (
    seen: Map<string, Loc>,
    parent: Node | undefined,
    key: string,
    path: Path,
    what: (value: string) => string,
    verb = "defined"
  ): string | undefined => {
    const node = get(parent, key)
    const value = stringValue(node)
    if (value === undefined || node === undefined) return value
    const first = seen.get(value)
    if (first === undefined) seen.set(value, node.loc)
    else report({ position: at(node.loc), path: [...path, key], message: `duplicate ${what(value)} (first ${verb} at ${where(first)})` })
    return value
  }
  const credentialNames = new Map<string, Loc>()
  const credentials = get(get(root, "config"), "credentials")
  if (credentials?._tag === "Seq") {
    credentials.items.forEach((credential, i) => {
      if (credential._tag !== "Map") return
      const path: Path = ["config", "credentials", i]
      const name = unique(credentialNames, credential, "name", path, (n) => `credential name "${n}"`)
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
  const checkIds = new Map<string, Loc>()
  for (const { node: group, index } of eachGroup(root)) {
    const path: Path = [...groupsPath, index]
    unique(checkIds, group, "id", path, (id) => `check id "${id}"`)
    const name = unique(groupNames, group, "name", path, (n) => `group name "${n}"`)
    checkCredential(get(group, "credential"), [...path, "credential"])
    const ids = new Map<string, Loc>()
    for (const phase of stepLists) {
      const steps = get(group, phase)
      if (steps?._tag !== "Seq") continue
      steps.items.forEach((step, s) => {
        const stepPath: Path = [...path, phase, s]
        checkCredential(get(step, "credential"), [...stepPath, "credential"])
        unique(ids, step, "id", stepPath, (id) => `step id "${id}" in group${name === undefined ? "" : ` "${name}"`}`, "used")
      })
    }
  }
}
