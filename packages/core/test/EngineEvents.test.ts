/**
 * How the engine's events reach an unbounded bus: in batches, sent in the turn of the event that
 * finds its batch due, a timer only for an event that nothing follows (that quick events go
 * together: EngineGroups.test.ts).
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Option, PubSub } from "effect"
import { batchMs, publisher } from "../src/internal/engine/engineEvents.ts"
import { RunEvent } from "../src/RunEvent.ts"

const started = (group: string) => RunEvent.GroupStarted({ group })

/** Blocks the thread for `ms` (no turn of the event loop: no timer can fire meanwhile). */
const busyWait = (ms: number) => {
  const until = performance.now() + ms
  while (performance.now() < until) {
    // waiting
  }
}

/** An unbounded bus, subscribed to, and the engine's publisher on it. */
const unboundedBus = Effect.gen(function*() {
  const bus = yield* PubSub.unbounded<RunEvent>()
  const subscription = yield* PubSub.subscribe(bus)
  return { offer: publisher(bus).offer, subscription }
})

const waiting = (subscription: PubSub.Subscription<RunEvent>) => Option.getOrThrow(PubSub.remainingUnsafe(subscription))

describe("engine events on an unbounded bus", () => {
  it.live("a batch goes out in the turn of the event that finds it due, without waiting for a timer", () =>
    Effect.gen(function*() {
      const { offer, subscription } = yield* unboundedBus
      offer(started("a"))
      busyWait(batchMs + 1)
      offer(started("b"))
      // published at once, in order, before any timer could have fired
      assert.strictEqual(waiting(subscription), 2)
      const batch = yield* PubSub.takeAll(subscription)
      assert.deepStrictEqual(batch.map((event) => event._tag === "GroupStarted" && event.group), ["a", "b"])
    }))

  it.live("an event that nothing follows waits, then the timer sends it", () =>
    Effect.gen(function*() {
      const { offer, subscription } = yield* unboundedBus
      offer(started("a"))
      assert.strictEqual(waiting(subscription), 0)
      // (no lower bound on the wait: a timer counts from the loop's time, which may lag the clock)
      const batch = yield* PubSub.takeAll(subscription).pipe(Effect.timeout(5_000))
      assert.strictEqual(batch.length, 1)
    }))
})
