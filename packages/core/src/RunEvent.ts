/**
 * The run's event stream. The engine publishes these on a PubSub; reporters (the console output,
 * JSON, JUnit...) subscribe before the run starts, so none is missed.
 *
 * @since 0.1.0
 */
import * as Data from "effect/Data"
import type { GroupResult, StepResult, Summary } from "./RunResult.ts"

/**
 * @category models
 * @since 0.1.0
 */
export type RunEvent = Data.TaggedEnum<{
  RunStarted: {
    readonly runId: string
    readonly endpoint: string
    readonly groups: ReadonlyArray<{ readonly name: string; readonly steps: number }>
    readonly totalSteps: number
  }
  GroupStarted: { readonly group: string }
  StepFinished: { readonly result: StepResult }
  GroupFinished: { readonly result: GroupResult }
  RunFinished: { readonly summary: Summary }
}>

/**
 * Constructors and matchers: `RunEvent.StepFinished({ result })`, `RunEvent.$is("RunFinished")(e)`.
 *
 * @category constructors
 * @since 0.1.0
 */
export const RunEvent: Data.TaggedEnum.Constructor<RunEvent> = (() => {
  // Data.taggedEnum is a Proxy that makes a new constructor at every access, and its constructors
  // spread their argument: the engine makes an event per step, so these are written out (the same
  // plain objects: the fields, then `_tag`); the matchers are Data's
  const tagged = Data.taggedEnum<RunEvent>()
  return {
    RunStarted: ({ runId, endpoint, groups, totalSteps }) => ({ runId, endpoint, groups, totalSteps, _tag: "RunStarted" }),
    GroupStarted: ({ group }) => ({ group, _tag: "GroupStarted" }),
    StepFinished: ({ result }) => ({ result, _tag: "StepFinished" }),
    GroupFinished: ({ result }) => ({ result, _tag: "GroupFinished" }),
    RunFinished: ({ summary }) => ({ summary, _tag: "RunFinished" }),
    $is: tagged.$is,
    $match: tagged.$match
  }
})()
