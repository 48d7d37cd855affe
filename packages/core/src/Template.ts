/**
 * `${{ root.path }}` templates: resolution of a step's parameters and expectation against the
 * values known at that moment (`env`, `vars`, `run`, `group`, `steps.<id>`).
 *
 * - A value that is exactly one template (`MaxKeys: "${{ vars.n }}"`) keeps the referenced value's
 *   type; a template inside a longer string is stringified (objects as JSON).
 * - Nothing is evaluated: an expression is a path (`steps.list.Contents[0].Key`).
 * - {@link resolve} fails with a {@link TemplateError} naming the first path it could not follow;
 *   {@link resolvePartial} (for `--dry-run`) resolves what it can and leaves the rest as written.
 *
 * @since 0.1.0
 */
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import { formatPath, hasTemplate, parse } from "./internal/template/templateParse.ts"
import type { Expression, Segment } from "./internal/template/templateParse.ts"

export {
  /**
   * Every `${{ ... }}` expression in a string (malformed ones left out).
   *
   * @category parsing
   * @since 0.1.0
   */
  expressionsIn,
  /**
   * `true` for a string that contains `${{`.
   *
   * @category predicates
   * @since 0.1.0
   */
  hasTemplate
} from "./internal/template/templateParse.ts"
export type { Expression, Segment } from "./internal/template/templateParse.ts"

/**
 * What templates can refer to. Roots left `undefined` are unknown at this point: {@link resolve}
 * fails on them and {@link resolvePartial} leaves them as written.
 *
 * @category models
 * @since 0.1.0
 */
export interface Scope {
  readonly env?: Readonly<Record<string, string | undefined>> | undefined
  readonly vars?: Readonly<Record<string, unknown>> | undefined
  readonly run?: { readonly id: string; readonly started_at: string } | undefined
  readonly group?: { readonly name: string } | undefined
  /** Outputs of the steps (with an `id`) that ran and succeeded so far. */
  readonly steps?: ReadonlyMap<string, unknown> | undefined
}

/**
 * @category errors
 * @since 0.1.0
 */
export class TemplateError extends Schema.TaggedError<TemplateError>()("TemplateError", {
  /** The expression as written, e.g. `steps.put.ETag`. */
  expression: Schema.String,
  message: Schema.String
}) {}

const unknownRoot = Symbol("unknownRoot")

type Lookup = Result.Result<unknown, string | typeof unknownRoot>

const describe = (value: unknown): string =>
  value === null ? "null" : Array.isArray(value) ? "a list" : typeof value === "object" ? "an object" : `a ${typeof value}`

const follow = (start: unknown, root: string, path: ReadonlyArray<Segment>, from: number): Lookup => {
  let current = start
  for (let i = from; i < path.length; i++) {
    const segment = path[i]!
    const here = formatPath(root, path.slice(0, i + 1))
    if (Array.isArray(current)) {
      const index = typeof segment === "number" ? segment : /^\d+$/.test(segment) ? Number(segment) : undefined
      if (index === undefined) return Result.fail(`${here}: ${formatPath(root, path.slice(0, i))} is a list; use an index`)
      if (index >= current.length) {
        return Result.fail(`${here}: no item ${index} (the list has ${current.length})`)
      }
      current = current[index]
    } else if (typeof current === "object" && current !== null && !(current instanceof Uint8Array)) {
      const key = String(segment)
      if (!Object.prototype.hasOwnProperty.call(current, key) || (current as Record<string, unknown>)[key] === undefined) {
        const known = Object.keys(current).slice(0, 12).join(", ")
        return Result.fail(`${here}: no field "${key}"${known === "" ? "" : ` (present: ${known})`}`)
      }
      current = (current as Record<string, unknown>)[key]
    } else {
      return Result.fail(`${here}: ${formatPath(root, path.slice(0, i))} is ${describe(current)}, not an object`)
    }
  }
  return Result.succeed(current)
}

const lookup = (expression: Expression, scope: Scope): Lookup => {
  const { root, path } = expression
  switch (root) {
    case "env": {
      if (scope.env === undefined) return Result.fail(unknownRoot)
      const name = path[0]
      if (path.length !== 1 || typeof name !== "string") return Result.fail(`${expression.text}: write env.NAME`)
      const value = scope.env[name]
      return value === undefined ? Result.fail(`${expression.text}: environment variable ${name} is not set`) : Result.succeed(value)
    }
    case "vars":
      return scope.vars === undefined ? Result.fail(unknownRoot) : follow(scope.vars, root, path, 0)
    case "run":
      return scope.run === undefined ? Result.fail(unknownRoot) : follow(scope.run, root, path, 0)
    case "group":
      return scope.group === undefined ? Result.fail(unknownRoot) : follow(scope.group, root, path, 0)
    case "steps": {
      if (scope.steps === undefined) return Result.fail(unknownRoot)
      const id = path[0]
      if (id === undefined) return Result.fail(`${expression.text}: write steps.<id>.<field>`)
      if (!scope.steps.has(String(id))) {
        return Result.fail(`${formatPath(root, [id])}: step "${id}" has no output (it did not run, or did not succeed)`)
      }
      return follow(scope.steps.get(String(id)), root, path, 1)
    }
    default:
      return Result.fail(`${expression.text}: unknown template root "${root}"`)
  }
}

/**
 * How a value looks inside a longer string: strings as they are, dates in ISO form, objects and
 * lists as JSON.
 *
 * @category utils
 * @since 0.1.0
 */
export const stringify = (value: unknown): string =>
  typeof value === "string"
    ? value
    : value instanceof Date
    ? value.toISOString()
    : typeof value === "object" && value !== null
    ? JSON.stringify(value)
    : String(value)

type Resolved = Result.Result<unknown, TemplateError>

const resolveString = (text: string, scope: Scope, partial: boolean): Resolved => {
  const parts = parse(text)
  const only = parts.length === 1 ? parts[0] : undefined
  if (only?._tag === "Expr") {
    const found = lookup(only.expression, scope)
    if (Result.isSuccess(found)) return Result.succeed(found.success)
    if (partial) return Result.succeed(text)
    return Result.fail(errorOf(only.expression, found.failure))
  }
  let out = ""
  for (const part of parts) {
    if (part._tag === "Text") out += part.text
    else if (part._tag === "Invalid") {
      if (!partial) return Result.fail(new TemplateError({ expression: part.raw, message: part.problem }))
      out += part.raw
    } else {
      const found = lookup(part.expression, scope)
      if (Result.isSuccess(found)) out += stringify(found.success)
      else if (partial) out += `\${{ ${part.expression.text} }}`
      else return Result.fail(errorOf(part.expression, found.failure))
    }
  }
  return Result.succeed(out)
}

const errorOf = (expression: Expression, failure: string | typeof unknownRoot): TemplateError =>
  new TemplateError({
    expression: expression.text,
    message: `cannot resolve \${{ ${expression.text} }}: ${
      failure === unknownRoot ? `"${expression.root}" is not available here` : failure
    }`
  })

const walk = (value: unknown, scope: Scope, partial: boolean): Resolved => {
  if (typeof value === "string") return hasTemplate(value) ? resolveString(value, scope, partial) : Result.succeed(value)
  if (Array.isArray(value)) {
    const out: Array<unknown> = []
    for (const item of value) {
      const resolved = walk(item, scope, partial)
      if (Result.isFailure(resolved)) return resolved
      out.push(resolved.success)
    }
    return Result.succeed(out)
  }
  if (typeof value === "object" && value !== null && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {}
    for (const [key, item] of Object.entries(value)) {
      const resolved = walk(item, scope, partial)
      if (Result.isFailure(resolved)) return resolved
      out[key] = resolved.success
    }
    return Result.succeed(out)
  }
  return Result.succeed(value)
}

/**
 * Resolves every template in `value` (strings, and strings nested in plain objects and lists).
 * Fails on the first expression it cannot follow, with a message naming the path.
 *
 * **Example**
 *
 * ```ts
 * import * as Template from "@s3tester/core/Template"
 *
 * Template.resolve({ Key: "${{ vars.prefix }}/a", MaxKeys: "${{ vars.n }}" }, { vars: { prefix: "p", n: 5 } })
 * // Success({ Key: "p/a", MaxKeys: 5 })
 * ```
 *
 * @category resolving
 * @since 0.1.0
 */
export const resolve = <A>(value: A, scope: Scope): Result.Result<A, TemplateError> =>
  walk(value, scope, false) as Result.Result<A, TemplateError>

/**
 * Resolves what `scope` can answer and leaves every other template as written (for `--dry-run`,
 * where `steps.*` are not known). Never fails.
 *
 * @category resolving
 * @since 0.1.0
 */
export const resolvePartial = <A>(value: A, scope: Scope): A => {
  const resolved = walk(value, scope, true)
  return (Result.isSuccess(resolved) ? resolved.success : value) as A
}

/**
 * The variables of one group: the suite's `vars` overridden by the group's, each resolved against
 * `scope` (a group's vars may refer to the suite's vars, `run`, `group` and `env`).
 *
 * @category resolving
 * @since 0.1.0
 */
export const groupVars = (
  suiteVars: Readonly<Record<string, unknown>> | undefined,
  vars: Readonly<Record<string, unknown>> | undefined,
  scope: Omit<Scope, "vars" | "steps">,
  options?: { readonly partial?: boolean }
): Result.Result<Record<string, unknown>, TemplateError> => {
  const run = options?.partial === true
    ? <A>(value: A, s: Scope) => Result.succeed(resolvePartial(value, s))
    : resolve
  const shared = run({ ...suiteVars }, { ...scope, vars: {} })
  if (Result.isFailure(shared)) return shared
  const own = run({ ...vars }, { ...scope, vars: shared.success })
  if (Result.isFailure(own)) return own
  return Result.succeed({ ...shared.success, ...own.success })
}
