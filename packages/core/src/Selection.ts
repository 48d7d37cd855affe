/**
 * Which part of a suite runs: `--group`, `--tags` and `--grep`, as one pure function from a suite to
 * the suite that would run. The CLI and code-first users share it, so `s3tester list` and a run
 * agree on what is selected.
 *
 * - `groups`: exact group names (any of them).
 * - `tags`: any-of sets of all-of tags: `parseTags("a+b,c")` selects groups tagged both `a` and `b`,
 *   or `c`.
 * - `grep`: a regular expression tried on each test step's title, `group > step` and
 *   `group > phase > step` (step: its `name`, else its operation). A group whose name matches is
 *   kept whole; otherwise only its matching test steps are kept, with the earlier test steps they
 *   refer to (`${{ steps.<id>... }}`), so captures still resolve. before_test and after_test are
 *   always kept: setup and cleanup are not tests.
 *
 * Criteria combine with AND. A group left with no selected test step (and whose name did not match
 * `grep`) is dropped.
 *
 * @since 0.1.0
 */
import type { SourcePosition } from "./Diagnostic.ts"
import type { Group, Phase, Step, Suite } from "./Suite.ts"
import { expressionsIn } from "./Template.ts"

/**
 * @category models
 * @since 0.1.0
 */
export interface Criteria {
  /** Exact group names; empty or omitted: every group. */
  readonly groups?: ReadonlyArray<string> | undefined
  /** Any-of sets of all-of tags (see {@link parseTags}); empty or omitted: no tag filter. */
  readonly tags?: ReadonlyArray<ReadonlyArray<string>> | undefined
  /** Tried on `group > step` and `group > phase > step` titles of test steps. */
  readonly grep?: RegExp | undefined
}

/**
 * Where a selected group came from: its index in the original suite and the original indices of
 * its kept test steps (before_test and after_test are kept whole).
 *
 * @category models
 * @since 0.1.0
 */
export interface Origin {
  readonly group: number
  readonly test: ReadonlyArray<number>
}

/**
 * @category models
 * @since 0.1.0
 */
export interface Selected {
  /** The suite that would run: only the selected groups and test steps, in their original order. */
  readonly suite: Suite
  /** One per group of `suite`, in the same order. */
  readonly origins: ReadonlyArray<Origin>
}

/**
 * Parses a `--tags` value: `,` separates alternatives (any-of), `+` joins tags that must all be
 * present. `"smoke,objects+versioning"` → `[["smoke"], ["objects", "versioning"]]`. Blank parts are
 * ignored.
 *
 * @category parsing
 * @since 0.1.0
 */
export const parseTags = (text: string): ReadonlyArray<ReadonlyArray<string>> =>
  text
    .split(",")
    .map((alternative) => alternative.split("+").map((tag) => tag.trim()).filter((tag) => tag !== ""))
    .filter((alternative) => alternative.length > 0)

/**
 * `true` when `tags` satisfy at least one of the all-of sets (or there are none).
 *
 * @category predicates
 * @since 0.1.0
 */
export const matchesTags = (tags: ReadonlyArray<string>, wanted: ReadonlyArray<ReadonlyArray<string>>): boolean =>
  wanted.length === 0 || wanted.some((all) => all.every((tag) => tags.includes(tag)))

/**
 * The titles `grep` is tried on for a step: `group > step` and `group > phase > step`.
 *
 * @category utils
 * @since 0.1.0
 */
export const titlesOf = (group: Group, phase: Phase, step: Step): readonly [string, string] => {
  const name = step.name ?? step.operation
  return [`${group.name} > ${name}`, `${group.name} > ${phase} > ${name}`]
}

const collectStrings = (value: unknown, into: Array<string>): void => {
  if (typeof value === "string") into.push(value)
  else if (Array.isArray(value)) for (const item of value) collectStrings(item, into)
  else if (value !== null && typeof value === "object") {
    for (const item of Object.values(value)) collectStrings(item, into)
  }
}

/** The step ids a step refers to through `${{ steps.<id>... }}`. */
const referencedSteps = (step: Step): ReadonlyArray<string> => {
  const strings: Array<string> = []
  collectStrings(step.parameters, strings)
  collectStrings(step.expected_result, strings)
  return strings.flatMap((text) =>
    text.includes("${{")
      ? expressionsIn(text).flatMap((e) => (e.root === "steps" && typeof e.path[0] === "string" ? [e.path[0]] : []))
      : []
  )
}

/** Test step indices matching `grep`, plus (transitively) the earlier test steps they refer to. */
const grepTests = (group: Group, grep: RegExp): ReadonlyArray<number> => {
  const test = (title: string) => {
    grep.lastIndex = 0
    return grep.test(title)
  }
  const kept = new Set<number>()
  const keep = (index: number): void => {
    if (kept.has(index)) return
    kept.add(index)
    for (const id of referencedSteps(group.test[index]!)) {
      const target = group.test.findIndex((step, i) => i < index && step.id === id)
      if (target >= 0) keep(target)
    }
  }
  group.test.forEach((step, index) => {
    if (titlesOf(group, "test", step).some(test)) keep(index)
  })
  return [...kept].sort((a, b) => a - b)
}

/**
 * Selects the groups and test steps that match `criteria`, remembering where each came from.
 *
 * @category selecting
 * @since 0.1.0
 */
export const select = (suite: Suite, criteria: Criteria): Selected => {
  const names = criteria.groups !== undefined && criteria.groups.length > 0 ? new Set(criteria.groups) : undefined
  const tags = criteria.tags ?? []
  const groups: Array<Group> = []
  const origins: Array<Origin> = []
  suite.test_cases.groups.forEach((group, index) => {
    if (names !== undefined && !names.has(group.name)) return
    if (!matchesTags(group.tags, tags)) return
    const all = group.test.map((_, i) => i)
    const grep = criteria.grep
    if (grep !== undefined) {
      grep.lastIndex = 0
      if (!grep.test(group.name)) {
        const test = grepTests(group, grep)
        if (test.length === 0) return
        groups.push(test.length === group.test.length ? group : { ...group, test: test.map((i) => group.test[i]!) })
        origins.push({ group: index, test })
        return
      }
    }
    groups.push(group)
    origins.push({ group: index, test: all })
  })
  return { suite: { ...suite, test_cases: { ...suite.test_cases, groups } }, origins }
}

/**
 * The suite that would run: {@link select} without the origins.
 *
 * @category selecting
 * @since 0.1.0
 */
export const apply = (suite: Suite, criteria: Criteria): Suite => select(suite, criteria).suite

/**
 * Translates a step position of the selected suite into the original suite's, to look up where the
 * step was written (`Loader.LoadedSuite.stepSource` takes original positions).
 *
 * @category utils
 * @since 0.1.0
 */
export const sourceOf = (
  selected: Selected,
  stepSource: (group: number, phase: Phase, step: number) => SourcePosition | undefined
) =>
(group: number, phase: Phase, step: number): SourcePosition | undefined => {
  const origin = selected.origins[group]
  if (origin === undefined) return undefined
  const original = phase === "test" ? origin.test[step] : step
  return original === undefined ? undefined : stepSource(origin.group, phase, original)
}

/**
 * `true` when nothing is selected.
 *
 * @category predicates
 * @since 0.1.0
 */
export const isEmpty = (selected: Selected): boolean => selected.suite.test_cases.groups.length === 0
