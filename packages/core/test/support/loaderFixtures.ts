/** Fixtures and helpers shared by the Loader tests: the fixture files, a seed env, and diagnostics as data. */
import { Effect } from "effect"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import type { ConfigError } from "../../src/ConfigError.ts"
import type * as Suite from "../../src/Suite.ts"

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "fixtures", "loader")

/** The absolute path of a file under test/fixtures/loader. */
export const fixture = (name: string): string => path.join(fixtures, name)

export const env = { S3_ACCESS_KEY_ID: "AKIDEXAMPLE", S3_SECRET_ACCESS_KEY: "wJalrXUtnFEMI", S3_HOST: "127.0.0.1" }

/** The ConfigError a load fails with. */
export const failure = <A, R>(effect: Effect.Effect<A, ConfigError, R>): Effect.Effect<ConfigError, string, R> =>
  Effect.flip(effect).pipe(Effect.mapError(() => "expected the load to fail"))

/** `[file, line, column, message]` of each diagnostic, for exact assertions. */
export const places = (error: ConfigError): Array<[string | undefined, number | undefined, number | undefined, string]> =>
  error.diagnostics.map((d) => [d.position?.file, d.position?.line, d.position?.column, d.message])

/** A step as the loader decodes it, with the default expectation. */
export const step = (operation: string, parameters: Record<string, unknown> = {}): Suite.Step => ({
  operation,
  parameters,
  expected_result: { success: true }
})

/** The start of a suite up to its group list (credentials on lines 2-3, groups from line 6). */
export const header = `config:
  credentials:
    - { name: main, access_key: a, secret_key: s }
test_cases:
  groups:
`
