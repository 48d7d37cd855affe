import type * as RunEvent from "@s3tester/core/RunEvent"
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
}

/** A console display: fed every run event in order, synchronously; `close` removes anything live. */
export interface Display {
  readonly event: (event: RunEvent.RunEvent) => void
  readonly close: () => void
}
