/**
 * Runs one group: before_test (fail-fast), test, then after_test, which is a finalizer: it runs
 * after success, failure, a crash and interruption, bounded by the cleanup timeout. Every step
 * ends in exactly one StepFinished event; GroupStarted comes first and GroupFinished last. Steps
 * of a phase run in order, or up to `concurrency: { <phase>: N }` at once (their events then come
 * in the order they finish).
 */
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Result from "effect/Result"
import { RunEvent } from "../../RunEvent.ts"
import { addOutcome, emptyCounts, worstOutcome } from "../../RunResult.ts"
import type { Counts, GroupResult, StepResult } from "../../RunResult.ts"
import type { Phase } from "../../Suite.ts"
import * as Template from "../../Template.ts"
import * as Deviation from "../../Deviation.ts"
import { deviationOf, elapsedSince, notRun, nowMs, phaseConcurrency, stepsOf } from "./engineContext.ts"
import type { PlannedGroup, RunContext, StepRef } from "./engineContext.ts"
import { runStep } from "./engineStep.ts"
import { withTraceFor } from "./engineTrace.ts"
import { SettleOnInterrupt } from "../s3/s3Call.ts"
import type { GroupState } from "./engineStep.ts"

export const interruptedReason = "run interrupted"

const groupResult = (ctx: RunContext, planned: PlannedGroup, counts: Counts, durationMs: number): GroupResult => {
  const { group } = planned
  const deviation = deviationOf(ctx, group)
  return {
    name: group.name,
    ...(group.id === undefined ? {} : { id: group.id }),
    ...(group.area === undefined ? {} : { area: group.area }),
    ...(group.doc === undefined ? {} : { doc: group.doc }),
    ...(deviation === undefined ? {} : { deviation: Deviation.note(deviation) }),
    tags: group.tags,
    outcome: worstOutcome(counts),
    durationMs,
    counts
  }
}

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
    const name = planned.group.name
    ctx.cleaning.add(name)
    yield* ctx.publish(RunEvent.GroupStarted({ group: name }))
    const started = yield* nowMs
    let counts = emptyCounts()
    /** The steps reported (each phase's refs are made once, below: a ref is its step). */
    const reported = new Set<StepRef>()

    const vars = Template.groupVars(ctx.suite.vars, planned.group.vars, { run: ctx.run, group: { name } })
    const state: GroupState = { vars: Result.isSuccess(vars) ? vars.success : {}, outputs: new Map(), outcomes: new Map() }

    const deviation = deviationOf(ctx, planned.group)
    const judge = deviation === undefined ? undefined : Deviation.makeJudge(deviation, planned.group.test.length)
    /** Counts and records a step's result; the effect publishes its event. */
    const reportNow = (ref: StepRef, raw: StepResult): Effect.Effect<StepResult> => {
      // the trace is judged with the final outcome, then belongs to the event alone
      const result = withTraceFor(ctx.trace, judge === undefined ? raw : judge(raw))
      counts = addOutcome(counts, result.outcome, result.flaky === true)
      reported.add(ref)
      ctx.record(result)
      const event = RunEvent.StepFinished({ result })
      return ctx.offer(event) ? Effect.succeed(result) : Effect.as(ctx.publish(event), result)
    }
    const report = (ref: StepRef, raw: StepResult): Effect.Effect<StepResult> => Effect.suspend(() => reportNow(ref, raw))
    /** The steps whose request is under way (to tell them apart when the run is interrupted). */
    const inFlight = new Set<StepRef>()
    // called as the step starts (forEach asks for each step's effect then)
    const run = (ref: StepRef) => {
      inFlight.add(ref)
      return runStep(ctx, ref, state, (result) => {
        inFlight.delete(ref)
        return reportNow(ref, result)
      })
    }
    const skipUnreported = (refs: ReadonlyArray<StepRef>, reason: string, outcome: StepResult["outcome"] = "skipped") =>
      Effect.forEach(
        refs,
        (ref) =>
          reported.has(ref)
            ? Effect.void
            : report(
              ref,
              notRun(ctx, ref, inFlight.has(ref) ? `${reason} (while its request was in flight)` : reason, outcome)
            ),
        { discard: true }
      )
    const runPhase = (phase: Phase, refs: ReadonlyArray<StepRef>) =>
      Effect.forEach(refs, run, { concurrency: phaseConcurrency(planned.group, phase), discard: true })

    const before = stepsOf(planned, "before_test")
    const test = stepsOf(planned, "test")
    const after = stepsOf(planned, "after_test")

    /** The display name of the first before_test step that did not pass, if any. */
    const setup = Effect.gen(function*() {
      let failed: string | undefined
      yield* Effect.forEach(
        before,
        (ref) =>
          Effect.suspend(() =>
            failed !== undefined
              ? Effect.void
              : Effect.map(run(ref), (result) => {
                if (result.outcome !== "passed" && failed === undefined) failed = result.name
              })
          ),
        { concurrency: phaseConcurrency(planned.group, "before_test"), discard: true }
      )
      return failed
    })

    const main = Effect.gen(function*() {
      const failed = yield* setup
      if (failed !== undefined) {
        yield* skipUnreported([...before, ...test], `before_test failed: ${failed}`)
        return
      }
      yield* runPhase("test", test)
    })

    const cleanupTimeout = Duration.millis(ctx.cleanupTimeoutMs)
    const cleanup = Effect.gen(function*() {
      // after_test, unless its time runs out or the caller abandons it: then the rest is errored.
      const abandoned = yield* Effect.raceAllFirst([
        // Nothing follows an interrupted cleanup step: its request is aborted at once (see s3Call).
        Effect.as(Effect.provideService(runPhase("after_test", after), SettleOnInterrupt, false), undefined),
        Effect.as(Effect.sleep(cleanupTimeout), `after_test did not finish within ${ctx.cleanupTimeoutMs}ms`),
        ctx.abandonCleanup
      ])
      if (abandoned !== undefined) yield* skipUnreported(after, `cleanup abandoned: ${abandoned}`, "errored")
    }).pipe(Effect.ensuring(Effect.sync(() => ctx.cleaning.delete(name))))

    const finish = Effect.gen(function*() {
      const result = groupResult(ctx, planned, counts, yield* elapsedSince(started))
      hooks.finished(result)
      yield* ctx.publish(RunEvent.GroupFinished({ result }))
    })

    if (Result.isFailure(vars)) {
      const message = `the group's vars: ${vars.failure.message}`
      yield* skipUnreported([...before, ...test, ...after], message, "errored")
      ctx.cleaning.delete(name)
      return yield* finish
    }

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
        ctx.record(result)
        yield* ctx.publish(RunEvent.StepFinished({ result }))
      }
    }
    const result = groupResult(ctx, planned, counts, 0)
    record(result)
    yield* ctx.publish(RunEvent.GroupFinished({ result }))
  })
