/**
 * `${{ ... }}` templates at load time: `env.NAME` is substituted; the roots that later stages resolve
 * (`vars`, `run`, `steps`, `group`) are checked and left as written; anything else is a diagnostic.
 * Nothing is ever evaluated: an expression is a dotted path, nothing more.
 */
import { didYouMean } from "./didYouMean.ts"

/** Roots resolved after loading (by the planner and the engine). */
export const laterRoots: ReadonlyArray<string> = ["vars", "run", "steps", "group"]

/** Every root a template may start with. */
export const templateRoots: ReadonlyArray<string> = ["env", ...laterRoots]

const templatePattern = /\$\{\{([\s\S]*?)\}\}/g
const rootPattern = /^([A-Za-z_][A-Za-z0-9_-]*)/
const envPattern = /^env\.([A-Za-z_][A-Za-z0-9_]*)$/

export interface Substitution {
  readonly value: string
  /** Part of the value came from the environment. */
  readonly sensitive: boolean
  readonly problems: ReadonlyArray<string>
}

const noProblems: ReadonlyArray<string> = []

/**
 * Substitutes `${{ env.NAME }}` in one string and reports malformed or unknown templates. A string
 * without an env template (most of a large suite's templates name vars or steps) is returned as it
 * is, nothing copied.
 */
export const substitute = (
  text: string,
  env: Readonly<Record<string, string | undefined>>
): Substitution => {
  if (!text.includes("${{")) return { value: text, sensitive: false, problems: noProblems }
  let problems: Array<string> | undefined
  const problem = (message: string) => (problems ??= []).push(message)
  // the text with its env templates substituted, up to `copied` (made at the first substitution)
  let out: string | undefined
  let copied = 0
  let end = 0
  templatePattern.lastIndex = 0
  for (let match = templatePattern.exec(text); match !== null; match = templatePattern.exec(text)) {
    const start = match.index
    end = start + match[0].length
    const expression = (match[1] ?? "").trim()
    const root = rootPattern.exec(expression)?.[1]
    if (expression === "") {
      problem("empty template ${{ }}")
    } else if (root === "env") {
      const name = envPattern.exec(expression)?.[1]
      const value = name === undefined ? undefined : env[name]
      if (name === undefined) problem(`invalid template \${{ ${expression} }}: write \${{ env.NAME }}`)
      else if (value === undefined) problem(`environment variable ${name} is not set`)
      else {
        out = (out ?? "") + text.slice(copied, start) + value
        copied = end
      }
    } else if (root === undefined || !laterRoots.includes(root)) {
      const suggestion = root === undefined ? undefined : didYouMean(root, templateRoots)
      problem(
        root === undefined
          ? `invalid template \${{ ${expression} }}: expected a path starting with ${templateRoots.join(", ")}`
          : `unknown template root "${root}" in \${{ ${expression} }}` +
            (suggestion === undefined
              ? `; expected one of ${templateRoots.join(", ")}`
              : `; did you mean "${suggestion}"?`)
      )
    }
  }
  if (text.indexOf("${{", end) !== -1) problem("unterminated template: \"${{\" without a closing \"}}\"")
  return {
    value: out === undefined ? text : out + text.slice(copied),
    sensitive: out !== undefined,
    problems: problems ?? noProblems
  }
}
