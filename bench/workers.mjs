#!/usr/bin/env node
// Every file at once (issue 15, goal 5): wall time of `s3tester run` over N small one-group files
// against a real S3 server (Ceph RGW), side by side with its yardstick, the same N groups in one
// `parallel: true` file, in paired rounds (alternating order). Also N files with `--workers 1` (the old,
// one-file-after-another behaviour) and, with --workers-list, other worker counts. Each group creates
// its own bucket (named from `${{ run.id }}`), puts and gets an object, and deletes both.
//
//   set -a; . /work/ceph.env; set +a
//   npx turbo run build --filter=@s3tester/cli... && node bench/workers.mjs [--files 40] [--rounds 5] [--workers-list 1,40]
import { spawnSync } from "node:child_process"
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join, resolve } from "node:path"
import { fileURLToPath } from "node:url"
import { median, option } from "./lib/cpu.mjs"

const repo = fileURLToPath(new URL("../", import.meta.url))
const cli = resolve(option("cli", join(repo, "packages/cli/bin/s3tester.js")))
const files = Number(option("files", "40"))
const rounds = Number(option("rounds", "5"))
const workersList = option("workers-list", "1").split(",").filter((w) => w !== "").map(Number)
if (process.env.S3_ENDPOINT === undefined) throw new Error("S3_ENDPOINT is not set: `set -a; . /work/ceph.env; set +a`")

const config = `config:
  endpoint_url: "\${{ env.S3_ENDPOINT }}"
  region: us-east-1
  credentials:
    - name: main
      access_key: "\${{ env.S3_ACCESS_KEY_ID }}"
      secret_key: "\${{ env.S3_SECRET_ACCESS_KEY }}"
`
const group = (i) => `    - name: g${i}
      before_test:
        - operation: CreateBucket
          parameters: { Bucket: "s3t-wk-\${{ run.id }}-${i}" }
      test:
        - operation: PutObject
          parameters: { Bucket: "s3t-wk-\${{ run.id }}-${i}", Key: k, Body: hello }
        - operation: GetObject
          parameters: { Bucket: "s3t-wk-\${{ run.id }}-${i}", Key: k }
          expected_result: { body: { text: hello } }
      after_test:
        - operation: DeleteObject
          parameters: { Bucket: "s3t-wk-\${{ run.id }}-${i}", Key: k }
        - operation: DeleteBucket
          parameters: { Bucket: "s3t-wk-\${{ run.id }}-${i}" }
`
const dir = mkdtempSync(join(tmpdir(), "s3tester-workers-"))
const many = Array.from({ length: files }, (_, i) => {
  const path = join(dir, `file-${i}.yaml`)
  writeFileSync(path, `${config}test_cases:\n  groups:\n${group(i)}`)
  return path
})
const one = join(dir, "parallel.yaml")
writeFileSync(one, `${config}test_cases:\n  parallel: true\n  groups:\n${Array.from({ length: files }, (_, i) => group(i)).join("")}`)

/** Wall seconds of one run; a run that does not pass (exit 0) is never timed. */
const wall = (args) => {
  const started = process.hrtime.bigint()
  const result = spawnSync(process.execPath, [cli, "run", ...args, "--console", "dot"], {
    cwd: repo,
    env: { ...process.env, NO_COLOR: "1" },
    encoding: "utf8"
  })
  const seconds = Number(process.hrtime.bigint() - started) / 1e9
  if (result.status !== 0) throw new Error(`s3tester run exited with ${result.status}:\n${result.stdout}\n${result.stderr}`)
  return seconds
}

const subjects = {
  files: () => wall(many),
  parallel: () => wall([one]),
  ...Object.fromEntries(workersList.map((w) => [`workers ${w}`, () => wall([...many, "--workers", String(w)])]))
}
const times = Object.fromEntries(Object.keys(subjects).map((name) => [name, []]))
const ratios = []
try {
  for (let round = 0; round < rounds; round++) {
    const names = Object.keys(subjects)
    const order = round % 2 === 0 ? names : [...names].reverse()
    const got = {}
    for (const name of order) got[name] = subjects[name]()
    for (const name of names) times[name].push(got[name])
    ratios.push(got.files / got.parallel)
    console.error(`round ${round + 1}: ${names.map((n) => `${n} ${got[n].toFixed(2)}s`).join(", ")}`)
  }
} finally {
  rmSync(dir, { recursive: true, force: true })
}
const fmt = (values) => `${median(values).toFixed(2)} s (${Math.min(...values).toFixed(2)}-${Math.max(...values).toFixed(2)})`
console.log(`${files} one-group files vs the same groups in one parallel file, against ${process.env.S3_ENDPOINT}, ${rounds} paired rounds, wall time:`)
console.log(`  ${files} files (default --workers):  ${fmt(times.files)}`)
console.log(`  1 parallel file (default --concurrency): ${fmt(times.parallel)}`)
console.log(`  ratio files/parallel: ${median(ratios).toFixed(2)}x (pairs ${Math.min(...ratios).toFixed(2)}-${Math.max(...ratios).toFixed(2)}x; goal 1.3x)`)
for (const w of workersList) console.log(`  ${files} files, --workers ${w}: ${fmt(times[`workers ${w}`])}`)
