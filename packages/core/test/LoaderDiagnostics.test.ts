/** Loader: the diagnostics for mistakes in a suite, each with its file:line:column. */
import * as NodeServices from "@effect/platform-node/NodeServices"
import { assert, describe, layer } from "@effect/vitest"
import { Effect } from "effect"
import * as Diagnostic from "../src/Diagnostic.ts"
import * as Loader from "../src/Loader.ts"
import { failure, fixture, header, places } from "./support/loaderFixtures.ts"

layer(NodeServices.layer)("Loader: diagnostics", (it) => {
  describe("diagnostics", () => {
    it.effect("reports a misspelt key, a wrong type and an unknown credential, and nothing else", () =>
      Effect.gen(function*() {
        const file = fixture("bad.yaml")
        const error = yield* failure(Loader.load(file, { env: {} }))
        assert.deepStrictEqual(places(error), [
          [
            file,
            2,
            15,
            "expected a boolean (true or false), got string \"yes\"; write true or false without quotes"
          ],
          [file, 10, 7, "unknown key \"befor_test\" in group; did you mean \"before_test\"?"],
          [file, 13, 23, "unknown credential \"mian\"; did you mean \"main\"?"]
        ])
        assert.deepStrictEqual(error.diagnostics.map((d) => Diagnostic.formatPath(d.path)), [
          "config.path_style",
          "test_cases.groups[0].befor_test",
          "test_cases.groups[0].test[0].credential"
        ])
        assert.strictEqual(
          error.message.split("\n")[1],
          `${file}:10:7: unknown key "befor_test" in group; did you mean "before_test"? (at test_cases.groups[0].befor_test)`
        )
      }))

    it.effect("reports a YAML syntax error with its position", () =>
      Effect.gen(function*() {
        const error = yield* failure(Loader.load(fixture("syntax.yaml"), { env: {} }))
        assert.strictEqual(error.diagnostics.length, 1)
        const [file, line, column, message] = places(error)[0]!
        assert.deepStrictEqual([file, line, column], [fixture("syntax.yaml"), 5, 1])
        assert.match(message, /^YAML syntax error: /)
      }))

    it.effect("reports what is wrong with a value that can only be one member of a union (retries as a mapping)", () =>
      Effect.gen(function*() {
        const error = yield* failure(Loader.loadString(
          header +
            "    - name: g\n" +
            "      test:\n" +
            "        - operation: ListBuckets\n" +
            "          retries: { attempts: -1, backof: 1s }\n" +
            "        - operation: ListBuckets\n" +
            "          retries: soon\n",
          "union.yaml",
          { env: {} }
        ))
        assert.deepStrictEqual(places(error), [
          ["union.yaml", 9, 32, "expected a value greater than or equal to 0, got number -1"],
          ["union.yaml", 9, 36, "unknown key \"backof\"; did you mean \"backoff\"?"],
          // a value of neither kind: both kinds are expected
          ["union.yaml", 11, 20, "expected a number or a mapping, got string \"soon\""]
        ])
      }))

    it.effect("reports duplicate keys", () =>
      Effect.gen(function*() {
        const error = yield* failure(Loader.loadString(
          "config:\n  credentials: []\n  region: a\n  region: b\ntest_cases:\n  groups: []\n",
          "dup.yaml",
          { env: {} }
        ))
        assert.deepStrictEqual(places(error), [
          ["dup.yaml", 4, 3, "duplicate key: each key may appear only once in a mapping"]
        ])
      }))

    it.effect("reports unknown operations and parameters with suggestions, missing parameters, duplicate groups", () =>
      Effect.gen(function*() {
        const file = fixture("catalog.yaml")
        const error = yield* failure(Loader.load(file, { env: {} }))
        assert.deepStrictEqual(places(error), [
          [file, 8, 22, "unknown operation \"PutObjekt\"; did you mean \"PutObject\"?"],
          [file, 11, 44, "unknown parameter \"ContentTyp\" for PutObject; did you mean \"ContentType\"?"],
          [file, 13, 11, "missing required parameter \"Key\" for GetObject"],
          [file, 15, 13, `duplicate group name "ops" (first defined at ${file}:6:13)`]
        ])
        assert.deepStrictEqual(error.diagnostics[2]!.path, ["test_cases", "groups", 0, "test", 2, "parameters"])
      }))

    it.effect("checks credentials, step ids and required keys", () =>
      Effect.gen(function*() {
        const error = yield* failure(Loader.loadString(
          `config:
  credentials:
    - name: main
      access_key: a
    - name: main
      anonymous: true
test_cases:
  groups:
    - name: g
      credential: nobody
      test:
        - { id: a, operation: ListBuckets }
        - { id: a, operation: ListBuckets, credential: main }
    - test: []
`,
          "refs.yaml",
          { env: {} }
        ))
        assert.deepStrictEqual(places(error), [
          ["refs.yaml", 3, 7, "credential \"main\" needs secret_key (or anonymous: true for unsigned requests)"],
          ["refs.yaml", 5, 13, "duplicate credential name \"main\" (first defined at refs.yaml:3:13)"],
          ["refs.yaml", 10, 19, "unknown credential \"nobody\"; defined: main"],
          ["refs.yaml", 13, 17, "duplicate step id \"a\" in group \"g\" (first used at refs.yaml:12:17)"],
          ["refs.yaml", 14, 7, "missing required key \"name\" in group"]
        ])
      }))

    it.effect("requires test_cases.groups", () =>
      Effect.gen(function*() {
        const error = yield* failure(Loader.loadString(
          "config:\n  credentials: []\ntest_cases:\n  parallel: true\n",
          "nogroups.yaml",
          { env: {} }
        ))
        assert.deepStrictEqual(places(error), [["nogroups.yaml", 3, 1, "missing required key \"groups\" in test_cases"]])
      }))

    it.effect("never echoes the values of keys and secrets", () =>
      Effect.gen(function*() {
        const file = fixture("secrets.yaml")
        const error = yield* failure(Loader.load(file, { env: { ACCESS: "env-access-value", SECRET: "env-secret-value" } }))
        assert.deepStrictEqual(places(error), [
          [file, 4, 19, "expected a string, got a number"],
          [file, 5, 19, "expected a string, got a list"],
          [file, 6, 22, "expected a string, got a number"],
          [file, 10, 18, "expected a boolean (true or false), got a string"]
        ])
        for (const secret of ["12345", "9876543210", "s3cr3t", "env-access-value", "env-secret-value"]) {
          assert.notInclude(error.message, secret)
        }
      }))

    it.effect("reports an empty file and a file that is not a mapping", () =>
      Effect.gen(function*() {
        const empty = yield* failure(Loader.loadString("# nothing yet\n", "empty.yaml", { env: {} }))
        assert.deepStrictEqual(places(empty), [
          ["empty.yaml", 1, 1, "the file is empty: a suite needs config and test_cases"]
        ])
        const list = yield* failure(Loader.loadString("- a\n", "list.yaml", { env: {} }))
        assert.deepStrictEqual(places(list), [
          ["list.yaml", 1, 1, "a suite file must be a mapping with config and test_cases (and optionally include)"]
        ])
      }))

    it.effect("reports a file that cannot be read, without a stack trace", () =>
      Effect.gen(function*() {
        const error = yield* failure(Loader.load(fixture("does-not-exist.yaml"), { env: {} }))
        assert.strictEqual(error.message, `cannot read ${fixture("does-not-exist.yaml")}: no such file`)
      }))
  })
})
