// Start-up CPU of the `s3tester` command, side by side with its yardstick: loading
// `@aws-sdk/client-s3` alone (`node -e "require('@aws-sdk/client-s3')"`). Issue 15, goal 1:
//   --help, --version              at most 1.5x the yardstick
//   validate of a 40-step file     at most 2x
//   run of 1 step (loopback stub)  at most 2.5x
// Paired runs (subject and yardstick one after the other, alternating which goes first); each line
// prints medians with min-max and the median of the pairs' ratios. CPU is user + system of the
// process (bash `times`), which other load on the machine disturbs far less than wall time.
//
//   npx turbo run build --filter=@s3tester/cli... && node bench/startup.mjs [--runs 11] [--cli path/to/bin/s3tester.js]
// `--cli` measures another build (e.g. a checkout of main) with the same yardstick.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join, resolve } from "node:path"
import { fileURLToPath } from "node:url"
import { cpuOf, option, paired } from "./lib/cpu.mjs"
import { startStub } from "./lib/stubProcess.mjs"
import { suiteYaml } from "./lib/suiteGenerator.mjs"

const repo = fileURLToPath(new URL("../", import.meta.url))
const runs = Number(option("runs", "11"))
const cli = resolve(option("cli", join(repo, "packages/cli/bin/s3tester.js")))
const node = process.execPath

const dir = mkdtempSync(join(tmpdir(), "s3tester-startup-"))
const stub = await startStub()
try {
  const forty = join(dir, "forty.yaml")
  writeFileSync(forty, suiteYaml(40))
  const one = join(dir, "one.yaml")
  writeFileSync(one, suiteYaml(1, { endpoint: stub.endpoint }))

  // The yardstick resolves the SDK from the repository (where the CLI finds it too).
  const yardstick = () => cpuOf([node, "-e", "require('@aws-sdk/client-s3')"], { cwd: repo })
  const s3tester = (...args) => () => cpuOf([node, cli, ...args], { cwd: repo, env: { ...process.env, NO_COLOR: "1", CI: "1" } })

  console.log(`node ${process.version}, ${runs} paired runs each, CLI ${cli}`)
  console.log("figure: s3tester CPU (min-max) vs require('@aws-sdk/client-s3') CPU (min-max): median ratio (pairs min-max) [goal]")
  const figures = [
    ["--help", s3tester("--help"), 1.5],
    ["--version", s3tester("--version"), 1.5],
    ["validate (40 steps)", s3tester("validate", forty), 2],
    ["run (1 step, loopback stub)", s3tester("run", one, "--console", "list"), 2.5]
  ]
  for (const [name, subject, goal] of figures) {
    const result = paired(runs, subject, yardstick)
    console.log(`${name.padEnd(28)} ${result.text} [${goal}x: ${result.ratio <= goal ? "met" : "not met"}]`)
  }
} finally {
  stub.stop()
  rmSync(dir, { recursive: true, force: true })
}
