/**
 * The live display on a real terminal: the CLI runs inside tmux (a pseudo-terminal), and the test
 * reads the screen as a user would see it, during the run and after it.
 */
import { execFileSync } from "node:child_process"
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { repoRoot } from "./support/runCli.ts"

const bin = fileURLToPath(new URL("../bin/s3tester.js", import.meta.url))
const session = `s3t-console-${process.pid}`

const tmux = (...args: ReadonlyArray<string>) => execFileSync("tmux", args, { encoding: "utf8" })
const screen = () => tmux("capture-pane", "-p", "-t", session)

/** A suite long enough to watch: one group, `steps` HeadBucket calls on the embedded server. */
const slowSuite = (steps: number) => {
  const lines = [
    "config:",
    "  credentials: [{ name: main, access_key: k, secret_key: tty-secret-value }]",
    "test_cases:",
    "  groups:",
    "    - name: watched",
    "      before_test: [{ operation: CreateBucket, parameters: { Bucket: s3t-console-tty } }]",
    "      test:",
    ...Array.from({ length: steps }, () => "        - { operation: HeadBucket, parameters: { Bucket: s3t-console-tty } }"),
    "      after_test: [{ operation: DeleteBucket, parameters: { Bucket: s3t-console-tty } }]"
  ]
  return `${lines.join("\n")}\n`
}

const waitFor = (predicate: (text: string) => boolean, timeoutMs: number) =>
  Effect.gen(function*() {
    const deadline = Date.now() + timeoutMs
    while (Date.now() < deadline) {
      const text = screen()
      if (predicate(text)) return text
      yield* Effect.promise(() => new Promise((resolve) => setTimeout(resolve, 50)))
    }
    return assert.fail(`timed out waiting for the screen; it shows:\n${screen()}`)
  })

describe("the progress display on a terminal (tmux)", () => {
  it.live("shows a live bar, the running group and counts, then leaves only the summary", () =>
    Effect.gen(function*() {
      const dir = mkdtempSync(join(tmpdir(), "s3t-console-"))
      yield* Effect.addFinalizer(() =>
        Effect.sync(() => {
          try {
            tmux("kill-session", "-t", session)
          } catch {
            // already gone
          }
          rmSync(dir, { recursive: true, force: true })
        })
      )
      const file = join(dir, "slow.yaml")
      writeFileSync(file, slowSuite(1_500))
      const command = `env -u CI -u NO_COLOR TERM=xterm-256color node ${bin} run ${file}; echo EXIT=$?; sleep 60`
      tmux("new-session", "-d", "-s", session, "-x", "100", "-y", "30", "-c", repoRoot, command)

      const during = yield* waitFor((text) => /\d+\/1502 steps/.test(text) && text.includes("running (1): watched"), 60_000)
      assert.match(during, /[█░]{24} \d+\/1502 steps {2}✓ \d+ {2}✗ 0 failed {2}\d+s/)
      // One frame at the bottom: the display redraws in place, it does not scroll.
      assert.strictEqual(during.split("\n").filter((line) => line.includes("/1502 steps")).length, 1)

      const after = yield* waitFor((text) => text.includes("EXIT="), 120_000)
      assert.include(after, "EXIT=0")
      assert.match(after, /^1502 passed, 0 failed, 0 errored, 0 skipped, 0 unsupported \(1502 steps\) in /m)
      assert.notInclude(after, "running (")
      assert.notMatch(after, /[█░]/)
      // Passed steps are not listed one by one on a terminal: only the summary.
      assert.notInclude(after, "HeadBucket [main] passed")
      assert.notInclude(after, "tty-secret-value")
    }), 180_000)

  it.live("Ctrl-C: the message and the summary are not mixed with a leftover frame", () =>
    Effect.gen(function*() {
      const dir = mkdtempSync(join(tmpdir(), "s3t-console-"))
      const interrupted = `${session}-int`
      yield* Effect.addFinalizer(() =>
        Effect.sync(() => {
          try {
            tmux("kill-session", "-t", interrupted)
          } catch {
            // already gone
          }
          rmSync(dir, { recursive: true, force: true })
        })
      )
      const file = join(dir, "slow.yaml")
      writeFileSync(file, slowSuite(5_000))
      const command = `env -u CI -u NO_COLOR TERM=xterm-256color node ${bin} run ${file}; echo EXIT=$?; sleep 60`
      tmux("new-session", "-d", "-s", interrupted, "-x", "100", "-y", "30", "-c", repoRoot, command)
      const read = () => tmux("capture-pane", "-p", "-t", interrupted)
      const deadline = Date.now() + 60_000
      while (!/\d+\/5002 steps/.test(read()) && Date.now() < deadline) {
        yield* Effect.promise(() => new Promise((resolve) => setTimeout(resolve, 50)))
      }
      yield* Effect.promise(() => new Promise((resolve) => setTimeout(resolve, 500)))
      tmux("send-keys", "-t", interrupted, "C-c")
      let after = read()
      while (!after.includes("EXIT=") && Date.now() < deadline + 60_000) {
        yield* Effect.promise(() => new Promise((resolve) => setTimeout(resolve, 50)))
        after = read()
      }
      assert.include(after, "EXIT=130")
      assert.include(after, "SIGINT: stopping the run")
      assert.match(after, /^Interrupted: cleanup ran for every started group\.$/m)
      assert.notInclude(after, "running (", after)
      assert.notMatch(after, /[█░]/, after)
    }), 180_000)
})
