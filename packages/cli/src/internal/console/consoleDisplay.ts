import type * as Reporter from "@s3tester/core/Reporter"
import type { Detail, Verdict } from "./consoleFormat.ts"

/** How run events are shown: `list` (a line per step), `dot` (a character per step), `progress` (a live display). */
export type Mode = "list" | "dot" | "progress"

export const modes: ReadonlyArray<Mode> = ["list", "dot", "progress"]

export interface DisplayOptions {
  readonly detail: Detail
  readonly verdict: Verdict
  /** Writes one line (a newline is added). */
  readonly writeLine: (line: string) => void
  /** Writes text as it is (dots). */
  readonly write: (text: string) => void
  /** `progress` only: false prints its lines without the live frame (a file waiting for its turn). Default true. */
  readonly animate?: boolean
}

/**
 * A console mode: a reporter (its hooks are fed in order, synchronously) plus `close`, which removes
 * anything live (a run that ends without RunFinished leaves no live display behind).
 */
export interface Display extends Reporter.Reporter {
  readonly close: () => void
}
