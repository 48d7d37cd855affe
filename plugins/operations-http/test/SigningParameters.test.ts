/**
 * The signing parameters without a server: what a `SigningDate` stands for, and how bad values of
 * `SigningDate`, `Tamper` and `SecretAccessKey` are reported (at their position, secrets not echoed).
 */
import * as NodeServices from "@effect/platform-node/NodeServices"
import { assert, describe, it } from "@effect/vitest"
import { Diagnostic, Loader } from "@s3tester/core"
import { Effect } from "effect"
import plugin from "../src/index.ts"
import { signingDateAt } from "../src/internal/signingTime.ts"

const config = `
config:
  endpoint_url: http://127.0.0.1:1
  credentials:
    - { name: main, access_key: AKMAIN, secret_key: main-secret }
`

const problems = (text: string) =>
  Loader.loadString(text, "signing.yaml", { plugins: [plugin] }).pipe(
    Effect.flip,
    Effect.map((error) => error.diagnostics.map(Diagnostic.format))
  )

describe("signing parameters of @s3tester/operations-http", () => {
  it("SigningDate offsets are taken from the moment the step runs; timestamps stand as written", () => {
    const now = new Date("2026-01-24T05:12:00Z")
    assert.strictEqual(signingDateAt("-20m", now).toISOString(), "2026-01-24T04:52:00.000Z")
    assert.strictEqual(signingDateAt("+2h", now).toISOString(), "2026-01-24T07:12:00.000Z")
    assert.strictEqual(signingDateAt("-1d", now).toISOString(), "2026-01-23T05:12:00.000Z")
    assert.strictEqual(signingDateAt("2025-12-31T23:59:30+01:00", now).toISOString(), "2025-12-31T22:59:30.000Z")
  })

  it.effect("bad values are reported at their position before anything runs, secrets not echoed", () =>
    Effect.gen(function*() {
      const messages = yield* problems(`${config}
test_cases:
  groups:
    - name: g
      test:
        - operation: HttpRequest
          parameters: { Bucket: b, SigningDate: yesterday, SecretAccessKey: 12345678 }
        - operation: PresignedGet
          parameters: { Bucket: b, Key: k, SigningDate: "2026-01-24", Tamper: body }
`)
      const text = messages.join("\n")
      assert.match(text, /signing\.yaml:12:36: invalid "SigningDate" of HttpRequest: expected an ISO-8601 .*got "yesterday"/)
      assert.match(text, /signing\.yaml:14:44: invalid "SigningDate" of PresignedGet: .*got "2026-01-24"/)
      assert.include(text, 'signing.yaml:14:71: expected one of "signature", "expires", "key" for "Tamper", got "body"')
      assert.include(text, 'signing.yaml:12:60: expected a string for "SecretAccessKey"')
      assert.notInclude(text, "12345678")
    }).pipe(Effect.provide(NodeServices.layer)))
})
