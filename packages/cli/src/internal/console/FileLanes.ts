/**
 * The console of several files running at once (`run --workers N`): each file writes to its own
 * lane, and the lanes reach stdout in the order the files were given, never interleaved. The
 * first unfinished file prints live; the others keep their lines until every file before them has
 * finished, then print them at once. A CI log thus reads as if the files had run one after another
 * (the same order as `--workers 1`), and only the live file may animate a `progress` display.
 */

/** Where one file's console lines go. */
export interface Lane {
  /** Writes one line (a newline is added). */
  readonly writeLine: (line: string) => void
  /** Writes text as it is (dots). */
  readonly write: (text: string) => void
  /** True while this lane writes straight to the output (its file's turn): only then may it animate. */
  readonly isLive: () => boolean
  /** The file finished: its lines are printed now or as soon as its turn comes. */
  readonly finish: () => void
}

/** `count` lanes writing to `out` in order (see the module's comment). */
export const make = (count: number, out: (text: string) => void): ReadonlyArray<Lane> => {
  const buffers: Array<Array<string>> = Array.from({ length: count }, () => [])
  const finished: Array<boolean> = Array.from({ length: count }, () => false)
  let current = 0

  const emit = (index: number, text: string) => {
    if (index === current) out(text)
    else buffers[index]!.push(text)
  }
  /** The live file finished: print the files after it that are done, then make the next one live. */
  const advance = () => {
    while (current < count && finished[current]) {
      current += 1
      if (current < count && buffers[current]!.length > 0) {
        out(buffers[current]!.join(""))
        buffers[current] = []
      }
    }
  }
  return buffers.map((_, index): Lane => ({
    writeLine: (line) => emit(index, `${line}\n`),
    write: (text) => emit(index, text),
    isLive: () => index === current,
    finish: () => {
      if (finished[index]) return
      finished[index] = true
      if (index === current) advance()
    }
  }))
}
