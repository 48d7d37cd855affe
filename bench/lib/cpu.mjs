// CPU time of child processes, measured side by side with a yardstick (see startup.mjs,
// validate.mjs). The CPU (user + system) of a command is what bash's `times` reports for its
// children once it has exited: exact, whatever else the machine is doing, unlike wall time.
import { spawnSync } from "node:child_process"

/** Quotes one argument for bash. */
const quote = (arg) => `'${String(arg).replaceAll("'", `'\\''`)}'`

const seconds = (text) => {
  const m = /^(\d+)m([\d.]+)s$/.exec(text)
  if (m === null) throw new Error(`cannot read a time in "${text}"`)
  return Number(m[1]) * 60 + Number(m[2])
}

/**
 * Runs `argv` (the first item is the program) once; returns its CPU seconds and exit status. Output
 * goes to /dev/null; `expectStatus` (default 0) is checked so a broken command is never timed.
 */
export const cpuOf = (argv, { cwd, env, expectStatus = 0 } = {}) => {
  const script = `${argv.map(quote).join(" ")} >/dev/null 2>/tmp/s3tester-bench-stderr.$$; status=$?; times; ` +
    `if [ $status -ne ${expectStatus} ]; then cat /tmp/s3tester-bench-stderr.$$ >&2; fi; rm -f /tmp/s3tester-bench-stderr.$$; exit $status`
  const result = spawnSync("bash", ["-c", script], { cwd, env: env ?? process.env, encoding: "utf8" })
  if (result.status !== expectStatus) {
    throw new Error(`${argv.join(" ")} exited with ${result.status} (expected ${expectStatus}):\n${result.stderr}`)
  }
  // `times`: the shell's own user/system, then its children's.
  const children = result.stdout.trim().split("\n").at(-1).trim().split(/\s+/)
  return seconds(children[0]) + seconds(children[1])
}

export const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

const ms = (s) => `${Math.round(s * 1000)} ms`
const range = (values) => `${ms(Math.min(...values))}-${ms(Math.max(...values))}`

/**
 * `runs` paired runs of a subject and its yardstick, in alternating order (so a burst of load on the
 * machine hits both): the CPU of each, and the ratio of each pair.
 */
export const paired = (runs, subject, yardstick) => {
  const pairs = []
  for (let i = 0; i < runs; i++) {
    if (i % 2 === 0) {
      const s = subject()
      pairs.push({ subject: s, yardstick: yardstick() })
    } else {
      const y = yardstick()
      pairs.push({ subject: subject(), yardstick: y })
    }
  }
  const subjects = pairs.map((p) => p.subject)
  const yardsticks = pairs.map((p) => p.yardstick)
  const ratios = pairs.map((p) => p.subject / p.yardstick)
  return {
    subject: median(subjects),
    yardstick: median(yardsticks),
    ratio: median(ratios),
    text: `${ms(median(subjects))} (${range(subjects)}) vs ${ms(median(yardsticks))} (${range(yardsticks)}): ` +
      `${median(ratios).toFixed(2)}x (pairs ${Math.min(...ratios).toFixed(2)}-${Math.max(...ratios).toFixed(2)}x)`
  }
}

/** `--name value` from argv, else the default. */
export const option = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`)
  return i === -1 ? fallback : process.argv[i + 1]
}
