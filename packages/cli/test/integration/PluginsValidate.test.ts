import * as S3 from "@aws-sdk/client-s3"
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { runCli } from "../support/runCli.ts"

const fixture = "packages/cli/test/integration/fixtures/plugins-mistakes.yaml"
const sdkCommands = Object.keys(S3).filter((name) => /^[A-Z]\w*Command$/.test(name)).map((name) => name.slice(0, -7))
const httpOperations = ["HttpRequest", "MultipartUpload", "PostObject", "PresignedGet", "PresignedPut"]

describe("plugins: validation and the operations command", () => {
  it.effect("validate reports misspelt operations, misspelt and missing parameters, plugin ones included (exit 2)", () =>
    Effect.gen(function*() {
      const run = yield* runCli(["validate", fixture])
      assert.strictEqual(run.code, 2, run.stderr)
      const lines = run.stderr.split("\n")
      const expect = (pattern: RegExp) =>
        assert.isTrue(lines.some((line) => pattern.test(line)), `no line matches ${pattern}:\n${run.stderr}`)
      const at = (line: number, column: number) => `${fixture.replace(/[./]/g, (c) => `\\${c}`)}:${line}:${column}: `
      // built-in operations
      expect(new RegExp(`^${at(11, 22)}unknown operation "PutObjekt"; did you mean "PutObject"\\?`))
      expect(new RegExp(`^${at(14, 25)}unknown parameter "Buckett" for PutObject; did you mean "Bucket"\\?`))
      expect(new RegExp(`^${at(16, 11)}missing required parameter "Key" for GetObject`))
      // the plugin's operations, validated by their Schema the same way
      expect(new RegExp(`^${at(17, 22)}unknown operation "presigned-gett"; did you mean "PresignedGet"\\?`))
      expect(new RegExp(`^${at(20, 36)}unknown parameter "Kee" for PresignedGet; did you mean "Key"\\?`))
      expect(new RegExp(`^${at(22, 11)}missing required parameter "Body" for MultipartUpload`))
      assert.match(run.stderr, /8 problems found; nothing was run\./)
    }))

  it.effect("operations --json lists every SDK command, the utilities, and the plugin's operations when loaded", () =>
    Effect.gen(function*() {
      const plain = yield* runCli(["operations", "--json"])
      assert.strictEqual(plain.code, 0, plain.stderr)
      const without = JSON.parse(plain.stdout) as Array<{ name: string; source: string }>
      const withPlugin = yield* runCli(["operations", "--json", "--plugin", "@s3tester/operations-http"])
      assert.strictEqual(withPlugin.code, 0, withPlugin.stderr)
      const all = JSON.parse(withPlugin.stdout) as Array<{ name: string; kebabName: string; source: string }>
      const builtIn = all.filter((o) => o.source === "built-in").map((o) => o.name).sort()
      assert.deepStrictEqual(builtIn, [...sdkCommands].sort())
      assert.isAbove(builtIn.length, 100)
      assert.deepStrictEqual(
        all.filter((o) => o.source === "@s3tester/operations-http").map((o) => o.name).sort(),
        httpOperations
      )
      assert.deepStrictEqual(all.filter((o) => o.source === "@s3tester/core").map((o) => o.name).sort(), ["DeleteBucketIfExists", "EmptyBucket", "Sleep", "WaitUntil"])
      assert.strictEqual(all.find((o) => o.name === "PresignedGet")?.kebabName, "presigned-get")
      assert.isFalse(without.some((o) => httpOperations.includes(o.name)))
      assert.strictEqual(without.length, all.length - httpOperations.length)
    }))

  it.effect("operations NAME shows the parameters with type, required and source", () =>
    Effect.gen(function*() {
      const run = yield* runCli(["operations", "presigned-get", "--plugin", "@s3tester/operations-http"])
      assert.strictEqual(run.code, 0, run.stderr)
      assert.match(run.stdout, /^PresignedGet \(presigned-get, @s3tester\/operations-http\)/)
      assert.match(run.stdout, /\n {2}Bucket: string \(required\)\n/)
      assert.match(run.stdout, /\n {2}ExpiresIn: number\n/)
      const json = yield* runCli(["operations", "PutObject", "--json"])
      const described = JSON.parse(json.stdout) as { source: string; parameters: Array<{ name: string; required: boolean }> }
      assert.strictEqual(described.source, "built-in")
      assert.isTrue(described.parameters.some((p) => p.name === "Bucket" && p.required))
      const unknown = yield* runCli(["operations", "PresignedGett"])
      assert.strictEqual(unknown.code, 2)
      assert.match(unknown.stderr, /unknown operation "PresignedGett"/)
      const missing = yield* runCli(["operations", "--plugin", "@s3tester/no-such-plugin"])
      assert.strictEqual(missing.code, 2)
      assert.match(missing.stderr, /cannot find plugin package "@s3tester\/no-such-plugin"/)
    }))
})
