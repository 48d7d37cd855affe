/**
 * The suite JSON Schema (`schema/suite.schema.json`): the published file is what the generator
 * gives now (the build regenerates it), and an editor using it through the real
 * `yaml-language-server` (found from the file's `# yaml-language-server: $schema=` line) completes
 * an operation's parameters and flags mistakes.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { readFile } from "node:fs/promises"
import { readFileSync } from "node:fs"
import { dirname, resolve } from "node:path"
import { fileURLToPath, pathToFileURL } from "node:url"
import { TextDocument } from "vscode-languageserver-textdocument"
import { getLanguageService } from "yaml-language-server"
import { suiteJsonSchema } from "../src/internal/schema/suiteSchema.ts"

const schemaFile = fileURLToPath(new URL("../schema/suite.schema.json", import.meta.url))

describe("schema/suite.schema.json", () => {
  it("is the generator's current output (npm run build regenerates it)", () => {
    const published = JSON.parse(readFileSync(schemaFile, "utf8")) as unknown
    assert.deepStrictEqual(published, JSON.parse(JSON.stringify(suiteJsonSchema())))
  })
})

// A document in this directory (never written: the language service gets its text), naming the
// schema by a relative path as the examples do.
const documentUri = pathToFileURL(fileURLToPath(new URL("./suite.yaml", import.meta.url))).href
const modeline = "# yaml-language-server: $schema=../schema/suite.schema.json"

const service = getLanguageService({
  schemaRequestService: (uri) => readFile(fileURLToPath(uri), "utf8"),
  workspaceContext: {
    resolveRelativePath: (relative, resource) =>
      pathToFileURL(resolve(dirname(fileURLToPath(resource)), relative)).href
  }
})
service.configure({ validate: true, completion: true, hover: true })

/** A suite whose one group runs `steps` (YAML lines, indented as items of `test:`). */
const suite = (steps: ReadonlyArray<string>, top: ReadonlyArray<string> = []): string =>
  [
    modeline,
    ...top,
    "config:",
    "  credentials: [{ name: main, access_key: a, secret_key: b }]",
    "test_cases:",
    "  groups:",
    "    - name: g",
    "      test:",
    ...steps.map((line) => `        ${line}`),
    ""
  ].join("\n")

// the service caches parsed documents by URI and version: each text gets its own version
let version = 0
const document = (text: string) => TextDocument.create(documentUri, "yaml", ++version, text)

/** Completion labels at the end of the line holding `marker` (the marker removed). */
const completionsAt = (text: string, marker: string) =>
  Effect.promise(async () => {
    const lines = text.split("\n")
    const line = lines.findIndex((l) => l.includes(marker))
    const cleaned = lines.map((l, i) => (i === line ? l.replace(marker, "") : l))
    const list = await service.doComplete(document(cleaned.join("\n")), { line, character: cleaned[line]!.length }, false)
    return list.items.map((item) => item.label)
  })

const diagnostics = (text: string) =>
  Effect.promise(async () =>
    (await service.doValidation(document(text), false)).map((d) => ({ line: d.range.start.line, message: d.message }))
  )

describe("yaml-language-server with the suite schema", () => {
  it.effect("completes a PutObject step's parameters (Bucket, Key, ContentType), in any spelling of the operation", () =>
    Effect.gen(function*() {
      for (const operation of ["PutObject", "put-object"]) {
        const labels = yield* completionsAt(
          suite([`- operation: ${operation}`, "  parameters:", "    Body: hello", "    <cursor>"]),
          "<cursor>"
        )
        for (const name of ["Bucket", "Key", "ContentType"]) assert.include(labels, name, `${operation}: ${labels.join(", ")}`)
        assert.notInclude(labels, "Body") // already written
        assert.notInclude(labels, "MaxKeys") // ListObjects's, not PutObject's
      }
    }))

  it.effect("completes the parameters of the operation a WaitUntil repeats", () =>
    Effect.gen(function*() {
      const labels = yield* completionsAt(
        suite(["- operation: WaitUntil", "  parameters:", "    Operation: HeadObject", "    Parameters:", "      <cursor>"]),
        "<cursor>"
      )
      for (const name of ["Bucket", "Key", "VersionId"]) assert.include(labels, name, labels.join(", "))
    }))

  it.effect("completes operation names and step keys", () =>
    Effect.gen(function*() {
      const operations = yield* completionsAt(suite(["- operation: <cursor>"]), "<cursor>")
      for (const name of ["PutObject", "GetObject", "ListObjectsV2", "WaitUntil"]) assert.include(operations, name)
      const keys = yield* completionsAt(suite(["- operation: GetObject", "  <cursor>"]), "<cursor>")
      for (const name of ["parameters", "expected_result", "credential", "retries"]) assert.include(keys, name)
    }))

  it.effect("accepts a valid suite: spellings, templates for numbers, aliases, x- keys", () =>
    Effect.gen(function*() {
      const found = yield* diagnostics(suite([
        "- operation: put-object",
        "  parameters: { bucket: b, key: k, content-type: text/plain, ContentLength: \"${{ vars.size }}\" }",
        "- operation: ListObjectsV2",
        "  parameters: { Bucket: b, MaxKeys: 10 }",
        "  expected-result: { success: true, http_status: 200 }",
        "  x-note: extension keys are ignored"
      ]))
      assert.deepStrictEqual(found, [])
    }))

  it.effect("flags a misspelt parameter, a missing required one, a wrong type and an unknown operation", () =>
    Effect.gen(function*() {
      const text = suite([
        "- operation: PutObject",
        "  parameters: { Bucket: b, Kye: k }",
        "- operation: ListObjectsV2",
        "  parameters: { Bucket: b, MaxKeys: ten }",
        "- operation: PutObjekt"
      ])
      const found = yield* diagnostics(text)
      const lineOf = (needle: string) => text.split("\n").findIndex((l) => l.includes(needle))
      const at = (needle: string) => found.filter((d) => d.line === lineOf(needle)).map((d) => d.message).join(" | ")
      assert.match(at("Kye: k"), /Property Kye is not allowed/)
      assert.match(at("Kye: k"), /Missing property "Key"/)
      assert.match(at("MaxKeys: ten"), /Incorrect type|number/)
      assert.match(at("PutObjekt"), /Unknown operation/)
    }))

  it.effect("finds nothing to flag in the example suites (each names the schema by its own relative path)", () =>
    Effect.gen(function*() {
      const examples = ["quickstart.yaml", "ceph-rgw.yaml", "swift-s3api.yaml", "test/fixtures/equivalence.yaml"]
      for (const example of examples) {
        const file = fileURLToPath(new URL(`../../../examples/${example}`, import.meta.url))
        const text = readFileSync(file, "utf8")
        assert.match(text, /^# yaml-language-server: \$schema=/)
        const found = yield* Effect.promise(() =>
          service.doValidation(TextDocument.create(pathToFileURL(file).href, "yaml", ++version, text), false)
        )
        assert.deepStrictEqual(found.map((d) => `${d.range.start.line + 1}: ${d.message}`), [], example)
      }
    }))

  it.effect("leaves a plugin's operations open when the file lists plugins", () =>
    Effect.gen(function*() {
      const found = yield* diagnostics(
        suite(["- operation: HttpRequest", "  parameters: { Method: GET, Path: / }"], ["plugins: [\"@s3tester/operations-http\"]"])
      )
      assert.deepStrictEqual(found, [])
    }))
})
