#!/usr/bin/env node
/**
 * Engine overhead in instructions: the same two sides as engine-overhead.mjs (the raw SDK loop and
 * the engine, the same calls against the loopback stub), each counted by valgrind's cachegrind in
 * its own process. Where engine-overhead.mjs measures time, whose rounds swing by 2x on a shared
 * machine, this counts the instructions each side executes a call, whatever the machine is doing:
 * the code that runs a call (JavaScript, V8's builtins and runtime, libc) repeats to within 2% from
 * one run to the next. The compilers' and GC's rows move more (V8 is still tiering up in the first
 * rounds under valgrind; a major GC falls in one side's window or the other's): read them apart, or
 * take a longer window (`--rounds 3,7`). Runs are of the goal bench's size (2,000 calls): with
 * fewer, a run's own costs (starting 32 groups, say) weigh on each call more than they do there.
 *
 * Each side runs twice, `--rounds A` and `--rounds B` runs of the same calls; the difference is
 * (B - A) runs' worth of warm calls, without start-up. `node --single-threaded` runs V8's compilers
 * and garbage collector on the main thread, so their work is counted where it happens, not later
 * on a thread valgrind schedules at will. Both sides get the same flags: the figure is the work
 * a call takes, not its time (it leaves out the kernel's side of a call, which is the same for both:
 * strace counts the same system calls for each).
 *
 *   apt-get install -y valgrind   (Debian's package; cg_annotate comes with it)
 *   npx turbo run build --filter=@s3tester/core && node bench/engine-instructions.mjs [--ops 2000] [--rounds 3,5] [--top 30] [1]
 *   node bench/engine-instructions.mjs --core packages/.core-b/dist/index.js 1   (another build's engine as a third side)
 *   node bench/engine-instructions.mjs --cache 1   (also first-level cache misses a call, from cachegrind's model of this CPU)
 *
 * Prints each side's instructions a call, their ratio, the difference by kind (JavaScript, V8's
 * builtins and runtime, compiler, GC, the rest) and the functions that take the most beyond the
 * SDK loop's. JIT-compiled JavaScript has no name here (valgrind sees it as anonymous code): its
 * row says how much, the CPU profile of `engine-overhead.mjs --phases` says where.
 * A run takes minutes: valgrind runs the process about 40x slower.
 */
import { spawn, spawnSync } from "node:child_process"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { option } from "./lib/cpu.mjs"

const overhead = fileURLToPath(new URL("./engine-overhead.mjs", import.meta.url))
const ops = Number(option("ops", "2000"))
const [fewer, more] = option("rounds", "3,5").split(",").map(Number)
const top = Number(option("top", "30"))
const otherCore = option("core", undefined)
/** `--cache`: valgrind also simulates the caches: first-level misses a call, instructions and data. */
const cacheSim = process.argv.includes("--cache")
/** The options above that take a value (`--cache` takes none). */
const valued = new Set(["--ops", "--rounds", "--top", "--core"])
/** The concurrency: the argument that is no option nor an option's value. */
const concurrency = Number(process.argv.slice(2).find((arg, i, all) => /^\d+$/.test(arg) && !valued.has(all[i - 1])) ?? "1")
if (!(more > fewer)) throw new Error("--rounds A,B: B must be more than A")
if (spawnSync("valgrind", ["--version"]).status !== 0) {
  console.error("engine-instructions: valgrind is not installed (apt-get install -y valgrind)")
  process.exit(2)
}

/** The calls of one run, as engine-overhead.mjs makes them. */
const callsPerRun = concurrency * Math.max(1, Math.round(ops / 2 / concurrency)) * 2

const dir = mkdtempSync(join(tmpdir(), "s3tester-instructions-"))

/** valgrind's summary lines: "I1  misses: 120,360,351" and the like. */
const summaryOf = (stderr) => {
  const count = (label) => {
    const m = new RegExp(`${label}:\\s+([\\d,]+)`).exec(stderr)
    return m === null ? undefined : Number(m[1].replaceAll(",", ""))
  }
  return { i1: count("I1 +misses"), d1: count("D1 +misses") }
}

/** Runs one side `rounds` times under cachegrind; resolves to the file of its counts and its summary. */
const counted = (name, mode, rounds, extra = []) =>
  new Promise((resolve, reject) => {
    const out = join(dir, `${name}.${rounds}`)
    const child = spawn("valgrind", [
      "--tool=cachegrind", `--cache-sim=${cacheSim ? "yes" : "no"}`, "--smc-check=all-non-file", `--cachegrind-out-file=${out}`,
      process.execPath, "--single-threaded", overhead, mode, ...extra, "--ops", String(ops), "--rounds", String(rounds), String(concurrency)
    ], { stdio: ["ignore", "ignore", "pipe"] })
    let stderr = ""
    child.stderr.on("data", (chunk) => (stderr = (stderr + chunk).slice(-4000)))
    child.on("error", reject)
    child.on("exit", (code) =>
      code === 0
        ? resolve({ file: out, summary: summaryOf(stderr) })
        : reject(new Error(`${name} (${rounds} rounds) exited with ${code}:\n${stderr}`))
    )
  })

/** Instructions by function (cg_annotate's "file:function" rows). */
const byFunction = (file) => {
  const text = spawnSync("cg_annotate", ["--auto=no", "--threshold=0", "--show=Ir", file], { encoding: "utf8", maxBuffer: 1 << 28 }).stdout
  const counts = new Map()
  let rows = false
  for (const line of text.split("\n")) {
    if (line.includes("file:function")) rows = true
    const m = rows ? /^\s*([\d,]+)\s+\(\s*[\d.]+%\)\s+(.*)$/.exec(line) : null
    if (m !== null) counts.set(m[2], (counts.get(m[2]) ?? 0) + Number(m[1].replaceAll(",", "")))
  }
  if (counts.size === 0) throw new Error(`cannot read cg_annotate's output for ${file}:\n${text.slice(0, 2000)}`)
  return counts
}

/**
 * A side's instructions a warm call, by function: (more rounds - fewer rounds) / their calls; and,
 * with `--cache`, its first-level cache misses a call.
 */
const perCall = async (name, mode, extra) => {
  const [a, b] = await Promise.all([counted(name, mode, fewer, extra), counted(name, mode, more, extra)])
  const [ca, cb] = [byFunction(a.file), byFunction(b.file)]
  const calls = (more - fewer) * callsPerRun
  const counts = new Map()
  for (const key of new Set([...ca.keys(), ...cb.keys()])) counts.set(key, ((cb.get(key) ?? 0) - (ca.get(key) ?? 0)) / calls)
  const misses = (key) => a.summary[key] === undefined ? undefined : (b.summary[key] - a.summary[key]) / calls
  return { counts, i1: misses("i1"), d1: misses("d1") }
}

const kindOf = (fn) => {
  if (fn === "???:???") return "JavaScript (JIT code)"
  if (/compiler::|[Mm]aglev|Turbofan|Sparkplug|Baseline(Compiler|Batch)|interpreter::|Parser|Scanner/.test(fn)) return "V8 compilers and parser"
  if (/Scaveng|Mark(ing|Compact)|Sweep|Evacuat|heap::|Heap::|MemoryAllocator|RememberedSet|SlotSet/.test(fn)) return "garbage collection"
  if (/Builtins_/.test(fn)) return "V8 builtins"
  if (/v8::|node::|uv_/.test(fn)) return "V8 runtime, Node, libuv"
  return "libc, OpenSSL, the rest"
}

const total = (counts) => [...counts.values()].reduce((a, b) => a + b, 0)
const k = (n) => `${(n / 1000).toFixed(0)} k`

try {
  const sides = [
    ["sdk", "--profile-sdk", []],
    ["engine", "--profile", []],
    ...(otherCore === undefined ? [] : [["other core", "--profile", ["--core", otherCore]]])
  ]
  // a side's two runs at once (one core each; their stubs barely work), the sides one after the other
  const measured = []
  for (const [name, mode, extra] of sides) measured.push([name, await perCall(name, mode, extra)])
  const [[, { counts: sdk }], ...others] = measured
  console.log(`Node ${process.version}, concurrency ${concurrency}, ${callsPerRun} calls a run, runs ${fewer} and ${more}: instructions a warm call`)
  console.log(`| side | instructions a call | SDK / side |${cacheSim ? " I1 misses a call | D1 misses a call |" : ""}`)
  console.log(`|---|---|---|${cacheSim ? "---|---|" : ""}`)
  for (const [name, { counts, i1, d1 }] of measured) {
    const misses = cacheSim ? ` ${k(i1)} | ${k(d1)} |` : ""
    console.log(`| ${name} | ${k(total(counts))} | ${(total(sdk) / total(counts)).toFixed(3)} |${misses}`)
  }
  for (const [name, { counts }] of others) {
    const kinds = new Map()
    for (const key of new Set([...sdk.keys(), ...counts.keys()])) {
      const kind = kindOf(key)
      const [s, e] = kinds.get(kind) ?? [0, 0]
      kinds.set(kind, [s + (sdk.get(key) ?? 0), e + (counts.get(key) ?? 0)])
    }
    console.log(`\n${name} against the SDK loop, by kind (instructions a call)`)
    console.log("| kind | sdk | " + name + " | difference |")
    console.log("|---|---|---|---|")
    for (const [kind, [s, e]] of [...kinds].sort((a, b) => (b[1][1] - b[1][0]) - (a[1][1] - a[1][0]))) {
      console.log(`| ${kind} | ${k(s)} | ${k(e)} | ${k(e - s)} |`)
    }
    const diffs = [...new Set([...sdk.keys(), ...counts.keys()])]
      .map((key) => [key, (counts.get(key) ?? 0) - (sdk.get(key) ?? 0)])
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
    console.log(`\n${name}: the functions with the most instructions beyond the SDK loop's (a call)`)
    for (const [key, d] of diffs) console.log(`${k(d).padStart(8)}  ${key.slice(0, 150)}`)
  }
} finally {
  rmSync(dir, { recursive: true, force: true })
}
