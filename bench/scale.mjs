#!/usr/bin/env node
// Scale (issue 15, goal 4): a run of 100,000 steps (one file, then 20 files) through the CLI against a
// loopback stub server in its own process (bench/lib/stubS3.mjs), measured from outside and by a probe
// preloaded into the CLI (bench/lib/memoryProbe.mjs):
//   - time to the first step: from spawning `s3tester run` to the stub's first request (goal 3 s);
//   - peak RSS of the CLI (getrusage; goal 300 MB);
//   - heap after GC once the first 1,000 steps are done and before the last 1,000 (goal: grows by under
//     100 MB), and at exit.
// Steps: the generated suite of bench/lib/suiteGenerator.mjs without body expectations (the stub's
// body is not the one put); one step is one request.
//
//   npx turbo run build --filter=@s3tester/cli... && node bench/scale.mjs [--steps 100000] [--files 1,20] [--cli path]
import { spawn } from "node:child_process"
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
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

const measure = async (files) => {
  const dir = mkdtempSync(join(tmpdir(), "s3tester-scale-"))
  let child
  let spawnedAt = 0
  let firstRequestAt
  let signalled = 0
  const stub = await startStub({
    reportEvery: 1000,
    onRequests: (count, at) => {
      if (count === 1) firstRequestAt = at
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
      child = spawn(process.execPath, ["--expose-gc", "--import", probe, cli, "run", ...paths, "--console", "dot"], {
        cwd: repo,
        env: { ...process.env, S3TESTER_MEMORY_OUT: memoryOut, NO_COLOR: "1" },
        stdio: ["ignore", "ignore", "pipe"]
      })
      let stderr = ""
      child.stderr.on("data", (chunk) => (stderr += chunk))
      child.on("exit", (code) => resolve({ code, stderr }))
    })
    const seconds = (Date.now() - started) / 1000
    const memory = JSON.parse(readFileSync(memoryOut, "utf8"))
    const [early, late] = memory.heaps
    const first = firstRequestAt === undefined ? "never" : `${((firstRequestAt - spawnedAt) / 1000).toFixed(1)} s`
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

console.log(`node ${process.version}, CLI ${cli}`)
for (const files of fileCounts) await measure(files)
