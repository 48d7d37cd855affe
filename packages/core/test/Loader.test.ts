/** Loader: the seed format, its aliases and YAML features, and loadAll over several files. */
import * as NodeServices from "@effect/platform-node/NodeServices"
import { assert, describe, layer } from "@effect/vitest"
import { Effect } from "effect"
import { ConfigError } from "../src/ConfigError.ts"
import * as Loader from "../src/Loader.ts"
import type * as Suite from "../src/Suite.ts"
import { env, failure, fixture, places, step } from "./support/loaderFixtures.ts"

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
