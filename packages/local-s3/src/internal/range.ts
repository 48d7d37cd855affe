/**
 * The Range header of GetObject/HeadObject: one `bytes=` range. Like S3, a header it cannot
 * parse (or a multi-range one) is ignored and the whole object is sent; an unsatisfiable range
 * is 416 InvalidRange.
 */
import { invalidRange } from "./errors.ts"

export interface ByteRange {
  readonly start: number
  /** Inclusive. */
  readonly end: number
}

const RANGE = /^bytes=(\d*)-(\d*)$/

export const parseRange = (header: string | undefined, size: number): ByteRange | undefined => {
  if (header === undefined) return undefined
  const match = RANGE.exec(header.trim())
  if (match === null) return undefined
  const [, first = "", last = ""] = match
  if (first === "" && last === "") return undefined
  if (first === "") {
    const suffix = Number(last)
    if (suffix === 0 || size === 0) throw invalidRange(size)
    return { start: Math.max(0, size - suffix), end: size - 1 }
  }
  const start = Number(first)
  if (last !== "" && Number(last) < start) return undefined
  if (start >= size) throw invalidRange(size)
  return { start, end: last === "" ? size - 1 : Math.min(Number(last), size - 1) }
}
