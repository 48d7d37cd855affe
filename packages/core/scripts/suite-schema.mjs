// Writes schema/suite.schema.json from the built core (run by `npm run build`, after tsc):
// the suite format's JSON Schema, for editors. test/SuiteSchema.test.ts checks it is current.
import { writeFileSync } from "node:fs"
import { suiteJsonSchema } from "../dist/internal/schema/suiteSchema.js"

const file = new URL("../schema/suite.schema.json", import.meta.url)
writeFileSync(file, `${JSON.stringify(suiteJsonSchema(), null, 2)}\n`)
