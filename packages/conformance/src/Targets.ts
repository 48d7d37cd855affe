/**
 * Targets: the S3 endpoints conformance checks run against, each with the credentials the checks
 * name (`main`, a second account `alt`, and `anon` for unsigned requests, always present), a
 * region, an addressing style and the profile of declared deviations that applies.
 *
 * A targets file (`s3tester.targets.yaml`, or `--targets FILE`):
 *
 * ```yaml
 * targets:
 *   ceph-rgw:
 *     endpoint_url: "${{ env.S3_ENDPOINT }}"
 *     region: us-east-1
 *     profile: ceph-rgw-16                  # a built-in profile, or a path to a profile file
 *     credentials:
 *       main: { access_key: "${{ env.S3_ACCESS_KEY_ID }}", secret_key: "${{ env.S3_SECRET_ACCESS_KEY }}" }
 *       alt: { access_key: "${{ env.S3_ALT_ACCESS_KEY_ID }}", secret_key: "${{ env.S3_ALT_SECRET_ACCESS_KEY }}" }
 *   embedded:
 *     embedded: true                        # the embedded local server (a fake)
 * ```
 *
 * `${{ env.NAME }}` in `endpoint_url` and `region` is substituted when the file is loaded (an unset
 * variable is an error at its place); credential values stay templates until the suite is loaded, so
 * secrets are substituted (and redacted) by the loader like any other `${{ env.NAME }}`.
 *
 * @since 0.1.0
 */
import * as ConfigError from "@s3tester/core/ConfigError"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import { existsSync } from "node:fs"
import { dirname, resolve } from "node:path"
import * as YamlFile from "./internal/yamlFile.ts"

const Keys = Schema.Struct({
  access_key: Schema.String,
  secret_key: Schema.String,
  session_token: Schema.optionalKey(Schema.String)
})

/**
 * @category schemas
 * @since 0.1.0
 */
export const TargetEntry = Schema.Struct({
  /** The S3 endpoint; omitted with `embedded: true`. */
  endpoint_url: Schema.optionalKey(Schema.String),
  /** `true`: the embedded local server (a fake, for quick starts). */
  embedded: Schema.optionalKey(Schema.Boolean),
  region: Schema.optionalKey(Schema.String),
  addressing: Schema.optionalKey(Schema.Literals(["path", "virtual"])),
  /** Adds Content-MD5 where the SDK sends only a CRC (servers that require it for DeleteObjects). */
  content_md5: Schema.optionalKey(Schema.Boolean),
  ca_bundle: Schema.optionalKey(Schema.String),
  tls_verify: Schema.optionalKey(Schema.Boolean),
  /** Per-operation timeout, e.g. `30s`. */
  timeout: Schema.optionalKey(Schema.String),
  /** A built-in profile name (`ceph-rgw-16`) or a path to a profile file, relative to the targets file. */
  profile: Schema.optionalKey(Schema.String),
  credentials: Schema.optionalKey(Schema.Struct({ main: Keys, alt: Keys }))
})

/**
 * @category schemas
 * @since 0.1.0
 */
export const TargetsFile = Schema.Struct({
  targets: Schema.Record(Schema.String, TargetEntry)
})

/**
 * A resolved target.
 *
 * @category models
 * @since 0.1.0
 */
export interface Target {
  readonly name: string
  /** Absent: the embedded local server. */
  readonly endpoint?: string
  readonly region: string
  readonly addressing: "path" | "virtual"
  readonly contentMd5: boolean
  readonly caBundle?: string
  readonly tlsVerify?: boolean
  readonly timeout?: string
  /** A built-in profile's name or a profile file's absolute path. */
  readonly profile?: string
  /** `main` and `alt` keys, as written (usually `${{ env.NAME }}` templates). */
  readonly credentials: {
    readonly main: typeof Keys.Type
    readonly alt: typeof Keys.Type
  }
}

/** The default targets file, looked up in the working directory. */
export const defaultFile = "s3tester.targets.yaml"

/** Keys for the embedded server: it checks no signatures, so any two keys do. */
const embeddedKeys = {
  main: { access_key: "S3TESTERLOCALMAIN", secret_key: "embedded-server-checks-no-signature" },
  alt: { access_key: "S3TESTERLOCALALT", secret_key: "embedded-server-checks-no-signature" }
}

/**
 * The embedded local server as a target (the default of `s3tester conformance`).
 *
 * @category constructors
 * @since 0.1.0
 */
export const embedded: Target = {
  name: "embedded",
  region: "us-east-1",
  addressing: "path",
  contentMd5: false,
  profile: "local-s3",
  credentials: embeddedKeys
}

/**
 * A target for a URL, its keys from the environment variables the start scripts print
 * (`S3_ACCESS_KEY_ID`, `S3_SECRET_ACCESS_KEY`, `S3_ALT_ACCESS_KEY_ID`, `S3_ALT_SECRET_ACCESS_KEY`).
 *
 * @category constructors
 * @since 0.1.0
 */
export const fromUrl = (url: string, profile?: string): Target => ({
  name: new URL(url).host,
  endpoint: url,
  region: process.env["S3_REGION"] ?? "us-east-1",
  addressing: "path",
  contentMd5: true,
  ...(profile === undefined ? {} : { profile }),
  credentials: {
    main: { access_key: "${{ env.S3_ACCESS_KEY_ID }}", secret_key: "${{ env.S3_SECRET_ACCESS_KEY }}" },
    alt: { access_key: "${{ env.S3_ALT_ACCESS_KEY_ID }}", secret_key: "${{ env.S3_ALT_SECRET_ACCESS_KEY }}" }
  }
})

const entryToTarget = (
  name: string,
  entry: typeof TargetEntry.Type,
  baseDir: string,
  positionOf: YamlFile.ParsedYaml["positionOf"]
): Result.Result<Target, ConfigError.ConfigError> => {
  const problems: Array<{ path: Array<string>; message: string }> = []
  const isEmbedded = entry.embedded === true
  if (!isEmbedded && entry.endpoint_url === undefined) {
    problems.push({ path: [name], message: `target "${name}" needs endpoint_url (or embedded: true)` })
  }
  if (isEmbedded && entry.endpoint_url !== undefined) {
    problems.push({ path: [name, "endpoint_url"], message: `target "${name}": embedded: true takes no endpoint_url` })
  }
  if (!isEmbedded && entry.credentials === undefined) {
    problems.push({ path: [name], message: `target "${name}" needs credentials: { main: {...}, alt: {...} }` })
  }
  const env = (field: "endpoint_url" | "region"): string | undefined => {
    const value = entry[field]
    if (value === undefined) return undefined
    return value.replace(/\$\{\{\s*env\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g, (_, variable: string) => {
      const found = process.env[variable]
      if (found === undefined || found === "") {
        problems.push({ path: [name, field], message: `target "${name}": ${field} names the environment variable ${variable}, which is not set` })
        return ""
      }
      return found
    })
  }
  const endpoint = env("endpoint_url")
  const region = env("region")
  if (problems.length > 0) {
    return Result.fail(
      new ConfigError.ConfigError({
        diagnostics: problems.map((p) => ({ position: positionOf(["targets", ...p.path]), path: ["targets", ...p.path], message: p.message }))
      })
    )
  }
  const profile = entry.profile === undefined
    ? undefined
    : /[/\\]|\.ya?ml$/.test(entry.profile)
    ? resolve(baseDir, entry.profile)
    : entry.profile
  return Result.succeed({
    name,
    ...(endpoint === undefined ? {} : { endpoint }),
    region: region ?? "us-east-1",
    addressing: entry.addressing ?? "path",
    contentMd5: entry.content_md5 ?? false,
    ...(entry.ca_bundle === undefined ? {} : { caBundle: resolve(baseDir, entry.ca_bundle) }),
    ...(entry.tls_verify === undefined ? {} : { tlsVerify: entry.tls_verify }),
    ...(entry.timeout === undefined ? {} : { timeout: entry.timeout }),
    ...(profile === undefined ? {} : { profile }),
    credentials: entry.credentials ?? embeddedKeys
  })
}

/**
 * Loads a targets file; every problem as a positioned diagnostic.
 *
 * @category loading
 * @since 0.1.0
 */
export const load = (
  file: string,
  only?: string
): Result.Result<ReadonlyArray<Target>, ConfigError.ConfigError> =>
  Result.flatMap(YamlFile.load(file, TargetsFile), ({ value, parsed }) => {
    // With `only`, the other targets' environment is not needed (they are not run).
    const entries = Object.entries(value.targets).filter(([name]) => only === undefined || name === only)
    if (only !== undefined && entries.length === 0) {
      return Result.fail(
        new ConfigError.ConfigError({
          diagnostics: [{
            position: parsed.positionOf(["targets"]),
            path: ["targets"],
            message: `no target "${only}" in ${file}; targets are: ${Object.keys(value.targets).join(", ")}`
          }]
        })
      )
    }
    const results = entries.map(([name, entry]) =>
      entryToTarget(name, entry, dirname(resolve(file)), parsed.positionOf)
    )
    const diagnostics = results.flatMap((r) => Result.isFailure(r) ? r.failure.diagnostics : [])
    if (diagnostics.length > 0) return Result.fail(new ConfigError.ConfigError({ diagnostics }))
    return Result.succeed(results.flatMap((r) => Result.isSuccess(r) ? [r.success] : []))
  })

/**
 * The target `--target` names: a URL, a name from the targets file, or `embedded`; without one,
 * the embedded server. `file` is the targets file (`--targets`, else `s3tester.targets.yaml` when it exists).
 *
 * @category loading
 * @since 0.1.0
 */
export const resolveTarget = (
  name: string | undefined,
  file: string | undefined
): Result.Result<Target, ConfigError.ConfigError> => {
  const targetsFile = file ?? (existsSync(defaultFile) ? defaultFile : undefined)
  if (name !== undefined && /^https?:\/\//.test(name)) return Result.succeed(fromUrl(name))
  if (name === undefined || (name === "embedded" && targetsFile === undefined)) return Result.succeed(embedded)
  if (targetsFile === undefined) {
    return Result.fail(
      new ConfigError.ConfigError({
        diagnostics: [{
          path: [],
          message: `--target ${name}: no targets file (${defaultFile} in the working directory, or --targets FILE); give a URL or define the target`
        }]
      })
    )
  }
  const found = load(targetsFile, name)
  if (Result.isFailure(found) && name === "embedded") return Result.succeed(embedded)
  return Result.map(found, (targets) => targets[0]!)
}
