/**
 * Reads a small YAML file (targets, profiles) and decodes it with a Schema; every problem becomes a
 * diagnostic at `file:line:column`. Sizes are bounded and aliases are refused: these files are
 * plain configuration.
 *
 * @internal
 */
import { readFileSync, statSync } from "node:fs"
import { createRequire } from "node:module"
import * as ConfigError from "@s3tester/core/ConfigError"
import type * as Diagnostic from "@s3tester/core/Diagnostic"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import * as SchemaIssue from "effect/SchemaIssue"
import type * as YAML from "yaml"

/**
 * The yaml package, loaded when a file is first parsed: the command line imports this module for
 * its definitions (`Targets.defaultFile` in `--help`), which need no parser. (A CommonJS package, so
 * it loads synchronously; the bundled CLI's help leaves it out: see packages/cli/scripts/bundle.mjs.)
 */
export const yaml = (): typeof YAML => (loaded ??= createRequire(import.meta.url)("yaml") as typeof YAML)
let loaded: typeof YAML | undefined

/** A targets or profile file larger than this is refused (they are hand-written configuration). */
export const maxBytes = 4 * 1024 * 1024

export interface ParsedYaml {
  readonly file: string
  readonly document: YAML.Document.Parsed
  readonly positionOf: (path: ReadonlyArray<PropertyKey>) => Diagnostic.SourcePosition
}

const fail = (diagnostics: ReadonlyArray<Diagnostic.Diagnostic>) =>
  new ConfigError.ConfigError({ diagnostics: ConfigError.sortDiagnostics(diagnostics) })

/** Parses `text` as read from `file`; syntax errors are diagnostics (their quoted tokens cut short). */
export const parse = (text: string, file: string): Result.Result<ParsedYaml, ConfigError.ConfigError> => {
  const YAML = yaml()
  const lines = new YAML.LineCounter()
  const document = YAML.parseDocument(text, { lineCounter: lines, prettyErrors: false })
  const at = (offset: number): Diagnostic.SourcePosition => {
    const { line, col } = lines.linePos(offset)
    return { file, line, column: col }
  }
  if (document.errors.length > 0) {
    return Result.fail(fail(document.errors.map((error) => ({
      position: at(error.pos[0]),
      path: [],
      message: error.message.split("\n")[0]!.replace(/"([^"]{12})[^"]+"/g, "\"$1...\"")
    }))))
  }
  const positionOf = (path: ReadonlyArray<PropertyKey>): Diagnostic.SourcePosition => {
    for (let n = path.length; n >= 0; n--) {
      const node = document.getIn(path.slice(0, n) as Array<unknown>, true) as YAML.Node | undefined
      const range = YAML.isNode(node) ? node.range : undefined
      if (range !== undefined && range !== null) return at(range[0])
    }
    return { file, line: 1, column: 1 }
  }
  return Result.succeed({ file, document, positionOf })
}

/** Reads `file` (a regular file, at most {@link maxBytes}). */
export const read = (file: string): Result.Result<string, ConfigError.ConfigError> => {
  try {
    const stat = statSync(file)
    if (!stat.isFile()) return Result.fail(fail([{ path: [], message: `cannot read ${file}: not a regular file` }]))
    if (stat.size > maxBytes) {
      return Result.fail(fail([{ path: [], message: `cannot read ${file}: ${stat.size} bytes, more than ${maxBytes}` }]))
    }
    return Result.succeed(readFileSync(file, "utf8"))
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    return Result.fail(fail([{
      path: [],
      message: `cannot read ${file}: ${code === "ENOENT" ? "no such file" : (error as Error).message}`
    }]))
  }
}

/** Decodes a parsed document with `schema` (excess keys are errors), positions from the document. */
export const decode = <S extends Schema.Top & Schema.ConstraintDecoder<unknown>>(
  parsed: ParsedYaml,
  schema: S
): Result.Result<S["Type"], ConfigError.ConfigError> => {
  const decoded = Schema.decodeUnknownResult(schema as any)(parsed.document.toJS({ maxAliasCount: 0 }), {
    errors: "all",
    onExcessProperty: "error"
  }) as Result.Result<S["Type"], Schema.SchemaError>
  if (Result.isSuccess(decoded)) return Result.succeed(decoded.success)
  const issues = SchemaIssue.makeFormatterStandardSchemaV1()(decoded.failure.issue).issues
  return Result.fail(fail(issues.map((issue) => {
    const path = (issue.path ?? []).map((p) => (typeof p === "object" && p !== null && "key" in p ? p.key : p) as PropertyKey)
    return {
      position: parsed.positionOf(path),
      path: path.map((p) => typeof p === "number" ? p : String(p)),
      message: issue.message
    }
  })))
}

/** `parse(read(file))` then `decode`. */
export const load = <S extends Schema.Top & Schema.ConstraintDecoder<unknown>>(
  file: string,
  schema: S
): Result.Result<{ readonly value: S["Type"]; readonly parsed: ParsedYaml }, ConfigError.ConfigError> =>
  Result.flatMap(read(file), (text) =>
    Result.flatMap(parse(text, file), (parsed) =>
      Result.map(decode(parsed, schema), (value) => ({ value, parsed }))))
