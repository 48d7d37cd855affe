import * as Diagnostic from "@s3tester/core/Diagnostic"
import * as Loader from "@s3tester/core/Loader"
import type * as ConfigError from "@s3tester/core/ConfigError"
import * as Effect from "effect/Effect"
import * as FileSystem from "effect/FileSystem"
import * as Path from "effect/Path"
import { pcErr as pc } from "./console/colors.ts"
import { ExitCode, ExitWith } from "./ExitCode.ts"

/** Prints every diagnostic of a configuration error as `file:line:column: message`, then exit 2. */
export const configProblem = (error: ConfigError.ConfigError): Effect.Effect<never, ExitWith> =>
  Effect.gen(function*() {
    for (const diagnostic of error.diagnostics) {
      yield* Effect.sync(() => process.stderr.write(`${Diagnostic.format(diagnostic)}\n`))
    }
    const count = error.diagnostics.length
    yield* Effect.sync(() =>
      process.stderr.write(pc.red(`${count} problem${count === 1 ? "" : "s"} found; nothing was run.\n`))
    )
    return yield* Effect.fail(new ExitWith(ExitCode.invalidConfiguration))
  })

/**
 * Loads and validates every file before anything else happens: on any problem, prints every
 * diagnostic as `file:line:column: message` and ends with exit code 2. Nothing is sent anywhere.
 */
export const loadSuites = (
  files: ReadonlyArray<string>,
  plugins: ReadonlyArray<string> = []
): Effect.Effect<ReadonlyArray<Loader.LoadedSuite>, ExitWith, FileSystem.FileSystem | Path.Path> =>
  Loader.loadAll(files, { plugins }).pipe(Effect.catchTag("ConfigError", configProblem))
