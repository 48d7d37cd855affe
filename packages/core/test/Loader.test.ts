import * as NodeServices from "@effect/platform-node/NodeServices"
import { assert, describe, layer } from "@effect/vitest"
import { Effect } from "effect"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import { ConfigError } from "../src/ConfigError.ts"
import * as Diagnostic from "../src/Diagnostic.ts"
import * as Loader from "../src/Loader.ts"
import type * as Suite from "../src/Suite.ts"

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), "fixtures", "loader")
const fixture = (name: string): string => path.join(fixtures, name)

const env = { S3_ACCESS_KEY_ID: "AKIDEXAMPLE", S3_SECRET_ACCESS_KEY: "wJalrXUtnFEMI", S3_HOST: "127.0.0.1" }

/** The ConfigError a load fails with. */
const failure = <A, R>(effect: Effect.Effect<A, ConfigError, R>): Effect.Effect<ConfigError, string, R> =>
  Effect.flip(effect).pipe(Effect.mapError(() => "expected the load to fail"))

/** `[file, line, column, message]` of each diagnostic, for exact assertions. */
const places = (error: ConfigError): Array<[string | undefined, number | undefined, number | undefined, string]> =>
  error.diagnostics.map((d) => [d.position?.file, d.position?.line, d.position?.column, d.message])

const step = (operation: string, parameters: Record<string, unknown> = {}): Suite.Step => ({
  operation,
  parameters,
  expected_result: { success: true }
})

const header = `config:
  credentials:
    - { name: main, access_key: a, secret_key: s }
test_cases:
  groups:
`

layer(NodeServices.layer)("Loader", (it) => {
  describe("the seed format", () => {
    it.effect("decodes a seed file unchanged, with the defaults applied", () =>
      Effect.gen(function*() {
        const file = fixture("seed.yaml")
        const loaded = yield* Loader.load(file, { env })
        const expected: Suite.Suite = {
          config: {
            endpoint_url: "http://127.0.0.1:7480",
            region: "us-east-1",
            path_style: true,
            credentials: [
              { name: "main", access_key: "AKIDEXAMPLE", secret_key: "wJalrXUtnFEMI" },
              { name: "alt", access_key: "alt-access", secret_key: "alt-secret", session_token: "alt-token" },
              { name: "anon", anonymous: true }
            ]
          },
          test_cases: {
            parallel: false,
            groups: [
              {
                name: "object-crud",
                credential: "main",
                tags: ["objects"],
                before_test: [step("CreateBucket", { Bucket: "my-bucket" })],
                test: [
                  {
                    id: "put",
                    ...step("PutObject", { Bucket: "my-bucket", Key: "hello.txt", Body: "hello", ContentType: "text/plain" })
                  },
                  {
                    operation: "GetObject",
                    credential: "alt",
                    parameters: { Bucket: "my-bucket", Key: "hello.txt" },
                    expected_result: { success: false, error_code: "AccessDenied", http_status: 403 }
                  }
                ],
                after_test: [
                  step("DeleteObject", { Bucket: "my-bucket", Key: "hello.txt" }),
                  step("DeleteBucket", { Bucket: "my-bucket" })
                ]
              },
              {
                // no `credential`: the group uses the first credential
                name: "listing",
                credential: "main",
                tags: [],
                before_test: [],
                test: [step("ListBuckets")],
                after_test: []
              }
            ]
          }
        }
        assert.deepStrictEqual(loaded.suite, expected)
        assert.strictEqual(loaded.file, file)
        assert.deepStrictEqual(loaded.stepSource(0, "test", 1), { file, line: 25, column: 11 })
        assert.deepStrictEqual(loaded.stepSource(0, "after_test", 0), { file, line: 30, column: 11 })
        assert.isUndefined(loaded.stepSource(0, "test", 2))
        assert.deepStrictEqual(loaded.sourceOf(["config", "endpoint_url"]), { file, line: 3, column: 3 })
        assert.deepStrictEqual(
          loaded.sourceOf(["test_cases", "groups", 0, "test", 0, "parameters", "ContentType"]),
          { file, line: 24, column: 73 }
        )
      }))

    it.effect("accepts hyphenated keys, kebab/snake operation names and CLI-style parameter names", () =>
      Effect.gen(function*() {
        const { suite } = yield* Loader.load(fixture("aliases.yaml"), { env: {} })
        assert.strictEqual(suite.config.endpoint_url, "http://127.0.0.1:9000")
        assert.isFalse(suite.config.path_style)
        assert.deepStrictEqual(suite.config.credentials, [
          { name: "main", access_key: "AKIAEXAMPLE", secret_key: "example-secret", session_token: "example-token" }
        ])
        assert.isTrue(suite.test_cases.parallel)
        const group = suite.test_cases.groups[0]!
        assert.deepStrictEqual(group.before_test, [step("CreateBucket", { Bucket: "kebab-bucket" })])
        assert.deepStrictEqual(group.test, [
          {
            operation: "PutObject",
            parameters: { Bucket: "kebab-bucket", Key: "a.txt", Body: "hi", ContentType: "text/plain" },
            expected_result: { success: false, error_code: "NoSuchBucket", http_status: 404 }
          }
        ])
        assert.deepStrictEqual(group.after_test, [step("DeleteBucket", { Bucket: "kebab-bucket" })])
      }))

    it.effect("rejects a key written both hyphenated and with underscores", () =>
      Effect.gen(function*() {
        const error = yield* failure(Loader.loadString(
          "config:\n  credentials: []\n  path_style: true\n  path-style: false\ntest_cases:\n  groups: []\n",
          "dup.yaml",
          { env: {} }
        ))
        assert.deepStrictEqual(places(error), [
          ["dup.yaml", 4, 3, "duplicate key \"path-style\": \"path_style\" at dup.yaml:3:3 is the same key"]
        ])
      }))

    it.effect("supports anchors, aliases, merge keys, x- extension keys and empty step lists", () =>
      Effect.gen(function*() {
        const { suite } = yield* Loader.loadString(
          `x-defaults: &defaults
  region: eu-central-1
config:
  <<: *defaults
  credentials: [{ name: main, access_key: a, secret_key: s }]
test_cases:
  groups:
    - name: g
      before_test:
      test:
        - &list
          operation: ListBuckets
        - *list
`,
          "anchors.yaml",
          { env: {} }
        )
        assert.strictEqual(suite.config.region, "eu-central-1")
        assert.deepStrictEqual(suite.test_cases.groups[0]!.before_test, [])
        assert.deepStrictEqual(suite.test_cases.groups[0]!.test, [step("ListBuckets"), step("ListBuckets")])
      }))
  })

  describe("include", () => {
    it.effect("merges included files first: credentials and groups concatenated, the including file wins", () =>
      Effect.gen(function*() {
        const loaded = yield* Loader.load(fixture("include/main.yaml"), { env: {} })
        const { config, test_cases } = loaded.suite
        assert.strictEqual(config.region, "us-west-2") // including file wins
        assert.isFalse(config.path_style) // only in the include
        assert.deepStrictEqual(config.credentials.map((c) => c.name), ["shared", "own"])
        // credentials.yaml has no groups; groups.yaml includes nested.yaml (nested include)
        assert.deepStrictEqual(test_cases.groups.map((g) => g.name), ["from-nested", "from-groups", "from-main"])
        // the default credential is the first of the merged list
        assert.deepStrictEqual(test_cases.groups.map((g) => g.credential), ["shared", "shared", "shared"])
        // steps remember the file they come from
        assert.deepStrictEqual(loaded.stepSource(0, "test", 0), {
          file: fixture("include/common/nested.yaml"),
          line: 5,
          column: 11
        })
        assert.deepStrictEqual(loaded.stepSource(2, "test", 0), {
          file: fixture("include/main.yaml"),
          line: 15,
          column: 11
        })
      }))

    it.effect("reports an include cycle at the include that closes it", () =>
      Effect.gen(function*() {
        const error = yield* failure(Loader.load(fixture("cycle/a.yaml"), { env: {} }))
        assert.deepStrictEqual(places(error), [[
          fixture("cycle/b.yaml"),
          1,
          10,
          `include cycle: ${fixture("cycle/a.yaml")} -> ${fixture("cycle/b.yaml")} -> ${fixture("cycle/a.yaml")}`
        ]])
      }))

    it.effect("reports a missing include at the include entry", () =>
      Effect.gen(function*() {
        const error = yield* failure(Loader.load(fixture("include/missing.yaml"), { env: {} }))
        assert.strictEqual(error.diagnostics.length, 1)
        const [file, line, column, message] = places(error)[0]!
        assert.deepStrictEqual([file, line, column], [fixture("include/missing.yaml"), 1, 36])
        assert.match(message, /^cannot read included file "common\/nope\.yaml" \(.*nope\.yaml\): no such file$/)
      }))

    it.effect("points diagnostics inside an included file to that file", () =>
      Effect.gen(function*() {
        const error = yield* failure(Loader.load(fixture("include/broken-include.yaml"), { env: {} }))
        assert.deepStrictEqual(places(error), [[
          fixture("include/common/broken.yaml"),
          5,
          1,
          "YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a ]"
        ]])
      }))
  })

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

  describe("loadAll", () => {
    it.effect("returns every suite in order", () =>
      Effect.gen(function*() {
        const loaded = yield* Loader.loadAll([fixture("seed.yaml"), fixture("aliases.yaml")], { env })
        assert.deepStrictEqual(loaded.map((l) => l.file), [fixture("seed.yaml"), fixture("aliases.yaml")])
      }))

    it.effect("fails with one ConfigError holding the diagnostics of every file, sorted", () =>
      Effect.gen(function*() {
        const error = yield* failure(
          Loader.loadAll([fixture("syntax.yaml"), fixture("seed.yaml"), fixture("bad.yaml")], { env })
        )
        assert.instanceOf(error, ConfigError)
        assert.deepStrictEqual(places(error).map(([file, line, column]) => [file, line, column]), [
          [fixture("bad.yaml"), 2, 15],
          [fixture("bad.yaml"), 10, 7],
          [fixture("bad.yaml"), 13, 23],
          [fixture("syntax.yaml"), 5, 1]
        ])
        assert.strictEqual(error.message.split("\n").length, 4)
        assert.isTrue(error.message.startsWith(`${fixture("bad.yaml")}:2:15: expected a boolean`))
      }))
  })
})
