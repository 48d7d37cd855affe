/**
 * Keeps secrets out of every output. The engine passes every message it puts in a result through
 * one redactor, built once per run from the suite's secrets, so console lines, reports and error
 * messages never carry a secret key, a session token or a request signature.
 *
 * @since 0.1.0
 */
import * as Result from "effect/Result"
import type { Suite } from "./Suite.ts"
import * as Template from "./Template.ts"

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

/**
 * `true` for a name whose value is secret wherever it appears (a parameter, a variable, a credential
 * field, at any depth): `secret_key`, `session_token`, `SSECustomerKey`, `CopySourceSSECustomerKey`,
 * and any name containing `secret`, `password` or `token` (`SecretAccessKey`, `SessionToken`).
 * `access_key` too: the loader never echoes it, although it is an identifier.
 *
 * @category utils
 * @since 0.1.0
 */
export const isSecretName = (name: string | number | undefined): boolean =>
  typeof name === "string" &&
  (name === "access_key" || name === "secret_key" || name === "session_token" ||
    /secret|password|token|SSECustomerKey/i.test(name))

/**
 * Step parameters with the values under secret names masked, whatever they are: for showing
 * parameters whose templates were resolved after the suite's secrets were collected.
 *
 * @category utils
 * @since 0.1.0
 */
export const maskParameters = (parameters: Readonly<Record<string, unknown>>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(parameters).map(([key, value]) => [key, isSecretName(key) ? mask : value]))

/** Adds every string in a value (nested in lists and objects) to `into`. */
const addStrings = (value: unknown, into: Array<string>): void => {
  if (typeof value === "string") into.push(value)
  else if (Array.isArray(value)) for (const item of value) addStrings(item, into)
  else if (typeof value === "object" && value !== null) {
    for (const key in value) if (Object.hasOwn(value, key)) addStrings((value as Record<string, unknown>)[key], into)
  }
}

/**
 * Adds the strings under secret names in a value, at any depth, to `into` (no list made per level:
 * a suite's every step parameters go through this before its first step).
 */
const addSecretStrings = (value: unknown, into: Array<string>): void => {
  if (Array.isArray(value)) for (const item of value) addSecretStrings(item, into)
  else if (typeof value === "object" && value !== null) {
    for (const key in value) {
      if (!Object.hasOwn(value, key)) continue
      const item = (value as Record<string, unknown>)[key]
      if (isSecretName(key)) addStrings(item, into)
      else addSecretStrings(item, into)
    }
  }
}

/** The strings under secret names in a value, at any depth. */
const secretStrings = (value: unknown): Array<string> => {
  const found: Array<string> = []
  addSecretStrings(value, found)
  return found
}

/**
 * The secret values of a suite: every credential's `secret_key` and `session_token`; and every value
 * given under a secret name (SSE-C keys, passwords, tokens...) in step parameters and in `vars`, both
 * as written and as resolved (`SSECustomerKey: ${{ vars.key }}` is the key's value, not the template).
 * Templates are resolved against the suite's and each group's `vars`, the group's name and `known.run`
 * (the run, when it has started); step outputs are not known before the run and are left as written.
 * Access keys are identifiers, not secrets, and are left readable.
 *
 * @category utils
 * @since 0.1.0
 */
export const secretsOf = (suite: Suite, known?: { readonly run?: Template.Scope["run"] }): ReadonlyArray<string> => {
  const secrets = new Set<string>()
  const add = (values: ReadonlyArray<string>) => values.forEach((value) => secrets.add(value))
  for (const credential of suite.config.credentials) {
    if (credential.secret_key !== undefined) secrets.add(credential.secret_key)
    if (credential.session_token !== undefined) secrets.add(credential.session_token)
  }
  add(secretStrings(suite.vars ?? {}))
  for (const group of suite.test_cases.groups) {
    const scope = { run: known?.run, group: { name: group.name } }
    const vars = Template.groupVars(suite.vars, group.vars, scope, { partial: true })
    const resolvedVars = Result.isSuccess(vars) ? vars.success : {}
    add(secretStrings(group.vars ?? {}))
    add(secretStrings(resolvedVars))
    for (const steps of [group.before_test, group.test, group.after_test]) {
      for (const step of steps) {
        // Templates resolve values, never keys: a step with nothing under a secret name has no
        // resolved secret either (what vars hold under secret names is collected above), so only
        // such steps are resolved (100,000 steps: 0.3-0.5 s less before the first step).
        const written = secretStrings(step.parameters)
        if (written.length === 0) continue
        add(written)
        add(secretStrings(Template.resolvePartial(step.parameters, { ...scope, vars: resolvedVars })))
      }
    }
  }
  return [...secrets].filter((s) => s.length >= minimumSecretLength)
}

/**
 * `true` for an HTTP header whose value is secret: `Authorization`, security tokens, SSE-C keys
 * and their MD5s (`x-amz-server-side-encryption-customer-key(-MD5)`, also for the copy source),
 * cookies, and any header with a secret name (`x-amz-security-token`, `x-api-password`).
 *
 * @category utils
 * @since 0.3.0
 */
export const isSecretHeader = (name: string): boolean => {
  const lower = name.toLowerCase()
  return lower === "authorization" || lower === "proxy-authorization" || lower === "cookie" || lower === "set-cookie" ||
    /server-side-encryption-customer-key/.test(lower) || isSecretName(lower)
}

/** Query parameters whose value is secret or identifies the signer: SigV4 and SigV2 presigned URLs. */
const secretQueryNames: ReadonlySet<string> = new Set([
  "x-amz-signature",
  "x-amz-credential",
  "x-amz-security-token",
  "signature",
  "awsaccesskeyid"
])

/**
 * Request headers as a trace shows them: names lower-cased, secret headers (see
 * {@link isSecretHeader}) masked, every other value passed through `redact`.
 *
 * @category utils
 * @since 0.3.0
 */
export const redactHeaders = (
  headers: Readonly<Record<string, string | ReadonlyArray<string> | undefined>>,
  redact: Redactor
): Record<string, string> => {
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue
    const lower = name.toLowerCase()
    const text = typeof value === "string" ? value : value.join(", ")
    out[lower] = isSecretHeader(lower) ? mask : redact(text)
  }
  return out
}

/**
 * A query string (without `?`) with the values of signature, credential and security-token
 * parameters masked (`X-Amz-Signature=***`), byte for byte otherwise, then passed through `redact`.
 *
 * @category utils
 * @since 0.3.0
 */
export const redactQuery = (query: string, redact: Redactor): string =>
  redact(
    query
      .split("&")
      .map((pair) => {
        const equals = pair.indexOf("=")
        const name = equals < 0 ? pair : pair.slice(0, equals)
        let decoded = name
        try {
          decoded = decodeURIComponent(name)
        } catch {
          // a malformed escape: judge the name as written
        }
        return secretQueryNames.has(decoded.toLowerCase()) ? `${name}=${mask}` : pair
      })
      .join("&")
  )
