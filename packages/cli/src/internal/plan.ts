/**
 * What would run, printed without contacting anything: `--list` / `s3tester list` (groups and
 * steps) and `--dry-run` (the full plan: credentials by name, phases, steps with their parameters
 * resolved as far as they can be before the run, and expectations).
 */
import * as Redaction from "@s3tester/core/Redaction"
import * as Suite from "@s3tester/core/Suite"
import * as Template from "@s3tester/core/Template"
import type * as Loader from "@s3tester/core/Loader"
import type * as Selection from "@s3tester/core/Selection"
import * as Result from "effect/Result"
import { pc } from "./console/colors.ts"

const longString = 120

/** Long strings (bodies) shortened, so the plan stays readable. */
const shorten = (value: unknown): unknown => {
  if (typeof value === "string") {
    return value.length > longString ? `${value.slice(0, longString)}… (${value.length} characters)` : value
  }
  if (Array.isArray(value)) return value.map(shorten)
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, shorten(item)]))
  }
  return value
}

const credentialKind = (credential: Suite.Credential): string =>
  credential.anonymous === true
    ? "anonymous"
    : credential.session_token !== undefined
    ? "keys and a session token"
    : credential.access_key !== undefined
    ? "keys"
    : "no keys"

const expectation = (step: Suite.Step): string => {
  const expected = step.expected_result
  const parts = [expected.success ? "success" : (expected.error_code ?? "an error")]
  if (expected.http_status !== undefined) parts.push(`HTTP ${expected.http_status}`)
  return `expect ${parts.join(", ")}`
}

const header = (file: string, suite: Suite.Suite, concurrency: number): string => {
  const endpoint = suite.config.endpoint_url ?? "the embedded local server"
  const mode = suite.test_cases.parallel ? `groups in parallel, up to ${concurrency} at once` : "groups in order"
  return pc.bold(`${file}: ${endpoint} (${mode})`)
}

/** `s3tester list` / `--list`: each selected group and its steps, one line each. */
export const listLines = (loaded: Loader.LoadedSuite, selected: Selection.Selected): ReadonlyArray<string> => {
  const { suite } = selected
  const lines = [pc.bold(loaded.file)]
  for (const group of suite.test_cases.groups) {
    const credential = group.credential ?? suite.config.credentials[0]?.name ?? "(none)"
    lines.push(`  ${group.name} [${credential}]${group.tags.length > 0 ? pc.dim(` tags: ${group.tags.join(", ")}`) : ""}`)
    for (const phase of Suite.phases) {
      for (const step of group[phase]) {
        const stepCredential = step.credential === undefined ? "" : ` [${step.credential}]`
        lines.push(`    ${group.name} > ${phase} > ${step.name ?? step.operation}${stepCredential}`)
      }
    }
  }
  return lines
}

/**
 * `--dry-run`: the full plan. Templates are resolved against what is known before the run (`env`,
 * `vars`, the group's name); `${{ run.id }}` and `${{ steps.* }}` are shown as written, since they
 * only exist once the run starts. Secrets never appear: credentials are shown by name, secret
 * parameters (SSE-C keys, `SecretAccessKey`) are masked, and every value goes through the suite's redactor.
 */
export const planLines = (
  loaded: Loader.LoadedSuite,
  selected: Selection.Selected,
  options: { readonly concurrency: number; readonly env: Readonly<Record<string, string | undefined>> }
): ReadonlyArray<string> => {
  const { suite } = selected
  const redact = Redaction.make(Redaction.secretsOf(loaded.suite))
  const lines = [header(loaded.file, suite, options.concurrency)]
  const credentials = suite.config.credentials.map((c) => `${c.name} (${credentialKind(c)})`)
  lines.push(`  credentials: ${credentials.length === 0 ? "(none)" : credentials.join(", ")}`)
  if (suite.config.timeout !== undefined) lines.push(`  timeout: ${Suite.formatDuration(suite.config.timeout)} per step`)
  for (const group of suite.test_cases.groups) {
    const credential = group.credential ?? suite.config.credentials[0]?.name ?? "(none)"
    lines.push(`  group ${group.name} [${credential}]${group.tags.length > 0 ? ` tags: ${group.tags.join(", ")}` : ""}`)
    const scope = { env: options.env, group: { name: group.name } }
    const vars = Template.groupVars(suite.vars, group.vars, scope, { partial: true })
    const resolvedVars = Result.isSuccess(vars) ? vars.success : {}
    for (const phase of Suite.phases) {
      if (group[phase].length === 0) continue
      lines.push(`    ${phase}`)
      group[phase].forEach((step, index) => {
        const stepCredential = step.credential === undefined ? "" : ` [${step.credential}]`
        const id = step.id === undefined ? "" : ` (id ${step.id})`
        const title = step.name === undefined ? step.operation : `${step.name}: ${step.operation}`
        lines.push(`      ${index + 1}. ${title}${stepCredential}${id} ${pc.dim(expectation(step))}`)
        if (Object.keys(step.parameters).length > 0) {
          const parameters = Template.resolvePartial(step.parameters, { ...scope, vars: resolvedVars })
          lines.push(`         ${redact(JSON.stringify(shorten(Redaction.maskParameters(parameters))))}`)
        }
      })
    }
  }
  return lines
}
