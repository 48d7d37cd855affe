import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { mkdtempSync, readFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { inject } from "vitest"
import { realS3Env } from "../support/realS3.ts"
import { runCli } from "../support/runCli.ts"

const realS3 = inject("realS3")
const swiftS3 = inject("swiftS3")

const env = {
  ...realS3Env(realS3),
  SWIFT_S3_ENDPOINT: swiftS3.endpoint,
  SWIFT_S3_REGION: swiftS3.region,
  SWIFT_S3_ACCESS_KEY_ID: swiftS3.accessKeyId,
  SWIFT_S3_SECRET_ACCESS_KEY: swiftS3.secretAccessKey,
  SWIFT_S3_ALT_ACCESS_KEY_ID: swiftS3.altAccessKeyId,
  SWIFT_S3_ALT_SECRET_ACCESS_KEY: swiftS3.altSecretAccessKey
}

interface Counts { readonly [outcome: string]: number }
interface MatrixJson {
  readonly targets: ReadonlyArray<{ readonly name: string; readonly totals: Counts }>
  readonly areas: ReadonlyArray<{ readonly area: string; readonly targets: Record<string, Counts> }>
}
interface ReportJson {
  readonly run: { readonly target: string }
  readonly groups: ReadonlyArray<{ readonly id?: string; readonly area?: string; readonly outcome: string }>
}

describe("the compatibility matrix over Ceph RGW 16, Swift 2.30 s3api and the embedded server", () => {
  it.effect("every check passes or deviates as its target's profile declares (--strict-profile); the matrix counts are the reports' counts", () =>
    Effect.gen(function*() {
      const out = mkdtempSync(join(tmpdir(), "s3t-matrix-"))
      const run = yield* runCli(["matrix", "--strict-profile", "--output-dir", out], { env })
      assert.strictEqual(run.code, 0, run.stdout.slice(-6000) + run.stderr.slice(-2000))
      for (const secret of [realS3.secretAccessKey, swiftS3.secretAccessKey]) assert.notInclude(run.stdout + run.stderr, secret)
      const matrix = JSON.parse(readFileSync(join(out, "matrix.json"), "utf8")) as MatrixJson
      assert.sameMembers(matrix.targets.map((t) => t.name), ["ceph-rgw-16", "swift-s3api-2.30", "embedded"])
      for (const { name: target, totals } of matrix.targets) {
        const report = JSON.parse(readFileSync(join(out, target, "report.json"), "utf8")) as ReportJson
        assert.strictEqual(report.run.target, target)
        const checks = report.groups.filter((g) => g.id !== undefined)
        const byOutcome = (list: ReadonlyArray<{ readonly outcome: string }>) =>
          list.reduce<Record<string, number>>((c, g) => ({ ...c, [g.outcome]: (c[g.outcome] ?? 0) + 1 }), {})
        const expected = byOutcome(checks)
        for (const [outcome, count] of Object.entries(expected)) assert.strictEqual(totals[outcome], count, `${target} ${outcome}`)
        assert.strictEqual(totals["failed"] ?? 0, 0, target)
        assert.strictEqual(totals["errored"] ?? 0, 0, target)
        assert.strictEqual(totals["fixed"] ?? 0, 0, target)
        for (const { area, targets } of matrix.areas) {
          const inArea = byOutcome(checks.filter((g) => g.area === area))
          for (const [outcome, count] of Object.entries(inArea)) assert.strictEqual(targets[target]?.[outcome], count, `${target} ${area} ${outcome}`)
        }
      }
      const markdown = readFileSync(join(out, "matrix.md"), "utf8")
      assert.include(markdown, "pass rate = passed / (passed + failed + errored)")
      assert.include(readFileSync(join(out, "matrix.html"), "utf8"), "ceph-rgw-16")
    }), { timeout: 900_000 })
})
