import { assert, describe, it } from "@effect/vitest"
import { mkdtempSync, readFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Reporters } from "@s3tester/core"
import { Effect } from "effect"
import json from "../src/index.ts"
import { ReporterTesting } from "@s3tester/core"

const { context, sampleEvents } = ReporterTesting

const schema = JSON.parse(readFileSync(new URL("../schema/report.schema.json", import.meta.url), "utf8"))

/** A small structural check of a value against the schema's required keys and additionalProperties. */
const check = (value: unknown, node: any, path: string, errors: Array<string>): void => {
  if (node.$ref !== undefined) return check(value, schema.$defs[node.$ref.split("/").at(-1)], path, errors)
  if (node.type === "object") {
    if (typeof value !== "object" || value === null) return void errors.push(`${path}: not an object`)
    for (const key of node.required ?? []) if (!(key in value)) errors.push(`${path}.${key}: missing`)
    for (const [key, v] of Object.entries(value)) {
      const child = node.properties?.[key]
      if (child === undefined) {
        if (node.additionalProperties === false) errors.push(`${path}.${key}: not in the schema`)
      } else check(v, child, `${path}.${key}`, errors)
    }
  } else if (node.type === "array") {
    if (!Array.isArray(value)) return void errors.push(`${path}: not an array`)
    value.forEach((item, i) => check(item, node.items, `${path}[${i}]`, errors))
  } else if (node.enum !== undefined && !node.enum.includes(value)) errors.push(`${path}: ${String(value)} not in enum`)
}

describe("json reporter", () => {
  it.effect("writes one document with the run, counts (with flaky), groups, steps and latency; it matches its JSON Schema", () =>
    Effect.gen(function*() {
      const dir = mkdtempSync(join(tmpdir(), "s3t-reports-json-"))
      const outcome = yield* Reporters.replay(sampleEvents(), [json.make({}, context)], { outputDir: dir })
      assert.isFalse(outcome.failed)
      const doc = JSON.parse(readFileSync(join(dir, "report.json"), "utf8"))
      assert.strictEqual(doc.version, 2)
      assert.deepStrictEqual(doc.summary, { total: 8, passed: 4, failed: 1, errored: 1, skipped: 1, unsupported: 1, known: 0, fixed: 0, flaky: 1 })
      assert.strictEqual(doc.run.toolVersion, "0.1.0")
      assert.strictEqual(doc.run.endpoint, "http://127.0.0.1:7480")
      assert.strictEqual(doc.groups[0].steps[2].actual.requestId, "tx000-req-failed")
      assert.deepStrictEqual(doc.groups[0].steps.map((s: any) => s.phase), ["before_test", "test", "test", "test", "after_test"])
      const get = doc.latency.find((l: any) => l.operation === "GetObject")
      assert.strictEqual(get.count, 2)
      assert.isAtMost(get.p50Ms, get.maxMs)
      assert.isUndefined(doc.latency.find((l: any) => l.operation === "ListObjectsV2")) // errored: no latency
      const errors: Array<string> = []
      check(doc, schema, "$", errors)
      assert.deepStrictEqual(errors, [])
    }))
})
