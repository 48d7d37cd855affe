/**
 * `run a.yaml b.yaml ... --workers N` against Ceph RGW: the files run at once (their steps overlap
 * in time, unlike with `--workers 1`), the console stays grouped by file in the order given, each
 * file's report lands in a folder of its own, the totals and the exit code cover every file, and
 * nothing is left on the server.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { HeadBucketCommand, ListBucketsCommand } from "@aws-sdk/client-s3"
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { inject } from "vitest"
import { adminClient, realS3Env } from "../support/realS3.ts"
import { runCli } from "../support/runCli.ts"
import { envConfig } from "../../../core/test/support/envConfig.ts"
import { startFaultProxy } from "../../../core/test/support/faultProxy.ts"

const realS3 = inject("realS3")
const env = realS3Env(realS3)
const files = 4

interface JsonReport {
  readonly summary: { readonly total: number; readonly failed: number }
  readonly groups: ReadonlyArray<{
    readonly name: string
    readonly steps: ReadonlyArray<{ readonly startedAt: string; readonly durationMs: number }>
  }>
}

/** File i: one group `w<i>` with its own bucket; the last file expects a wrong body (1 failed step). */
const suite = (prefix: string, i: number) => {
  const bucket = `${prefix}-${i}`
  const expected = i === files - 1 ? "not-what-was-put" : "hello"
  return `${envConfig({ endpoint: '"${{ env.S3_ENDPOINT }}"' })}test_cases:
  groups:
    - name: w${i}
      before_test:
        - operation: CreateBucket
          parameters: { Bucket: ${bucket} }
      test:
        - operation: PutObject
          parameters: { Bucket: ${bucket}, Key: k, Body: hello }
        - operation: GetObject
          parameters: { Bucket: ${bucket}, Key: k }
          expected_result: { body: { text: ${expected} } }
        - operation: HeadObject
          parameters: { Bucket: ${bucket}, Key: k }
      after_test:
        - operation: DeleteObject
          parameters: { Bucket: ${bucket}, Key: k }
        - operation: DeleteBucket
          parameters: { Bucket: ${bucket} }
`
}

/** When a report's steps ran: from the first start to the last end, in ms since the epoch. */
const span = (report: JsonReport): readonly [number, number] => {
  const steps = report.groups.flatMap((group) => group.steps)
  const starts = steps.map((step) => Date.parse(step.startedAt))
  const ends = steps.map((step) => Date.parse(step.startedAt) + step.durationMs)
  return [Math.min(...starts), Math.max(...ends)]
}

/** Runs the files with `--workers`, then reads each file's report (under `<out>/<file>/`). */
const runFiles = (workers: number) =>
  Effect.gen(function*() {
    const dir = mkdtempSync(join(tmpdir(), "s3t-workers-"))
    yield* Effect.addFinalizer(() => Effect.sync(() => rmSync(dir, { recursive: true, force: true })))
    const prefix = `s3t-wkt-${Date.now().toString(36)}-${workers}`
    const paths = Array.from({ length: files }, (_, i) => {
      const path = join(dir, `file${i}.yaml`)
      writeFileSync(path, suite(prefix, i))
      return path
    })
    const out = join(dir, "out")
    const run = yield* runCli(["run", ...paths, "--workers", String(workers), "--reporter", "list", "--reporter", "json", "--output-dir", out], { env })
    const reports = paths.map((_, i) => JSON.parse(readFileSync(join(out, `file${i}`, "report.json"), "utf8")) as JsonReport)
    const left = yield* Effect.promise(() => adminClient(realS3).send(new ListBucketsCommand({})))
    const leftOver = (left.Buckets ?? []).map((bucket) => bucket.Name ?? "").filter((name) => name.startsWith(prefix))
    return { run, reports, leftOver, paths }
  })

/** Do some two of the spans overlap? */
const anyOverlap = (spans: ReadonlyArray<readonly [number, number]>) =>
  spans.some(([start, end], i) => spans.some(([otherStart, otherEnd], j) => i !== j && start < otherEnd && otherStart < end))

describe("several files at once (--workers), against Ceph RGW", () => {
  it.effect("the files overlap in time, the console is grouped by file in order, totals and exit code cover all, nothing is left", () =>
    Effect.gen(function*() {
      const { run, reports, leftOver, paths } = yield* runFiles(files)
      assert.strictEqual(run.code, 1, run.stdout + run.stderr) // the last file's GetObject expects another body
      assert.isTrue(anyOverlap(reports.map(span)), "with --workers 4 the files' steps overlap in time")
      // Each file's report holds its own group only.
      assert.deepStrictEqual(reports.map((report) => report.groups.map((group) => group.name)), [["w0"], ["w1"], ["w2"], ["w3"]])
      // The console: each file's header, then its own lines only, in the order given.
      const headers = paths.map((path) => run.stdout.indexOf(`s3tester: ${path} ->`))
      assert.isTrue(headers.every((at, i) => at >= 0 && (i === 0 || at > headers[i - 1]!)), run.stdout)
      const blocks = headers.map((at, i) => run.stdout.slice(at, headers[i + 1] ?? run.stdout.indexOf("All files:")))
      blocks.forEach((block, i) => {
        for (let other = 0; other < files; other++) {
          assert.strictEqual(block.includes(`w${other} > `), other === i, `file ${i}'s block:\n${block}`)
        }
        assert.include(block, `report: ${join(paths[i]!, "..", "out", `file${i}`, "report.json")}`)
      })
      assert.match(run.stdout, /^All files: 23 passed, 1 failed, 0 errored, 0 skipped, 0 unsupported \(24 steps\)$/m)
      assert.deepStrictEqual(reports.map((report) => [report.summary.total, report.summary.failed]), [[6, 0], [6, 0], [6, 0], [6, 1]])
      assert.deepStrictEqual(leftOver, [])
    }).pipe(Effect.scoped))

  it.effect("the files check their endpoint once: one HEAD request before the first file starts, not one a file", () =>
    Effect.gen(function*() {
      const proxy = yield* Effect.acquireRelease(
        Effect.promise(() => startFaultProxy(realS3.endpoint)),
        (started) => Effect.promise(() => started.close())
      )
      const dir = mkdtempSync(join(tmpdir(), "s3t-workers-preflight-"))
      yield* Effect.addFinalizer(() => Effect.sync(() => rmSync(dir, { recursive: true, force: true })))
      const prefix = `s3t-wkt-pre-${Date.now().toString(36)}`
      const paths = Array.from({ length: files }, (_, i) => {
        const path = join(dir, `p${i}.yaml`)
        writeFileSync(path, suite(prefix, i).replace("not-what-was-put", "hello"))
        return path
      })
      const run = yield* runCli(["run", ...paths, "--workers", String(files)], { env: { ...env, S3_ENDPOINT: proxy.endpoint } })
      assert.strictEqual(run.code, 0, run.stdout + run.stderr)
      const checks = proxy.seen.filter((request) => request.method === "HEAD" && request.path === "/")
      assert.strictEqual(checks.length, 1, JSON.stringify(proxy.seen.map((request) => `${request.method} ${request.url}`)))
      assert.strictEqual(checks[0]!.index, 0)
      assert.strictEqual(proxy.seen.length, 1 + files * 6) // and each file's six steps went through the proxy
    }).pipe(Effect.scoped))

  it.effect("--workers 1 runs them one after another (no overlap), with the same totals", () =>
    Effect.gen(function*() {
      const { run, reports, leftOver } = yield* runFiles(1)
      assert.strictEqual(run.code, 1, run.stdout + run.stderr)
      assert.isFalse(anyOverlap(reports.map(span)), "with --workers 1 no two files run at once")
      assert.match(run.stdout, /^All files: 23 passed, 1 failed, 0 errored, 0 skipped, 0 unsupported \(24 steps\)$/m)
      assert.deepStrictEqual(leftOver, [])
    }).pipe(Effect.scoped))

  it.effect("Ctrl-C while three files run: every file's after_test runs, each file's summary and report are written, exit 130", () =>
    Effect.gen(function*() {
      const dir = mkdtempSync(join(tmpdir(), "s3t-workers-sig-"))
      yield* Effect.addFinalizer(() => Effect.sync(() => rmSync(dir, { recursive: true, force: true })))
      const prefix = `s3t-wkt-sig-${Date.now().toString(36)}`
      // One group a file: CreateBucket, then 3,000 ListObjectsV2 (far longer than the test waits), DeleteBucket.
      const paths = [0, 1, 2].map((i) => {
        const path = join(dir, `long${i}.yaml`)
        writeFileSync(path, [
          ...suite(prefix, i).split("\n").slice(0, 9),
          `    - name: long${i}`,
          `      before_test: [{ operation: CreateBucket, parameters: { Bucket: ${prefix}-${i} } }]`,
          "      test:",
          ...Array.from({ length: 3_000 }, () => `        - { operation: ListObjectsV2, parameters: { Bucket: ${prefix}-${i} } }`),
          `      after_test: [{ operation: DeleteBucket, parameters: { Bucket: ${prefix}-${i} } }]`,
          ""
        ].join("\n"))
        return path
      })
      const out = join(dir, "out")
      let sent = false
      const run = yield* runCli(["run", ...paths, "--workers", "3", "--reporter", "list", "--reporter", "json", "--output-dir", out], {
        env,
        onStdout: (sofar, child) => {
          if (!sent && (sofar.match(/long0 > test > ListObjectsV2 \[main\] passed/g)?.length ?? 0) >= 20) {
            sent = true
            child.kill("SIGINT")
          }
        }
      })
      assert.isTrue(sent, run.stdout + run.stderr)
      assert.strictEqual(run.code, 130, run.stdout + run.stderr)
      assert.include(run.stderr, "SIGINT: stopping the run; after_test runs for 3 started groups")
      for (let i = 0; i < 3; i++) {
        assert.match(run.stdout, new RegExp(`long${i} > after_test > DeleteBucket \\[main\\] passed`))
        const report = JSON.stringify(JSON.parse(readFileSync(join(out, `long${i}`, "report.json"), "utf8")))
        assert.include(report, '"interrupted":true')
        const bucketLeft = yield* Effect.promise(() =>
          adminClient(realS3).send(new HeadBucketCommand({ Bucket: `${prefix}-${i}` })).then(() => true, () => false)
        )
        assert.isFalse(bucketLeft, `${prefix}-${i} is left on the server`)
      }
      assert.strictEqual(run.stdout.match(/Interrupted: cleanup ran for every started group\./g)?.length, 3, run.stdout)
    }).pipe(Effect.scoped))

  it.effect("a file whose endpoint does not answer does not stop the others: they run to the end, then exit 3", () =>
    Effect.gen(function*() {
      const dir = mkdtempSync(join(tmpdir(), "s3t-workers-unreachable-"))
      yield* Effect.addFinalizer(() => Effect.sync(() => rmSync(dir, { recursive: true, force: true })))
      const prefix = `s3t-wkt-unr-${Date.now().toString(36)}`
      const paths = [0, 1, 2].map((i) => {
        const path = join(dir, `f${i}.yaml`)
        const text = suite(prefix, i).replace("not-what-was-put", "hello") // every reachable file passes
        // 127.0.0.1:9 (discard) answers nothing here: file 1 cannot be run
        writeFileSync(path, i === 1 ? text.replace('"${{ env.S3_ENDPOINT }}"', "http://127.0.0.1:9") : text)
        return path
      })
      const run = yield* runCli(["run", ...paths, "--workers", "3", "--reporter", "list"], { env })
      assert.strictEqual(run.code, 3, run.stdout + run.stderr)
      assert.include(run.stderr, "cannot reach http://127.0.0.1:9")
      for (const i of [0, 2]) assert.match(run.stdout, new RegExp(`^  ✓ w${i} > after_test > DeleteBucket \\[main\\] passed`, "m"), run.stdout)
      assert.strictEqual(run.stdout.match(/^6 passed, 0 failed/gm)?.length, 2, run.stdout)
      const left = yield* Effect.promise(() => adminClient(realS3).send(new ListBucketsCommand({})))
      assert.deepStrictEqual((left.Buckets ?? []).map((bucket) => bucket.Name ?? "").filter((name) => name.startsWith(prefix)), [])
    }).pipe(Effect.scoped))

  it.effect("--workers 0 is a usage error (exit 2)", () =>
    Effect.gen(function*() {
      const run = yield* runCli(["run", "packages/cli/test/integration/fixtures/reports.yaml", "--workers", "0"], { env })
      assert.strictEqual(run.code, 2, run.stdout + run.stderr)
      assert.include(run.stderr, "--workers: 0 is not a number of files (at least 1)")
    }))
})
