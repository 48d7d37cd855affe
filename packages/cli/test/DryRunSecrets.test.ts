import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { runCli } from "./support/runCli.ts"

describe("--dry-run and secrets", () => {
  it.effect("masks SSE-C keys that arrive through ${{ vars.name }}, as resolved values", () =>
    Effect.gen(function*() {
      const run = yield* runCli(["run", "packages/cli/test/fixtures/sse-vars.yaml", "--dry-run"])
      assert.strictEqual(run.code, 0, run.stdout + run.stderr)
      assert.include(run.stdout, `"SSECustomerKey":"***"`)
      assert.include(run.stdout, `"CopySourceSSECustomerKey":"***"`)
      for (const secret of ["c2VjcmV0a2V5MTIz", "Y29weXNvdXJjZWtl", "sse-secret-value-789"]) {
        assert.notInclude(run.stdout + run.stderr, secret)
      }
    }))
})
