import * as Selection from "@s3tester/core/Selection"
import type * as Loader from "@s3tester/core/Loader"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import type { UsageError } from "./ExitCode.ts"
import { usage } from "./usageErrors.ts"

/** The selection flags as parsed: `--group` (repeatable), `--grep`, `--tags` (repeatable, OR'd). */
export interface SelectionFlags {
  readonly group: ReadonlyArray<string>
  readonly grep: Option.Option<string>
  readonly tags: ReadonlyArray<string>
}

export interface SelectedFile {
  readonly loaded: Loader.LoadedSuite
  readonly selected: Selection.Selected
  /** Where each step of the selected suite was written. */
  readonly stepSource: Loader.LoadedSuite["stepSource"]
}


/** The flags as Selection criteria; an invalid `--grep` expression is a usage error (exit 2). */
export const criteriaOf = (flags: SelectionFlags): Effect.Effect<Selection.Criteria, UsageError> =>
  Effect.gen(function*() {
    let grep: RegExp | undefined
    if (Option.isSome(flags.grep)) {
      try {
        grep = new RegExp(flags.grep.value)
      } catch (error) {
        return yield* usage(`--grep: not a valid regular expression: ${(error as Error).message}`)
      }
    }
    return { groups: flags.group, tags: flags.tags.flatMap(Selection.parseTags), grep }
  })

/** One loaded file with the selection applied. */
export const selectOne = (loaded: Loader.LoadedSuite, criteria: Selection.Criteria): SelectedFile => {
  const selected = Selection.select(loaded.suite, criteria)
  return { loaded, selected, stepSource: Selection.sourceOf(selected, loaded.stepSource) }
}

/**
 * Applies the selection to every file. A `--group` no file has, or a selection that leaves nothing
 * to run in any file, is a usage error (exit 2): a typo must not pass as a green run. Files where
 * nothing is selected are left out.
 */
export const selectFiles = (
  suites: ReadonlyArray<Loader.LoadedSuite>,
  flags: SelectionFlags
): Effect.Effect<ReadonlyArray<SelectedFile>, UsageError> =>
  Effect.gen(function*() {
    const known = new Set(suites.flatMap((loaded) => loaded.suite.test_cases.groups.map((group) => group.name)))
    const unknown = flags.group.filter((name) => !known.has(name))
    if (unknown.length > 0) {
      return yield* usage(
        `--group: no group named ${unknown.map((name) => `"${name}"`).join(", ")}; groups are: ${[...known].join(", ")}`
      )
    }
    const criteria = yield* criteriaOf(flags)
    const files = suites.map((loaded) => selectOne(loaded, criteria)).filter((file) => !Selection.isEmpty(file.selected))
    if (files.length === 0) {
      const given = [
        ...flags.group.map((name) => `--group ${name}`),
        ...flags.tags.map((tags) => `--tags ${tags}`),
        ...(Option.isSome(flags.grep) ? [`--grep ${flags.grep.value}`] : [])
      ]
      return yield* usage(
        given.length === 0 ? "Nothing to run: no file has a group" : `Nothing to run: no group or step matches ${given.join(" ")}`
      )
    }
    return files
  })
