/**
 * The memory proof: a 1 GiB generated object uploaded with one streamed PutObject to Ceph RGW and
 * read back with its SHA-256 checked, in a separate process (bench/large-object.mjs, on the built
 * core) whose peak RSS must stay under 250 MB.
 */
import { spawn } from "node:child_process"
import { fileURLToPath } from "node:url"
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { realS3 } from "./bodiesSupport.ts"

const bench = fileURLToPath(new URL("../../../../bench/large-object.mjs", import.meta.url))

const runBench = (size: string, env: NodeJS.ProcessEnv) =>
  Effect.promise(() =>
    new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [bench, size], { env, stdio: ["ignore", "pipe", "pipe"] })
      let stdout = ""
      let stderr = ""
      child.stdout.on("data", (d: Buffer) => (stdout += d.toString()))
      child.stderr.on("data", (d: Buffer) => (stderr += d.toString()))
      child.on("close", (code) => resolve({ code, stdout, stderr }))
    })
  )

describe("large objects", () => {
  it.live("1 GiB up (one PutObject) and down, sha256 checked, peak RSS under 250 MB", () =>
    Effect.gen(function*() {
      const s3 = realS3()
      const result = yield* runBench("1GiB", {
        ...process.env,
        S3_ENDPOINT: s3.endpoint,
        S3_REGION: s3.region,
        S3_ACCESS_KEY_ID: s3.accessKeyId,
        S3_SECRET_ACCESS_KEY: s3.secretAccessKey
      })
      const line = result.stdout.trim().split("\n").at(-1) ?? ""
      assert.strictEqual(result.code, 0, `bench failed (${result.code}): ${line}\n${result.stderr}`)
      const figures = JSON.parse(line) as { bytes: number; shaMatches: boolean; peakRssMB: number }
      assert.strictEqual(figures.bytes, 2 ** 30)
      assert.isTrue(figures.shaMatches)
      assert.isBelow(figures.peakRssMB, 250)
    }), { timeout: 600_000 })
})
