/** Writing a report from events and checking it against its JSON Schema and its Schema. */
import { assert } from "@effect/vitest"
import { mkdtempSync, readFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Reporters, ReporterTesting, type RunEvent } from "@s3tester/core"
import { Effect, Schema } from "effect"
import json from "../src/index.ts"
import * as ReportSchema from "../src/ReportSchema.ts"

export const schemaFile = new URL("../schema/report.schema.json", import.meta.url)
export const schema = JSON.parse(readFileSync(schemaFile, "utf8"))

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

/** The report a replay of `events` writes, checked against the JSON Schema and decoded by the Schema. */
export const reportOf = (events: ReadonlyArray<RunEvent.RunEvent>) =>
  Effect.gen(function*() {
    const dir = mkdtempSync(join(tmpdir(), "s3t-reports-json-"))
    const outcome = yield* Reporters.replay(events, [json.make({}, ReporterTesting.context)], { outputDir: dir })
    assert.isFalse(outcome.failed)
    const doc = JSON.parse(readFileSync(join(dir, "report.json"), "utf8"))
    const errors: Array<string> = []
    check(doc, schema, "$", errors)
    assert.deepStrictEqual(errors, [])
    Schema.decodeUnknownSync(ReportSchema.Report)(doc, { onExcessProperty: "error" })
    return doc
  })

