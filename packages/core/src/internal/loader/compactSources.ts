/**
 * The source positions a loaded suite keeps with `sources: "steps"`: the tree without its groups
 * (config, vars, reporters...: every path there, as the full tree answers), and where each group and
 * each step was written. The positions of the nodes inside steps, most of a large suite's tree, are
 * dropped with it once loading is done.
 */
import type * as Diagnostic from "../../Diagnostic.ts"
import { type Phase, phases } from "../../Suite.ts"
import { buildIndex, type IndexEntry, pathKey, sourceInTree } from "./normalizeIndex.ts"
import { get, groupList, type Loc, type MapNode } from "./yamlTree.ts"

/** What LoadedSuite answers about places. */
export interface Sources {
  readonly sourceOf: (path: ReadonlyArray<string | number>) => Diagnostic.SourcePosition | undefined
  readonly stepSource: (group: number, phase: Phase, step: number) => Diagnostic.SourcePosition | undefined
}

/**
 * Where a group and each of its steps were written: a step's place is its line and column (two small
 * integers, not an object: a large suite has one a step), in its group's file (a group and its steps
 * are one YAML node: one file).
 */
export interface GroupPlaces {
  readonly loc: Loc
  readonly before_test: ReadonlyArray<number>
  readonly test: ReadonlyArray<number>
  readonly after_test: ReadonlyArray<number>
}

/** Line and column of each step, one after the other; undefined when a step is in another file than its group. */
const stepPlaces = (group: MapNode, phase: Phase): Array<number> | undefined => {
  const steps = get(group, phase)
  const out: Array<number> = []
  if (steps?._tag !== "Seq") return out
  for (const step of steps.items) {
    if (step.loc.file !== group.loc.file) return undefined
    out.push(step.loc.line, step.loc.column)
  }
  return out
}

/** The places of the groups of `root`, in order (undefined for an item that is not a mapping). */
export const groupPlaces = (root: MapNode): Array<GroupPlaces | undefined> =>
  (groupList(root)?.items ?? []).map((group) => {
    if (group._tag !== "Map") return undefined
    const [before_test, test, after_test] = phases.map((phase) => stepPlaces(group, phase))
    if (before_test === undefined || test === undefined || after_test === undefined) return undefined
    return { loc: group.loc, before_test, test, after_test }
  })

const stepPlace = (group: GroupPlaces | undefined, phase: Phase, step: number): Loc | undefined => {
  const line = group?.[phase][2 * step]
  return group === undefined || line === undefined ? undefined : { file: group.loc.file, line, column: group[phase][2 * step + 1]! }
}

/** `root` without its groups (the groups' list stays, empty: its own place). */
export const outsideGroups = (root: MapNode): MapNode => groupList(root)?.replaced([]) ?? root

/** Keeps what {@link Sources} answers from `root` (the merged, normalised tree), and nothing else of it. */
export const compactSources = (root: MapNode): Sources => sourcesOf(outsideGroups(root), groupPlaces(root))

/** {@link Sources} from the tree outside the groups and the places of the groups. */
export const sourcesOf = (outside: MapNode, places: ReadonlyArray<GroupPlaces | undefined>): Sources => {
  let index: Map<string, IndexEntry> | undefined
  const stepSource: Sources["stepSource"] = (group, phase, step) => stepPlace(places[group], phase, step)
  const sourceOf: Sources["sourceOf"] = (path) => {
    if (path[0] === "test_cases" && path[1] === "groups" && path.length > 2) {
      // a group's place, a step's place; a path inside a step: its step's place
      const group = typeof path[2] === "number" ? places[path[2]] : undefined
      if (group === undefined || path.length === 3) return group?.loc
      const phase = phases.find((name) => name === path[3])
      return phase === undefined || typeof path[4] !== "number" ? undefined : stepPlace(group, phase, path[4])
    }
    const inTree = sourceInTree(outside, path)
    if (inTree !== "index") return inTree
    const entry = (index ??= buildIndex(outside)).get(pathKey(path))
    return entry === undefined ? undefined : (entry.key ?? entry.value)
  }
  return { sourceOf, stepSource }
}
