import { assert, describe, it } from "@effect/vitest"
import { readFileSync } from "node:fs"
import { ReporterTesting, Stats, type Trace } from "@s3tester/core"
import { Effect } from "effect"
import * as ReportSchema from "../src/ReportSchema.ts"
import { reportOf, schema, schemaFile } from "./reportSupport.ts"

const { sampleEvents, tracedEvents, tracedSecrets } = ReporterTesting

// The report's trace is core's Trace model, field for field: these stop compiling if the two drift.
export const traceToReport = (trace: Trace.Trace): typeof ReportSchema.Trace.Type => trace
export const reportToTrace = (trace: typeof ReportSchema.Trace.Type): Trace.Trace => trace

describe("json reporter", () => {
  it.effect("writes one document with the run, counts (with flaky), groups, steps and latency; it matches its JSON Schema", () =>
    Effect.gen(function*() {
      const doc = yield* reportOf(sampleEvents())
      assert.strictEqual(doc.version, 3)
      assert.deepStrictEqual(doc.summary, { total: 8, passed: 4, failed: 1, errored: 1, skipped: 1, unsupported: 1, known: 0, fixed: 0, flaky: 1 })
      assert.strictEqual(doc.run.toolVersion, "0.1.0")
      assert.strictEqual(doc.run.endpoint, "http://127.0.0.1:7480")
      assert.strictEqual(doc.groups[0].steps[2].actual.requestId, "tx000-req-failed")
      assert.deepStrictEqual(doc.groups[0].steps.map((s: any) => s.phase), ["before_test", "test", "test", "test", "after_test"])
      assert.deepStrictEqual(doc.groups[0].steps.map((s: any) => s.flaky), [false, false, false, true, false])
      const get = doc.latency.find((l: any) => l.operation === "GetObject")
      assert.strictEqual(get.count, 2)
      assert.isAtMost(get.p50Ms, get.maxMs)
      assert.isUndefined(doc.latency.find((l: any) => l.operation === "ListObjectsV2")) // errored: no latency
      assert.isUndefined(doc.groups[0].steps[0].trace) // no trace: none written
    }))

  it.effect("latency figures are the console's (Stats) for the same steps", () =>
    Effect.gen(function*() {
      const events = sampleEvents()
      const doc = yield* reportOf(events)
      const collector = Stats.makeCollector()
      for (const event of events) if (event._tag === "StepFinished") collector.add(event.result)
      const console = collector.statistics(1_500).operations.flatMap((o) =>
        o.latency === undefined ? [] : [{ operation: o.operation, ...o.latency }]
      )
      assert.deepStrictEqual(
        doc.latency.map((l: any) => [l.operation, l.count, l.minMs, l.meanMs, l.p50Ms, l.p90Ms, l.p95Ms, l.p99Ms, l.maxMs]),
        [...console].sort((a, b) => a.operation.localeCompare(b.operation))
          .map((l) => [l.operation, l.count, l.min, l.mean, l.p50, l.p90, l.p95, l.p99, l.max])
      )
    }))

  it.effect("a step's startedAt and trace are written when present, as the engine gave them (redacted)", () =>
    Effect.gen(function*() {
      const { events, trace, startedAt } = tracedEvents()
      const doc = yield* reportOf(events)
      const [withTrace, without] = doc.groups[0].steps
      assert.strictEqual(withTrace.startedAt, startedAt)
      assert.deepStrictEqual(withTrace.trace, JSON.parse(JSON.stringify(trace)))
      assert.strictEqual(withTrace.trace.attempts[0].exchanges[0].request.headers.authorization, "[redacted]")
      assert.isUndefined(without.trace)
      assert.isUndefined(without.startedAt)
      const text = JSON.stringify(doc)
      for (const secret of tracedSecrets) assert.notInclude(text, secret)
    }))

  it("schema/report.schema.json is generated from the Schema and current (npm run schema writes it)", () => {
    const committed = readFileSync(schemaFile, "utf8")
    assert.strictEqual(committed, `${JSON.stringify(ReportSchema.jsonSchema(), null, 2)}\n`)
    assert.strictEqual(schema.$defs.step.properties.trace.$ref, "#/$defs/trace")
    assert.deepStrictEqual(schema.properties.version.enum, [3])
  })
})
