import { distance } from "fastest-levenshtein"
import { fold } from "../s3/sdkSchema.ts"

/**
 * The closest candidate to `input`, if it is close enough to be a likely typo.
 * Comparison ignores case and separators, so `content-type` is close to `ContentType`.
 */
export const didYouMean = (input: string, candidates: Iterable<string>): string | undefined => {
  const folded = fold(input)
  let best: string | undefined
  let bestDistance = Number.POSITIVE_INFINITY
  for (const candidate of candidates) {
    const d = distance(folded, fold(candidate))
    if (d < bestDistance) {
      best = candidate
      bestDistance = d
    }
  }
  const threshold = Math.max(2, Math.floor(folded.length / 3))
  return bestDistance <= threshold ? best : undefined
}
