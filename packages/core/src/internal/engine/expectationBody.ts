/**
 * `expected_result.body`: the response body checked against `{ text?, sha256?, size? }` from what
 * was observed while it streamed (size, SHA-256, first 64 KiB): nothing is ever buffered whole.
 */
import { createHash } from "node:crypto"
import type { Observed } from "../../Body.ts"
import * as Generate from "../body/bodyGenerate.ts"
import type { ExpectedBody } from "../body/bodySchema.ts"
import { parseSize } from "../body/bodySchema.ts"

const short = (sha: string): string => `${sha.slice(0, 12)}…`

const quote = (text: string, max = 40): string => JSON.stringify(text.length > max ? `${text.slice(0, max)}…` : text)

/** Where two texts first differ, with a little of each around there. */
const firstDifference = (expected: string, actual: string): string => {
  let i = 0
  while (i < expected.length && i < actual.length && expected[i] === actual[i]) i++
  const from = Math.max(0, i - 10)
  return `they differ at character ${i}: expected ${quote(expected.slice(from, i + 30))}, got ${quote(actual.slice(from, i + 30))}`
}

const checkText = (text: string, observed: Observed): string | undefined => {
  const bytes = Buffer.byteLength(text)
  if (observed.complete) {
    if (observed.text === text) return undefined
    if (bytes !== observed.size) {
      return `body: expected text ${quote(text)} (${bytes} bytes), got ${quote(observed.text)} (${observed.size} bytes)`
    }
    return `body: expected text ${quote(text)}, got ${quote(observed.text)}; ${firstDifference(text, observed.text)}`
  }
  // The body is longer than what was kept: compare by size and hash, point at the kept prefix.
  if (bytes !== observed.size) return `body: expected text of ${bytes} bytes, got ${observed.size} bytes`
  if (createHash("sha256").update(text).digest("hex") === observed.sha256) return undefined
  const head = observed.text
  const mismatch = text.startsWith(head) ? "after the first 64 KiB" : firstDifference(text, head)
  return `body: the text differs from the expected one (${observed.size} bytes; ${mismatch})`
}

/**
 * Why the observed body does not match what is expected, or undefined when it does. No body
 * observed (an operation without one) fails any body expectation.
 *
 * - `size`: bytes (or a size string such as `64KiB`);
 * - `sha256`: hex (any case), or `{ generate: { size, seed, offset? } }`: the generated body's
 *   SHA-256 and size;
 * - `text`: the whole body as UTF-8 (bodies over 64 KiB are compared by size and SHA-256).
 */
export const checkBody = (expected: ExpectedBody, observed: Observed | undefined): string | undefined => {
  if (observed === undefined) return "body: expected a response body, the response has none"
  const problems: Array<string> = []
  if (expected.size !== undefined) {
    const size = parseSize(expected.size)
    if (size !== undefined && size !== observed.size) problems.push(`body: expected ${size} bytes, got ${observed.size}`)
  }
  if (expected.sha256 !== undefined) {
    if (typeof expected.sha256 === "string") {
      const sha = expected.sha256.toLowerCase()
      if (sha !== observed.sha256) {
        problems.push(`body: expected sha256 ${short(sha)}, got ${short(observed.sha256)} (${observed.size} bytes)`)
      }
    } else {
      const g = Generate.toGenerator(expected.sha256.generate)
      if (typeof g === "string") problems.push(`body: ${g}`)
      else if (g.size !== observed.size) {
        problems.push(`body: expected the generated body of ${g.size} bytes (seed ${g.seed}), got ${observed.size} bytes`)
      } else {
        const sha = Generate.sha256(g)
        if (sha !== observed.sha256) {
          problems.push(
            `body: expected the generated body (seed ${g.seed}, sha256 ${short(sha)}), got sha256 ${short(observed.sha256)}`
          )
        }
      }
    }
  }
  if (expected.text !== undefined) {
    const problem = checkText(expected.text, observed)
    if (problem !== undefined) problems.push(problem)
  }
  return problems.length === 0 ? undefined : problems.join("; ")
}
