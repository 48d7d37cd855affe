/**
 * How a command ends: the tagged errors that reach the top, and the one place that prints them and
 * decides the process's exit code from them (see {@link teardown}).
 */
import * as Diagnostic from "@s3tester/core/Diagnostic"
import * as Cause from "effect/Cause"
import * as Exit from "effect/Exit"
import * as Schema from "effect/Schema"
import * as CliError from "effect/cli/CliError"
import type * as Runtime from "effect/Runtime"
import { pcErr as pc } from "./console/colors.ts"

/** The process exit codes, as the README documents them. */
export const ExitCode = {
  passed: 0,
  testsFailed: 1,
  invalidConfiguration: 2,
  runNotCarriedOut: 3,
  interrupted: 130
} as const

/**
 * The command's verdict when it is not a pass (tests failed: 1, a reporter failed: 3, ...), after
 * it printed what it had to say. A failure, so finalizers (after_test, client teardown) still run.
 */
export class ExitWith extends Schema.TaggedError<ExitWith>()("ExitWith", { code: Schema.Number }) {
  override get message(): string {
    return `exit ${this.code}`
  }
}

/** A wrong command line found after parsing (a flag's value, flags that exclude each other): exit 2. */
export class UsageError extends Schema.TaggedError<UsageError>()("UsageError", { message: Schema.String }) {}

/** Input that cannot be used (a plugin, a reports directory, a shard): exit 2; `message` is printed as it is. */
export class InvalidInput extends Schema.TaggedError<InvalidInput>()("InvalidInput", { message: Schema.String }) {}

/** The command could not do its work (nothing to merge, a server that does not start): exit 3; printed as it is. */
export class NotCarriedOut extends Schema.TaggedError<NotCarriedOut>()("NotCarriedOut", { message: Schema.String }) {}

/** The line after a usage error. */
export const helpLine = (command: string) => `Run "${command} --help" for usage.`

/** `s3tester run`, from the command line (the subcommand is always the first argument). */
const commandName = (): string => {
  const subcommand = process.argv[2]
  return subcommand === undefined || subcommand.startsWith("-") ? "s3tester" : `s3tester ${subcommand}`
}

const tagOf = (error: unknown): string | undefined =>
  typeof error === "object" && error !== null && typeof (error as { _tag?: unknown })._tag === "string"
    ? (error as { _tag: string })._tag
    : undefined

/**
 * What to print for an error that ended a command, and the exit code: the one place where both are
 * decided. Errors of other modules are known by their tag (ConfigError, EndpointUnreachable);
 * anything unexpected is 3 (the run could not be carried out).
 */
export const verdictOf = (error: unknown): { readonly code: number; readonly lines: ReadonlyArray<string> } => {
  if (CliError.isCliError(error)) return { code: ExitCode.invalidConfiguration, lines: [] } // printed by the presenter
  const message = error instanceof Error ? error.message : String(error)
  switch (tagOf(error)) {
    case "ExitWith":
      return { code: (error as ExitWith).code, lines: [] }
    case "UsageError":
      return { code: ExitCode.invalidConfiguration, lines: [pc.red(`${commandName()}: ${message}`), helpLine(commandName())] }
    case "InvalidInput":
      return { code: ExitCode.invalidConfiguration, lines: [message] }
    case "ConfigError": {
      const diagnostics = (error as { readonly diagnostics: ReadonlyArray<Diagnostic.Diagnostic> }).diagnostics
      const count = diagnostics.length
      return {
        code: ExitCode.invalidConfiguration,
        lines: [...diagnostics.map(Diagnostic.format), pc.red(`${count} problem${count === 1 ? "" : "s"} found; nothing was run.`)]
      }
    }
    case "NotCarriedOut":
      return { code: ExitCode.runNotCarriedOut, lines: [message] }
    case "EndpointUnreachable":
      return { code: ExitCode.runNotCarriedOut, lines: [pc.red(message)] }
    default:
      return { code: ExitCode.runNotCarriedOut, lines: [pc.red(`s3tester: unexpected error: ${message}`)] }
  }
}

/** The exit code for how the main fiber ended, after printing why it failed. */
const codeOf = (exit: Exit.Exit<unknown, unknown>): number => {
  if (Exit.isSuccess(exit)) return ExitCode.passed
  const cause = exit.cause
  if (Cause.hasInterruptsOnly(cause)) return ExitCode.interrupted
  const { code, lines } = verdictOf(Cause.squash(cause))
  for (const line of lines) process.stderr.write(`${line}\n`)
  return code
}

/** How long the exit waits for stdout to take what was written (a slow pipe); then it exits anyway. */
const flushMs = 5_000

/**
 * Maps how the main fiber ended to our exit codes (see {@link verdictOf}): a usage error from the
 * argument parser is 2 (not effect's default 1), an unexpected defect is 3, interruption 130.
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
