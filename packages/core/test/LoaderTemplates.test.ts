/** Loader: ${{ env.NAME }} substitution, template syntax, and template references checked at load time. */
import * as NodeServices from "@effect/platform-node/NodeServices"
import { assert, describe, it, layer } from "@effect/vitest"
import { Effect } from "effect"
import { substitute } from "../src/internal/loader/normalizeTemplates.ts"
import * as Loader from "../src/Loader.ts"
import { env, failure, fixture, header, places } from "./support/loaderFixtures.ts"

layer(NodeServices.layer)("Loader: templates", (it) => {
  describe("templates", () => {
    it.effect("substitutes ${{ env.NAME }} and leaves later roots as written", () =>
      Effect.gen(function*() {
        const { suite } = yield* Loader.load(fixture("env/env.yaml"), { env: { ...env, OBJECT_KEY: "k.txt" } })
        assert.strictEqual(suite.config.endpoint_url, "http://127.0.0.1:7480")
        assert.deepStrictEqual(suite.config.credentials[0], {
          name: "main",
          access_key: "AKIDEXAMPLE",
          secret_key: "wJalrXUtnFEMI"
        })
        const [put, head] = suite.test_cases.groups[0]!.test
        assert.deepStrictEqual(put!.parameters, {
          Bucket: "${{ vars.bucket }}-${{ run.id }}",
          Key: "k.txt",
          Body: "${{ group.name }}"
        })
        assert.deepStrictEqual(head!.parameters, { Bucket: "b", Key: "${{ steps.put.ETag }}" })
      }))

    it.effect("a number or boolean from ${{ env.NAME }} (always text) is read as one; other text is still refused", () =>
      Effect.gen(function*() {
        const text = `${header}    - name: g
      test:
        - operation: ListObjectsV2
          parameters: { Bucket: b, MaxKeys: "\${{ env.PAGE }}", FetchOwner: "\${{ env.OWNER }}" }
`
        const { suite } = yield* Loader.loadString(text, "t.yaml", { env: { PAGE: "7", OWNER: "true" } })
        assert.deepStrictEqual(suite.test_cases.groups[0]!.test[0]!.parameters, { Bucket: "b", MaxKeys: 7, FetchOwner: true })
        const error = yield* failure(Loader.loadString(text, "t.yaml", { env: { PAGE: "seven", OWNER: "yes" } }))
        assert.deepStrictEqual(error.diagnostics.map((d) => d.message), [
          'expected a number for "MaxKeys", got string',
          'expected a boolean for "FetchOwner", got string'
        ])
      }))

    it.effect("reports a variable that is not set, at its value", () =>
      Effect.gen(function*() {
        const error = yield* failure(Loader.load(fixture("env/env.yaml"), { env }))
        assert.deepStrictEqual(places(error), [
          [fixture("env/env.yaml"), 15, 18, "environment variable OBJECT_KEY is not set"]
        ])
        assert.deepStrictEqual(error.diagnostics[0]!.path, [
          "test_cases",
          "groups",
          0,
          "test",
          0,
          "parameters",
          "Key"
        ])
      }))

    it.effect("reports unknown roots and malformed templates", () =>
      Effect.gen(function*() {
        const error = yield* failure(Loader.loadString(
          header + `    - name: g
      test:
        - operation: ListBuckets
          name: "\${{ enw.USER }}"
        - operation: ListBuckets
          name: "\${{ foo.bar }} \${{ env.X"
`,
          "templates.yaml",
          { env: { USER: "me" } }
        ))
        assert.deepStrictEqual(places(error), [
          ["templates.yaml", 9, 17, "unknown template root \"enw\" in ${{ enw.USER }}; did you mean \"env\"?"],
          [
            "templates.yaml",
            11,
            17,
            "unknown template root \"foo\" in ${{ foo.bar }}; expected one of env, vars, run, steps, group"
          ],
          ["templates.yaml", 11, 17, "unterminated template: \"${{\" without a closing \"}}\""]
        ])
      }))
  })
})

describe("Loader: template references", () => {
  const load = (text: string) =>
    Loader.loadString(text, "t.yaml", { env: {} }).pipe(Effect.flip, Effect.provide(NodeServices.layer))
  const referencesHeader = `config:
  credentials: [{ name: main, access_key: a, secret_key: b }]
test_cases:
  groups:
`
  it.effect("unknown vars, unknown and later steps, bad run fields are config errors with positions", () =>
    Effect.gen(function*() {
      const error = yield* load(referencesHeader + `    - name: g
      vars: { bucket: b }
      concurrency: { test: 2 }
      before_test:
        - { id: mk, operation: CreateBucket, parameters: { Bucket: "\${{ vars.buckett }}" } }
      test:
        - { id: a, operation: PutObject, parameters: { Bucket: "\${{ steps.mk.Location }}", Key: "\${{ steps.b.ETag }}" } }
        - { id: b, operation: PutObject, parameters: { Bucket: "\${{ vars.bucket }}", Key: "\${{ steps.a.ETag }}" } }
        - { operation: PutObject, parameters: { Bucket: "\${{ run.idd }}", Key: "\${{ steps.nope.ETag }}" } }
      after_test:
        - { operation: DeleteBucket, parameters: { Bucket: "\${{ steps.b.ETag }}-\${{ group.name }}" } }
`)
      const lines = error.diagnostics.map((d) => `${d.position?.line}:${d.position?.column}: ${d.message}`)
      assert.deepStrictEqual(lines, [
        "9:68: unknown variable \"buckett\" in ${{ vars.buckett }}; did you mean \"bucket\"?",
        "11:97: ${{ steps.b.ETag }}: step \"b\" does not run before this one (a step can only use the output of earlier steps)",
        "12:91: ${{ steps.a.ETag }}: step \"a\" does not run before this one (a step can only use the output of earlier steps)",
        "13:57: ${{ run.idd }}: run has run.id and run.started_at",
        "13:80: unknown step id \"nope\" in steps.nope.ETag; no step of this group has that id"
      ])
    }))

  it.effect("templates other than env in config or a step's name are errors", () =>
    Effect.gen(function*() {
      const error = yield* load(`config:
  region: "\${{ run.id }}"
  credentials: [{ name: main, access_key: a, secret_key: b }]
test_cases:
  groups:
    - name: g
      test:
        - { name: "\${{ vars.x }}", operation: ListBuckets }
`)
      assert.deepStrictEqual(error.diagnostics.map((d) => d.message), [
        "${{ run.id }}: only ${{ env.NAME }} is resolved in config",
        "${{ vars.x }}: only ${{ env.NAME }} is resolved in a step's name"
      ])
    }))
})

describe("substitute", () => {
  it("replaces each env template in place, keeps the others as written, and marks the value", () => {
    const env = { A: "1", B: "2" }
    const mixed = substitute("a-${{ env.A }}-${{ vars.x }}-${{env.B}}-end", env)
    assert.deepStrictEqual(mixed, { value: "a-1-${{ vars.x }}-2-end", sensitive: true, problems: [] })
    const text = "k-${{ vars.prefix }}/${{ steps.put.ETag }}"
    const later = substitute(text, env)
    assert.strictEqual(later.value, text)
    assert.isFalse(later.sensitive)
    assert.deepStrictEqual(later.problems, [])
  })

  it("reports every problem in order and keeps what it cannot substitute", () => {
    const result = substitute("${{ env.NOPE }} ${{ }} ${{ envy.X }} ${{ env.A }} ${{ env.", { A: "1" })
    assert.strictEqual(result.value, "${{ env.NOPE }} ${{ }} ${{ envy.X }} 1 ${{ env.")
    assert.isTrue(result.sensitive)
    assert.deepStrictEqual(result.problems, [
      "environment variable NOPE is not set",
      "empty template ${{ }}",
      "unknown template root \"envy\" in ${{ envy.X }}; did you mean \"env\"?",
      "unterminated template: \"${{\" without a closing \"}}\""
    ])
  })
})
