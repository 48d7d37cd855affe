/**
 * The deadlines of SDK calls (internal/s3/s3Deadline): each expires once, not before its time, in
 * the order of its duration's list; a cleared one never; and a duration with nothing pending keeps
 * the process from nothing (its timer is unref'd).
 */
import { assert, describe, it } from "@effect/vitest"
import { clearDeadline, setDeadline } from "../src/internal/s3/s3Deadline.ts"

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe("call deadlines", () => {
  it("expires each deadline once, not before its time; a cleared one never", async () => {
    const fired: Array<string> = []
    const start = performance.now()
    const at: Record<string, number> = {}
    const mark = (name: string) => () => {
      fired.push(name)
      at[name] = performance.now() - start
    }
    setDeadline(40, mark("a"))
    const cleared = setDeadline(40, mark("cleared"))
    await sleep(10)
    setDeadline(40, mark("b"))
    setDeadline(15, mark("short"))
    clearDeadline(cleared)
    clearDeadline(cleared) // twice: nothing happens
    await sleep(120)
    assert.deepStrictEqual(fired, ["short", "a", "b"])
    assert.isAtLeast(at["short"]!, 24)
    assert.isAtLeast(at["a"]!, 39)
    assert.isAtLeast(at["b"]!, 49)
  })

  it("re-arms after the oldest deadline is cleared, and a cleared list keeps nothing alive", async () => {
    const fired: Array<string> = []
    const first = setDeadline(30, () => fired.push("first"))
    await sleep(15)
    setDeadline(30, () => fired.push("second"))
    clearDeadline(first)
    await sleep(25) // the timer armed for `first` fires: `second` is not due yet
    assert.deepStrictEqual(fired, [])
    await sleep(40)
    assert.deepStrictEqual(fired, ["second"])
    const pending = setDeadline(50, () => fired.push("never"))
    clearDeadline(pending)
    await sleep(70)
    assert.deepStrictEqual(fired, ["second"])
  })

  it("a deadline whose callback throws does not keep the others from expiring", async () => {
    const fired: Array<string> = []
    const errors: Array<unknown> = []
    const onError = (error: unknown) => errors.push(error)
    process.prependListener("uncaughtException", onError)
    try {
      setDeadline(20, () => {
        throw new Error("boom")
      })
      setDeadline(20, () => fired.push("after"))
      await sleep(60)
    } finally {
      process.off("uncaughtException", onError)
    }
    assert.deepStrictEqual(fired, ["after"])
    assert.strictEqual((errors[0] as Error | undefined)?.message, "boom")
  })
})
