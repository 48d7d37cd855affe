/**
 * Load-time checks of the templates that the engine resolves later (`vars`, `run`, `group`,
 * `steps`), on the merged tree, so a wrong reference is a config error with its file:line:column
 * before anything is sent:
 *
 * - `vars.NAME` must be defined by the suite's `vars` or the group's `vars`;
 * - `steps.<id>` must name a step of the same group that runs earlier (an earlier phase, or earlier
 *   in the same phase unless that phase runs its steps concurrently), and the path after it must
 *   exist in that step's output when its operation declares one (templateOutputs.ts);
 * - `run.id`, `run.started_at`, `group.name` are the only fields of those roots;
 * - templates other than `env` are resolved only in `vars`, step `parameters` and `expected_result`.
 */
import * as Catalog from "../../Catalog.ts"
import { didYouMean } from "../loader/didYouMean.ts"
import { at, type Path, type Report } from "../loader/normalize.ts"
import { laterRoots } from "../loader/normalizeTemplates.ts"
import { formatPath, parse } from "./templateParse.ts"
import type { Expression } from "./templateParse.ts"
import { type OutputShape, outputPathProblem } from "./templateOutputs.ts"
import { get, type MapNode, type Node } from "../loader/yamlTree.ts"

const phases = ["before_test", "test", "after_test"] as const
const fields: Readonly<Record<string, ReadonlyArray<string>>> = { run: ["id", "started_at"], group: ["name"] }

/** What a template may refer to at one place of the document. */
interface Allowed {
  /** `vars` names, or a reason `vars` cannot be used here. */
  readonly vars: ReadonlySet<string> | string
  /** Step ids that ran before, or a reason `steps` cannot be used here. */
  readonly steps: ReadonlySet<string> | string
  /** Ids of every step of the group: those not in `steps` run later (for a better message). */
  readonly ids?: ReadonlyArray<string>
  /** The output shape of the group's steps, by id, where their operation declares one. */
  readonly outputs?: ReadonlyMap<string, OutputShape>
  /** Where none of the later roots is allowed: the reason. */
  readonly none?: string
}

const rootOf = (raw: string): string | undefined => /^\$\{\{\s*([A-Za-z_][A-Za-z0-9_-]*)/.exec(raw)?.[1]

const problemOf = (expression: Expression, allowed: Allowed): string | undefined => {
  const { root, path } = expression
  if (!laterRoots.includes(root)) return undefined // env and unknown roots: reported when env is substituted
  const written = `\${{ ${expression.text} }}`
  if (allowed.none !== undefined) return `${written}: ${allowed.none}`
  const first = path[0]
  switch (root) {
    case "run":
    case "group": {
      const known = fields[root] ?? []
      if (path.length === 1 && typeof first === "string" && known.includes(first)) return undefined
      return `${written}: ${root} has ${known.map((f) => `${root}.${f}`).join(" and ")}`
    }
    case "vars": {
      if (typeof allowed.vars === "string") return `${written}: ${allowed.vars}`
      if (first === undefined) return `${written}: write vars.NAME`
      const name = String(first)
      if (allowed.vars.has(name)) return undefined
      const suggestion = didYouMean(name, allowed.vars)
      return `unknown variable "${name}" in ${written}` + (suggestion !== undefined
        ? `; did you mean "${suggestion}"?`
        : allowed.vars.size === 0
        ? "; no vars are defined (add vars: to the group or the suite)"
        : `; defined: ${[...allowed.vars].join(", ")}`)
    }
    case "steps": {
      if (typeof allowed.steps === "string") return `${written}: ${allowed.steps}`
      if (first === undefined) return `${written}: write steps.<id>.<field>`
      const id = String(first)
      if (allowed.steps.has(id)) {
        const shape = allowed.outputs?.get(id)
        return shape === undefined ? undefined : outputPathProblem(shape, path, written)
      }
      if (allowed.ids?.includes(id)) {
        return `${written}: step "${id}" does not run before this one (a step can only use the output of earlier steps)`
      }
      const suggestion = didYouMean(id, [...allowed.steps, ...(allowed.ids ?? [])])
      return `unknown step id "${id}" in ${formatPath("steps", path)}` +
        (suggestion !== undefined ? `; did you mean "${suggestion}"?` : "; no step of this group has that id")
    }
  }
  return undefined
}

/** Checks every template under `node`; `path` is where it is (pushed to and popped, copied for a problem). */
const checkNode = (node: Node | undefined, path: Array<string | number>, allowed: Allowed, report: Report): void => {
  if (node === undefined) return
  switch (node._tag) {
    case "Scalar": {
      if (typeof node.value !== "string" || !node.value.includes("${{")) return
      for (const part of parse(node.value)) {
        const message = part._tag === "Expr"
          ? problemOf(part.expression, allowed)
          : part._tag === "Invalid" && laterRoots.includes(rootOf(part.raw) ?? "")
          ? part.problem
          : undefined
        if (message !== undefined) report({ position: at(node.loc), path: [...path], message })
      }
      return
    }
    case "Seq":
      node.items.forEach((item, i) => {
        path.push(i)
        checkNode(item, path, allowed, report)
        path.pop()
      })
      return
    case "Map":
      for (const entry of node.entries) {
        path.push(entry.key)
        checkNode(entry.value, path, allowed, report)
        path.pop()
      }
      return
    case "Value":
      return
  }
}

const keysOf = (node: Node | undefined): Array<string> => (node?._tag === "Map" ? node.entries.map((e) => e.key) : [])

const stringOf = (node: Node | undefined): string | undefined =>
  node?._tag === "Scalar" && typeof node.value === "string" ? node.value : undefined

const concurrent = (group: MapNode, phase: string): boolean => {
  const value = get(get(group, "concurrency"), phase)
  return value?._tag === "Scalar" && typeof value.value === "number" && value.value > 1
}

/** The output shapes of a group's steps that have an id, where their operation declares one. */
const outputShapes = (steps: ReadonlyArray<Node>, catalog: Catalog.Catalog): Map<string, OutputShape> => {
  const shapes = new Map<string, OutputShape>()
  for (const step of steps) {
    const id = stringOf(get(step, "id"))
    const name = stringOf(get(step, "operation"))
    const operation = id === undefined || name === undefined ? undefined : Catalog.lookup(catalog, name)
    const members = operation === undefined ? undefined : Catalog.outputs(operation)
    if (id !== undefined && operation !== undefined && members !== undefined) {
      shapes.set(id, { operation: operation.name, members })
    }
  }
  return shapes
}

/** Reports every template that refers to something that will not exist when it is resolved. */
export const checkTemplates = (root: MapNode, catalog: Catalog.Catalog, report: Report): void => {
  const suiteVars = new Set(keysOf(get(root, "vars")))
  const nowhere = (where: string): Allowed => ({
    vars: "",
    steps: "",
    none: `only \${{ env.NAME }} is resolved in ${where}`
  })
  // one for each key of a step that takes no templates (most steps have a few)
  const stepKeys = new Map<string, Allowed>()
  const nowhereInStep = (key: string): Allowed => {
    let allowed = stepKeys.get(key)
    if (allowed === undefined) stepKeys.set(key, allowed = nowhere(`a step's ${key}`))
    return allowed
  }
  checkNode(get(root, "config"), ["config"], nowhere("config"), report)
  checkNode(get(root, "vars"), ["vars"], {
    vars: "the suite's vars cannot refer to vars",
    steps: "vars cannot refer to step outputs"
  }, report)
  const groups = get(get(root, "test_cases"), "groups")
  if (groups?._tag !== "Seq") return
  groups.items.forEach((group, g) => {
    if (group._tag !== "Map") return
    const groupPath: Path = ["test_cases", "groups", g]
    const own = new Set(keysOf(get(group, "vars")))
    const vars = new Set([...suiteVars, ...own])
    for (const entry of group.entries) {
      if (entry.key === "vars") {
        checkNode(entry.value, [...groupPath, "vars"], { vars: suiteVars, steps: "vars cannot refer to step outputs" }, report)
      } else if (!(phases as ReadonlyArray<string>).includes(entry.key)) {
        checkNode(entry.value, [...groupPath, entry.key], nowhere(`a group's ${entry.key}`), report)
      }
    }
    const allSteps = phases.flatMap((phase) => {
      const steps = get(group, phase)
      return steps?._tag === "Seq" ? steps.items : []
    })
    const allIds = allSteps.flatMap((s) => stringOf(get(s, "id")) ?? [])
    const outputs = outputShapes(allSteps, catalog)
    // the ids of the steps done before: a new set only when a step with an id is done (read-only)
    let done: ReadonlySet<string> = new Set<string>()
    for (const phase of phases) {
      const steps = get(group, phase)
      if (steps?._tag !== "Seq") continue
      const beforePhase = done
      const parallel = concurrent(group, phase)
      steps.items.forEach((step, s) => {
        if (step._tag !== "Map") return
        const allowed: Allowed = { vars, steps: parallel ? beforePhase : done, ids: allIds, outputs }
        const path: Array<string | number> = [...groupPath, phase, s]
        for (const entry of step.entries) {
          path.push(entry.key)
          const takesTemplates = entry.key === "parameters" || entry.key === "expected_result"
          checkNode(entry.value, path, takesTemplates ? allowed : nowhereInStep(entry.key), report)
          path.pop()
        }
        const id = stringOf(get(step, "id"))
        if (id !== undefined) done = new Set([...done, id])
      })
    }
  })
}
