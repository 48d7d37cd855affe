/**
 * The heavy parts of the CLI, loaded when a command first needs them: the loader (yaml, the SDK's
 * operation catalog), the engine, the S3 clients, the embedded server and the reporters. `--help`,
 * `--version` and a usage error load none of them (bench/startup.mjs measures it, and
 * test/StartupImports.test.ts keeps it so).
 */
import type * as Preflight from "@s3tester/core/Preflight"
import * as Effect from "effect/Effect"
import type * as LoadSuites from "./loadSuites.ts"
import type * as RunSuite from "./runSuite.ts"
import type * as StrictValidation from "./strictValidation.ts"

/** A module imported on first use (the same promise afterwards). */
const onFirstUse = <M>(load: () => Promise<M>): Effect.Effect<M> => {
  let loading: Promise<M> | undefined
  return Effect.promise(() => (loading ??= load()))
}

const loadSuitesModule = onFirstUse(() => import("./loadSuites.ts"))
const runSuiteModule = onFirstUse(() => import("./runSuite.ts"))
const strictValidationModule = onFirstUse(() => import("./strictValidation.ts"))
const preflightModule = onFirstUse(() => import("@s3tester/core/Preflight"))

/** See loadSuites.ts. */
export const loadSuites = (
  ...args: Parameters<typeof LoadSuites.loadSuites>
): ReturnType<typeof LoadSuites.loadSuites> => Effect.flatMap(loadSuitesModule, (m) => m.loadSuites(...args))

/** See runSuite.ts. */
export const runSuite = (
  ...args: Parameters<typeof RunSuite.runSuite>
): ReturnType<typeof RunSuite.runSuite> => Effect.flatMap(runSuiteModule, (m) => m.runSuite(...args))

/** See strictValidation.ts. */
export const strictChecks = (
  ...args: Parameters<typeof StrictValidation.strictChecks>
): ReturnType<typeof StrictValidation.strictChecks> =>
  Effect.flatMap(strictValidationModule, (m) => m.strictChecks(...args))

/** New Preflight.Checks: the files of one `run` check each endpoint once. */
export const preflightChecks: Effect.Effect<Preflight.Checks> = Effect.map(preflightModule, (m) => m.makeChecks())
