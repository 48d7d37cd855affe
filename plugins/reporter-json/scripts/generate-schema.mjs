// Writes schema/report.schema.json from the report's Schema (dist/ReportSchema.js, so run after
// `tsc -b`); test/Json.test.ts checks the committed file equals what this writes.
import { writeFileSync } from "node:fs"
import { jsonSchema } from "../dist/ReportSchema.js"

const file = new URL("../schema/report.schema.json", import.meta.url)
writeFileSync(file, `${JSON.stringify(jsonSchema(), null, 2)}\n`)
