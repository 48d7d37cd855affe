/**
 * Colour for the CLI's output, decided once per stream: on when the stream is a terminal, or when
 * `FORCE_COLOR` is set (other than `0`/`false`); off whenever `NO_COLOR` is set (non-empty), which
 * always wins, and on `TERM=dumb`. `CI` plays no part: picocolors' own default colours whenever `CI`
 * is set, which put escapes into piped CI logs and files.
 */
import picocolors from "picocolors"

const isSet = (value: string | undefined): value is string => value !== undefined && value !== ""

/** Whether to colour a stream that is (or is not) a terminal, under `env`. */
export const colorEnabled = (env: Readonly<Record<string, string | undefined>>, isTerminal: boolean): boolean => {
  if (isSet(env.NO_COLOR) || env.TERM === "dumb") return false
  const force = env.FORCE_COLOR
  if (isSet(force)) return force !== "0" && force.toLowerCase() !== "false"
  return isTerminal
}

/** Colours for standard output. */
export const pc = picocolors.createColors(colorEnabled(process.env, process.stdout.isTTY === true))

/** Colours for standard error (its own terminal test: `2>errors.log` gets no escapes). */
export const pcErr = picocolors.createColors(colorEnabled(process.env, process.stderr.isTTY === true))
