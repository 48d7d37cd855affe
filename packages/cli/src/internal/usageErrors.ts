/**
 * How a wrong command line is answered: the problem and one line pointing to `--help`, on stderr
 * (exit 2, see ExitCode), instead of effect/cli's default of the whole help followed by the error.
 * An unknown subcommand gets a did-you-mean: effect's (a close spelling), else a subcommand it
 * begins (`merge` -> `merge-reports`), and a YAML file where a subcommand belongs suggests `run`.
 */
import * as Effect from "effect/Effect"
import { helpLine, UsageError } from "./ExitCode.ts"
import * as CliOutput from "effect/cli/CliOutput"
import type * as HelpDoc from "effect/cli/HelpDoc"
import { pcErr as pc } from "./console/colors.ts"

const subcommandsOf = (doc: HelpDoc.HelpDoc): ReadonlyArray<string> =>
  (doc.subcommands ?? []).flatMap((group) => group.commands.map((command) => command.name))

const quoted = (names: ReadonlyArray<string>): string => names.map((name) => `"${name}"`).join(" or ")

/** One error as one line (or two): what is wrong, and a suggestion when there is one. */
export const describe = (error: CliOutput.Presenter.InvalidInvocation["errors"][number], commandPath: ReadonlyArray<string>, doc: HelpDoc.HelpDoc): string => {
  if (error._tag === "UnknownSubcommand") {
    const program = commandPath.join(" ")
    const typed = error.subcommand
    if (/\.ya?ml$/i.test(typed)) return `unknown command "${typed}"; to run a suite: ${program} run ${typed}`
    const candidates = subcommandsOf(doc)
    const suggestions = error.suggestions.length > 0
      ? error.suggestions
      : candidates.filter((name) => typed.length >= 2 && name.startsWith(typed.toLowerCase()))
    const hint = suggestions.length > 0 ? `; did you mean ${quoted(suggestions)}?` : `; commands: ${candidates.join(", ")}`
    return `unknown command "${typed}"${hint}`
  }
  if (error._tag === "UnrecognizedOption") {
    const hint = error.suggestions.length > 0 ? `; did you mean ${quoted(error.suggestions)}?` : ""
    return `unknown flag ${error.option}${hint}`
  }
  // effect's messages put suggestions on indented lines of their own: keep them on one line.
  return error.message.replace(/\n\s*\n\s*Did you mean this\?\n\s*/g, "; did you mean: ").replace(/\n\s*/g, " ")
}

/**
 * A usage error found after parsing (a flag's value, flags that exclude each other): printed like
 * the parser's own (`s3tester run: <message>` and the line on --help, see ExitCode), then exit 2.
 */
export const usage = (message: string): Effect.Effect<never, UsageError> => Effect.fail(new UsageError({ message }))

const presenter: CliOutput.Presenter = {
  present: (event) =>
    event._tag === "InvalidInvocation"
      ? Effect.sync(() => {
        const command = event.commandPath.join(" ")
        for (const error of event.errors) process.stderr.write(`${pc.red(`${command}: ${describe(error, event.commandPath, event.helpDoc)}`)}\n`)
        process.stderr.write(`${helpLine(command)}\n`)
      })
      : CliOutput.defaultPresenter.present(event)
}

/** The presenter, as a layer to provide to `Command.run`. */
export const layer = CliOutput.layerPresenter(presenter)
