/**
 * The reporter contract: an object with optional hooks fed from the run's event stream. Hooks may
 * return nothing, a Promise or an Effect (authors need not know Effect), and may return files,
 * which the core writes atomically under the output directory.
 *
 * The runner that feeds reporters and writes their files is {@link Reporters}; loading by name is
 * `Reporters.resolve`.
 *
 * @since 0.1.0
 */
import type * as Effect from "effect/Effect"
import type * as Schema from "effect/Schema"
import type { RunEvent } from "./RunEvent.ts"
import type { GroupResult, StepResult, Summary } from "./RunResult.ts"

/**
 * The contract version a reporter is written against.
 *
 * @category constants
 * @since 0.1.0
 */
export const apiVersion = 1 as const

/**
 * A file a reporter asks the core to write. `path` is relative to the output directory (or
 * absolute, when the user named one).
 *
 * @category models
 * @since 0.1.0
 */
export interface ReporterFile {
  readonly path: string
  readonly content: string | Uint8Array
}

/**
 * @category models
 * @since 0.1.0
 */
export type HookResult =
  | void
  | ReadonlyArray<ReporterFile>
  | Promise<void | ReadonlyArray<ReporterFile>>
  | Effect.Effect<void | ReadonlyArray<ReporterFile>, unknown>

/**
 * @category models
 * @since 0.1.0
 */
export type RunStart = Extract<RunEvent, { readonly _tag: "RunStarted" }>

/**
 * @category models
 * @since 0.1.0
 */
export interface Reporter {
  readonly name: string
  readonly apiVersion: typeof apiVersion
  readonly onRunStart?: (run: RunStart) => HookResult
  readonly onGroupStart?: (group: { readonly group: string }) => HookResult
  readonly onStepEnd?: (result: StepResult) => HookResult
  readonly onGroupEnd?: (result: GroupResult) => HookResult
  readonly onRunEnd?: (summary: Summary) => HookResult
}

/**
 * The hook names the contract knows; any other function-valued key is reported as a likely typo.
 *
 * @category constants
 * @since 0.1.0
 */
export const hookNames = ["onRunStart", "onGroupStart", "onStepEnd", "onGroupEnd", "onRunEnd"] as const

/**
 * Gives types to reporter authors.
 *
 * @category constructors
 * @since 0.1.0
 */
export const defineReporter = <R extends Reporter>(reporter: R): R => reporter

/**
 * What the runner tells a reporter factory about the run it will report.
 *
 * @category models
 * @since 0.1.0
 */
export interface ReporterContext {
  /** Where files with a relative path are written (absolute). */
  readonly outputDir: string
  /** The s3tester version (reports name it). */
  readonly toolVersion: string
  /** The region of the suite's config, when known. */
  readonly region?: string
  /** The suite file the run comes from, when known. */
  readonly suiteFile?: string
  /** This run's shard (`--shard 1/3`), when sharded. */
  readonly shard?: { readonly index: number; readonly total: number }
}

/**
 * How a reporter is loaded by name: its options are decoded with `options` (errors are
 * configuration errors, with the place they were written), then `make` builds a fresh
 * {@link Reporter} for the run. A reporter package's default export (or its `reporter` export) is
 * one of these, or a plain {@link Reporter} object when it takes no options.
 *
 * The option `output` is special: a `name:path` on the command line sets it, and a relative
 * `output` is made absolute (against the working directory for the CLI, the config file's
 * directory in the config) before decoding.
 *
 * @category models
 * @since 0.1.0
 */
export interface ReporterFactory<O = unknown> {
  readonly name: string
  readonly apiVersion: typeof apiVersion
  /** The options' schema (any Effect Schema decoding from unknown input). Absent: no options. */
  readonly options?: Schema.Decoder<O>
  readonly make: (options: O, context: ReporterContext) => Reporter
}

/**
 * Gives types to authors of reporters that take options.
 *
 * **Example**
 *
 * ```ts
 * import * as Schema from "effect/Schema"
 * import * as Reporter from "@s3tester/core/Reporter"
 *
 * export default Reporter.defineReporterFactory({
 *   name: "count",
 *   apiVersion: 1,
 *   options: Schema.Struct({ output: Schema.optionalKey(Schema.String) }),
 *   make: (options) => {
 *     let steps = 0
 *     return {
 *       name: "count",
 *       apiVersion: 1,
 *       onStepEnd: () => {
 *         steps++
 *       },
 *       onRunEnd: () => [{ path: options.output ?? "count.txt", content: String(steps) }]
 *     }
 *   }
 * })
 * ```
 *
 * @category constructors
 * @since 0.1.0
 */
export const defineReporterFactory = <O>(factory: ReporterFactory<O>): ReporterFactory<O> => factory

/**
 * Whether a module export is a {@link ReporterFactory} (it has `make`) rather than a reporter object.
 *
 * @category predicates
 * @since 0.1.0
 */
export const isReporterFactory = (u: unknown): u is ReporterFactory =>
  typeof u === "object" && u !== null && typeof (u as { make?: unknown }).make === "function" &&
  typeof (u as { name?: unknown }).name === "string"

/**
 * Problems with a reporter's shape: function-valued keys the contract does not know (a typo such as
 * `onRunEnded` would silently lose a report) and a wrong `apiVersion`. The runner prints the
 * warnings at load time; an `error` stops loading.
 *
 * @category validation
 * @since 0.1.0
 */
export const checkShape = (
  reporter: unknown
): { readonly warnings: ReadonlyArray<string>; readonly error?: string } => {
  if (typeof reporter !== "object" || reporter === null) return { warnings: [], error: "is not an object" }
  const r = reporter as Record<string, unknown>
  if (typeof r.name !== "string" || r.name === "") return { warnings: [], error: "has no name" }
  if (r.apiVersion !== apiVersion) {
    return {
      warnings: [],
      error: `is written for reporter API version ${String(r.apiVersion)}; this s3tester supports version ${apiVersion}`
    }
  }
  const known = new Set<string>(hookNames)
  const warnings: Array<string> = []
  const keys = new Set<string>()
  for (let o: object | null = r; o !== null && o !== Object.prototype; o = Object.getPrototypeOf(o)) {
    for (const key of Object.getOwnPropertyNames(o)) keys.add(key)
  }
  for (const key of keys) {
    if (key === "constructor" || known.has(key)) continue
    if (typeof r[key] !== "function") continue
    const near = hookNames.find((hook) => hook.toLowerCase() === key.toLowerCase() || closeTo(hook, key))
    warnings.push(
      `reporter "${r.name}": "${key}" is not a reporter hook and will never be called${
        near === undefined ? "" : ` (did you mean "${near}"?)`
      }; hooks are ${hookNames.join(", ")}`
    )
  }
  return { warnings }
}

const closeTo = (a: string, b: string): boolean => {
  // hooks share the "on" prefix: compare without it, allow small edits (onStepEnded, onGroupEnds)
  const x = a.toLowerCase()
  const y = b.toLowerCase()
  if (y.startsWith(x) || x.startsWith(y)) return true
  if (!y.startsWith("on")) return false
  let same = 0
  while (same < Math.min(x.length, y.length) && x[same] === y[same]) same++
  return same >= Math.min(x.length, y.length) - 2 && same > 4
}

export {
  /**
   * Hooks that gather the whole run and call `finish` once at the end with groups, their steps (in
   * order), counts with `flaky`, and latency per operation. Spread them into a reporter.
   *
   * @category constructors
   * @since 0.1.0
   */
  collect,
  /**
   * Latency statistics per operation (count, min, mean, p50, p90, p95, p99, max; nearest-rank) over
   * the steps that got an answer (skipped and errored steps are left out).
   *
   * @category utils
   * @since 0.1.0
   */
  latencyByOperation
} from "./internal/reporting/reporterCollect.ts"

export type {
  /**
   * @category models
   * @since 0.1.0
   */
  CollectedGroup,
  /**
   * @category models
   * @since 0.1.0
   */
  CollectedRun,
  /**
   * @category models
   * @since 0.1.0
   */
  OperationLatency
} from "./internal/reporting/reporterCollect.ts"
