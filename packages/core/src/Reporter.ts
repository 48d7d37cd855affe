/**
 * The reporter contract: an object with optional hooks fed from the run's event stream. Hooks may
 * return nothing, a Promise or an Effect (authors need not know Effect), and may return files,
 * which the core writes atomically under the output directory.
 *
 * CONTRACT (implementation of the runner in progress): these types are what reporters implement.
 *
 * @since 0.1.0
 */
import type { Effect } from "effect"
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
  | Effect.Effect<void | ReadonlyArray<ReporterFile>>

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
