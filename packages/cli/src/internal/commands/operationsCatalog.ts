/**
 * What `s3tester operations` prints (see operationsCommand.ts): the catalog, loaded with the SDK and
 * the plugins only when the command runs.
 */
import * as Catalog from "@s3tester/core/Catalog"
import * as Plugin from "@s3tester/core/Plugin"
import * as PluginLoader from "@s3tester/core/PluginLoader"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import { pc, pcErr } from "../console/colors.ts"
import { InvalidInput } from "../ExitCode.ts"

const write = (text: string) => Effect.sync(() => process.stdout.write(`${text}\n`))

/** The plugins of `--plugin`, or exit 2 with the reason. */
const pluginsOf = (specs: ReadonlyArray<string>) =>
  PluginLoader.fromFlags(specs).pipe(
    Effect.catchTag("PluginLoadError", (error) =>
      Effect.fail(new InvalidInput({ message: pcErr.red(`--plugin ${error.spec}: ${error.message}`) })))
  )

const catalogOf = (plugins: ReadonlyArray<Plugin.Plugin>) =>
  Effect.try({ try: () => Plugin.catalog(plugins), catch: (error) => error }).pipe(
    Effect.catch((error) =>
      Effect.fail(new InvalidInput({ message: pcErr.red(`--plugin: ${error instanceof Error ? error.message : String(error)}`) }))
    )
  )

const listing = (catalog: Catalog.Catalog, json: boolean) =>
  Effect.gen(function*() {
    const operations = Catalog.names(catalog).map((name) => catalog.operations.get(name)!)
    if (json) {
      const rows = operations.map((o) => ({ name: o.name, kebabName: o.kebabName, source: o.source }))
      return yield* write(JSON.stringify(rows, null, 2))
    }
    const width = Math.max(...operations.map((o) => o.name.length))
    for (const operation of operations) {
      yield* write(`${operation.name.padEnd(width)}  ${pc.dim(`${operation.kebabName}  (${operation.source})`)}`)
    }
    const counts = new Map<string, number>()
    for (const operation of operations) counts.set(operation.source, (counts.get(operation.source) ?? 0) + 1)
    yield* write(pc.dim(`${operations.length} operations: ${[...counts].map(([s, n]) => `${n} ${s}`).join(", ")}`))
  })

const detail = (catalog: Catalog.Catalog, name: string, json: boolean) =>
  Effect.gen(function*() {
    const operation = Catalog.lookup(catalog, name)
    if (operation === undefined) {
      const suggestion = Catalog.suggest(catalog, name)
      return yield* new InvalidInput({
        message: pcErr.red(`unknown operation "${name}"${suggestion === undefined ? "" : `; did you mean "${suggestion}"?`}`) +
          "\n(`s3tester operations` lists them all; add --plugin NAME for a plugin's operations)"
      })
    }
    const description = Catalog.isPluginOperation(operation)
      ? (operation.run as { readonly description?: unknown } | undefined)?.description
      : undefined
    if (json) {
      return yield* write(JSON.stringify(
        { ...Catalog.describe(operation), ...(typeof description === "string" ? { description } : {}) },
        null,
        2
      ))
    }
    const [header, ...lines] = Catalog.describeLines(operation)
    yield* write(pc.bold(header!))
    if (typeof description === "string") yield* write(`  ${pc.dim(description)}`)
    for (const line of lines) yield* write(line)
    if (lines.length === 0) yield* write(pc.dim("  (no parameters)"))
  })

/** Runs `operations`: one operation's parameters, or the list. */
export const show = (input: {
  readonly name: Option.Option<string>
  readonly json: boolean
  readonly plugin: ReadonlyArray<string>
}) =>
  Effect.gen(function*() {
    const plugins = yield* pluginsOf(input.plugin)
    const catalog = yield* catalogOf(plugins)
    if (Option.isSome(input.name)) return yield* detail(catalog, input.name.value, input.json)
    return yield* listing(catalog, input.json)
  })
