/**
 * What must hold from the first moment of the `s3tester` process, before anything else is loaded
 * (the launcher installs these guards first; importing the CLI as a library installs nothing):
 *
 * - SIGINT and SIGTERM are caught. Node's default would kill a process still loading its modules,
 *   silently. A signal is passed to the current handler (see interrupts.ts); the runtime
 *   (NodeRuntime.runMain) listens only once the program starts, and the program starts interrupted
 *   when a signal came before (see the bin).
 * - A closed stdout (`s3tester run ... | head`) ends console output, nothing else: the write errors
 *   (EPIPE) are absorbed, so the run, its cleanup and its reports go on and the exit code is the
 *   run's verdict.
 */

export type SignalHandler = (signal: NodeJS.Signals, count: number) => void

let count = 0

/** Until a run installs its own (interrupts.ts): say so; a second signal exits at once. */
const beforeRun: SignalHandler = (signal, count) => {
  if (count > 1) process.exit(130) // ExitCode.interrupted
  process.stderr.write(`\n${signal}: stopping (no run had started: nothing was sent).\n`)
}

let handler: SignalHandler = beforeRun

const onSignal = (signal: NodeJS.Signals): void => {
  count += 1
  handler(signal, count)
}

/** How many signals arrived so far (the program checks it when it starts: see the bin). */
export const signalCount = (): number => count

/** Makes `next` the signal handler (called for each signal with the count so far). */
export const setSignalHandler = (next: SignalHandler): void => {
  handler = next
}

let installed = false

/** Installs the guards (once; later calls do nothing). */
export const install = (): void => {
  if (installed) return
  installed = true
  process.on("SIGINT", onSignal)
  process.on("SIGTERM", onSignal)
  // EPIPE, and the errors of writes after it: the reader is gone, only console output is lost.
  process.stdout.on("error", () => {})
  // The same for stderr (`2>&1 | head`): messages are lost, the run goes on.
  process.stderr.on("error", () => {})
}
