import { spawn } from "node:child_process"
import { fileURLToPath } from "node:url"
import { Effect } from "effect"

export const repoRoot = fileURLToPath(new URL("../../../../", import.meta.url))
const bin = fileURLToPath(new URL("../../bin/s3tester.js", import.meta.url))

export interface CliRun {
  readonly code: number | null
  readonly signal: NodeJS.Signals | null
  readonly stdout: string
  readonly stderr: string
}

/**
 * Runs the built `s3tester` binary as a subprocess, the way users run it, from the repository root.
 * `onStdout` sees output as it arrives (to send a signal at the right moment).
 */
export const runCli = (
  args: ReadonlyArray<string>,
  options: {
    readonly env?: Record<string, string | undefined>
    readonly onStdout?: (sofar: string, child: ReturnType<typeof spawn>) => void
    /** Called as soon as the process exists (to signal it before it printed anything). */
    readonly onSpawn?: (child: ReturnType<typeof spawn>) => void
    /** Closes our end of the child's stdout after this many lines (as `| head -n` does). */
    readonly closeStdoutAfterLines?: number
  } = {}
): Effect.Effect<CliRun> =>
  Effect.callback<CliRun>((resume) => {
    // The console picks dots when CI is set; tests read list lines unless they set CI themselves.
    const { CI: _ci, ...inherited } = process.env
    const child = spawn(process.execPath, [bin, ...args], {
      cwd: repoRoot,
      env: { ...inherited, NO_COLOR: "1", ...options.env },
      stdio: ["ignore", "pipe", "pipe"]
    })
    options.onSpawn?.(child)
    let stdout = ""
    let stderr = ""
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString("utf8")
      options.onStdout?.(stdout, child)
      const lines = stdout.split("\n")
      if (options.closeStdoutAfterLines !== undefined && lines.length > options.closeStdoutAfterLines) {
        stdout = lines.slice(0, options.closeStdoutAfterLines).join("\n")
        child.stdout.destroy()
      }
    })
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString("utf8")
    })
    child.on("close", (code, signal) => resume(Effect.succeed({ code, signal, stdout, stderr })))
    return Effect.sync(() => child.kill("SIGKILL"))
  })
