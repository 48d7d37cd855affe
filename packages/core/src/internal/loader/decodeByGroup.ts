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
import * as SchemaJITCompiler from "effect/schema/SchemaJITCompiler"
import * as Suite from "../../Suite.ts"
import { groupList, type MapNode, toPlain } from "./yamlTree.ts"

const strict = { errors: "first", onExcessProperty: "error" } as const
const decodeSuite = Schema.decodeUnknownResult(Suite.Suite)

// Groups are decoded under the default options, where Schema's decoders take their fast paths:
// excess keys are dropped there, and a key the decoded group lacks is the excess key a strict decode
// would refuse (`droppedKey`). Past the first 500 steps of the process, by the decoder Schema
// compiles for a group (SchemaJITCompiler: ~4 times faster; compiling it takes ~8 ms, which a small
// suite would not win back). Counted in steps, not groups: a large suite then never spends the time
// to optimise both decoders (10,000 steps in groups of 25: ~5% less CPU than switching after 256 groups).
const interpretedSteps = 500
let interpreted = 0
let compiled: typeof interpretedGroup | undefined
const interpretedGroup = Schema.decodeUnknownResult(Suite.Group)

const decodeGroup = (input: unknown) => {
  if (compiled !== undefined) return compiled(input)
  if (interpreted < interpretedSteps) {
    const result = interpretedGroup(input)
    if (Result.isSuccess(result)) interpreted += Suite.stepCount(result.success)
    return result
  }
  SchemaJITCompiler.enable(Suite.Group.ast)
  compiled = Schema.decodeUnknownResult(Suite.Group)
  return compiled(input)
}

/**
 * `outside`: the suite without its groups, when the caller decoded it already (loadChunked.ts: every
 * piece of a file holds the same text outside its groups).
 */
export const decodeByGroup = (root: MapNode, outside?: Suite.Suite): Suite.Suite | undefined => {
  const groups = groupList(root)
  if (groups === undefined) return undefined
  const suite = outside ?? decodeOutside(groups.replaced([]))
  if (suite === undefined) return undefined
  const decoded: Array<Suite.Group> = []
  for (const group of groups.items) {
    const plain = toPlain(group)
    const result = decodeGroup(plain)
    if (Result.isFailure(result) || droppedKey(plain, result.success)) return undefined
    decoded.push(sharingDefaults(result.success))
  }
  return { ...suite, test_cases: { ...suite.test_cases, groups: decoded } }
}

const decodeOutside = (withoutGroups: MapNode): Suite.Suite | undefined => {
  const outside = decodeSuite(toPlain(withoutGroups), strict)
  return Result.isSuccess(outside) ? outside.success : undefined
}

/**
 * A key of the input that its decoding lacks, at any depth: decoding under the default options drops
 * excess keys and keeps every other key (defaults only add keys; no field is renamed), so a dropped
 * key is an excess key. A value decoded to itself (the contents of a record of unknown values) holds
 * none; a value decoded to another kind (a duration from its text) is a leaf here.
 */
const droppedKey = (input: unknown, output: unknown): boolean => {
  if (input === output || typeof input !== "object" || input === null || typeof output !== "object" || output === null) {
    return false
  }
  if (Array.isArray(input)) {
    if (!Array.isArray(output)) return false
    for (let i = 0; i < input.length; i++) if (droppedKey(input[i], output[i])) return true
    return false
  }
  if (Array.isArray(output)) return false
  const decoded = output as Record<string, unknown>
  for (const key in input) {
    if (!Object.hasOwn(decoded, key)) return true
    if (droppedKey((input as Record<string, unknown>)[key], decoded[key])) return true
  }
  return false
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
