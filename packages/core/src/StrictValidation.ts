/**
 * What `s3tester validate --strict` checks beyond the files themselves: that every `file://` body a
 * step will send exists (including those the loader cannot check: built from `env`/`vars`
 * templates, or in a plugin operation's parameters), and that every credential can reach the
 * endpoint (one signed ListBuckets each, with a verdict that tells a wrong access key from a wrong
 * secret key and from an endpoint that does not answer). Nothing but ListBuckets is sent.
 *
 * @since 0.1.0
 */
import { statSync } from "node:fs"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Result from "effect/Result"
import * as Catalog from "./Catalog.ts"
import type * as Diagnostic from "./Diagnostic.ts"
import { FILE_PREFIX, filePath, hasTemplate } from "./internal/body/bodyResolve.ts"
import { directoryOf } from "./internal/loader/sourceDirectory.ts"
import type { CallError } from "./internal/s3/s3Errors.ts"
import type { LoadedSuite } from "./Loader.ts"
import { S3Clients } from "./S3Clients.ts"
import * as Suite from "./Suite.ts"
import { Target } from "./Target.ts"
import * as Template from "./Template.ts"

type Path = ReadonlyArray<string | number>

/** Every `file://` string inside a step's parameters, with its path under `parameters`. */
const fileReferences = (value: unknown, path: Path = []): ReadonlyArray<{ readonly path: Path; readonly value: string }> => {
  if (typeof value === "string") return value.startsWith(FILE_PREFIX) ? [{ path, value }] : []
  if (Array.isArray(value)) return value.flatMap((item, index) => fileReferences(item, [...path, index]))
  if (value !== null && typeof value === "object" && !ArrayBuffer.isView(value)) {
    return Object.entries(value).flatMap(([key, item]) => fileReferences(item, [...path, key]))
  }
  return []
}

const unreadable = (file: string): string | undefined => {
  try {
    return statSync(file).isFile() ? undefined : "it is not a file"
  } catch (error) {
    const code = (error as { readonly code?: unknown }).code
    return code === "ENOENT" ? "no such file" : code === "EACCES" ? "permission denied" : String(error)
  }
}

/**
 * The `file://` bodies of a loaded suite that name no readable file, as diagnostics at the
 * parameter that names them. Templates are resolved as far as they can be before a run (`env`,
 * `vars`, `group`); a body that still depends on `run.*` or `steps.*` is checked when its step runs.
 * Relative paths are relative to the file the step was written in, as when the step runs.
 *
 * @category checks
 * @since 0.1.0
 */
export const missingBodyFiles = (
  loaded: LoadedSuite,
  env: Readonly<Record<string, string | undefined>>
): ReadonlyArray<Diagnostic.Diagnostic> => {
  const { suite } = loaded
  const diagnostics: Array<Diagnostic.Diagnostic> = []
  suite.test_cases.groups.forEach((group, groupIndex) => {
    const scope = { env, group: { name: group.name } }
    const vars = Template.groupVars(suite.vars, group.vars, scope, { partial: true })
    const resolved = { ...scope, vars: Result.isSuccess(vars) ? vars.success : {} }
    for (const phase of Suite.phases) {
      group[phase].forEach((step, stepIndex) => {
        const parameters = Template.resolvePartial(step.parameters, resolved)
        const stepFile = loaded.stepSource(groupIndex, phase, stepIndex)?.file
        for (const reference of fileReferences(parameters)) {
          if (hasTemplate(reference.value)) continue
          const file = filePath(reference.value, directoryOf(stepFile))
          const problem = unreadable(file)
          if (problem === undefined) continue
          const path = ["test_cases", "groups", groupIndex, phase, stepIndex, "parameters", ...reference.path]
          const position = loaded.sourceOf(path) ?? loaded.stepSource(groupIndex, phase, stepIndex)
          diagnostics.push({
            ...(position === undefined ? {} : { position }),
            path,
            message: `${reference.path.join(".")}: cannot read the body file ${file}: ${problem}`
          })
        }
      })
    }
  })
  return diagnostics
}

/**
 * What one credential's ListBuckets said. `ok` is true when the endpoint accepted the keys (a
 * signed request answered with anything but an authentication error; for an anonymous
 * credential, any answer).
 *
 * @category models
 * @since 0.1.0
 */
export interface CredentialVerdict {
  readonly credential: string
  readonly ok: boolean
  /** `ok`, `wrong access key`, `wrong secret key`, `session token rejected`, `unreachable`, `rejected`. */
  readonly verdict: string
  /** What the answer was: an error code and HTTP status, or the network error. Never a secret. */
  readonly detail: string
}

const status = (error: CallError): string => (error.httpStatus === undefined ? "" : `, HTTP ${error.httpStatus}`)

const verdictOf = (credential: Suite.Credential, error: CallError | undefined): Omit<CredentialVerdict, "credential"> => {
  if (error === undefined) return { ok: true, verdict: "ok", detail: "ListBuckets succeeded" }
  if (error.kind === "network" || error.kind === "timeout") {
    return { ok: false, verdict: "unreachable", detail: error.kind === "timeout" ? "no answer in time" : error.message }
  }
  if (error.kind === "invalid") return { ok: false, verdict: "rejected", detail: error.message }
  const code = error.errorCode ?? "an error"
  const answered = `${code}${status(error)}`
  if (credential.anonymous === true) return { ok: true, verdict: "ok", detail: `anonymous: the endpoint answered (${answered})` }
  switch (code) {
    case "InvalidAccessKeyId":
      return { ok: false, verdict: "wrong access key", detail: answered }
    case "SignatureDoesNotMatch":
      return { ok: false, verdict: "wrong secret key", detail: answered }
    case "ExpiredToken":
    case "InvalidToken":
    case "TokenRefreshRequired":
      return { ok: false, verdict: "session token rejected", detail: answered }
    case "AccessDenied":
      // The signature was accepted; only listing buckets is not allowed to these keys.
      return { ok: true, verdict: "ok", detail: `keys accepted; ListBuckets itself is denied (${answered})` }
    default:
      return { ok: false, verdict: "rejected", detail: answered }
  }
}

/**
 * Sends one signed ListBuckets per credential of `config` to `endpoint` (all at once, each
 * bounded by `timeoutMs`) and says, per credential, whether it can reach the endpoint.
 *
 * @category checks
 * @since 0.1.0
 */
export const checkCredentials = (
  config: Suite.TargetConfig,
  endpoint: string,
  options: { readonly timeoutMs: number }
): Effect.Effect<ReadonlyArray<CredentialVerdict>> =>
  Effect.gen(function*() {
    const clients = yield* S3Clients
    const listBuckets = Catalog.lookup(Catalog.builtIn, "ListBuckets")!
    return yield* Effect.forEach(config.credentials, (credential) =>
      clients.send(credential.name, listBuckets, {}, { timeoutMs: options.timeoutMs }).pipe(
        Effect.match({
          onSuccess: () => ({ credential: credential.name, ...verdictOf(credential, undefined) }),
          onFailure: (error) => ({ credential: credential.name, ...verdictOf(credential, error) })
        })
      ), { concurrency: "unbounded" })
  }).pipe(
    Effect.provide(S3Clients.layer(config).pipe(Layer.provide(Target.fromEndpoint(endpoint))))
  )
