/**
 * How the engine hands its events to the caller's bus. Each event wakes the bus's subscribers (the
 * Runner's reporters), and a wake-up costs far more than the event: so on an unbounded bus (the
 * Runner's) the events of one turn of the event loop are published together, in order, at the end
 * of that turn (the engine never waits for them: the bus takes everything), and RunFinished at
 * once with whatever is still pending. A bounded bus gets each event at once, its back-pressure
 * kept: the engine waits while it is full.
 */
import * as Effect from "effect/Effect"
import * as PubSub from "effect/PubSub"
import type { RunEvent } from "../../RunEvent.ts"

/** The capacity of an unbounded PubSub (also `PubSub.bounded(Infinity)`'s). */
const unbounded = Number.MAX_SAFE_INTEGER

export const publisher = (events: PubSub.PubSub<RunEvent> | undefined): (event: RunEvent) => Effect.Effect<void> => {
  if (events === undefined) return () => Effect.void
  if (PubSub.capacity(events) !== unbounded) {
    return (event) =>
      Effect.suspend(() => (PubSub.publishUnsafe(events, event) ? Effect.void : Effect.asVoid(PubSub.publish(events, event))))
  }
  let pending: Array<RunEvent> = []
  const flush = () => {
    if (pending.length === 0) return
    const batch = pending
    pending = []
    // an unbounded bus takes them at once (a shut-down one drops them, as it would one by one)
    Effect.runSync(PubSub.publishAll(events, batch))
  }
  return (event) =>
    Effect.sync(() => {
      pending.push(event)
      if (event._tag === "RunFinished") flush()
      else if (pending.length === 1) setImmediate(flush)
    })
}
