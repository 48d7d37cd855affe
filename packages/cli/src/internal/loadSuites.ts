import { Loader } from "@s3tester/core"
import type { ConfigError } from "@s3tester/core"
import type { Effect, FileSystem, Path } from "effect"

/**
 * Loads and validates every file before anything else happens: on any problem, prints every
 * diagnostic as `file:line:column: message` and ends with exit code 2 (see ExitCode). Nothing is sent anywhere.
 */
export const loadSuites = (
  files: ReadonlyArray<string>,
  plugins: ReadonlyArray<string> = []
): Effect.Effect<ReadonlyArray<Loader.LoadedSuite>, ConfigError.ConfigError, FileSystem.FileSystem | Path.Path> =>
  Loader.loadAll(files, { plugins })
