// Validation CPU per step, beyond start-up. Issue 15, goal 2: at most 0.1 ms of CPU a step
// (10,000 steps in under 1 s more than a 40-step file). `s3tester validate` of generated files of
// 1,000 and 10,000 steps (bench/lib/suiteGenerator.mjs: groups of 25 steps with templates and
// expectations) is paired with `validate` of a 40-step file, the yardstick that holds the start-up;
// each line prints both CPU figures (medians, min-max), the extra per step and the median ratio.
//
//   npx turbo run build --filter=@s3tester/cli... && node bench/validate.mjs [--runs 5] [--cli path/to/bin/s3tester.js]
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join, resolve } from "node:path"
import { fileURLToPath } from "node:url"
import { cpuOf, option, paired } from "./lib/cpu.mjs"
import { suiteYaml } from "./lib/suiteGenerator.mjs"

const repo = fileURLToPath(new URL("../", import.meta.url))
const runs = Number(option("runs", "5"))
const cli = resolve(option("cli", join(repo, "packages/cli/bin/s3tester.js")))
const node = process.execPath
const goalMsPerStep = 0.1

const dir = mkdtempSync(join(tmpdir(), "s3tester-validate-"))
try {
  const file = (steps) => {
    const path = join(dir, `steps-${steps}.yaml`)
    writeFileSync(path, suiteYaml(steps))
    return path
  }
  const validate = (path) => () => cpuOf([node, cli, "validate", path], { cwd: repo, env: { ...process.env, NO_COLOR: "1" } })
  const baseSteps = 40
  const base = validate(file(baseSteps))
  console.log(`node ${process.version}, ${runs} paired runs each, CLI ${cli}`)
  console.log(`figure: validate CPU (min-max) vs validate of ${baseSteps} steps (min-max): ratio; extra CPU per step [goal ${goalMsPerStep} ms]`)
  // The goal is on 10,000 steps (under 1 s extra); on 1,000 the same fixed warm-up of the loader's code
  // (V8 optimising it, Schema's compiled decoder) is spread over ten times fewer steps. The issue's
  // 0.37 ms a step, as filed, was the cost of each step from 1,000 to 10,000: printed last.
  const medians = {}
  for (const steps of [1_000, 10_000]) {
    const subject = validate(file(steps))
    const result = paired(runs, subject, base)
    medians[steps] = result.subject
    const extra = (result.subject - result.yardstick) * 1000
    const perStep = extra / (steps - baseSteps)
    const verdict = steps === 10_000
      ? `[goal ${goalMsPerStep} ms, under 1 s extra: ${perStep <= goalMsPerStep && extra < 1000 ? "met" : "not met"}]`
      : "(not the goal's size: warm-up over few steps)"
    console.log(
      `${`${steps} steps`.padEnd(13)} ${result.text}; ${perStep.toFixed(3)} ms a step beyond start-up, ` +
        `${extra.toFixed(0)} ms extra ${verdict}`
    )
  }
  const marginal = ((medians[10_000] - medians[1_000]) * 1000) / 9_000
  console.log(`each step from 1,000 to 10,000 steps: ${marginal.toFixed(3)} ms (the issue, as filed: 0.37 ms)`)
} finally {
  rmSync(dir, { recursive: true, force: true })
}
