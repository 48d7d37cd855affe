/**
 * Profiles: the declared deviations of one implementation and version (`profiles/ceph-rgw-16.yaml`).
 * A deviation says what the server does instead of the documented behaviour a check expects, why,
 * and where that is tracked:
 *
 * ```yaml
 * implementation: Ceph RGW
 * version: "16.2.15"
 * deviations:
 *   multipart/complete-etag:
 *     observed: { message: ETag }
 *     reason: CompleteMultipartUpload answers an empty ETag (HeadObject has the right one).
 *     link: https://bugzilla.redhat.com/show_bug.cgi?id=2266579
 *   object-lock/*:
 *     observed: unsupported
 *     reason: ...
 * ```
 *
 * A key is a check id or a glob over check ids (`*` matches any characters); a check-level entry
 * wins over a glob, a longer glob over a shorter one.
 *
 * @since 0.1.0
 */
import * as ConfigError from "@s3tester/core/ConfigError"
import * as Deviation from "@s3tester/core/Deviation"
import type * as RunResult from "@s3tester/core/RunResult"
import * as Effect from "effect/Effect"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs"
import { basename, dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import * as YamlFile from "./internal/yamlFile.ts"

const ObservedMapping = Schema.Struct({
  success: Schema.optionalKey(Schema.Boolean),
  error_code: Schema.optionalKey(Schema.String),
  http_status: Schema.optionalKey(Schema.Int),
  message: Schema.optionalKey(Schema.String)
})

/**
 * @category schemas
 * @since 0.1.0
 */
export const Entry = Schema.Struct({
  observed: Schema.Union([Schema.Literals(["unsupported", "skip"]), ObservedMapping]),
  reason: Schema.String,
  link: Schema.optionalKey(Schema.String)
})

/**
 * @category schemas
 * @since 0.1.0
 */
export const ProfileFile = Schema.Struct({
  implementation: Schema.String,
  version: Schema.String,
  deviations: Schema.Record(Schema.String, Entry).pipe(Schema.withDecodingDefaultKey(Effect.succeed({})))
})

/**
 * @category models
 * @since 0.1.0
 */
export interface Profile {
  /** `ceph-rgw-16`: the file's name without `.yaml`. */
  readonly name: string
  readonly file: string
  readonly implementation: string
  readonly version: string
  readonly deviations: Readonly<Record<string, typeof Entry.Type>>
}

/** Where the built-in profiles are (`profiles/` of this package). */
export const builtInDir = join(dirname(fileURLToPath(import.meta.url)), "..", "profiles")

/**
 * The names of the built-in profiles.
 *
 * @category loading
 * @since 0.1.0
 */
export const builtInNames = (): ReadonlyArray<string> => {
  try {
    return readdirSync(builtInDir).filter((f) => f.endsWith(".yaml")).map((f) => f.slice(0, -5)).sort()
  } catch {
    return []
  }
}

/**
 * The file of a profile: a path as given, else a built-in profile's name.
 *
 * @category loading
 * @since 0.1.0
 */
export const fileOf = (nameOrPath: string): string =>
  /[/\\]|\.ya?ml$/.test(nameOrPath) ? nameOrPath : join(builtInDir, `${nameOrPath}.yaml`)

/**
 * Loads a profile (a built-in name or a path); every problem as a positioned diagnostic.
 *
 * @category loading
 * @since 0.1.0
 */
export const load = (nameOrPath: string): Result.Result<Profile, ConfigError.ConfigError> => {
  const file = fileOf(nameOrPath)
  if (!existsSync(file)) {
    return Result.fail(
      new ConfigError.ConfigError({
        diagnostics: [{
          path: [],
          message: `no profile "${nameOrPath}" (${file} does not exist); built-in profiles: ${builtInNames().join(", ")}`
        }]
      })
    )
  }
  return Result.map(YamlFile.load(file, ProfileFile), ({ value }) => ({
    name: basename(file).replace(/\.ya?ml$/, ""),
    file,
    implementation: value.implementation,
    version: value.version,
    deviations: value.deviations
  }))
}

const globToRegExp = (glob: string): RegExp =>
  new RegExp(`^${glob.split("*").map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`)

/**
 * The deviation declared for a check: its own entry, else the longest glob that matches its id.
 *
 * @category lookup
 * @since 0.1.0
 */
export const lookup = (profile: Profile): Deviation.Lookup => {
  const globs = Object.keys(profile.deviations)
    .filter((key) => key.includes("*"))
    .sort((a, b) => b.length - a.length)
    .map((key) => ({ key, pattern: globToRegExp(key) }))
  const toDeviation = (entry: typeof Entry.Type): Deviation.Deviation => ({
    observed: entry.observed,
    reason: entry.reason,
    profile: profile.name,
    ...(entry.link === undefined ? {} : { link: entry.link })
  })
  return ({ id }) => {
    const own = profile.deviations[id]
    if (own !== undefined) return toDeviation(own)
    const glob = globs.find((g) => g.pattern.test(id))
    return glob === undefined ? undefined : toDeviation(profile.deviations[glob.key]!)
  }
}

/**
 * What a check's first step that did not pass shows, as a profile's `observed`: `unsupported` for
 * 501, `{ success: true }` for an unexpected success, else its error code and status, else a
 * piece of its message.
 *
 * @category constructors
 * @since 0.1.0
 */
export const observedOf = (step: RunResult.StepResult): Deviation.Observed => {
  const actual = step.actual
  if (step.outcome === "unsupported" || actual?.httpStatus === 501 || actual?.errorCode === "NotImplemented") {
    return "unsupported"
  }
  if (actual?.success === true && step.expected.success === false) return { success: true }
  if (actual !== undefined && actual.success === false && (actual.errorCode !== undefined || actual.httpStatus !== undefined)) {
    return {
      ...(actual.errorCode === undefined ? {} : { error_code: actual.errorCode }),
      ...(actual.httpStatus === undefined ? {} : { http_status: actual.httpStatus })
    }
  }
  const message = (step.message ?? step.outcome).split("\n")[0]!.slice(0, 60)
  return { message }
}

/** What a finished check shows, for `--update-profile`. */
export interface CheckResult {
  readonly id: string
  readonly outcome: RunResult.Outcome
  /** The first step (before_test or test) that did not pass, when one did not. */
  readonly firstFailure?: RunResult.StepResult
}

/**
 * Writes what a run saw into a profile file: a check that failed, errored or was unsupported gets an
 * entry (reason `TODO` when new; an existing entry keeps its reason and link, its `observed` is
 * updated); a `fixed` check's own entry is removed. Entries of checks the run did not include stay.
 * Comments and order are kept. Returns the ids added, updated and removed.
 *
 * @category updating
 * @since 0.1.0
 */
export const update = (
  profile: Profile,
  checks: ReadonlyArray<CheckResult>
): { readonly added: ReadonlyArray<string>; readonly updated: ReadonlyArray<string>; readonly removed: ReadonlyArray<string> } => {
  const YAML = YamlFile.yaml()
  const document = YAML.parseDocument(readFileSync(profile.file, "utf8"))
  if (!YAML.isMap(document.get("deviations"))) document.set("deviations", document.createNode({}))
  const added: Array<string> = []
  const updated: Array<string> = []
  const removed: Array<string> = []
  for (const check of checks) {
    const own = profile.deviations[check.id]
    if (check.outcome === "fixed") {
      if (own !== undefined) {
        document.deleteIn(["deviations", check.id])
        removed.push(check.id)
      }
      continue
    }
    if (check.outcome !== "failed" && check.outcome !== "errored" && check.outcome !== "unsupported") continue
    if (check.firstFailure === undefined) continue
    const observed = observedOf(check.firstFailure)
    if (own === undefined) {
      document.setIn(["deviations", check.id], document.createNode({ observed, reason: "TODO" }, { flow: false }))
      added.push(check.id)
    } else {
      document.setIn(["deviations", check.id, "observed"], document.createNode(observed, { flow: true }))
      updated.push(check.id)
    }
  }
  const temporary = `${profile.file}.${process.pid}.tmp`
  writeFileSync(temporary, document.toString({ lineWidth: 0 }))
  renameSync(temporary, profile.file)
  return { added, updated, removed }
}
