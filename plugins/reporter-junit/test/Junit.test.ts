import { assert, describe, it } from "@effect/vitest"
import { execFileSync } from "node:child_process"
import { mkdtempSync, readFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { Reporters } from "@s3tester/core"
import { Effect } from "effect"
import { XMLParser } from "fast-xml-parser"
import junit from "../src/index.ts"
import { ReporterTesting } from "@s3tester/core"

const { context, sampleEvents, tracedEvents, tracedSecrets } = ReporterTesting

const xsd = fileURLToPath(new URL("./fixtures/junit.xsd", import.meta.url))

/** Validates with libxml2's xmllint (Debian libxml2-utils); throws with its message when invalid. */
export const validate = (file: string): string =>
  execFileSync("xmllint", ["--noout", "--schema", xsd, file], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] })

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "", isArray: (name) => ["testsuite", "testcase", "property"].includes(name) })

describe("junit reporter", () => {
  it.effect("one testsuite per group, one testcase per step; failure/error/skipped/flakyFailure; valid against the JUnit XSD", () =>
    Effect.gen(function*() {
      const dir = mkdtempSync(join(tmpdir(), "s3t-reports-junit-"))
      yield* Reporters.replay(sampleEvents(), [junit.make({}, context)], { outputDir: dir })
      const file = join(dir, "junit.xml")
      validate(file) // throws when invalid
      const text = readFileSync(file, "utf8")
      assert.notInclude(text, "<script>") // escaped
      assert.notInclude(text, "\u0001")
      const doc = parser.parse(text)
      const root = doc.testsuites
      assert.deepStrictEqual([root.tests, root.failures, root.errors, root.skipped, root.time], ["8", "1", "1", "2", "1.500"])
      const [crud, evil] = root.testsuite
      assert.strictEqual(evil.name, "<script>alert(1)</script>")
      const names = crud.testcase.map((c: any) => c.name)
      assert.deepStrictEqual(names, ["before_test › CreateBucket", "PutObject", "GetObject", "GetObject (#2)", "after_test › DeleteBucket"])
      assert.strictEqual(new Set(names).size, names.length)
      for (const c of crud.testcase) assert.strictEqual(c.classname, "object-crud")
      const failed = crud.testcase[2]
      assert.strictEqual(failed.failure.type, "ExpectationFailed")
      assert.include(failed.failure["#text"], "request id: tx000-req-failed")
      assert.include(failed.failure["#text"], "expected: error NoSuchKey (HTTP 404)")
      assert.strictEqual(crud.testcase[3].flakyFailure.message, "passed after 2 attempts")
      assert.strictEqual(evil.testcase[0].skipped.message, "unsupported: NotImplemented (501)")
      assert.isDefined(evil.testcase[1].error)
      assert.strictEqual(evil.testcase[2].skipped.message, "before_test failed")
      const props = Object.fromEntries(crud.properties.property.map((p: any) => [p.name, p.value]))
      assert.deepStrictEqual([props.endpoint, props.region, props.toolVersion], ["http://127.0.0.1:7480", "us-east-1", "0.1.0"])
      assert.strictEqual(crud.testcase[1].time, "0.012") // 12 ms in seconds
    }))

  it.effect("a failure's message is the first difference, the whole message its text, the trace its <system-out>; no secret", () =>
    Effect.gen(function*() {
      const dir = mkdtempSync(join(tmpdir(), "s3t-reports-junit-"))
      yield* Reporters.replay(tracedEvents().events, [junit.make({}, context)], { outputDir: dir })
      const file = join(dir, "junit.xml")
      validate(file)
      const text = readFileSync(file, "utf8")
      for (const secret of tracedSecrets) assert.notInclude(text, secret)
      const [failed, passed] = parser.parse(text).testsuites.testsuite[0].testcase
      assert.strictEqual(failed.failure.message, "response.ContentLength: expected 6, got 5")
      assert.include(failed.failure["#text"], "response does not match:\n  response.ContentLength: expected 6, got 5\n  response.ETag:")
      const out: string = failed["system-out"]
      assert.deepStrictEqual(out.split("\n").slice(0, 4), [
        "GetObject, 2 attempts",
        "parameters: {\"Bucket\":\"s3t-trace\",\"Key\":\"report <b>.txt\",\"SSECustomerKey\":\"[redacted]\"}",
        "",
        "attempt 1, 2026-11-24T05:00:00.100Z, 8.5 ms"
      ])
      for (const line of [
        "  > GET http://127.0.0.1:7480/s3t-trace/report%20%3Cb%3E.txt?x-id=GetObject",
        "  > authorization: [redacted]",
        "  > x-amz-security-token: [redacted]",
        "  < 503 (8.5 ms)",
        "  < x-amz-request-id: tx-503",
        "  error: SlowDown: Please reduce your request rate (HTTP 503)",
        "attempt 2, 2026-11-24T05:00:00.320Z, 11.25 ms",
        "  < 200 (11.25 ms)",
        "  < body: 5 bytes, sha256 2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824, starts \"hello\"",
        "  response: {\"ContentLength\":5,\"ETag\":\"\\\"5d41402abc4b2a76b9719d911017c592\\\"\",\"Body\":{\"size\":5,\"head\":\"hello\"}}"
      ]) assert.include(out.split("\n"), line)
      assert.include(text, "report &lt;b&gt;.txt") // escaped in the XML text
      assert.isUndefined(passed["system-out"]) // no trace: no system-out
      assert.isUndefined(passed.failure)
    }))

  it("the XSD rejects what it should (the validation is real)", () => {
    const dir = mkdtempSync(join(tmpdir(), "s3t-reports-junit-"))
    const bad = join(dir, "bad.xml")
    execFileSync("sh", ["-c", `printf '<testsuites><testsuite name="x" tests="1"><testcase name="a"/></testsuite></testsuites>' > ${bad}`])
    assert.throws(() => validate(bad))
  })
})
