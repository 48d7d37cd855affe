/**
 * A problem found in a configuration, with where it is. Every configuration error the loader and the
 * validator report is one of these, so the CLI can print them all as `file:line:column: message`.
 *
 * @since 0.1.0
 */

/**
 * A place in a source file (1-based line and column).
 *
 * @category models
 * @since 0.1.0
 */
export interface SourcePosition {
  readonly file: string
  readonly line: number
  readonly column: number
}

/**
 * @category models
 * @since 0.1.0
 */
export interface Diagnostic {
  /** Where the problem is; absent only when no source is known (a code-built suite). */
  readonly position?: SourcePosition
  /** The path in the document, e.g. `["test_cases", "groups", 0, "test", 1, "parameters", "Bucket"]`. */
  readonly path: ReadonlyArray<string | number>
  readonly message: string
}

/**
 * `test_cases.groups[0].test[1]`: the document path as a reader would write it.
 *
 * @category formatting
 * @since 0.1.0
 */
export const formatPath = (path: ReadonlyArray<string | number>): string =>
  path.reduce<string>(
    (out, segment) =>
      typeof segment === "number" ? `${out}[${segment}]` : out === "" ? segment : `${out}.${segment}`,
    ""
  )

/**
 * `file:line:column: message (at path)`.
 *
 * @category formatting
 * @since 0.1.0
 */
export const format = (diagnostic: Diagnostic): string => {
  const where = diagnostic.position === undefined
    ? ""
    : `${diagnostic.position.file}:${diagnostic.position.line}:${diagnostic.position.column}: `
  const path = diagnostic.path.length === 0 ? "" : ` (at ${formatPath(diagnostic.path)})`
  return `${where}${diagnostic.message}${path}`
}
