/**
 * Baselines: a run compared, check by check, with an earlier run's JSON report. A check that was
 * `passed` or `known` there and is anything else now is a regression (it fails the run); a check
 * that was anything else and is `passed` or `known` now is a fix; checks only in one of the two are
 * new or removed. This is how a release is gated: nothing that worked in the last release broke.
 *
 * @since 0.2.0
 */
import type { GroupResult, Outcome } from "./RunResult.ts"
import { outcomes } from "./RunResult.ts"

/**
 * The outcome of every check of the earlier run, by check id (by group name for groups without one).
 *
 * @category models
 * @since 0.2.0
 */
export type Outcomes = ReadonlyMap<string, Outcome>

/**
 * @category models
 * @since 0.2.0
 */
export interface Change {
  readonly id: string
  readonly before: Outcome
  readonly now: Outcome
}

/**
 * @category models
 * @since 0.2.0
 */
export interface Diff {
  /** The report compared with (its path or run id). */
  readonly baseline: string
  readonly regressions: ReadonlyArray<Change>
  readonly fixes: ReadonlyArray<Change>
  readonly added: ReadonlyArray<string>
  readonly removed: ReadonlyArray<string>
}

const good = (outcome: Outcome): boolean => outcome === "passed" || outcome === "known"

/** The key of a group in a baseline: its check id, else its name. */
export const keyOf = (group: { readonly id?: string | undefined; readonly name: string }): string => group.id ?? group.name

/**
 * Reads the check outcomes of a JSON report (`@s3tester/reporter-json`, any version): its groups'
 * ids (or names) and outcomes. Returns a message when the document is not such a report.
 *
 * @category constructors
 * @since 0.2.0
 */
export const fromReport = (document: unknown): Outcomes | string => {
  const groups = (document as { groups?: unknown } | null)?.groups
  if (!Array.isArray(groups)) return "not an s3tester JSON report (no groups)"
  const map = new Map<string, Outcome>()
  for (const group of groups as ReadonlyArray<Record<string, unknown>>) {
    const name = group["name"]
    const id = group["id"]
    const outcome = group["outcome"]
    if (typeof name !== "string" || !outcomes.includes(outcome as Outcome)) {
      return "not an s3tester JSON report (a group without name or outcome)"
    }
    map.set(typeof id === "string" ? id : name, outcome as Outcome)
  }
  return map
}

/**
 * Compares the groups of a run with a baseline. Removed checks are only those of the areas the run
 * covered (a run of one area does not remove every other area's checks).
 *
 * @category comparing
 * @since 0.2.0
 */
export const compare = (baseline: string, before: Outcomes, groups: ReadonlyArray<GroupResult>): Diff => {
  const regressions: Array<Change> = []
  const fixes: Array<Change> = []
  const added: Array<string> = []
  const seen = new Set<string>()
  const areas = new Set(groups.flatMap((g) => g.area === undefined ? [] : [g.area]))
  for (const group of groups) {
    const id = keyOf(group)
    seen.add(id)
    const was = before.get(id)
    if (was === undefined) {
      added.push(id)
      continue
    }
    if (good(was) && !good(group.outcome)) regressions.push({ id, before: was, now: group.outcome })
    else if (!good(was) && good(group.outcome)) fixes.push({ id, before: was, now: group.outcome })
  }
  const removed = [...before.keys()].filter((id) => {
    if (seen.has(id)) return false
    const area = id.includes("/") ? id.slice(0, id.indexOf("/")) : undefined
    return areas.size === 0 || area === undefined || areas.has(area)
  })
  return { baseline, regressions, fixes, added, removed }
}
