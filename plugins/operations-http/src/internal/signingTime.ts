/**
 * `SigningDate`: the time a request or a presigned URL is signed at, for clock-skew and expiry
 * checks. Written as an ISO-8601 timestamp or as a signed offset from the moment the step runs
 * (`-20m`, `+2h`), so a suite needs no date of its own to stay valid.
 */
import { Schema } from "effect"

const offsetPattern = /^([+-])(\d+)(s|m|h|d)$/
const isoPattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/

const unitMs: Readonly<Record<string, number>> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }

const expected =
  "expected an ISO-8601 timestamp with a zone (2026-01-24T05:12:00Z) or a signed offset from now (-20m, +2h; units s, m, h, d)"

const problem = (value: string): string | undefined => {
  if (offsetPattern.test(value)) return undefined
  if (isoPattern.test(value) && !Number.isNaN(Date.parse(value))) return undefined
  return `${expected}, got "${value}"`
}

/** The `SigningDate` parameter: a timestamp or an offset, checked before the run. */
export const SigningDate = Schema.String.pipe(Schema.check(Schema.makeFilter((value: string) => problem(value) ?? true)))

/** The moment a `SigningDate` stands for, an offset being taken from `now`. */
export const signingDateAt = (value: string, now: Date = new Date()): Date => {
  const offset = offsetPattern.exec(value)
  if (offset === null) return new Date(value)
  const [, sign, amount, unit] = offset
  return new Date(now.getTime() + (sign === "-" ? -1 : 1) * Number(amount) * (unitMs[unit ?? "s"] ?? 1_000))
}
