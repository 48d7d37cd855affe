/**
 * One run, wired: the event bus, the reporters and the event handler subscribed before anything is
 * published, the endpoint check, the engine, stopping early, and what happens when the run itself
 * is interrupted (Ctrl-C in the CLI): the engine still runs every started group's `after_test` and
 * publishes RunFinished, and the handler and the reporters get it (their files are written) before
 * the interruption goes on.
 *
 * @internal
 */
import * as Deferred from "effect/Deferred"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as PubSub from "effect/PubSub"
import * as Stream from "effect/Stream"
import type * as Layer from "effect/Layer"
import * as Engine from "../../Engine.ts"
import type * as Preflight from "../../Preflight.ts"
import * as Reporters from "../../Reporters.ts"
import type { Reporter } from "../../Reporter.ts"
import { RunEvent } from "../../RunEvent.ts"
import type { StepResult, Summary } from "../../RunResult.ts"
import type { S3Clients } from "../../S3Clients.ts"
import type { Suite } from "../../Suite.ts"
import type { Target } from "../../Target.ts"
import { toEffect } from "../plugin/pluginDefine.ts"

/** Given to event handlers: `stop()` ends the run early. */
export interface Control {
  readonly stop: (reason?: string) => void
}

export interface Session {
  readonly suite: Suite
  readonly engine: Engine.RunOptions
  readonly clients: Layer.Layer<S3Clients, never, Target>
  readonly reporters: ReadonlyArray<Reporter>
  readonly outputDir: string
  /** Prints a reporter failure as it happens (default: standard error). */
  readonly reporterLog?: (line: string) => void
  /** Called once the reporters are done, with what they did (also when the run is interrupted). */
  readonly onReportersDone?: (outcome: Reporters.Outcome) => void
  readonly onEvent?: (event: RunEvent, control: Control) => unknown
  readonly signal?: AbortSignal
  /** The endpoint check, run once everything listens; absent: none. */
  readonly preflight?: Effect.Effect<void, Preflight.EndpointUnreachable>
  /** Keep every step's result for the outcome (default true); false: `steps` stays empty. */
  readonly keepSteps?: boolean
}

export interface Outcome {
  readonly summary: Summary
  readonly steps: ReadonlyArray<StepResult>
  readonly reporters: Reporters.Outcome
  readonly stopped?: string
}

/** How long an interrupted run waits for the event handler and the reporters to take RunFinished. */
const drainMs = 5_000

const describe = (error: unknown): string => error instanceof Error ? error.message : String(error)

export const runSession = (session: Session): Effect.Effect<Outcome, Preflight.EndpointUnreachable, Target> =>
  Effect.scoped(Effect.gen(function*() {
    const bus = yield* PubSub.unbounded<RunEvent>()
    const attached = yield* Reporters.attach(bus, session.reporters, {
      outputDir: session.outputDir,
      ...(session.reporterLog === undefined ? {} : { log: session.reporterLog })
    })
    let notified = false
    const reporting = attached.pipe(Effect.tap((outcome) =>
      Effect.sync(() => {
        if (notified) return
        notified = true
        session.onReportersDone?.(outcome)
      })
    ))
    const subscription = yield* PubSub.subscribe(bus)
    const stop = yield* Deferred.make<string>()
    const control: Control = {
      stop: (reason = "stopped by an event handler") => void Deferred.doneUnsafe(stop, Effect.succeed(reason))
    }
    const signal = session.signal
    if (signal !== undefined) {
      const onAbort = () => control.stop(signal.reason instanceof Error ? signal.reason.message : "aborted")
      if (signal.aborted) onAbort()
      else {
        signal.addEventListener("abort", onAbort, { once: true })
        yield* Effect.addFinalizer(() => Effect.sync(() => signal.removeEventListener("abort", onAbort)))
      }
    }
    const steps: Array<StepResult> = []
    const keepSteps = session.keepSteps !== false
    let finished: Summary | undefined
    const onEvent = session.onEvent
    const listening = yield* Stream.fromSubscription(subscription).pipe(
      Stream.takeUntil(RunEvent.$is("RunFinished")),
      Stream.runForEach((event) => {
        if (event._tag === "StepFinished" && keepSteps) steps.push(event.result)
        if (event._tag === "RunFinished") finished = event.summary
        if (onEvent === undefined) return Effect.void
        return Effect.suspend(() => toEffect(onEvent(event, control))).pipe(
          Effect.catchCause((cause) =>
            Effect.sync(() => process.stderr.write(`onEvent failed on ${event._tag}: ${describe(cause)} (the run goes on)\n`))
          )
        )
      }),
      Effect.forkChild
    )
    const engineOptions: Engine.RunOptions = { ...session.engine, events: bus }
    let engineStarted = false
    const execute = (session.preflight ?? Effect.void).pipe(
      Effect.andThen(Effect.suspend(() => {
        engineStarted = true
        return Engine.run(session.suite, engineOptions)
      })),
      // Interrupted before the engine started: an interrupted run all the same (summary, reports).
      Effect.onInterrupt(() => (engineStarted ? Effect.void : Effect.asVoid(Engine.runInterrupted(session.suite, engineOptions)))),
      Effect.provide(session.clients)
    )
    const first = yield* Effect.raceFirst(
      Effect.map(execute, (summary) => ({ summary, stopped: undefined })),
      Effect.map(Deferred.await(stop), (reason) => ({ summary: undefined, stopped: reason }))
    ).pipe(
      // The run itself interrupted: the engine has published RunFinished; let the handler and the
      // reporters take it (Ctrl-C still leaves complete reports behind), then go on interrupting.
      Effect.onInterrupt(() =>
        Effect.all([Fiber.await(listening), reporting], { concurrency: "unbounded", discard: true }).pipe(
          Effect.timeoutOption(drainMs),
          Effect.asVoid
        )
      )
    )
    yield* Fiber.join(listening)
    const reporters = yield* reporting
    const summary = first.summary ?? finished
    if (summary === undefined) return yield* Effect.die(new Error("the engine ended without a summary"))
    return { summary, steps, reporters, ...(first.stopped === undefined ? {} : { stopped: first.stopped }) }
  }))
