import * as Loader from "@s3tester/core/Loader"
import type * as ConfigError from "@s3tester/core/ConfigError"
import type * as Effect from "effect/Effect"
import type * as FileSystem from "effect/FileSystem"
import type * as Path from "effect/Path"

/**
 * Loads and validates every file before anything else happens: on any problem, prints every
 * diagnostic as `file:line:column: message` and ends with exit code 2 (see ExitCode). Nothing is sent anywhere.
 * `sources: "steps"` (`run`) keeps only the places a run reports, not every node's (see Loader).
 */
export const loadSuites = (
  files: ReadonlyArray<string>,
  plugins: ReadonlyArray<string> = [],
  sources: "full" | "steps" = "full"
): Effect.Effect<ReadonlyArray<Loader.LoadedSuite>, ConfigError.ConfigError, FileSystem.FileSystem | Path.Path> =>
  Loader.loadAll(files, { plugins, sources })
