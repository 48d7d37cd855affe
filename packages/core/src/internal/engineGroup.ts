/**
 * Runs one group: before_test (fail-fast), test, then after_test, which is a finalizer: it runs
 * after success, failure, a crash and interruption. Every step ends in exactly one StepFinished
 * event, in phase order; GroupStarted comes first and GroupFinished last.
 */
import { Effect, Exit } from "effect"
import { RunEvent } from "../RunEvent.ts"
import { addOutcome, emptyCounts, worstOutcome } from "../RunResult.ts"
import type { Counts, GroupResult, StepResult } from "../RunResult.ts"
import { elapsedSince, notRun, nowMs, stepsOf } from "./engineContext.ts"
import type { PlannedGroup, RunContext, StepRef } from "./engineContext.ts"
import { runStep } from "./engineStep.ts"

export const interruptedReason = "run interrupted"

const groupResult = (planned: PlannedGroup, counts: Counts, durationMs: number): GroupResult => ({
  name: planned.group.name,
  tags: planned.group.tags,
  outcome: worstOutcome(counts),
  durationMs,
  counts
})

export interface GroupHooks {
  /** Called once the group has started (it will then report every step and finish). */
  readonly started: () => void
  readonly finished: (result: GroupResult) => void
}

/**
 * Runs `planned`; `hooks.finished` gets its result, also when interrupted (before the interruption
 * goes on). Only the before_test and test phases can be interrupted.
 */
export const runGroup = (ctx: RunContext, planned: PlannedGroup, hooks: GroupHooks): Effect.Effect<void> =>
  Effect.uninterruptibleMask((restore) => Effect.gen(function*() {
    hooks.started()
    yield* ctx.publish(RunEvent.GroupStarted({ group: planned.group.name }))
    const started = yield* nowMs
    let counts = emptyCounts()
    const reported = new Set<string>()
    const keyOf = (ref: StepRef) => `${ref.phase}:${ref.index}`

    const report = (ref: StepRef, result: StepResult): Effect.Effect<StepResult> =>
      Effect.suspend(() => {
        counts = addOutcome(counts, result.outcome)
        reported.add(keyOf(ref))
        return Effect.as(ctx.publish(RunEvent.StepFinished({ result })), result)
      })
    /** The step whose request is under way (to tell it apart when the run is interrupted). */
    let inFlight: StepRef | undefined
    const run = (ref: StepRef) =>
      Effect.suspend(() => {
        inFlight = ref
        return Effect.flatMap(runStep(ctx, ref), (result) => report(ref, result))
      })
    const skipUnreported = (refs: ReadonlyArray<StepRef>, reason: string) =>
      Effect.forEach(
        refs,
        (ref) =>
          reported.has(keyOf(ref))
            ? Effect.void
            : report(ref, notRun(ctx, ref, ref === inFlight ? `${reason} (while its request was in flight)` : reason)),
        { discard: true }
      )

    const before = stepsOf(planned, "before_test")
    const test = stepsOf(planned, "test")
    const after = stepsOf(planned, "after_test")

    /** The display name of the first before_test step that did not pass, if any. */
    const setup = Effect.gen(function*() {
      for (const ref of before) {
        const result = yield* run(ref)
        if (result.outcome !== "passed") return result.name
      }
      return undefined
    })

    const main = Effect.gen(function*() {
      const failed = yield* setup
      if (failed !== undefined) {
        yield* skipUnreported([...before, ...test], `before_test failed: ${failed}`)
        return
      }
      yield* Effect.forEach(test, run, { discard: true })
    })

    const cleanup = Effect.forEach(after, run, { discard: true })

    const finish = Effect.gen(function*() {
      const result = groupResult(planned, counts, yield* elapsedSince(started))
      hooks.finished(result)
      yield* ctx.publish(RunEvent.GroupFinished({ result }))
    })

    yield* restore(main).pipe(
      Effect.onExit((exit) =>
        Exit.isSuccess(exit)
          ? Effect.void
          : skipUnreported(
            [...before, ...test],
            Exit.hasInterrupts(exit) ? interruptedReason : "not run: the group stopped on an internal error"
          )
      ),
      Effect.ensuring(cleanup),
      Effect.ensuring(finish)
    )
  }))

/** Reports a group that never started (the run was interrupted first): every step skipped. */
export const skipGroup = (
  ctx: RunContext,
  planned: PlannedGroup,
  reason: string,
  record: (result: GroupResult) => void
): Effect.Effect<void> =>
  Effect.gen(function*() {
    yield* ctx.publish(RunEvent.GroupStarted({ group: planned.group.name }))
    let counts = emptyCounts()
    for (const phase of ["before_test", "test", "after_test"] as const) {
      for (const ref of stepsOf(planned, phase)) {
        const result = notRun(ctx, ref, reason)
        counts = addOutcome(counts, result.outcome)
        yield* ctx.publish(RunEvent.StepFinished({ result }))
      }
    }
    const result = groupResult(planned, counts, 0)
    record(result)
    yield* ctx.publish(RunEvent.GroupFinished({ result }))
  })
