/**
 * A step's start as an ISO date: the date of its second is formatted once and reused, so the
 * milliseconds appended must give what `Date#toISOString` gives, across seconds and back in time.
 */
import { assert, describe, it } from "@effect/vitest"
import { isoTime } from "../src/internal/engine/engineContext.ts"

describe("isoTime", () => {
  it("is toISOString for every millisecond of a second, and across seconds in any order", () => {
    const base = Date.UTC(2026, 11, 3, 23, 59, 58)
    const instants = [
      ...Array.from({ length: 2_001 }, (_, i) => base + i),
      base - 1,
      base + 1_000,
      0,
      1,
      999,
      Date.UTC(2024, 1, 29, 12, 0, 0, 7)
    ]
    for (const ms of instants) assert.strictEqual(isoTime(ms), new Date(ms).toISOString())
  })

  it("formats what it does not cache as toISOString does (fractions, before 1970, past year 9999)", () => {
    for (const ms of [1.5, -1, -1_000.25, 253_402_300_800_000, 8.64e15]) {
      assert.strictEqual(isoTime(ms), new Date(ms).toISOString())
    }
  })
})
