import * as Cause from "effect/Cause"
import * as Exit from "effect/Exit"
import * as CliError from "effect/cli/CliError"
import type * as Runtime from "effect/Runtime"

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

/** The exit code for how the main fiber ended. */
const codeOf = (exit: Exit.Exit<unknown, unknown>): number => {
  if (Exit.isSuccess(exit)) return ExitCode.passed
  const cause = exit.cause
  if (Cause.hasInterruptsOnly(cause)) return ExitCode.interrupted
  const error = Cause.squash(cause)
  if (error instanceof ExitWith) return error.code
  if (CliError.isCliError(error)) return ExitCode.invalidConfiguration
  return ExitCode.runNotCarriedOut
}

/** How long the exit waits for stdout to take what was written (a slow pipe); then it exits anyway. */
const flushMs = 5_000

/**
 * Maps how the main fiber ended to our exit codes: a usage error from the argument parser is 2 (not
 * effect's default 1), an unexpected defect is 3 (the run could not be carried out), interruption 130.
 * The process exits once stdout has taken what was written: a pipe that reads slowly still gets the
 * whole output (a summary cut off by the exit would hide what an interrupted run did).
 */
export const teardown: Runtime.Teardown = (exit, onExit) => {
  const code = codeOf(exit)
  if (process.stdout.writableLength === 0 || process.stdout.destroyed) return onExit(code)
  let done = false
  const finish = () => {
    if (done) return
    done = true
    onExit(code)
  }
  setTimeout(finish, flushMs).unref()
  process.stdout.write("", finish)
}
