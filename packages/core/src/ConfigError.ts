/**
 * The one error a configuration can fail with: every problem found in it, each with its place in the
 * source. Its `message` is the list of `file:line:column: message (at path)` lines, sorted by place,
 * ready to print as is.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import * as Diagnostic from "./Diagnostic.ts"

/**
 * The schema of a {@link Diagnostic.SourcePosition}.
 *
 * @category schemas
 * @since 0.1.0
 */
export const SourcePositionSchema = Schema.Struct({
  file: Schema.String,
  line: Schema.Number,
  column: Schema.Number
})

/**
 * The schema of a {@link Diagnostic.Diagnostic}.
 *
 * @category schemas
 * @since 0.1.0
 */
export const DiagnosticSchema = Schema.Struct({
  position: Schema.optionalKey(SourcePositionSchema),
  path: Schema.Array(Schema.Union([Schema.String, Schema.Number])),
  message: Schema.String
})

/**
 * Orders diagnostics by file, line and column; diagnostics without a position come first (they are
 * about a whole file, e.g. one that cannot be read). The sort is stable.
 *
 * @category utils
 * @since 0.1.0
 */
export const sortDiagnostics = (
  diagnostics: ReadonlyArray<Diagnostic.Diagnostic>
): Array<Diagnostic.Diagnostic> =>
  diagnostics
    .map((diagnostic, index) => ({ diagnostic, index }))
    .sort((a, b) => {
      const pa = a.diagnostic.position
      const pb = b.diagnostic.position
      if (pa === undefined || pb === undefined) {
        return pa === pb ? a.index - b.index : pa === undefined ? -1 : 1
      }
      if (pa.file !== pb.file) return pa.file < pb.file ? -1 : 1
      return pa.line - pb.line || pa.column - pb.column || a.index - b.index
    })
    .map(({ diagnostic }) => diagnostic)

/**
 * A configuration that cannot be used. Holds every diagnostic of every file that was loaded.
 *
 * **Example**
 *
 * ```ts
 * import * as Effect from "effect/Effect"
 * import * as ConfigError from "@s3tester/core/ConfigError"
import * as Loader from "@s3tester/core/Loader"
 *
 * Loader.load("suite.yaml").pipe(
 *   Effect.catchTag("ConfigError", (error) => Effect.logError(error.message))
 * )
 * ```
 *
 * @category errors
 * @since 0.1.0
 */
export class ConfigError extends Schema.TaggedError<ConfigError>()("ConfigError", {
  diagnostics: Schema.Array(DiagnosticSchema)
}) {
  /**
   * One `file:line:column: message (at path)` line per diagnostic, sorted by file, line and column.
   *
   * @since 0.1.0
   */
  override get message(): string {
    return sortDiagnostics(this.diagnostics).map(Diagnostic.format).join("\n")
  }
}

/**
 * @category guards
 * @since 0.1.0
 */
export const isConfigError = (u: unknown): u is ConfigError => u instanceof ConfigError
