/**
 * `expected_result.response`: a subset match of the operation's output, with a readable diff.
 *
 * - an object matches when each key it lists matches (other keys of the output are ignored);
 * - a list matches a list of the same length, item by item;
 * - a scalar matches an equal value; a string also matches a number or boolean that prints the
 *   same, and a date (the output's timestamps) at the same instant.
 */
import { formatPath } from "../template/templateParse.ts"
import type { Segment } from "../template/templateParse.ts"

const maxLines = 10

const show = (value: unknown): string => {
  if (value === undefined) return "nothing (no such field)"
  if (value instanceof Date) return value.toISOString()
  if (value instanceof Uint8Array) return `${value.byteLength} bytes`
  const json = JSON.stringify(value)
  return json === undefined ? String(value) : json.length > 120 ? `${json.slice(0, 117)}...` : json
}

const scalarEquals = (expected: unknown, actual: unknown): boolean => {
  if (Object.is(expected, actual) || expected === actual) return true
  if (actual instanceof Date) {
    if (typeof expected === "string" || typeof expected === "number") {
      const instant = new Date(expected).getTime()
      return !Number.isNaN(instant) && instant === actual.getTime()
    }
    return expected instanceof Date && expected.getTime() === actual.getTime()
  }
  if (typeof expected === "string" && (typeof actual === "number" || typeof actual === "boolean" || typeof actual === "bigint")) {
    return String(actual) === expected
  }
  if (typeof actual === "string" && (typeof expected === "number" || typeof expected === "boolean")) {
    return String(expected) === actual
  }
  return false
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Date) &&
  !(value instanceof Uint8Array)

const compare = (expected: unknown, actual: unknown, path: Array<Segment>, out: Array<string>): void => {
  if (out.length > maxLines) return
  const where = formatPath("response", path)
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) {
      out.push(`${where}: expected a list of ${expected.length}, got ${show(actual)}`)
      return
    }
    if (actual.length !== expected.length) {
      out.push(`${where}: expected ${expected.length} items, got ${actual.length}`)
      return
    }
    expected.forEach((item, i) => compare(item, actual[i], [...path, i], out))
    return
  }
  if (isRecord(expected)) {
    if (!isRecord(actual)) {
      out.push(`${where}: expected an object, got ${show(actual)}`)
      return
    }
    for (const [key, value] of Object.entries(expected)) compare(value, actual[key], [...path, key], out)
    return
  }
  if (!scalarEquals(expected, actual)) out.push(`${where}: expected ${show(expected)}, got ${show(actual)}`)
}

/** `undefined` when `output` matches `expected`; else the differences, one per line. */
export const matchResponse = (
  expected: Readonly<Record<string, unknown>>,
  output: Readonly<Record<string, unknown>>
): string | undefined => {
  const lines: Array<string> = []
  compare(expected, output, [], lines)
  if (lines.length === 0) return undefined
  const shown = lines.slice(0, maxLines)
  const more = lines.length > maxLines ? `\n  ... and more` : ""
  return `response does not match:\n  ${shown.join("\n  ")}${more}`
}
