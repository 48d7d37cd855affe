/**
 * `s3tester validate` (the core Loader) and the published JSON Schema for editors
 * (`@s3tester/core/schema/suite.schema.json`, validated with ajv) agree on every suite file of the
 * repository: the examples, the conformance suites and the test fixtures. Both accept the valid
 * ones and both reject the invalid ones, except the fixtures whose only mistakes the schema cannot
 * see (listed below: include cycles, unreadable includes, YAML syntax). The same holds for inline
 * steps that probe each rule (spellings, templates, types, bodies, durations, unknown names).
 *
 * A file that others include (no credentials or no `test_cases`, like the conformance suites) is
 * loaded the way it is used: included by a root document that supplies what it lacks.
 */
import { assert, describe, it } from "@effect/vitest"
import { ConfigError, Loader } from "@s3tester/core"
import * as NodeServices from "@effect/platform-node/NodeServices"
import { Ajv2020 } from "ajv/dist/2020.js"
import { Effect, Result } from "effect"
import { execFileSync } from "node:child_process"
import { readFileSync } from "node:fs"
import { createRequire } from "node:module"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import * as YAML from "yaml"

const root = fileURLToPath(new URL("../../", import.meta.url))
const require = createRequire(import.meta.url)
const schemaFile = require.resolve("@s3tester/core/schema/suite.schema.json")

/** Every suite file in git: examples, conformance suites, test fixtures (not profiles or targets files). */
const suiteFiles = execFileSync("git", ["ls-files", "*.yaml"], { cwd: root, encoding: "utf8" })
  .split("\n")
  .filter((file) => file !== "" && !file.includes("/profiles/") && !file.endsWith("targets.yaml"))

/** Invalid fixtures whose mistakes the JSON Schema cannot see, with what the loader reports. */
const loaderOnly: Readonly<Record<string, string>> = {
  "packages/core/test/fixtures/loader/cycle/a.yaml": "an include cycle",
  "packages/core/test/fixtures/loader/cycle/b.yaml": "an include cycle",
  "packages/core/test/fixtures/loader/include/broken-include.yaml": "an included file with a syntax error",
  "packages/core/test/fixtures/loader/include/common/broken.yaml": "a YAML syntax error (no document to validate)",
  "packages/core/test/fixtures/loader/include/missing.yaml": "an included file that does not exist",
  "packages/core/test/fixtures/loader/syntax.yaml": "a YAML syntax error (no document to validate)"
}

const ajv = new Ajv2020({
  allErrors: true,
  strictSchema: true, // an unknown keyword in the generated schema is a bug
  strictTypes: false,
  strictRequired: false,
  strictTuples: false,
  allowMatchingProperties: true // canonical names are also matched by their spelling patterns
})
ajv.addKeyword("patternErrorMessage")
const validateSchema = ajv.compile(JSON.parse(readFileSync(schemaFile, "utf8")) as object)

/** Every `${{ env.NAME }}` the file names, set: an unset variable is a mistake only the loader can see. */
const envFor = (text: string): Record<string, string> =>
  Object.fromEntries([...text.matchAll(/env\.([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => [m[1]!, "http://127.0.0.1:9"]))

/** The credentials the conformance suites use (the root document of a target gives them). */
const rootCredentials = [
  { name: "main", access_key: "a", secret_key: "s" },
  { name: "alt", access_key: "a", secret_key: "s" },
  { name: "anon", anonymous: true }
]

const loaderVerdict = (file: string) =>
  Effect.gen(function*() {
    const absolute = join(root, file)
    const text = readFileSync(absolute, "utf8")
    let document: unknown
    try {
      document = YAML.parse(text, { merge: true })
    } catch {
      document = undefined
    }
    const record = typeof document === "object" && document !== null ? document as Record<string, unknown> : {}
    const config = record["config"]
    const hasCredentials = typeof config === "object" && config !== null && "credentials" in config
    const hasTestCases = "test_cases" in record || "test-cases" in record
    const options = { env: envFor(text) }
    const loaded = document !== undefined && (!hasCredentials || !hasTestCases)
      ? Loader.loadString(
        YAML.stringify({
          include: [absolute],
          ...(hasCredentials ? {} : { config: { credentials: rootCredentials } }),
          ...(hasTestCases ? {} : { test_cases: { groups: [] } })
        }),
        join(dirname(absolute), "(including root).yaml"),
        options
      )
      : Loader.load(absolute, options)
    const result = yield* Effect.result(loaded)
    return Result.isSuccess(result)
      ? { ok: true, messages: [] as ReadonlyArray<string> }
      : { ok: false, messages: (result.failure as ConfigError.ConfigError).diagnostics.map((d) => d.message) }
  }).pipe(Effect.provide(NodeServices.layer))

const schemaVerdict = (file: string): { readonly ok: boolean; readonly messages: ReadonlyArray<string> } => {
  let document: unknown
  try {
    document = YAML.parse(readFileSync(join(root, file), "utf8"), { merge: true })
  } catch {
    return { ok: true, messages: ["(not YAML: nothing to validate)"] }
  }
  const ok = validateSchema(document)
  return {
    ok,
    messages: ok ? [] : (validateSchema.errors ?? [])
      .filter((e) => !["anyOf", "if", "allOf", "oneOf"].includes(e.keyword))
      .map((e) => `${e.instancePath} ${e.message ?? ""}`.slice(0, 200))
  }
}

/** Steps (YAML, one group's `test:`) that probe each rule both must share, and whether they are valid. */
const inlineCases: ReadonlyArray<readonly [string, string, boolean]> = [
  ["parameter names in every usual spelling", "- { operation: put_object, parameters: { bucket: b, KEY: k, Content-Type: t, content_encoding: e, contentLanguage: l } }", true],
  ["a template for a number and a timestamp", "- { operation: ListObjectsV2, parameters: { Bucket: b, MaxKeys: \"${{ vars.n }}\" } }\n- { operation: GetObject, parameters: { Bucket: b, Key: k, IfModifiedSince: \"${{ vars.t }}\" } }", true],
  ["an ISO-8601 timestamp", "- { operation: GetObject, parameters: { Bucket: b, Key: k, IfModifiedSince: \"2024-01-02T03:04:05Z\" } }", true],
  ["no parameters for an operation that needs none", "- operation: ListBuckets\n  parameters:", true],
  ["hyphenated keys, an x- key and a generated body", "- operation: PutObject\n  x-note: ignored\n  parameters: { Bucket: b, Key: k, Body: { generate: { size: 1KiB, seed: 1 } } }\n  expected-result: { success: true, http-status: 200 }", true],
  ["Sleep and WaitUntil", "- { operation: Sleep, parameters: { Duration: 10ms } }\n- { operation: wait-until, parameters: { operation: head-object, parameters: { bucket: b, key: k }, timeout: 2s } }", true],
  ["a misspelt parameter of the operation WaitUntil repeats", "- { operation: WaitUntil, parameters: { Operation: HeadObject, Parameters: { Bucket: b, Kee: k } } }", false],
  ["a misspelt parameter", "- { operation: PutObject, parameters: { Bucket: b, Key: k, ContentTyp: t } }", false],
  ["a missing required parameter", "- { operation: PutObject, parameters: { Bucket: b } }", false],
  ["no parameters for an operation that needs some", "- operation: PutObject\n  parameters:", false],
  ["a string for a number", "- { operation: ListObjectsV2, parameters: { Bucket: b, MaxKeys: ten } }", false],
  ["a number for a string", "- { operation: HeadBucket, parameters: { Bucket: 12 } }", false],
  ["a list for a structure", "- { operation: DeleteObjects, parameters: { Bucket: b, Delete: [a] } }", false],
  ["a misspelt nested member", "- { operation: DeleteObjects, parameters: { Bucket: b, Delete: { Objects: [{ Kee: k }] } } }", false],
  ["a date that is not ISO-8601", "- { operation: GetObject, parameters: { Bucket: b, Key: k, IfModifiedSince: yesterday } }", false],
  ["a body of the wrong shape", "- { operation: PutObject, parameters: { Bucket: b, Key: k, Body: { text: x } } }", false],
  ["an unknown operation", "- { operation: PutObjekt, parameters: { Bucket: b } }", false],
  ["a Sleep that is not a duration", "- { operation: Sleep, parameters: { Duration: two seconds } }", false],
  ["an unknown step key", "- { operation: ListBuckets, expect: { success: true } }", false],
  ["a timeout that is not a duration", "- { operation: ListBuckets, timeout: soon }", false],
  ["an http_status that is not a number", "- { operation: ListBuckets, expected_result: { http_status: \"${{ vars.s }}\" } }", false]
]

const inlineSuite = (steps: string): string =>
  [
    "vars: { n: 5, t: \"2024-01-01\", s: 200 }",
    "config:",
    "  credentials: [{ name: main, access_key: a, secret_key: s }]",
    "test_cases:",
    "  groups:",
    "    - name: g",
    "      test:",
    ...steps.split("\n").map((line) => `        ${line}`),
    ""
  ].join("\n")

describe("suite.schema.json and the loader", () => {
  it("cover the repository's suite files", () => {
    assert.isAtLeast(suiteFiles.length, 50)
    for (const file of ["examples/quickstart.yaml", "packages/conformance/suites/objects.yaml", "packages/core/test/fixtures/loader/bad.yaml"]) {
      assert.include(suiteFiles, file)
    }
  })

  it("every example suite and the README's sample name the schema on their first line", () => {
    const modeline = /^# yaml-language-server: \$schema=(\S+)$/
    const examples = suiteFiles.filter((file) => file.startsWith("examples/"))
    assert.isAtLeast(examples.length, 3)
    for (const file of examples) {
      const first = readFileSync(join(root, file), "utf8").split("\n")[0]!
      const target = modeline.exec(first)?.[1]
      assert.isDefined(target, `${file}: first line is ${first}`)
      assert.strictEqual(join(dirname(join(root, file)), target!), join(root, "packages/core/schema/suite.schema.json"), file)
    }
    const readme = readFileSync(join(root, "README.md"), "utf8")
    const sample = readme.slice(readme.indexOf("## The configuration format"))
    assert.match(sample, /```yaml\n# yaml-language-server: \$schema=node_modules\/@s3tester\/core\/schema\/suite\.schema\.json\n/)
  })

  for (const [what, steps, valid] of inlineCases) {
    it.effect(`agree on a step with ${what}`, () =>
      Effect.gen(function*() {
        const text = inlineSuite(steps)
        const loaded = yield* Effect.result(
          Loader.loadString(text, join(root, "examples", "test", "(inline).yaml"), { env: {} }).pipe(Effect.provide(NodeServices.layer))
        )
        const loaderOk = Result.isSuccess(loaded)
        const schemaOk = validateSchema(YAML.parse(text))
        const detail = Result.isFailure(loaded) ? (loaded.failure as ConfigError.ConfigError).diagnostics.map((d) => d.message).join(" | ") : ""
        assert.strictEqual(loaderOk, valid, `${what}: the loader ${loaderOk ? "accepts" : `rejects (${detail})`}`)
        assert.strictEqual(schemaOk, loaderOk, `${what}: loader ${loaderOk ? "accepts" : `rejects (${detail})`}, schema ${schemaOk ? "accepts" : "rejects"}`)
      }))
  }

  for (const file of suiteFiles) {
    it.effect(`agree on ${file}`, () =>
      Effect.gen(function*() {
        const loader = yield* loaderVerdict(file)
        const schema = schemaVerdict(file)
        const detail = `\nloader: ${loader.messages.join(" | ")}\nschema: ${schema.messages.join(" | ")}`
        if (file in loaderOnly) {
          assert.isFalse(loader.ok, `the loader accepts ${file} (listed as: ${loaderOnly[file]})${detail}`)
          assert.isTrue(schema.ok, `the schema now rejects ${file}: remove it from loaderOnly${detail}`)
        } else {
          assert.strictEqual(schema.ok, loader.ok, `${file}: loader ${loader.ok ? "accepts" : "rejects"}, schema ${schema.ok ? "accepts" : "rejects"}${detail}`)
        }
      }))
  }
})
