/**
 * Keeps secrets out of every output. The engine passes every message it puts in a result through
 * one redactor, built once per run from the suite's secrets, so console lines, reports and error
 * messages never carry a secret key, a session token or a request signature.
 *
 * @since 0.1.0
 */
import type { Suite } from "./Suite.ts"

/**
 * What a secret is replaced with.
 *
 * @category constants
 * @since 0.1.0
 */
export const mask = "***"

/**
 * A function that masks every known secret in a text.
 *
 * @category models
 * @since 0.1.0
 */
export type Redactor = (text: string) => string

/** RFC 3986 encoding (what SigV4 and presigned URLs use): encodeURIComponent plus `!'()*`. */
const rfc3986 = (value: string): string =>
  encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)

const lowerHexEscapes = (value: string): string => value.replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase())

/** Every spelling of a secret that may show up in a text: raw, URL-encoded (both hex cases), form-encoded. */
const spellings = (secret: string): ReadonlyArray<string> => {
  const encoded = [encodeURIComponent(secret), rfc3986(secret)]
  return [secret, ...encoded, ...encoded.map(lowerHexEscapes), ...encoded.map((e) => e.replace(/%20/g, "+"))]
}

/**
 * Values that are secret by where they appear, whoever's they are: SigV4 signatures (in an
 * `Authorization` header or a presigned URL), security tokens in presigned URLs, SSE-C keys in headers.
 */
const patterns: ReadonlyArray<readonly [RegExp, string]> = [
  [/(Signature=)[0-9a-fA-F]+/g, `$1${mask}`],
  [/(X-Amz-Security-Token=)[^&\s"'<>]+/gi, `$1${mask}`],
  [/(x-amz-(?:copy-source-)?server-side-encryption-customer-key:\s*)[A-Za-z0-9+/=]+/gi, `$1${mask}`],
  [/(Authorization:\s*)[^\r\n]+/gi, `$1${mask}`]
]

/**
 * Secrets shorter than this are not masked: masking `s` or `abc` everywhere would garble every
 * message (`expected ***ucce***`) while protecting nothing (such a key is no secret).
 *
 * @category constants
 * @since 0.1.0
 */
export const minimumSecretLength = 4

/**
 * A redactor that replaces every given secret (and its URL-encoded forms) with `***`, plus request
 * signatures, presigned-URL security tokens, SSE-C key headers and `Authorization` header values.
 * Values shorter than {@link minimumSecretLength} are ignored; longer secrets are masked first, so a
 * secret that contains another is masked whole.
 *
 * @example
 * const redact = Redaction.make(["s3cr3t/key"])
 * redact("bad key s3cr3t%2Fkey") // "bad key ***"
 *
 * @category constructors
 * @since 0.1.0
 */
export const make = (secrets: Iterable<string>): Redactor => {
  const needles = [...new Set([...secrets].filter((s) => s.length >= minimumSecretLength).flatMap(spellings))].sort(
    (a, b) => b.length - a.length
  )
  return (text) => {
    let out = text
    for (const needle of needles) {
      if (out.includes(needle)) out = out.split(needle).join(mask)
    }
    for (const [pattern, replacement] of patterns) out = out.replace(pattern, replacement)
    return out
  }
}

/** Parameters whose values are secret keys: SSE-C keys, and signing secrets given to a step (`HttpRequest`). */
const secretParameters: ReadonlySet<string> = new Set(["SSECustomerKey", "CopySourceSSECustomerKey", "SecretAccessKey"])

const stringValues = (parameters: Readonly<Record<string, unknown>>): ReadonlyArray<string> =>
  Object.entries(parameters).flatMap(([key, value]) => (secretParameters.has(key) && typeof value === "string" ? [value] : []))

/**
 * Step parameters with the values of secret parameters (SSE-C keys, `SecretAccessKey`) masked,
 * whatever they are: for showing parameters whose templates were resolved after the suite's
 * secrets were collected (a secret taken from `vars`).
 *
 * @category utils
 * @since 0.1.0
 */
export const maskParameters = (parameters: Readonly<Record<string, unknown>>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(parameters).map(([key, value]) => [key, secretParameters.has(key) ? mask : value]))

/**
 * The secret values of a suite: every credential's `secret_key` and `session_token`, and the SSE-C
 * keys and signing secrets (`SecretAccessKey`) given as step parameters. Access keys are identifiers, not secrets, and are left readable.
 *
 * @category utils
 * @since 0.1.0
 */
export const secretsOf = (suite: Suite): ReadonlyArray<string> => {
  const secrets = new Set<string>()
  for (const credential of suite.config.credentials) {
    if (credential.secret_key !== undefined) secrets.add(credential.secret_key)
    if (credential.session_token !== undefined) secrets.add(credential.session_token)
  }
  for (const group of suite.test_cases.groups) {
    for (const step of [...group.before_test, ...group.test, ...group.after_test]) {
      for (const value of stringValues(step.parameters)) secrets.add(value)
    }
  }
  return [...secrets].filter((s) => s.length >= minimumSecretLength)
}
