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

const { context, sampleEvents } = ReporterTesting

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

  it("the XSD rejects what it should (the validation is real)", () => {
    const dir = mkdtempSync(join(tmpdir(), "s3t-reports-junit-"))
    const bad = join(dir, "bad.xml")
    execFileSync("sh", ["-c", `printf '<testsuites><testsuite name="x" tests="1"><testcase name="a"/></testsuite></testsuites>' > ${bad}`])
    assert.throws(() => validate(bad))
  })
})
