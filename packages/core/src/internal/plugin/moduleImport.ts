/**
 * Imports a plugin's module (operation or reporter plugin) within a time limit: a module whose
 * top-level await never settles would otherwise hang the CLI forever.
 *
 * @internal
 */
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"

/** How long a plugin's module may take to import. */
export const importTimeout = Duration.seconds(30)

/** Why an import failed, in one line. */
const reason = (error: unknown): string => (error instanceof Error ? error.message.split("\n")[0]! : String(error))

/** The module at `url`, or why it could not be imported (the caller names the plugin). */
export const importModule = (url: string): Effect.Effect<Record<string, unknown>, string> =>
  Effect.tryPromise({
    try: () => import(url) as Promise<Record<string, unknown>>,
    catch: reason
  }).pipe(
    Effect.timeoutOrElse({
      duration: importTimeout,
      orElse: () =>
        Effect.fail(
          `it did not finish loading within ${
            Duration.format(importTimeout)
          } (does its module await something that never settles?)`
        )
    })
  )
