/**
 * The built-in suites (`suites/<area>.yaml`, one file per area) and how they are put in front of a
 * target: a root document that holds the target's `config` (endpoint, region, addressing and the
 * credentials `main`, `alt` and `anon`) and includes the chosen areas' files, loaded by the core's
 * Loader like any suite, so every check is validated (file:line:column) before anything is sent.
 *
 * @since 0.1.0
 */
import * as ConfigError from "@s3tester/core/ConfigError"
import * as Loader from "@s3tester/core/Loader"
import type * as Plugin from "@s3tester/core/Plugin"
import type * as Suite from "@s3tester/core/Suite"
import * as Effect from "effect/Effect"
import type * as FileSystem from "effect/FileSystem"
import type * as Path from "effect/Path"
import { readdirSync } from "node:fs"
import { dirname, join, resolve } from "node:path"
import { fileURLToPath } from "node:url"
import * as YAML from "yaml"
import type { Target } from "./Targets.ts"

/**
 * Where the built-in suites are (`suites/` of this package).
 *
 * @category constants
 * @since 0.1.0
 */
export const builtInDir = join(dirname(fileURLToPath(import.meta.url)), "..", "suites")

/**
 * The areas of a suites directory: its `<area>.yaml` files, sorted.
 *
 * @category loading
 * @since 0.1.0
 */
export const areas = (dir: string = builtInDir): ReadonlyArray<string> =>
  readdirSync(dir).filter((f) => f.endsWith(".yaml")).map((f) => f.slice(0, -".yaml".length)).sort()

/**
 * The suite `config` of a target: endpoint, region, addressing and the credentials `main`, `alt`
 * and `anon` (keys still as written, usually `${{ env.NAME }}`, substituted when loaded).
 *
 * @category constructors
 * @since 0.2.0
 */
export const configOf = (target: Target): typeof Suite.TargetConfig.Encoded => ({
  ...(target.endpoint === undefined ? {} : { endpoint_url: target.endpoint }),
  region: target.region,
  addressing: target.addressing,
  content_md5: target.contentMd5,
  ...(target.caBundle === undefined ? {} : { ca_bundle: target.caBundle }),
  ...(target.tlsVerify === undefined ? {} : { tls_verify: target.tlsVerify }),
  ...(target.timeout === undefined ? {} : { timeout: target.timeout }),
  credentials: [
    { name: "main", ...target.credentials.main },
    { name: "alt", ...target.credentials.alt },
    { name: "anon", anonymous: true }
  ]
})

/**
 * The root document that runs `areas` against `target` (YAML text).
 *
 * @category constructors
 * @since 0.1.0
 */
export const rootDocument = (target: Target, chosen: ReadonlyArray<string>): string =>
  YAML.stringify({
    config: configOf(target),
    include: chosen.map((area) => `${area}.yaml`),
    test_cases: { parallel: true, groups: [] }
  })

/**
 * @category models
 * @since 0.1.0
 */
export interface LoadOptions {
  /** A directory of `<area>.yaml` suites (default: the built-in ones). */
  readonly dir?: string
  /** Only these areas (default: every area). */
  readonly areas?: ReadonlyArray<string>
  /** Operation plugins besides the suites' own. */
  readonly plugins?: ReadonlyArray<string | Plugin.Plugin>
  readonly env?: Readonly<Record<string, string | undefined>>
}

/**
 * Loads the checks of `options.areas` (default all) for `target`. An unknown area is a
 * ConfigError that lists the known ones.
 *
 * @category loading
 * @since 0.1.0
 */
export const load = (
  target: Target,
  options: LoadOptions = {}
): Effect.Effect<Loader.LoadedSuite, ConfigError.ConfigError, FileSystem.FileSystem | Path.Path> =>
  Effect.gen(function*() {
    const dir = resolve(options.dir ?? builtInDir)
    const known = yield* Effect.try({
      try: () => areas(dir),
      catch: () => new ConfigError.ConfigError({ diagnostics: [{ path: [], message: `cannot read the suites directory ${dir}` }] })
    })
    const chosen = options.areas === undefined || options.areas.length === 0 ? known : options.areas
    const unknown = chosen.filter((area) => !known.includes(area))
    if (unknown.length > 0) {
      return yield* new ConfigError.ConfigError({
        diagnostics: [{
          path: [],
          message: `unknown area${unknown.length === 1 ? "" : "s"} ${unknown.map((a) => `"${a}"`).join(", ")}; areas are: ${known.join(", ")}`
        }]
      })
    }
    const file = join(dir, `(target ${target.name}).yaml`)
    return yield* Loader.loadString(rootDocument(target, chosen), file, {
      ...(options.env === undefined ? {} : { env: options.env }),
      ...(options.plugins === undefined ? {} : { plugins: options.plugins })
    })
  })
