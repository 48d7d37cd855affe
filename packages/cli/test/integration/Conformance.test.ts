import { ListBucketsCommand } from "@aws-sdk/client-s3"
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { inject } from "vitest"
import * as YAML from "yaml"
import { realS3Env, userClient } from "../support/realS3.ts"
import { repoRoot, runCli } from "../support/runCli.ts"

const realS3 = inject("realS3")
const env = realS3Env(realS3)
const profileFile = join(repoRoot, "packages/conformance/profiles/ceph-rgw-16.yaml")

/** A check RGW 16 deviates on (it ignores partNumber), declared in the committed profile. */
const deviating = "range/part-number-get"
/** A check RGW 16 passes. */
const passing = "range/middle"

const clients = [userClient(realS3, "main"), userClient(realS3, "alt")]

/** Every conformance bucket (`s3t-` prefix) either user owns. */
const conformanceBuckets = Effect.promise(() =>
  Promise.all(clients.map((client) => client.send(new ListBucketsCommand({}))))
).pipe(Effect.map((lists) => lists.flatMap((out) => (out.Buckets ?? []).map((b) => b.Name ?? "")).filter((n) => n.startsWith("s3t-"))))

/** A copy of the committed profile, changed by `edit`. */
const profileCopy = (edit: (deviations: Record<string, unknown>) => void): string => {
  const dir = mkdtempSync(join(tmpdir(), "s3t-profile-"))
  const document = YAML.parse(readFileSync(profileFile, "utf8")) as { deviations: Record<string, unknown> }
  edit(document.deviations)
  const file = join(dir, "ceph-rgw-16.yaml")
  writeFileSync(file, YAML.stringify(document))
  return file
}

const conformance = (args: ReadonlyArray<string>, consoleMode: "list" | "dot" = "list") =>
  runCli(["conformance", "--target", realS3.endpoint, "--console", consoleMode, ...args], { env })

describe("conformance against Ceph RGW: profiles and baselines", () => {
  it.effect("with the committed profile every range check passes or is known (exit 0 under --strict-profile)", () =>
    Effect.gen(function*() {
      const run = yield* conformance(["--area", "range", "--profile", "ceph-rgw-16", "--strict-profile"])
      assert.strictEqual(run.code, 0, run.stdout + run.stderr)
      assert.match(run.stdout, new RegExp(`~ ${deviating} > test > \\w+ \\[main\\] known`))
      assert.match(run.stdout, /Checks: 19 — 15 passed, 4 known, 0 failed/)
    }))

  it.effect("a profile entry removed: that check fails and the run exits 1", () =>
    Effect.gen(function*() {
      const file = profileCopy((d) => delete d[deviating])
      const run = yield* conformance(["--area", "range", "--profile", file, "--strict-profile"])
      assert.strictEqual(run.code, 1, run.stdout + run.stderr)
      assert.match(run.stdout, new RegExp(`✗ ${deviating} > test > \\w+ \\[main\\] FAILED`))
      assert.match(run.stdout, /3 known, 1 failed/)
    }))

  it.effect("an entry for a check that passes: fixed, a failure under --strict-profile only", () =>
    Effect.gen(function*() {
      const file = profileCopy((d) => {
        d[passing] = { observed: { error_code: "InvalidRange" }, reason: "stale on purpose" }
      })
      const strict = yield* conformance(["--area", "range", "--grep", passing, "--profile", file, "--strict-profile"])
      assert.strictEqual(strict.code, 1, strict.stdout + strict.stderr)
      assert.match(strict.stdout, new RegExp(`\\+ ${passing} > test > \\w+ \\[main\\] FIXED`))
      assert.include(strict.stdout, "remove the entry from ceph-rgw-16")
      const lenient = yield* conformance(["--area", "range", "--grep", passing, "--profile", file])
      assert.strictEqual(lenient.code, 0, lenient.stdout + lenient.stderr)
    }))

  it.effect("--update-profile restores removed entries (reason TODO) and drops stale ones, keeping the others' reasons", () =>
    Effect.gen(function*() {
      const file = profileCopy((d) => {
        for (const key of Object.keys(d)) if (key.startsWith("range/part-number")) delete d[key]
        d[passing] = { observed: { error_code: "InvalidRange" }, reason: "stale on purpose" }
      })
      const update = yield* conformance(["--area", "range", "--profile", file, "--update-profile"])
      assert.include(update.stdout, "4 added (reason: TODO), 0 updated, 1 removed", update.stdout + update.stderr)
      const written = YAML.parse(readFileSync(file, "utf8")) as { deviations: Record<string, { reason: string; observed: unknown }> }
      assert.strictEqual(written.deviations[deviating]?.reason, "TODO")
      assert.deepStrictEqual(written.deviations["range/part-number-beyond-count"]?.observed, { success: true })
      assert.isUndefined(written.deviations[passing])
      assert.isDefined(written.deviations["multipart/complete-etag"]?.reason)
      assert.notStrictEqual(written.deviations["multipart/complete-etag"]?.reason, "TODO")
      const again = yield* conformance(["--area", "range", "--profile", file, "--strict-profile"])
      assert.strictEqual(again.code, 0, again.stdout + again.stderr)
    }))

  it.effect("baselines: a regression against the last report exits 1 and is named; the reverse lists the fix", () =>
    Effect.gen(function*() {
      const dir = mkdtempSync(join(tmpdir(), "s3t-baseline-"))
      const good = join(dir, "good.json")
      const bad = join(dir, "bad.json")
      const withEntry = yield* conformance(["--area", "range", "--profile", "ceph-rgw-16", "--reporter", `json:${good}`])
      assert.strictEqual(withEntry.code, 0, withEntry.stdout + withEntry.stderr)
      const without = profileCopy((d) => delete d[deviating])
      const regressed = yield* conformance(["--area", "range", "--profile", without, "--baseline", good, "--reporter", `json:${bad}`])
      assert.strictEqual(regressed.code, 1, regressed.stdout + regressed.stderr)
      assert.match(regressed.stdout, new RegExp(`regression: ${deviating} \\(known -> failed\\)`))
      assert.match(regressed.stdout, /1 regression, 0 fixed, 0 new, 0 removed/)
      const report = JSON.parse(readFileSync(bad, "utf8")) as { baseline: { regressions: Array<{ id: string }> } }
      assert.deepStrictEqual(report.baseline.regressions.map((r) => r.id), [deviating])
      const fixed = yield* conformance(["--area", "range", "--profile", "ceph-rgw-16", "--baseline", bad])
      assert.strictEqual(fixed.code, 0, fixed.stdout + fixed.stderr)
      assert.match(fixed.stdout, new RegExp(`fixed: ${deviating} \\(failed -> known\\)`))
    }))

  // The verdicts are the matrix test's business; this one is about leaks: two full runs at once
  // (64 checks in flight) must leave nothing behind, whatever the server answered.
  it.effect("every check twice at once: both runs finish and no bucket is left behind", () =>
    Effect.gen(function*() {
      const before = new Set(yield* conformanceBuckets)
      const args = ["--profile", "ceph-rgw-16", "--quiet"]
      const [a, b] = yield* Effect.all([conformance(args, "dot"), conformance(args, "dot")], { concurrency: 2 })
      for (const run of [a, b]) {
        assert.include([0, 1], run.code, run.stdout.slice(-4000) + run.stderr)
        assert.match(run.stdout, /Checks: \d+ — /)
        assert.notMatch(run.stdout, /cleanup failed/)
      }
      const left = (yield* conformanceBuckets).filter((name) => !before.has(name))
      assert.deepStrictEqual(left, [])
    }), { timeout: 600_000 })
})
