import { spawn } from "node:child_process"
import { fileURLToPath } from "node:url"
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { inject } from "vitest"
import { repoRoot } from "../support/runCli.ts"

const realS3 = inject("realS3")
const bin = fileURLToPath(new URL("../../bin/s3tester.js", import.meta.url))
const fixture = "packages/cli/test/integration/fixtures/plugins-multipart-1gib.yaml"

/** Runs the CLI under /usr/bin/time to read the process's peak RSS. */
// The console picks dots when CI is set; this test reads list lines.
const { CI: _ci, ...inherited } = process.env

const runMeasured = (args: ReadonlyArray<string>, env: Record<string, string>) =>
  Effect.callback<{ code: number | null; stdout: string; stderr: string; maxRssKb: number }>((resume) => {
    const child = spawn("/usr/bin/time", ["-f", "maxrss_kb=%M", process.execPath, bin, ...args], {
      cwd: repoRoot,
      env: { ...inherited, NO_COLOR: "1", ...env },
      stdio: ["ignore", "pipe", "pipe"]
    })
    let stdout = ""
    let stderr = ""
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")))
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")))
    child.on("close", (code) => {
      const match = /maxrss_kb=(\d+)/.exec(stderr)
      resume(Effect.succeed({ code, stdout, stderr, maxRssKb: match === null ? Number.NaN : Number(match[1]) }))
    })
    return Effect.sync(() => child.kill("SIGKILL"))
  })

describe("plugins: a 1 GiB multipart upload on Ceph RGW", () => {
  it.effect("uploads 1 GiB in 64 parts and reads it back with its SHA-256, under 250 MB of peak RSS", () =>
    Effect.gen(function*() {
      const run = yield* runMeasured(["run", fixture], {
        S3_ENDPOINT: realS3.endpoint,
        S3_ACCESS_KEY_ID: realS3.accessKeyId,
        S3_SECRET_ACCESS_KEY: realS3.secretAccessKey,
        BUCKET: `s3t-plugins-1gib-${Date.now().toString(36)}`
      })
      assert.strictEqual(run.code, 0, `${run.stdout}\n${run.stderr}`)
      assert.match(run.stdout, /MultipartUpload \[main\] passed/)
      assert.match(run.stdout, /GetObject \[main\] passed/)
      assert.match(run.stdout, /5 passed, 0 failed/)
      console.log(`1 GiB multipart upload + read-back: peak RSS ${(run.maxRssKb / 1024).toFixed(1)} MiB`)
      assert.isBelow(run.maxRssKb, 250 * 1000, "peak RSS must stay under 250 MB")
    }), { timeout: 600_000 })
})
