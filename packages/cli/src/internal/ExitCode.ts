import { Cause, Exit } from "effect"
import { CliError } from "effect/cli"
import type { Runtime } from "effect"

/** The process exit codes, as the README documents them. */
export const ExitCode = {
  passed: 0,
  testsFailed: 1,
  invalidConfiguration: 2,
  runNotCarriedOut: 3,
  interrupted: 130
} as const

/**
 * Ends the command with an exit code after the command printed what it had to say.
 * Thrown as a failure so finalizers (after_test, client teardown) still run on the way out.
 */
export class ExitWith extends Error {
  readonly _tag = "ExitWith"
  readonly code: number
  constructor(code: number) {
    super(`exit ${code}`)
    this.code = code
  }
}

/**
 * Maps how the main fiber ended to our exit codes: a usage error from the argument parser is 2 (not
 * effect's default 1), an unexpected defect is 3 (the run could not be carried out), interruption 130.
 */
export const teardown: Runtime.Teardown = (exit, onExit) => {
  if (Exit.isSuccess(exit)) return onExit(ExitCode.passed)
  const cause = exit.cause
  if (Cause.hasInterruptsOnly(cause)) return onExit(ExitCode.interrupted)
  const error = Cause.squash(cause)
  if (error instanceof ExitWith) return onExit(error.code)
  if (CliError.isCliError(error)) return onExit(ExitCode.invalidConfiguration)
  return onExit(ExitCode.runNotCarriedOut)
}
