/**
 * `s3tester operations [NAME] [--json] [--plugin P]...`: the operation catalog (every command of
 * `@aws-sdk/client-s3`, the utility operations, and the operations of the given plugins), one line
 * per operation; with a name, that operation's parameters with their types, whether they are
 * required, and where the operation comes from.
 */
import * as Effect from "effect/Effect"
import * as Argument from "effect/cli/Argument"
import * as Command from "effect/cli/Command"
import * as Flag from "effect/cli/Flag"

// The catalog (the SDK's commands, the plugins) is loaded when the command runs, not for --help.
const catalogModule = Effect.promise(() => import("./operationsCatalog.ts"))

/**
 * The `operations` subcommand.
 *
 * @since 0.1.0
 */
export const operations = Command.make(
  "operations",
  {
    name: Argument.String("name").pipe(
      Argument.optional,
      Argument.withDescription("An operation (PutObject, put-object): show its parameters")
    ),
    json: Flag.Boolean("json").pipe(Flag.withDefault(false), Flag.withDescription("Print JSON")),
    plugin: Flag.String("plugin").pipe(
      Flag.atLeast(0),
      Flag.withDescription("Load an operation plugin (package name or path; repeatable)")
    )
  },
  (input) => Effect.flatMap(catalogModule, (m) => m.show(input))
).pipe(Command.withDescription("List the operations steps can name (with --plugin, a plugin's too), or one operation's parameters"))
