#!/usr/bin/env -S npx tsx
/**
 * custom-reporter.ts: an inline reporter (a plain object with hooks, no package needed) that
 * collects every step and prints a table at the end: one row per group and operation with its
 * outcomes and mean latency. Reporters can also be named (`"json"`, `["junit", { output }]`).
 *
 * Endpoint: S3_ENDPOINT (+ keys) when set, else the embedded local server (a fake).
 *
 *   npx tsx examples/custom-reporter.ts        deno run -A examples/custom-reporter.ts
 */
import { Build, Reporter, Runner } from "@s3tester/core"
import type { RunResult } from "@s3tester/core"
import { LocalS3 } from "@s3tester/local-s3"

const { group, step, suite } = Build
const env = process.env

const table = () => {
  const steps: Array<RunResult.StepResult> = []
  return Reporter.defineReporter({
    name: "table",
    apiVersion: 1,
    onStepEnd: (result) => {
      steps.push(result)
    },
    onRunEnd: (summary) => {
      const rows = new Map<string, { group: string; operation: string; outcomes: Map<string, number>; ms: number; n: number }>()
      for (const s of steps) {
        const key = `${s.group}\u0000${s.operation}`
        const row = rows.get(key) ?? { group: s.group, operation: s.operation, outcomes: new Map(), ms: 0, n: 0 }
        row.outcomes.set(s.outcome, (row.outcomes.get(s.outcome) ?? 0) + 1)
        row.ms += s.durationMs
        row.n++
        rows.set(key, row)
      }
      const lines = [...rows.values()].map((r) => [
        r.group,
        r.operation,
        [...r.outcomes].map(([o, n]) => `${n} ${o}`).join(", "),
        `${(r.ms / r.n).toFixed(1)} ms`
      ])
      const header = ["group", "operation", "outcomes", "mean"]
      const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)))
      const format = (cells: ReadonlyArray<string>) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`
      console.log(format(header))
      console.log(`|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`)
      for (const line of lines) console.log(format(line))
      console.log(`${summary.counts.passed}/${summary.counts.total} passed against ${summary.endpoint}`)
    }
  })
}

const bucket = "s3t-api-table-${{ run.id }}"
const definition = suite({
  config: {
    region: env.S3_REGION ?? "us-east-1",
    credentials: [{ name: "main", access_key: env.S3_ACCESS_KEY_ID ?? "local", secret_key: env.S3_SECRET_ACCESS_KEY ?? "local" }]
  },
  groups: [
    group({
      name: "objects",
      before_test: [step("CreateBucket", { Bucket: bucket })],
      test: [
        ...["a", "b", "c"].map((key) => step("PutObject", { Bucket: bucket, Key: key, Body: `body of ${key}` })),
        ...["a", "b", "c"].map((key) => step("GetObject", { Bucket: bucket, Key: key }, { expect: { body: { text: `body of ${key}` } } })),
        step("GetObject", { Bucket: bucket, Key: "missing" }, { expect: { success: false, error_code: "NoSuchKey" } })
      ],
      after_test: [
        step("DeleteObjects", { Bucket: bucket, Delete: { Objects: [{ Key: "a" }, { Key: "b" }, { Key: "c" }] } }),
        step("DeleteBucket", { Bucket: bucket })
      ]
    })
  ]
})

const report = await Runner.runSuite(definition, {
  ...(env.S3_ENDPOINT === undefined ? { target: LocalS3.layer } : { endpoint: env.S3_ENDPOINT }),
  reporters: [table()]
})
process.exitCode = report.success && !report.reporters.failed ? 0 : 1
