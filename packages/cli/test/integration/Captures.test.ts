/**
 * Captures against Ceph RGW: when the step a capture comes from does not pass, the steps that use
 * its output are skipped, naming it (no cascade of failed and errored steps, no request sent for
 * them); an SSE-C key given through vars stays out of the console and the report.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { inject } from "vitest"
import { realS3Env } from "../support/realS3.ts"
import { runCli } from "../support/runCli.ts"

const realS3 = inject("realS3")
const fixture = "packages/cli/test/integration/fixtures/captures.yaml"
const sseKey = "czN0LWNhcHR1cmVzLXNzZS1jLWtleS0zMi1ieXRlcyE="

interface JsonStep {
  readonly name: string
  readonly outcome: string
  readonly message?: string
  readonly attempts: number
}

describe("captures against Ceph RGW", () => {
  it.effect("steps whose capture source failed are skipped, naming it; the SSE-C key from vars never shows", () =>
    Effect.gen(function*() {
      const out = mkdtempSync(join(tmpdir(), "s3t-captures-"))
      yield* Effect.addFinalizer(() => Effect.sync(() => rmSync(out, { recursive: true, force: true })))
      const report = join(out, "r.json")
      const run = yield* runCli(["run", fixture, "--reporter", "list", "--reporter", `json:${report}`], {
        env: realS3Env(realS3)
      })
      assert.strictEqual(run.code, 1, run.stdout + run.stderr)
      const text = readFileSync(report, "utf8")
      const { groups } = JSON.parse(text) as { groups: ReadonlyArray<{ name: string; steps: ReadonlyArray<JsonStep> }> }
      const multipart = groups.find((g) => g.name === "multipart")!.steps
      assert.deepStrictEqual(multipart.map((s) => [s.name, s.outcome]), [
        ["create", "failed"],
        ["part", "skipped"],
        ["complete", "skipped"],
        ["abort", "skipped"]
      ])
      assert.match(multipart[0]!.message ?? "", /NoSuchBucket/)
      assert.deepStrictEqual(multipart.slice(1).map((s) => [s.message, s.attempts]), [
        ["depends on steps.mpu, which failed", 0],
        ["depends on steps.mpu, which failed", 0],
        ["depends on steps.mpu, which failed", 0]
      ])
      assert.include(run.stdout, "depends on steps.mpu, which failed")
      const sse = groups.find((g) => g.name === "sse-c")!.steps[0]!
      assert.notStrictEqual(sse.outcome, "passed")
      for (const where of [run.stdout, run.stderr, text]) assert.notInclude(where, sseKey)
    }).pipe(Effect.scoped))
})
