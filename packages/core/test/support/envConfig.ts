/**
 * The `config:` block of a test suite against the real S3 server (or a proxy in front of it). The
 * keys stay `${{ env.NAME }}` references that the loader resolves from the env the run gets, so no
 * key is ever written into a suite, a file or a message.
 */

export interface EnvConfigOptions {
  /** `endpoint_url`; left out when the target is given another way (Target.fromEndpoint, --endpoint). */
  readonly endpoint?: string
  /** The region as written in the YAML; `${{ env.S3_REGION }}` by default. */
  readonly region?: string
  /** More `config` lines (indented two spaces), after the region. */
  readonly extra?: ReadonlyArray<string>
  /** Adds the `alt` user (S3_ALT_ACCESS_KEY_ID, S3_ALT_SECRET_ACCESS_KEY) after `main`. */
  readonly alt?: boolean
  /** Adds the `anon` credential (unsigned requests) last. */
  readonly anonymous?: boolean
}

const user = (name: string, prefix: string): string =>
  `    - { name: ${name}, access_key: "\${{ env.${prefix}ACCESS_KEY_ID }}", secret_key: "\${{ env.${prefix}SECRET_ACCESS_KEY }}" }`

/** The lines of the block, `config:` first. */
export const envConfigLines = (options: EnvConfigOptions = {}): ReadonlyArray<string> => [
  "config:",
  ...(options.endpoint === undefined ? [] : [`  endpoint_url: ${options.endpoint}`]),
  `  region: ${options.region ?? "\"${{ env.S3_REGION }}\""}`,
  ...(options.extra ?? []),
  "  credentials:",
  user("main", "S3_"),
  ...(options.alt === true ? [user("alt", "S3_ALT_")] : []),
  ...(options.anonymous === true ? ["    - { name: anon, anonymous: true }"] : [])
]

/** The block as text, ending with a line break. */
export const envConfig = (options: EnvConfigOptions = {}): string => `${envConfigLines(options).join("\n")}\n`
