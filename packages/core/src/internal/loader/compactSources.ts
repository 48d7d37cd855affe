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

/** Where a group and each of its steps were written. */
export interface GroupPlaces {
  readonly loc: Loc
  readonly before_test: ReadonlyArray<Loc>
  readonly test: ReadonlyArray<Loc>
  readonly after_test: ReadonlyArray<Loc>
}

const stepPlaces = (group: MapNode, phase: Phase): ReadonlyArray<Loc> => {
  const steps = get(group, phase)
  return steps?._tag === "Seq" ? steps.items.map((step) => step.loc) : []
}

/** The places of the groups of `root`, in order (undefined for an item that is not a mapping). */
export const groupPlaces = (root: MapNode): Array<GroupPlaces | undefined> =>
  (groupList(root)?.items ?? []).map((group) =>
    group._tag === "Map"
      ? { loc: group.loc, before_test: stepPlaces(group, "before_test"), test: stepPlaces(group, "test"), after_test: stepPlaces(group, "after_test") }
      : undefined
  )

/** `root` without its groups (the groups' list stays, empty: its own place). */
export const outsideGroups = (root: MapNode): MapNode => groupList(root)?.replaced([]) ?? root

/** Keeps what {@link Sources} answers from `root` (the merged, normalised tree), and nothing else of it. */
export const compactSources = (root: MapNode): Sources => sourcesOf(outsideGroups(root), groupPlaces(root))

/** {@link Sources} from the tree outside the groups and the places of the groups. */
export const sourcesOf = (outside: MapNode, places: ReadonlyArray<GroupPlaces | undefined>): Sources => {
  let index: Map<string, IndexEntry> | undefined
  const stepSource: Sources["stepSource"] = (group, phase, step) => places[group]?.[phase][step]
  const sourceOf: Sources["sourceOf"] = (path) => {
    if (path[0] === "test_cases" && path[1] === "groups" && path.length > 2) {
      // a group's place, a step's place; a path inside a step: its step's place
      const group = typeof path[2] === "number" ? places[path[2]] : undefined
      if (group === undefined || path.length === 3) return group?.loc
      const phase = phases.find((name) => name === path[3])
      return phase === undefined || typeof path[4] !== "number" ? undefined : group[phase][path[4]]
    }
    const inTree = sourceInTree(outside, path)
    if (inTree !== "index") return inTree
    const entry = (index ??= buildIndex(outside)).get(pathKey(path))
    return entry === undefined ? undefined : (entry.key ?? entry.value)
  }
  return { sourceOf, stepSource }
}
