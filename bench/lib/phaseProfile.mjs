// Where the CPU of two ways of doing the same calls goes, measured in one process: a sampling CPU
// profile (node:inspector) runs across interleaved rounds, each round noted as a time window with
// its side ("sdk", "engine", ...) and its call count; each sample is then given to its window's
// side, and to a category by the code it was taken in (the SDK, Effect, our core, Node, GC, ...).
// Both sides run on the same machine state, JIT and heap, minutes apart at most: where two
// separate processes' profiles do not compare, these do (µs of CPU per call, side by side).
import { Session } from "node:inspector/promises"

const nowUs = () => Number(process.hrtime.bigint() / 1000n)

/** What code a profile node belongs to. */
const categoryOf = ({ url, functionName }) => {
  if (functionName === "(garbage collector)") return "gc"
  if (functionName === "(program)" || functionName === "(idle)") return functionName.slice(1, -1)
  if (/@aws-sdk|@smithy|@aws-crypto/.test(url)) return "sdk"
  if (/node_modules\/effect\//.test(url)) return "effect"
  if (/packages\/(core|\.core-[^/]+)\//.test(url) || /@s3tester\/core\//.test(url)) return "core"
  if (url.startsWith("node:") || url === "") return "node (and natives)"
  return "other"
}

const placeOf = ({ url, functionName, lineNumber }) =>
  `${functionName || "(anonymous)"} ${url.split("/").slice(-3).join("/")}:${lineNumber + 1}`

export const startPhases = async ({ intervalUs = 200 } = {}) => {
  const session = new Session()
  session.connect()
  await session.post("Profiler.enable")
  await session.post("Profiler.setSamplingInterval", { interval: intervalUs })
  await session.post("Profiler.start")
  const windows = []
  return {
    /** Runs `f` (which returns its call count) as a window of `side`; returns what `f` returned. */
    window: async (side, f) => {
      const from = nowUs()
      const calls = await f()
      windows.push({ side, from, to: nowUs(), calls })
      return calls
    },
    /** Stops the profiler; the µs of CPU per call of each side, by category and by function. */
    stop: async () => {
      const { profile } = await session.post("Profiler.stop")
      session.disconnect()
      return attribute(profile, windows)
    }
  }
}

const attribute = (profile, windows) => {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node.callFrame]))
  const calls = new Map()
  for (const w of windows) calls.set(w.side, (calls.get(w.side) ?? 0) + w.calls)
  const byCategory = new Map()
  const byFunction = new Map()
  const add = (map, side, key, us) => {
    let inner = map.get(side)
    if (inner === undefined) map.set(side, inner = new Map())
    inner.set(key, (inner.get(key) ?? 0) + us)
  }
  const sorted = [...windows].sort((a, b) => a.from - b.from)
  let at = profile.startTime
  let w = 0
  for (let i = 0; i < profile.samples.length; i++) {
    at += profile.timeDeltas[i]
    while (w < sorted.length && sorted[w].to < at) w++
    if (w === sorted.length) break
    if (at < sorted[w].from) continue
    // a sample stands for the time until the next one
    const us = profile.timeDeltas[i + 1] ?? 0
    const frame = nodes.get(profile.samples[i])
    add(byCategory, sorted[w].side, categoryOf(frame), us)
    add(byFunction, sorted[w].side, placeOf(frame), us)
  }
  const perCall = (map) =>
    new Map([...map].map(([side, inner]) => [side, new Map([...inner].map(([k, us]) => [k, us / calls.get(side)]))]))
  return { byCategory: perCall(byCategory), byFunction: perCall(byFunction) }
}

/** A table of the categories, each side's µs per call, and each side's difference from `base`. */
export const phaseTable = ({ byCategory, byFunction }, base, { functions = 25 } = {}) => {
  const sides = [...byCategory.keys()]
  const others = sides.filter((s) => s !== base)
  const get = (map, side, key) => map.get(side)?.get(key) ?? 0
  const categories = [...new Set(sides.flatMap((s) => [...byCategory.get(s).keys()]))]
    .sort((a, b) => get(byCategory, base, b) - get(byCategory, base, a))
  const f = (n) => n.toFixed(1)
  const lines = [
    `| category | ${sides.map((s) => `${s} µs/call`).join(" | ")} | ${others.map((s) => `${s} - ${base}`).join(" | ")} |`,
    `|---|${sides.map(() => "---|").join("")}${others.map(() => "---|").join("")}`
  ]
  const total = (side) => [...byCategory.get(side).entries()].filter(([k]) => k !== "idle").reduce((a, [, v]) => a + v, 0)
  for (const c of categories) {
    lines.push(`| ${c} | ${sides.map((s) => f(get(byCategory, s, c))).join(" | ")} | ${others.map((s) => f(get(byCategory, s, c) - get(byCategory, base, c))).join(" | ")} |`)
  }
  lines.push(`| busy (all but idle) | ${sides.map((s) => f(total(s))).join(" | ")} | ${others.map((s) => f(total(s) - total(base))).join(" | ")} |`)
  for (const side of others) {
    const keys = new Set([...byFunction.get(side).keys(), ...(byFunction.get(base)?.keys() ?? [])])
    const rows = [...keys].map((k) => [k, get(byFunction, side, k) - get(byFunction, base, k)])
      .sort((a, b) => b[1] - a[1]).slice(0, functions)
    lines.push("", `${side}: the functions with the most self time beyond ${base}'s (µs/call)`)
    for (const [k, d] of rows) lines.push(`  ${f(d).padStart(6)}  ${k}`)
  }
  return lines.join("\n")
}
