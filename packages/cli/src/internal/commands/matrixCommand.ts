/**
 * `s3tester matrix`: the conformance checks on several targets at once (bounded), each judged
 * against its own profile, every target's JSON and HTML reports under `<output-dir>/<target>/`, then
 * the compatibility matrix (matrix.md, matrix.json, matrix.html) built from those JSON reports, the
 * same way `merge-reports` builds it from reports made on other machines.
 */
import * as Profile from "@s3tester/conformance/Profile"
import * as Targets from "@s3tester/conformance/Targets"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Command from "effect/cli/Command"
import * as Flag from "effect/cli/Flag"
import { join } from "node:path"
import { pc } from "../console/colors.ts"
import { checkFlags, checkLines, conformanceModule, fromResult, prepare } from "./conformanceCommand.ts"
import { countsLine } from "../console/ConsoleReporter.ts"
import { ExitCode, ExitWith } from "../ExitCode.ts"
import { traceFlag } from "../consoleFlags.ts"
import * as Interrupts from "../interrupts.ts"
import { scanReports, writeMatrix } from "./matrixReports.ts"
import { exitCodeFor, outputDirFlag } from "../reporting.ts"
import { runSuite } from "../onDemand.ts"
import { usage } from "../usageErrors.ts"

const write = (line: string) => Effect.sync(() => process.stdout.write(`${line}\n`))

/** Target names as directory names. */
const directoryOf = (name: string) => name.replace(/[^A-Za-z0-9._-]+/g, "_")

export const matrixCommand = Command.make(
  "matrix",
  {
    ...checkFlags,
    target: Flag.String("target").pipe(
      Flag.atLeast(0),
      Flag.withDescription("A target (repeatable): a name from the targets file, a URL or embedded; default every target of the file")
    ),
    strictProfile: Flag.Boolean("strict-profile").pipe(
      Flag.withDefault(false),
      Flag.withDescription("Fail when a declared deviation did not happen on a target (a stale profile entry)")
    ),
    concurrency: Flag.Int("concurrency").pipe(Flag.withDefault(16), Flag.withDescription("How many checks run at once on each target")),
    targetConcurrency: Flag.Int("target-concurrency").pipe(
      Flag.withDefault(3),
      Flag.withDescription("How many targets run at once")
    ),
    outputDir: outputDirFlag,
    trace: traceFlag
  },
  (input) =>
    Effect.gen(function*() {
      const Conformance = yield* conformanceModule
      if (input.concurrency < 1 || input.targetConcurrency < 1) {
        return yield* usage("--concurrency and --target-concurrency must be at least 1")
      }
      const file = Option.getOrUndefined(input.targets)
      const names = input.target.length > 0
        ? input.target
        : (yield* fromResult(Targets.load(file ?? Targets.defaultFile))).map((t) => t.name)
      if (names.length === 0) return yield* usage(`no targets: name them with --target, or define them in ${file ?? Targets.defaultFile}`)
      // Every target and its checks are validated before anything is sent anywhere.
      const prepared = yield* Effect.forEach(names, (name) =>
        Effect.gen(function*() {
          const target = yield* fromResult(Targets.resolveTarget(name, file))
          return { target, ...(yield* prepare(target, {
            profile: undefined,
            area: input.area,
            grep: input.grep,
            suites: input.suites,
            timeout: undefined
          })) }
        }))
      const verdict = { strict: false, failOnFlaky: false, strictProfile: input.strictProfile }
      const abandonCleanup = yield* Interrupts.install(120_000)
      yield* write(`Running the checks on ${prepared.length} targets: ${prepared.map((p) => p.target.name).join(", ")}`)
      const started = Date.now()
      const codes = yield* Effect.forEach(
        prepared,
        ({ target, profile, loaded, file: selected }) =>
          Effect.gen(function*() {
            const dir = join(input.outputDir, directoryOf(target.name))
            const { summary, reportersFailed, steps } = yield* runSuite(loaded, {
              abandonCleanup,
              selected: selected.selected,
              stepSource: selected.stepSource,
              endpoint: target.endpoint,
              concurrency: input.concurrency,
              strict: false,
              cleanupTimeoutMs: 120_000,
              trace: input.trace,
              console: { mode: "list", detail: "quiet", verdict, canAnimate: false },
              reporting: { reporters: [`json:${join(dir, "report.json")}`, `html:${join(dir, "report.html")}`], outputDir: dir },
              checks: {
                targetName: target.name,
                ...(profile === undefined ? {} : { deviations: Profile.lookup(profile), profile: profile.name })
              }
            })
            const checks = Conformance.checksOf({ groups: summary.groups, steps })
            yield* write(pc.bold(`${target.name}: ${countsLine(summary.counts)} in ${(summary.durationMs / 1000).toFixed(1)}s`))
            for (const line of checkLines(checks)) yield* write(`  ${line}`)
            return exitCodeFor(summary.counts, reportersFailed, verdict)
          }),
        { concurrency: input.targetConcurrency }
      )
      yield* write(`All targets in ${((Date.now() - started) / 1000).toFixed(1)}s\n`)
      // Only this run's reports (the output directory may hold older ones).
      const scanned = yield* Effect.forEach(prepared, ({ target }) => scanReports(join(input.outputDir, directoryOf(target.name))))
      yield* writeMatrix({ hasBlobs: false, reports: scanned.flatMap((s) => s.reports) }, input.outputDir)
      const code = codes.includes(ExitCode.testsFailed)
        ? ExitCode.testsFailed
        : codes.find((c) => c !== ExitCode.passed) ?? ExitCode.passed
      if (code !== ExitCode.passed) return yield* Effect.fail(new ExitWith({ code }))
    }).pipe(Effect.scoped)
).pipe(Command.withDescription("Run the conformance checks on several targets and write the compatibility matrix"))
