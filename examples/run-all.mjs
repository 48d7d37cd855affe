#!/usr/bin/env node
// Runs every example as CI does: under Node (tsx) against the embedded server, then against the real
// S3 server named by S3_ENDPOINT (Ceph RGW; with CI=true it must be set), and two of them under Deno.
// Exits 1 when any example exits non-zero. Usage: node run-all.mjs [name...]
import { spawnSync } from "node:child_process"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"

const here = dirname(fileURLToPath(import.meta.url))
const bin = (name) => join(here, "..", "node_modules", ".bin", name)
const examples = ["matrix", "custom-reporter", "custom-operation", "pipeline", "compare-endpoints"]
const underDeno = ["matrix", "pipeline"]
const wanted = process.argv.slice(2)
const selected = (list) => (wanted.length === 0 ? list : list.filter((name) => wanted.includes(name)))

const ceph = process.env.S3_ENDPOINT
if (ceph === undefined && process.env.CI === "true") {
  console.error("run-all: CI=true but S3_ENDPOINT is not set: start Ceph RGW first (scripts/ceph-rgw-start.sh)")
  process.exit(1)
}
const embeddedEnv = { ...process.env }
delete embeddedEnv.S3_ENDPOINT

const runs = [
  ...selected(examples).map((name) => ({ name, runtime: "node", target: "embedded", env: embeddedEnv })),
  ...(ceph === undefined ? [] : selected(examples).map((name) => ({ name, runtime: "node", target: ceph, env: process.env }))),
  ...selected(underDeno).map((name) => ({ name, runtime: "deno", target: "embedded", env: embeddedEnv })),
  ...(ceph === undefined ? [] : selected(underDeno).map((name) => ({ name, runtime: "deno", target: ceph, env: process.env })))
]

let failed = 0
for (const run of runs) {
  const file = join(here, `${run.name}.ts`)
  const [command, args] = run.runtime === "node" ? [bin("tsx"), [file]] : [bin("deno"), ["run", "-A", file]]
  const started = Date.now()
  const result = spawnSync(command, args, { env: { ...run.env, NO_COLOR: "1" }, encoding: "utf8", timeout: 300_000 })
  const ms = Date.now() - started
  const ok = result.status === 0
  if (!ok) failed++
  console.log(`${ok ? "ok  " : "FAIL"} ${run.name}.ts under ${run.runtime} against ${run.target} (${ms} ms)`)
  if (!ok) {
    process.stdout.write(result.stdout ?? "")
    process.stdout.write(result.stderr ?? "")
    if (result.error) console.log(String(result.error))
  }
}
console.log(`${runs.length - failed}/${runs.length} example runs passed`)
process.exitCode = failed === 0 ? 0 : 1
