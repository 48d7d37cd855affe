/**
 * `validate --strict`: after the files are valid, checks what lies outside them. Missing `file://`
 * bodies are configuration problems (exit 2), printed like the loader's; each credential's
 * ListBuckets gets a verdict line, and one that cannot reach the endpoint makes exit 3.
 */
import * as Diagnostic from "@s3tester/core/Diagnostic"
import * as Redaction from "@s3tester/core/Redaction"
import * as StrictValidation from "@s3tester/core/StrictValidation"
import type * as Loader from "@s3tester/core/Loader"
import * as Effect from "effect/Effect"
import { pc, pcErr } from "./console/colors.ts"
import { ExitCode } from "./ExitCode.ts"
import { counted } from "./console/wording.ts"

/** How long one credential's ListBuckets may take. */
const credentialTimeoutMs = 10_000

const write = (line: string) => process.stdout.write(`${line}\n`)
const writeErr = (line: string) => process.stderr.write(`${line}\n`)

/** Runs the strict checks of one loaded suite, prints them, and returns the exit code they call for. */
export const strictChecks = (loaded: Loader.LoadedSuite): Effect.Effect<number> =>
  Effect.gen(function*() {
    const redact = Redaction.make(Redaction.secretsOf(loaded.suite))
    const missing = StrictValidation.missingBodyFiles(loaded, process.env)
    for (const diagnostic of missing) writeErr(redact(Diagnostic.format(diagnostic)))
    if (missing.length > 0) writeErr(pcErr.red(`${counted(missing.length, "body file")} cannot be read.`))
    const endpoint = loaded.suite.config.endpoint_url
    let unreachable = 0
    if (endpoint === undefined) {
      write(pc.dim(`  credentials: not checked (no endpoint_url: run starts the embedded server)`))
    } else {
      write(`  credentials against ${endpoint}:`)
      const verdicts = yield* StrictValidation.checkCredentials(loaded.suite.config, endpoint, {
        timeoutMs: credentialTimeoutMs
      })
      for (const verdict of verdicts) {
        const mark = verdict.ok ? pc.green("✓") : pc.red("✗")
        write(redact(`    ${mark} ${verdict.credential}: ${verdict.verdict} (${verdict.detail})`))
        if (!verdict.ok) unreachable++
      }
      if (unreachable > 0) writeErr(pcErr.red(`${counted(unreachable, "credential")} cannot reach ${endpoint}.`))
    }
    return missing.length > 0 ? ExitCode.invalidConfiguration : unreachable > 0 ? ExitCode.runNotCarriedOut : ExitCode.passed
  })
