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
 * Where each group and each of its steps were written, gathered tree by tree (loadChunked.ts adds one
 * piece after the other). A step's place is its line and column in one typed array for the whole
 * file, not an object (a large suite has one a step), in its group's file (a group and its steps are
 * one YAML node: one file).
 */
export class PlacesBuilder {
  private readonly groups: Array<GroupPlace | undefined> = []
  private lines: Int32Array = new Int32Array(1024)
  private size = 0

  /** Adds the groups of `root`, in order (undefined for an item that is not a mapping). */
  add(root: MapNode): void {
    for (const group of groupList(root)?.items ?? []) {
      if (group._tag !== "Map") {
        this.groups.push(undefined)
        continue
      }
      const start = this.size
      const phaseStarts: Array<number> = []
      let sameFile = true
      for (const phase of phases) {
        phaseStarts.push(this.size / 2)
        const steps = get(group, phase)
        if (steps?._tag !== "Seq") continue
        for (const step of steps.items) {
          sameFile &&= step.loc.file === group.loc.file
          this.push(step.loc.line, step.loc.column)
        }
      }
      if (!sameFile) {
        // not expected (see above): the group's steps then have no place
        this.size = start
        phaseStarts.fill(start / 2)
      }
      const [before_test, test, after_test] = phaseStarts as [number, number, number]
      this.groups.push({ loc: group.loc, before_test, test, after_test, end: this.size / 2 })
    }
  }

  /** What {@link sourcesOf} reads; the builder is done. */
  build(): StepPlaces {
    return { groups: this.groups, lines: this.lines.slice(0, this.size) }
  }

  private push(line: number, column: number): void {
    if (this.size + 2 > this.lines.length) {
      const grown = new Int32Array(this.lines.length * 2)
      grown.set(this.lines)
      this.lines = grown
    }
    this.lines[this.size++] = line
    this.lines[this.size++] = column
  }
}

/** A group's place, and where its phases' steps start in {@link StepPlaces.lines} (in steps). */
interface GroupPlace {
  readonly loc: Loc
  readonly before_test: number
  readonly test: number
  readonly after_test: number
  readonly end: number
}

/** Every group's place, and the line and column of every step, one after the other. */
export interface StepPlaces {
  readonly groups: ReadonlyArray<GroupPlace | undefined>
  readonly lines: Int32Array
}

const nextPhase: Record<Phase, "test" | "after_test" | "end"> = { before_test: "test", test: "after_test", after_test: "end" }

const stepPlace = (places: StepPlaces, group: number, phase: Phase, step: number): Loc | undefined => {
  const place = places.groups[group]
  if (place === undefined || !Number.isInteger(step) || step < 0) return undefined
  const at = place[phase] + step
  if (at >= place[nextPhase[phase]]) return undefined
  return { file: place.loc.file, line: places.lines[2 * at]!, column: places.lines[2 * at + 1]! }
}

/** `root` without its groups (the groups' list stays, empty: its own place). */
export const outsideGroups = (root: MapNode): MapNode => groupList(root)?.replaced([]) ?? root

/** Keeps what {@link Sources} answers from `root` (the merged, normalised tree), and nothing else of it. */
export const compactSources = (root: MapNode): Sources => {
  const places = new PlacesBuilder()
  places.add(root)
  return sourcesOf(outsideGroups(root), places.build())
}

/** {@link Sources} from the tree outside the groups and the places of the groups. */
export const sourcesOf = (outside: MapNode, places: StepPlaces): Sources => {
  let index: Map<string, IndexEntry> | undefined
  const stepSource: Sources["stepSource"] = (group, phase, step) => stepPlace(places, group, phase, step)
  const sourceOf: Sources["sourceOf"] = (path) => {
    if (path[0] === "test_cases" && path[1] === "groups" && path.length > 2) {
      // a group's place, a step's place; a path inside a step: its step's place
      const index = path[2]
      const group = typeof index === "number" ? places.groups[index] : undefined
      if (group === undefined || typeof index !== "number" || path.length === 3) return group?.loc
      const phase = phases.find((name) => name === path[3])
      return phase === undefined || typeof path[4] !== "number" ? undefined : stepPlace(places, index, phase, path[4])
    }
    const inTree = sourceInTree(outside, path)
    if (inTree !== "index") return inTree
    const entry = (index ??= buildIndex(outside)).get(pathKey(path))
    return entry === undefined ? undefined : (entry.key ?? entry.value)
  }
  return { sourceOf, stepSource }
}
