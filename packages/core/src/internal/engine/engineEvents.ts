/**
 * How the engine hands its events to the caller's bus. Each event wakes the bus's subscribers (the
 * Runner's reporters), and a wake-up costs far more than the event: so on an unbounded bus (the
 * Runner's) the events of {@link batchMs} are published together, in order (the engine never waits
 * for them: the bus takes everything), and RunFinished at once with whatever is still pending. (One
 * turn of the event loop is too short a window: a lane of steps one after another would wake the
 * subscribers once a step.) A batch goes out in the turn of the event that finds it due, so
 * while steps keep finishing no timer of its own wakes the process; the timer, at
 * {@link latestMs}, only sends what no later event came to send. A bounded bus gets each event at
 * once, its back-pressure kept: the engine waits while it is full.
 */
import * as Effect from "effect/Effect"
import * as PubSub from "effect/PubSub"
import type { RunEvent } from "../../RunEvent.ts"

/** How long an event waits for others to be published with it while more keep coming. */
export const batchMs = 10

/**
 * The longest an event waits, when none follows it: less than a person can see. (A timer's wake-up
 * costs several steps' own work, so it only sends what nothing else will.)
 */
const latestMs = 20

/** The capacity of an unbounded PubSub (also `PubSub.bounded(Infinity)`'s). */
const unbounded = Number.MAX_SAFE_INTEGER

/** How the engine publishes: `offer` takes an event at once when it can (see above), without an Effect. */
export interface Publisher {
  readonly publish: (event: RunEvent) => Effect.Effect<void>
  /** Publishes `event` now if the bus is one whose events are batched (or there is none); false: use `publish`. */
  readonly offer: (event: RunEvent) => boolean
}

export const publisher = (events: PubSub.PubSub<RunEvent> | undefined): Publisher => {
  if (events === undefined) return { publish: () => Effect.void, offer: () => true }
  if (PubSub.capacity(events) !== unbounded) {
    return {
      publish: (event) =>
        Effect.suspend(() => (PubSub.publishUnsafe(events, event) ? Effect.void : Effect.asVoid(PubSub.publish(events, event)))),
      offer: () => false
    }
  }
  let pending: Array<RunEvent> = []
  /** When the oldest pending event came (`performance.now()`). */
  let firstAt = 0
  let timer: ReturnType<typeof setTimeout> | undefined
  const flush = () => {
    if (timer !== undefined) clearTimeout(timer)
    timer = undefined
    if (pending.length === 0) return
    const batch = pending
    pending = []
    // an unbounded bus takes them at once (a shut-down one drops them, as it would one by one); a
    // single event without running an Effect
    if (batch.length === 1) PubSub.publishUnsafe(events, batch[0]!)
    else Effect.runSync(PubSub.publishAll(events, batch))
  }
  const offer = (event: RunEvent): boolean => {
    pending.push(event)
    if (event._tag === "RunFinished") flush()
    else if (pending.length === 1) {
      firstAt = performance.now()
      timer = setTimeout(flush, latestMs)
    } else if (performance.now() - firstAt >= batchMs) flush()
    return true
  }
  return { publish: (event) => Effect.sync(() => void offer(event)), offer }
}
