/**
 * Decodes a suite group by group: the suite without its groups, then each group, into the value
 * decoding the whole suite gives (the schema has no rule across groups). Each group's plain copy is
 * garbage as soon as it is decoded, so a large suite's plain copy and its decoding never sit in
 * memory whole. Undefined when anything does not decode (or the tree has no group list): the caller
 * then decodes the whole suite, which words every issue at its place.
 *
 * Steps that expect `{ success: true }` (the default: most steps) share one such object, read-only like
 * the rest of the suite: a large suite otherwise holds one a step for as long as it runs.
 */
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import * as Suite from "../../Suite.ts"
import { groupList, type MapNode, toPlain } from "./yamlTree.ts"

const options = { errors: "first", onExcessProperty: "error" } as const
const decodeSuite = Schema.decodeUnknownResult(Suite.Suite)
const decodeGroup = Schema.decodeUnknownResult(Suite.Group)

export const decodeByGroup = (root: MapNode): Suite.Suite | undefined => {
  const groups = groupList(root)
  if (groups === undefined) return undefined
  const outside = decodeSuite(toPlain(groups.replaced([])), options)
  if (Result.isFailure(outside)) return undefined
  const decoded: Array<Suite.Group> = []
  for (const group of groups.items) {
    const result = decodeGroup(toPlain(group), options)
    if (Result.isFailure(result)) return undefined
    decoded.push(sharingDefaults(result.success))
  }
  const suite = outside.success
  return { ...suite, test_cases: { ...suite.test_cases, groups: decoded } }
}

const successOnly: Suite.Expectation = { success: true }

const isSuccessOnly = (expectation: Suite.Expectation): boolean => {
  for (const key in expectation) if (key !== "success") return false
  return expectation.success === true
}

const shareExpectation = (steps: ReadonlyArray<Suite.Step>): ReadonlyArray<Suite.Step> =>
  steps.map((step) =>
    step.expected_result !== successOnly && isSuccessOnly(step.expected_result)
      ? { ...step, expected_result: successOnly }
      : step
  )

const sharingDefaults = (group: Suite.Group): Suite.Group => ({
  ...group,
  before_test: shareExpectation(group.before_test),
  test: shareExpectation(group.test),
  after_test: shareExpectation(group.after_test)
})
