/**
 * The evidence behind failures, end to end against Ceph RGW through the real binary: under the
 * default `--trace retain-on-failure`, each failing step's trace (request line, status, response
 * headers, body summary) is in the JSON report, in JUnit's `<system-out>`, in the HTML report and
 * on the console with `--verbose`; a passing step carries none; no secret appears in any of them.
 */
import { execFileSync } from "node:child_process"
import { mkdtempSync, readFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { inject } from "vitest"
import { realS3Env } from "../support/realS3.ts"
import { runCli } from "../support/runCli.ts"

const realS3 = inject("realS3")
const wrongSecret = "evidence-wrong-secret-7d1c"
const fixture = "packages/cli/test/integration/fixtures/evidence.yaml"
const xsd = fileURLToPath(new URL("../../../../plugins/reporter-junit/test/fixtures/junit.xsd", import.meta.url))

interface JsonStep {
  readonly name: string
  readonly outcome: string
  readonly startedAt?: string
  readonly trace?: {
    readonly attempts: ReadonlyArray<{
      readonly exchanges: ReadonlyArray<{
        readonly request: { readonly method: string; readonly path: string; readonly headers: Record<string, string> }
        readonly response?: { readonly status: number; readonly headers: Record<string, string>; readonly body?: { readonly size?: number; readonly sha256?: string; readonly head?: string } }
      }>
    }>
  }
}

describe("evidence of failures against Ceph RGW", () => {
  it.effect("json, junit, html and --verbose carry each failing step's trace, and no secret", () =>
    Effect.gen(function*() {
      const out = mkdtempSync(join(tmpdir(), "s3t-evidence-"))
      const run = yield* runCli(
        ["run", fixture, "--verbose", "--reporter", "list", "--reporter", "json", "--reporter", "junit", "--reporter", "html", "--output-dir", out],
        { env: { ...realS3Env(realS3), EVIDENCE_WRONG_SECRET: wrongSecret } }
      )
      assert.strictEqual(run.code, 1, run.stdout + run.stderr)

      const json = JSON.parse(readFileSync(join(out, "report.json"), "utf8")) as { readonly groups: ReadonlyArray<{ readonly steps: ReadonlyArray<JsonStep> }> }
      const steps = new Map(json.groups.flatMap((g) => g.steps).map((s) => [s.name, s]))
      const expected: ReadonlyArray<[string, string, number, string]> = [
        ["wrong expectation", "GET", 200, "evidence body"],
        ["wrong secret", "HEAD", 403, ""],
        ["response mismatch", "GET", 200, "<ListBucketResult"]
      ]
      for (const [name, method, status, head] of expected) {
        const step = steps.get(name)!
        assert.strictEqual(step.outcome, "failed", name)
        assert.isString(step.startedAt, name)
        const exchange = step.trace!.attempts[0]!.exchanges[0]!
        assert.strictEqual(exchange.request.method, method, name)
        assert.match(exchange.request.path, /^\/s3t-evidence-/, name)
        assert.strictEqual(exchange.request.headers["authorization"], "***", name)
        assert.strictEqual(exchange.response!.status, status, name)
        assert.isString(exchange.response!.headers["x-amz-request-id"], name)
        if (head !== "") assert.include(exchange.response!.body!.head, head, name)
        if (head !== "") assert.match(exchange.response!.body!.sha256!, /^[0-9a-f]{64}$/, name)
      }
      assert.isUndefined(steps.get("passing step")!.trace, "a passing step keeps no trace under retain-on-failure")
      assert.isString(steps.get("passing step")!.startedAt)

      const xml = readFileSync(join(out, "junit.xml"), "utf8")
      execFileSync("xmllint", ["--noout", "--schema", xsd, join(out, "junit.xml")], { stdio: "pipe" })
      assert.include(xml, 'message="response.KeyCount: expected 3, got 1"')
      assert.match(xml, /<system-out>[^<]*&gt; HEAD http:\/\/[^<]*\/s3t-evidence-[^<]*&lt; 403/)
      assert.match(xml, /<system-out>[^<]*&lt; body: \d+ bytes, sha256 [0-9a-f]{64}/)

      const html = readFileSync(join(out, "report.html"), "utf8")
      assert.include(html, "x-amz-request-id")
      assert.include(html, "evidence body")

      assert.match(run.stdout, /trace of HeadBucket \(1 attempt\)/)
      assert.match(run.stdout, /HEAD http:\/\/\S+\/s3t-evidence-\S+/)
      assert.match(run.stdout, /-> HTTP 403/)

      for (const [what, text] of [["stdout", run.stdout], ["stderr", run.stderr], ["json", JSON.stringify(json)], ["junit", xml], ["html", html]] as const) {
        assert.notInclude(text, realS3.secretAccessKey, what)
        assert.notInclude(text, wrongSecret, what)
      }
    }))
})
