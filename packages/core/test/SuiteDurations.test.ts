import * as NodeServices from "@effect/platform-node/NodeServices"
import { assert, describe, layer } from "@effect/vitest"
import { Duration, Effect, Schema } from "effect"
import * as Loader from "../src/Loader.ts"
import * as Suite from "../src/Suite.ts"

const text = (timeout: string, backoff: string) => `config:
  timeout: ${timeout}
  retries: { attempts: 1, backoff: ${backoff} }
  credentials:
    - { name: main, access_key: a, secret_key: s }
test_cases:
  groups:
    - name: g
      test:
        - { operation: ListBuckets, timeout: 1.5s }
`

layer(NodeServices.layer)("Suite durations", (it) => {
  describe("decoded once, by the Suite schema", () => {
    it.effect("timeout and backoff are Durations after loading", () =>
      Effect.gen(function*() {
        const { suite } = yield* Loader.loadString(text("2m", "250ms"), "d.yaml", { env: {} })
        assert.strictEqual(Duration.toMillis(suite.config.timeout!), 120_000)
        assert.strictEqual(Duration.toMillis(suite.config.retries!.backoff!), 250)
        assert.strictEqual(Duration.toMillis(suite.test_cases.groups[0]!.test[0]!.timeout!), 1_500)
      }))

    it.effect("a malformed duration is a diagnostic at its position, saying what was expected", () =>
      Effect.gen(function*() {
        const error = yield* Effect.flip(Loader.loadString(text("5 seconds", "1h"), "d.yaml", { env: {} }))
        assert.deepStrictEqual(
          error.diagnostics.map((d) => [d.position?.file, d.position?.line, d.position?.column, d.message]),
          [["d.yaml", 2, 12, "expected a duration such as 250ms, 30s, 2m or 1h, got string \"5 seconds\""]]
        )
      }))

    it.effect("encodes back to the written form (the largest exact unit)", () =>
      Effect.sync(() => {
        const encode = Schema.encodeSync(Suite.DurationFromString)
        assert.deepStrictEqual(
          ["250ms", "30s", "2m", "1h", "90s", "1.5s"].map((d) => encode(Schema.decodeSync(Suite.DurationFromString)(d))),
          ["250ms", "30s", "2m", "1h", "90s", "1500ms"]
        )
      }))
  })
})
