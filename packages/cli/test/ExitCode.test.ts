/**
 * The one place that turns what reached the top into lines on stderr and an exit code.
 */
import { assert, describe, it } from "@effect/vitest"
import { ConfigError, Preflight } from "@s3tester/core"
import { ExitCode, ExitWith, InvalidInput, NotCarriedOut, UsageError, verdictOf } from "../src/internal/ExitCode.ts"

describe("exit codes from tagged errors", () => {
  it("maps every error the commands fail with to its code and what to print", () => {
    assert.deepStrictEqual(verdictOf(new ExitWith({ code: ExitCode.testsFailed })), { code: 1, lines: [] })
    const usage = verdictOf(new UsageError({ message: "--concurrency: 0 is not a number of groups (at least 1)" }))
    assert.strictEqual(usage.code, 2)
    assert.match(usage.lines[0]!, /^s3tester( \S+)?: --concurrency: 0 is not/)
    assert.match(usage.lines[1]!, /^Run "s3tester( \S+)? --help" for usage\.$/)
    assert.deepStrictEqual(verdictOf(new InvalidInput({ message: "bad shard" })), { code: 2, lines: ["bad shard"] })
    const config = verdictOf(new ConfigError.ConfigError({
      diagnostics: [
        { position: { file: "s.yaml", line: 3, column: 5 }, path: ["config"], message: "unknown key" },
        { path: ["reporters", 0], message: "unknown reporter" }
      ]
    }))
    assert.strictEqual(config.code, 2)
    assert.deepStrictEqual(config.lines, ["s.yaml:3:5: unknown key (at config)", "unknown reporter (at reporters[0])", "2 problems found; nothing was run."])
    const unreachable = verdictOf(new Preflight.EndpointUnreachable({ endpoint: "http://127.0.0.1:9", message: "cannot reach http://127.0.0.1:9" }))
    assert.deepStrictEqual(unreachable, { code: 3, lines: ["cannot reach http://127.0.0.1:9"] })
    assert.deepStrictEqual(verdictOf(new NotCarriedOut({ message: "no run" })), { code: 3, lines: ["no run"] })
    const defect = verdictOf(new Error("boom"))
    assert.strictEqual(defect.code, 3)
    assert.include(defect.lines[0], "boom")
  })
})
