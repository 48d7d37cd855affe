/**
 * The AWS SDK's ten-line NodeVersionSupportWarning (printed on Node < 22 when a process makes its
 * first client) reaches no one: not a library user's script (an example under tsx), not the CLI.
 * Both are quieted in one place, core's client settings. On Node 22+ the SDK prints nothing anyway.
 */
import { assert, describe, it } from "@effect/vitest"
import { spawn } from "node:child_process"
import { fileURLToPath } from "node:url"
import { Effect } from "effect"

const root = fileURLToPath(new URL("../../", import.meta.url))

const run = (command: string, args: ReadonlyArray<string>) =>
  Effect.callback<{ readonly code: number | null; readonly output: string }>((resume) => {
    // The embedded server, and no off switch of the user's own.
    const { CI: _ci, S3_ENDPOINT: _endpoint, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: _off, ...env } = process.env
    const child = spawn(command, args, { cwd: root, env: { ...env, NO_COLOR: "1" }, stdio: ["ignore", "pipe", "pipe"] })
    let output = ""
    child.stdout.on("data", (chunk: Buffer) => void (output += chunk.toString("utf8")))
    child.stderr.on("data", (chunk: Buffer) => void (output += chunk.toString("utf8")))
    child.on("close", (code) => resume(Effect.succeed({ code, output })))
    return Effect.sync(() => child.kill("SIGKILL"))
  })

describe("the SDK's NodeVersionSupportWarning", () => {
  it.effect("is not printed for a library user's script (examples/custom-reporter.ts)", () =>
    Effect.gen(function*() {
      const result = yield* run(`${root}node_modules/.bin/tsx`, ["examples/custom-reporter.ts"])
      assert.strictEqual(result.code, 0, result.output)
      assert.include(result.output, "passed against embedded")
      assert.notInclude(result.output, "NodeVersionSupportWarning")
    }))

  it.effect("is not printed by the CLI", () =>
    Effect.gen(function*() {
      const result = yield* run(process.execPath, ["packages/cli/bin/s3tester.js", "run", "examples/quickstart.yaml"])
      assert.strictEqual(result.code, 0, result.output)
      assert.notInclude(result.output, "NodeVersionSupportWarning")
    }))
})
