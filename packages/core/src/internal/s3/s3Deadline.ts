/**
 * The deadlines of SDK calls (their timeout, and the bound of the whole call), without a Node
 * timer per call. Every call has two and almost none is ever reached, so making, linking and
 * clearing two `Timeout` objects a call (which live as long as the call, young objects that every
 * scavenge copies) is most of what they cost. Deadlines of the same duration expire in the order
 * they were set, so each duration keeps its deadlines in a list, oldest first, and one Node timer
 * for the oldest: setting or clearing one is linking or unlinking a small record.
 *
 * The timer of a duration keeps the process alive only while a deadline of it is pending (it is
 * unref'd when its list is empty), as a call's own timer did.
 */

/** A pending deadline (see {@link setDeadline}); clear it with {@link clearDeadline}. */
export interface Deadline {
  /** `performance.now()` when it expires. */
  readonly at: number
  readonly onExpire: () => void
  previous: Deadline | undefined
  next: Deadline | undefined
  /** The list it is in; undefined once expired or cleared. */
  list: DeadlineList | undefined
}

/** The pending deadlines of one duration, oldest first, and the timer of the oldest. */
class DeadlineList {
  head: Deadline | undefined = undefined
  tail: Deadline | undefined = undefined
  timer: ReturnType<typeof setTimeout> | undefined = undefined

  readonly ms: number

  constructor(ms: number) {
    this.ms = ms
  }

  add(deadline: Deadline): void {
    deadline.list = this
    deadline.previous = this.tail
    if (this.tail === undefined) this.head = deadline
    else this.tail.next = deadline
    this.tail = deadline
    if (this.timer === undefined) this.arm(this.ms)
    else if (this.head === deadline) this.timer.ref()
  }

  remove(deadline: Deadline): void {
    if (deadline.previous === undefined) this.head = deadline.next
    else deadline.previous.next = deadline.next
    if (deadline.next === undefined) this.tail = deadline.previous
    else deadline.next.previous = deadline.previous
    deadline.previous = undefined
    deadline.next = undefined
    deadline.list = undefined
    // nothing pending: the timer may fire (harmlessly) but keeps nothing alive
    if (this.head === undefined) this.timer?.unref()
  }

  arm(delayMs: number): void {
    this.timer = setTimeout(this.expire, delayMs)
  }

  /** Expires what is due, oldest first, and arms the timer for the next one. */
  readonly expire = (): void => {
    this.timer = undefined
    const now = performance.now()
    for (let deadline = this.head; deadline !== undefined && deadline.at <= now; deadline = this.head) {
      this.remove(deadline)
      try {
        deadline.onExpire()
      } catch (error) {
        // as a timer's callback would: reported, without keeping the other deadlines from expiring
        queueMicrotask(() => {
          throw error
        })
      }
    }
    // (a timer may fire a little early: what is not yet due waits for the next one)
    if (this.head !== undefined) this.arm(Math.max(1, Math.ceil(this.head.at - now)))
  }
}

const lists = new Map<number, DeadlineList>()

/** Calls `onExpire` in `ms` milliseconds, unless the deadline is cleared first. */
export const setDeadline = (ms: number, onExpire: () => void): Deadline => {
  let list = lists.get(ms)
  if (list === undefined) {
    list = new DeadlineList(ms)
    lists.set(ms, list)
  }
  const deadline: Deadline = { at: performance.now() + ms, onExpire, previous: undefined, next: undefined, list: undefined }
  list.add(deadline)
  return deadline
}

/** Clears a deadline (nothing happens for one already expired or cleared). */
export const clearDeadline = (deadline: Deadline | undefined): void => {
  deadline?.list?.remove(deadline)
}
