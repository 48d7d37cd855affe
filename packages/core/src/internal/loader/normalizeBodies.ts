/**
 * The loader's pass over bodies and client options (on the merged tree, after operations are
 * resolved), so mistakes are reported before anything is sent:
 *
 * - every streaming-blob parameter (PutObject's `Body`...) has a body's shape (string, `file://`,
 *   `{ base64 }`, `{ generate: { size, seed } }`); a relative `file://path` is rewritten to an
 *   absolute one, relative to the file that names it, and must name a readable file;
 * - `config.ca_bundle` is made absolute, relative to the file that names it, and must exist;
 * - `config.addressing` and `config.path_style` must not contradict each other.
 *
 * Values that still hold a `${{ ... }}` template are checked when the step runs.
 */
import { statSync } from "node:fs"
import * as NodePath from "node:path"
import * as Catalog from "../../Catalog.ts"
import { absolutize, FILE_PREFIX, filePath, hasTemplate, problem } from "../body/bodyResolve.ts"
import { streamingParameters } from "../s3/s3Request.ts"
import { fold } from "../s3/sdkSchema.ts"
import { at, type Path, type Report } from "./normalize.ts"
import { get, getEntry, groupList, type MapNode, type Node, seqNode, setEntry } from "./yamlTree.ts"

const phases = ["before_test", "test", "after_test"] as const

const missingFile = (path: string): string | undefined => {
  try {
    return statSync(path).isFile() ? undefined : "it is not a file"
  } catch (error) {
    const code = (error as { code?: unknown }).code
    return code === "ENOENT" ? "no such file" : code === "EACCES" ? "permission denied" : String(error)
  }
}

/** The source entry of parameter `name` inside the parameters as written. */
const sourceEntry = (source: Node, name: string) =>
  source._tag === "Map" ? source.entries.find((e) => e.key === name) ?? source.entries.find((e) => fold(e.key) === fold(name)) : undefined

/** `pathOf()` is the step's path, made only for a problem (a large suite has many steps, few problems). */
const checkStep = (step: MapNode, catalog: Catalog.Catalog, pathOf: () => Path, report: Report): MapNode => {
  const operation = get(step, "operation")
  if (operation?._tag !== "Scalar" || typeof operation.value !== "string") return step
  const info = Catalog.lookup(catalog, operation.value)
  const parameters = getEntry(step, "parameters")
  if (info === undefined || parameters === undefined || parameters.value._tag !== "Value") return step
  const node = parameters.value
  const value = node.value
  if (typeof value !== "object" || value === null || Array.isArray(value)) return step
  let out: Record<string, unknown> | undefined
  for (const name of streamingParameters(info)) {
    const body = (value as Record<string, unknown>)[name]
    if (body === undefined || hasTemplate(body)) continue
    const entry = sourceEntry(node.source, name)
    const loc = entry?.value.loc ?? node.loc
    const report1 = (message: string) =>
      report({ position: at(entry?.keyLoc ?? loc), path: [...pathOf(), "parameters", name], message: `${name}: ${message}` })
    const wrong = problem(body)
    if (wrong !== undefined) {
      report1(wrong)
      continue
    }
    if (typeof body === "string" && body.startsWith(FILE_PREFIX)) {
      const file = filePath(body, NodePath.dirname(loc.file))
      const missing = missingFile(file)
      if (missing !== undefined) report1(`cannot read the body file ${file}: ${missing}`)
      out = { ...(out ?? value), [name]: absolutize(body, NodePath.dirname(loc.file)) }
    }
  }
  return out === undefined ? step : setEntry(step, "parameters", { ...node, value: out })
}

const checkConfig = (root: MapNode, report: Report): MapNode => {
  const configEntry = getEntry(root, "config")
  const config = configEntry?.value
  if (config?._tag !== "Map") return root
  let out = config
  const bundle = getEntry(config, "ca_bundle")
  if (bundle?.value._tag === "Scalar" && typeof bundle.value.value === "string" && !hasTemplate(bundle.value.value)) {
    const absolute = NodePath.resolve(NodePath.dirname(bundle.value.loc.file), bundle.value.value)
    const missing = missingFile(absolute)
    if (missing !== undefined) {
      report({ position: at(bundle.value.loc), path: ["config", "ca_bundle"], message: `cannot read ca_bundle ${absolute}: ${missing}` })
    }
    out = setEntry(out, "ca_bundle", { ...bundle.value, value: absolute })
  }
  const addressing = getEntry(config, "addressing")
  const pathStyle = get(config, "path_style")
  if (
    addressing?.value._tag === "Scalar" && pathStyle?._tag === "Scalar" && typeof pathStyle.value === "boolean" &&
    (addressing.value.value === "path") !== pathStyle.value
  ) {
    report({
      position: at(addressing.keyLoc),
      path: ["config", "addressing"],
      message: `addressing: ${String(addressing.value.value)} contradicts path_style: ${String(pathStyle.value)} (${
        pathStyle.loc.file
      }:${pathStyle.loc.line}:${pathStyle.loc.column}); set only one of them`
    })
  }
  return out === config ? root : setEntry(root, "config", out)
}

/** See the module's description. */
export const normalizeBodies = (root: MapNode, catalog: Catalog.Catalog, report: Report): MapNode => {
  const withConfig = checkConfig(root, report)
  const groups = groupList(withConfig)
  if (groups === undefined) return withConfig
  const items = groups.items.map((group, g) => {
    if (group._tag !== "Map") return group
    let out = group
    for (const phase of phases) {
      const steps = get(out, phase)
      if (steps?._tag !== "Seq") continue
      const checked = steps.items.map((step, s) =>
        step._tag === "Map" ? checkStep(step, catalog, () => ["test_cases", "groups", g, phase, s], report) : step
      )
      if (checked.some((step, s) => step !== steps.items[s])) out = setEntry(out, phase, seqNode(steps.loc, checked))
    }
    return out
  })
  return items.every((item, i) => item === groups.items[i]) ? withConfig : groups.replaced(items)
}
