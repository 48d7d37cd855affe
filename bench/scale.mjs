#!/usr/bin/env node
// Scale (issue 15, goal 4): a run of 100,000 steps (one file, then 20 files) through the CLI against a
// loopback stub server in its own process (bench/lib/stubS3.mjs), measured from outside and by a probe
// preloaded into the CLI (bench/lib/memoryProbe.mjs):
//   - time to the first step: from spawning `s3tester run` to the stub's first request (goal 3 s), and the
//     CLI's CPU time by then (user + system, from /proc: less sensitive to the load of a shared machine);
//   - peak RSS of the CLI (getrusage; goal 300 MB);
//   - heap after GC once the first 1,000 steps are done and before the last 1,000 (goal: grows by under
//     100 MB), and at exit.
// Steps: the generated suite of bench/lib/suiteGenerator.mjs without body expectations (the stub's
// body is not the one put); one step is one request.
//
//   npx turbo run build --filter=@s3tester/cli... && node bench/scale.mjs [--steps 100000] [--files 1,20] [--cli path]
//
// With `--first-step-pairs N --baseline <cli>`: only the first step, N pairs (the baseline CLI, then this
// one; the run is killed at its first request), each pair's wall and CPU times, and the medians.
import { spawn } from "node:child_process"
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join, resolve } from "node:path"
import { fileURLToPath } from "node:url"
import { option } from "./lib/cpu.mjs"
import { startStub } from "./lib/stubProcess.mjs"
import { suiteYaml } from "./lib/suiteGenerator.mjs"

const repo = fileURLToPath(new URL("../", import.meta.url))
const cli = resolve(option("cli", join(repo, "packages/cli/bin/s3tester.js")))
const probe = fileURLToPath(new URL("./lib/memoryProbe.mjs", import.meta.url))
const steps = Number(option("steps", "100000"))
const fileCounts = option("files", "1,20").split(",").map(Number)
const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(0)} MB`

/** A process's CPU time so far (user + system) in seconds, from /proc (Linux; undefined elsewhere). */
const cpuSeconds = (pid) => {
  const path = `/proc/${pid}/stat`
  if (!existsSync(path)) return undefined
  // the fields after the command name (which may hold spaces): utime and stime are the 12th and 13th
  const stat = readFileSync(path, "utf8")
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ")
  return (Number(fields[11]) + Number(fields[12])) / 100 // USER_HZ is 100 on Linux
}

const firstStepPairs = Number(option("first-step-pairs", "0"))
const baseline = option("baseline", "")

const measure = async (files, { cliPath = cli, firstOnly = false } = {}) => {
  const dir = mkdtempSync(join(tmpdir(), "s3tester-scale-"))
  let child
  let spawnedAt = 0
  let firstRequestAt
  let firstRequestCpu
  let signalled = 0
  const stub = await startStub({
    reportEvery: 1000,
    onRequests: (count, at) => {
      if (count === 1) {
        firstRequestAt = at
        firstRequestCpu = child === undefined ? undefined : cpuSeconds(child.pid)
        if (firstOnly) child?.kill("SIGKILL")
      }
      // one request a step: heap samples after the first 1,000 steps and before the last 1,000
      const due = signalled === 0 ? 1000 : signalled === 1 ? steps - 1000 : Infinity
      if (count >= due && child !== undefined) {
        signalled++
        child.kill("SIGUSR2")
      }
    }
  })
  try {
    const paths = Array.from({ length: files }, (_, i) => {
      const path = join(dir, `suite-${i}.yaml`)
      writeFileSync(path, suiteYaml(Math.ceil(steps / files), { endpoint: stub.endpoint, expectBodies: false }))
      return path
    })
    const memoryOut = join(dir, "memory.json")
    const started = Date.now()
    const exit = await new Promise((resolve) => {
      spawnedAt = Date.now()
      child = spawn(process.execPath, ["--expose-gc", "--import", probe, cliPath, "run", ...paths, "--console", "dot"], {
        cwd: repo,
        env: { ...process.env, S3TESTER_MEMORY_OUT: memoryOut, NO_COLOR: "1" },
        stdio: ["ignore", "ignore", "pipe"]
      })
      let stderr = ""
      child.stderr.on("data", (chunk) => (stderr += chunk))
      child.on("exit", (code) => resolve({ code, stderr }))
    })
    const seconds = (Date.now() - started) / 1000
    if (firstOnly) {
      return firstRequestAt === undefined ? undefined : { wall: (firstRequestAt - spawnedAt) / 1000, cpu: firstRequestCpu }
    }
    const memory = JSON.parse(readFileSync(memoryOut, "utf8"))
    const [early, late] = memory.heaps
    const first = firstRequestAt === undefined
      ? "never"
      : `${((firstRequestAt - spawnedAt) / 1000).toFixed(1)} s` +
        (firstRequestCpu === undefined ? "" : ` (${firstRequestCpu.toFixed(1)} s of CPU)`)
    console.log(
      `${steps} steps in ${files} file${files === 1 ? "" : "s"}: exit ${exit.code}, ${seconds.toFixed(0)} s in all; ` +
        `first step after ${first} [goal 3 s]; peak RSS ${mb(memory.maxRssKiB * 1024)} [goal 300 MB]; ` +
        `heap after GC ${early === undefined ? "n/a" : mb(early)} after 1,000 steps -> ${late === undefined ? "n/a" : mb(late)} ` +
        `before the last 1,000 (growth ${early === undefined || late === undefined ? "n/a" : mb(late - early)}) [goal 100 MB], ` +
        `${mb(memory.heapAtExit)} at exit`
    )
    if (exit.code !== 0) console.log(exit.stderr.split("\n").slice(0, 5).join("\n"))
  } finally {
    stub.stop()
    rmSync(dir, { recursive: true, force: true })
  }
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]
const range = (values) => `${Math.min(...values).toFixed(1)}-${Math.max(...values).toFixed(1)}`

console.log(`node ${process.version}, CLI ${cli}`)
if (firstStepPairs > 0) {
  if (baseline === "") throw new Error("--first-step-pairs needs --baseline <cli>")
  console.log(`baseline CLI ${resolve(baseline)}`)
  for (const files of fileCounts) {
    const rows = { baseline: [], this: [] }
    for (let pair = 1; pair <= firstStepPairs; pair++) {
      const before = await measure(files, { cliPath: resolve(baseline), firstOnly: true })
      const after = await measure(files, { firstOnly: true })
      if (before === undefined || after === undefined) throw new Error("a run never reached its first step")
      rows.baseline.push(before)
      rows.this.push(after)
      console.log(
        `${files} file${files === 1 ? "" : "s"}, pair ${pair}: first step ${before.wall.toFixed(1)} s (${before.cpu?.toFixed(1)} s CPU) ` +
          `-> ${after.wall.toFixed(1)} s (${after.cpu?.toFixed(1)} s CPU)`
      )
    }
    for (const [name, list] of Object.entries(rows)) {
      const walls = list.map((row) => row.wall)
      const cpus = list.map((row) => row.cpu ?? NaN)
      console.log(
        `${files} file${files === 1 ? "" : "s"}, ${name}: first step median ${median(walls).toFixed(1)} s (${range(walls)}), ` +
          `CPU median ${median(cpus).toFixed(1)} s (${range(cpus)}) [goal 3 s]`
      )
    }
  }
} else {
  for (const files of fileCounts) await measure(files)
}
