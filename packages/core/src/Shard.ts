/**
 * Sharding: `--shard i/n` runs a deterministic 1/n of a suite's groups, so n machines can share a
 * run. Shard i takes a contiguous slice of the groups by their index in the suite (sizes differ by
 * at most one), so shards 1..n concatenated are the whole suite, in order: merged reports read like
 * an unsharded run.
 *
 * @since 0.1.0
 */
import * as Result from "effect/Result"
import type { Suite } from "./Suite.ts"

/**
 * Shard `index` (1-based) of `total`.
 *
 * @category models
 * @since 0.1.0
 */
export interface Shard {
  readonly index: number
  readonly total: number
}

/**
 * Parses `i/n` (1 <= i <= n).
 *
 * @category parsing
 * @since 0.1.0
 */
export const parse = (text: string): Result.Result<Shard, string> => {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text)
  if (match === null) return Result.fail(`--shard: expected i/n such as 1/3, got "${text}"`)
  const index = Number(match[1])
  const total = Number(match[2])
  if (total < 1 || index < 1 || index > total) {
    return Result.fail(`--shard: ${index}/${total} is not a shard (need 1 <= i <= n)`)
  }
  return Result.succeed({ index, total })
}

/**
 * `i/n`.
 *
 * @category formatting
 * @since 0.1.0
 */
export const format = (shard: Shard): string => `${shard.index}/${shard.total}`

/**
 * The slice of `items` that belongs to `shard`.
 *
 * @category selection
 * @since 0.1.0
 */
export const select = <A>(items: ReadonlyArray<A>, shard: Shard): ReadonlyArray<A> => {
  const from = Math.floor(((shard.index - 1) * items.length) / shard.total)
  const to = Math.floor((shard.index * items.length) / shard.total)
  return items.slice(from, to)
}

/**
 * The names of the groups `shard` runs, in suite order; `only` (e.g. `--group`) narrows the groups
 * first, so shards split what would have run.
 *
 * @category selection
 * @since 0.1.0
 */
export const groupNames = (suite: Suite, shard: Shard, only?: ReadonlyArray<string>): ReadonlyArray<string> => {
  const names = suite.test_cases.groups.map((group) => group.name)
  const wanted = only === undefined || only.length === 0 ? names : names.filter((name) => only.includes(name))
  return select(wanted, shard)
}
