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

/** Substitutes `${{ env.NAME }}` in one string and reports malformed or unknown templates. */
export const substitute = (
  text: string,
  env: Readonly<Record<string, string | undefined>>
): Substitution => {
  if (!text.includes("${{")) return { value: text, sensitive: false, problems: [] }
  const problems: Array<string> = []
  let sensitive = false
  let last = 0
  let out = ""
  for (const match of text.matchAll(templatePattern)) {
    const start = match.index
    out += text.slice(last, start)
    last = start + match[0].length
    const expression = (match[1] ?? "").trim()
    const root = rootPattern.exec(expression)?.[1]
    if (expression === "") {
      problems.push("empty template ${{ }}")
      out += match[0]
    } else if (root === "env") {
      const name = envPattern.exec(expression)?.[1]
      if (name === undefined) {
        problems.push(`invalid template \${{ ${expression} }}: write \${{ env.NAME }}`)
        out += match[0]
      } else {
        const value = env[name]
        if (value === undefined) {
          problems.push(`environment variable ${name} is not set`)
          out += match[0]
        } else {
          sensitive = true
          out += value
        }
      }
    } else if (root !== undefined && laterRoots.includes(root)) {
      out += match[0]
    } else {
      const suggestion = root === undefined ? undefined : didYouMean(root, templateRoots)
      problems.push(
        root === undefined
          ? `invalid template \${{ ${expression} }}: expected a path starting with ${templateRoots.join(", ")}`
          : `unknown template root "${root}" in \${{ ${expression} }}` +
            (suggestion === undefined
              ? `; expected one of ${templateRoots.join(", ")}`
              : `; did you mean "${suggestion}"?`)
      )
      out += match[0]
    }
  }
  const rest = text.slice(last)
  if (rest.includes("${{")) problems.push("unterminated template: \"${{\" without a closing \"}}\"")
  out += rest
  return { value: out, sensitive, problems }
}
