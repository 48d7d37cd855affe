/** `1 group`, `2 groups`: a count with its noun in the right number (nouns here take a plain "s"). */
export const counted = (count: number, noun: string): string => `${count} ${noun}${count === 1 ? "" : "s"}`

/** `12ms`, `1.50s`: a duration as the console prints it. */
export const formatMs = (ms: number): string => (ms >= 1_000 ? `${(ms / 1_000).toFixed(2)}s` : `${Math.round(ms)}ms`)
