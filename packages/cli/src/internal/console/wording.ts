/** `1 group`, `2 groups`: a count with its noun in the right number (nouns here take a plain "s"). */
export const counted = (count: number, noun: string): string => `${count} ${noun}${count === 1 ? "" : "s"}`
