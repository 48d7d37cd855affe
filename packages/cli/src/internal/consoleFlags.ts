/**
 * The console flags `run` and `conformance` share (`--console`, `--quiet`/`--verbose`, `--trace`)
 * and the console they set up.
 */
import * as Trace from "@s3tester/core/Trace"
import * as Effect from "effect/Effect"
import * as Flag from "effect/cli/Flag"
import { chooseMode } from "./console/ConsoleReporter.ts"
import { modes } from "./console/consoleDisplay.ts"
import type { Mode } from "./console/consoleDisplay.ts"
import type { Detail, Verdict } from "./console/consoleFormat.ts"
import type { ConsoleSetup } from "./reporting.ts"
import { usage } from "./usageErrors.ts"

/** `--trace`: which steps' traces (what was sent and received) reach the reporters and `--verbose`. */
export const traceFlag = Flag.Literals("trace", Trace.modes).pipe(
  Flag.withDefault<Trace.Mode>("retain-on-failure"),
  Flag.withDescription(
    "Keep what each step sent and received: off, on (every step), retain-on-failure (default: the steps that did not pass)"
  )
)

/** An off-by-default on/off flag. */
export const switchFlag = (name: string, description: string) =>
  Flag.Boolean(name).pipe(Flag.withDefault(false), Flag.withDescription(description))

/** `--console`, `--quiet`, `--verbose`, `--trace`. */
export const consoleFlags = {
  console: Flag.Literals("console", modes).pipe(
    Flag.optional,
    Flag.withDescription("Console output: progress (default on a terminal), dot (default in CI), list (default in pipes)")
  ),
  quiet: switchFlag("quiet", "Print only the steps that fail the run, and the summary"),
  verbose: switchFlag("verbose", "Print every step with its attempts and request id, and the trace of steps that did not pass"),
  trace: traceFlag
}

/** `--quiet` and `--verbose` as a detail level; both at once is a usage error. */
export const detailOf = (quiet: boolean, verbose: boolean) =>
  quiet && verbose
    ? usage("--quiet and --verbose cannot be used together")
    : Effect.succeed<Detail>(quiet ? "quiet" : verbose ? "verbose" : "normal")

/**
 * The console of a run: the mode asked for with `--console` (else the default for where stdout
 * goes), and whether `progress` can animate here (a terminal that reports its size, not CI).
 */
export const consoleSetup = (requested: Mode | undefined, detail: Detail, verdict: Verdict): ConsoleSetup => {
  // A terminal that reports no size (some CI pseudo-terminals) cannot hold a live display.
  const terminal = process.stdout.isTTY === true && (process.stdout.columns ?? 0) > 0 && (process.stdout.rows ?? 0) > 0
  return {
    mode: chooseMode(requested, process.env, terminal),
    detail,
    verdict,
    canAnimate: chooseMode("progress", process.env, terminal) === "progress"
  }
}
