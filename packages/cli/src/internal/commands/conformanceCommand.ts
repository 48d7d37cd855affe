/**
 * `s3tester conformance`: the built-in checks against a target (the embedded server by default),
 * judged against the target's profile of declared deviations, optionally compared with a baseline
 * report, with every reporter, shard and concurrency flag `run` has.
 */
import * as Baseline from "@s3tester/core/Baseline"
import * as RunResult from "@s3tester/core/RunResult"
import type * as ConfigError from "@s3tester/core/ConfigError"
import type * as Conformance from "@s3tester/conformance/Conformance"
import * as Matrix from "@s3tester/conformance/Matrix"
import * as Profile from "@s3tester/conformance/Profile"
import * as Targets from "@s3tester/conformance/Targets"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Result from "effect/Result"
import * as Command from "effect/cli/Command"
import * as Flag from "effect/cli/Flag"
import { readFileSync } from "node:fs"
import { pc } from "../console/colors.ts"
import { consoleFlags, consoleSetup, detailOf, switchFlag } from "../consoleFlags.ts"
import { ExitCode, ExitWith } from "../ExitCode.ts"
import * as Interrupts from "../interrupts.ts"
import { runSuite } from "../onDemand.ts"
import { exitCodeFor, parseShard, reportingFlags } from "../reporting.ts"
import { selectFiles } from "../selectionFlags.ts"
import { usage } from "../usageErrors.ts"

/** The checks' runner (with the embedded server, the HTTP operations, the SDK): loaded when a command runs, not for --help. */
export const conformanceModule = Effect.promise(() => import("@s3tester/conformance/Conformance"))

const write = (line: string) => Effect.sync(() => process.stdout.write(`${line}\n`))

export const fromResult = <A>(result: Result.Result<A, ConfigError.ConfigError>) =>
  Result.isSuccess(result) ? Effect.succeed(result.success) : Effect.fail(result.failure)

/** The flags `conformance` and `matrix` share: where the checks come from and which. */
export const checkFlags = {
  area: Flag.String("area").pipe(Flag.atLeast(0), Flag.withDescription("Run only this area's checks (repeatable)")),
  grep: Flag.String("grep").pipe(
    Flag.withAlias("g"),
    Flag.optional,
    Flag.withDescription("Run only the checks whose `id > step` matches this regex")
  ),
  targets: Flag.String("targets").pipe(
    Flag.optional,
    Flag.withDescription(`The targets file (default ${Targets.defaultFile} in the working directory, when it exists)`)
  ),
  suites: Flag.String("suites").pipe(
    Flag.optional,
    Flag.withDescription("A directory of <area>.yaml suites instead of the built-in checks")
  )
}

/** Reads a baseline JSON report's check outcomes; anything else is a usage error naming the file. */
export const readBaseline = (file: string) =>
  Effect.gen(function*() {
    let document: unknown
    try {
      document = JSON.parse(readFileSync(file, "utf8"))
    } catch (error) {
      return yield* usage(`--baseline ${file}: cannot read it as JSON: ${(error as Error).message}`)
    }
    const outcomes = Baseline.fromReport(document)
    if (typeof outcomes === "string") return yield* usage(`--baseline ${file}: ${outcomes}`)
    return { name: file, outcomes }
  })

/** What a conformance run says beyond the step counts: checks by outcome and the pass rate. */
export const checkLines = (checks: ReadonlyArray<Conformance.Check>): ReadonlyArray<string> => {
  const counts = checks.reduce((c, check) => RunResult.addOutcome(c, check.outcome), RunResult.emptyCounts())
  const rate = Matrix.passRate(counts)
  return [
    `Checks: ${counts.total} — ${counts.passed} passed, ${counts.known} known, ${counts.failed} failed, ${counts.errored} errored, ` +
    `${counts.unsupported} unsupported, ${counts.skipped} skipped, ${counts.fixed} fixed`,
    `${Matrix.passRateFormula} = ${rate === null ? "n/a (no check passed, failed or errored)" : `${(100 * rate).toFixed(1)}%`}`
  ]
}

/** The baseline comparison, as the console prints it. */
export const baselineLines = (diff: Baseline.Diff): ReadonlyArray<string> => [
  `Baseline ${diff.baseline}: ${diff.regressions.length} regression${diff.regressions.length === 1 ? "" : "s"}, ` +
  `${diff.fixes.length} fixed, ${diff.added.length} new, ${diff.removed.length} removed`,
  ...diff.regressions.map((c) => pc.red(`  regression: ${c.id} (${c.before} -> ${c.now})`)),
  ...diff.fixes.map((c) => pc.green(`  fixed: ${c.id} (${c.before} -> ${c.now})`)),
  ...diff.added.map((id) => `  new: ${id}`),
  ...diff.removed.map((id) => `  removed: ${id}`)
]

/**
 * A target's checks, ready to run: its profile (the override's, else its own; `none`: no
 * profile), the suites loaded for it (`--area`, `--suites`, `--timeout`) and the `--grep` selection.
 */
export const prepare = (
  target: Targets.Target,
  flags: {
    readonly profile: string | undefined
    readonly area: ReadonlyArray<string>
    readonly grep: Option.Option<string>
    readonly suites: Option.Option<string>
    readonly timeout: string | undefined
  }
) =>
  Effect.gen(function*() {
    const Conformance = yield* conformanceModule
    const profile = yield* fromResult(Conformance.profileFor(target, flags.profile === "none" ? false : flags.profile))
    const loaded = yield* Conformance.load(
      flags.timeout === undefined ? target : { ...target, timeout: flags.timeout },
      { areas: flags.area, ...(Option.isSome(flags.suites) ? { dir: flags.suites.value } : {}) }
    )
    const [file] = yield* selectFiles([loaded], { group: [], grep: flags.grep, tags: [] })
    if (file === undefined) return yield* usage("nothing to run")
    return { profile, loaded, file }
  })

export const conformanceCommand = Command.make(
  "conformance",
  {
    ...checkFlags,
    target: Flag.String("target").pipe(
      Flag.optional,
      Flag.withDescription("Where the checks run: a name from the targets file, a URL (keys from S3_* env), or embedded (default)")
    ),
    profile: Flag.String("profile").pipe(
      Flag.optional,
      Flag.withDescription("The profile of declared deviations: a built-in name or a file (default: the target's); none for no profile")
    ),
    strictProfile: switchFlag("strict-profile", "Fail when a declared deviation did not happen (a stale profile entry: fixed)"),
    updateProfile: switchFlag("update-profile", "Write the deviations this run saw into the profile file (new ones get reason: TODO)"),
    baseline: Flag.String("baseline").pipe(
      Flag.optional,
      Flag.withDescription("An earlier run's JSON report: a check that passed (or was known) there and not now fails the run")
    ),
    list: switchFlag("list", "Print the checks (id, area, doc) and exit"),
    concurrency: Flag.Int("concurrency").pipe(Flag.withDefault(16), Flag.withDescription("How many checks run at once")),
    timeout: Flag.String("timeout").pipe(Flag.optional, Flag.withDescription("Per-step timeout (e.g. 10s)")),
    strict: switchFlag("strict", "Count unsupported steps (NotImplemented) as failed"),
    ...consoleFlags,
    ...reportingFlags
  },
  (input) =>
    Effect.gen(function*() {
      const detail = yield* detailOf(input.quiet, input.verbose)
      const Conformance = yield* conformanceModule
      if (input.concurrency < 1) return yield* usage("--concurrency must be at least 1")
      const shard = yield* parseShard(Option.getOrUndefined(input.shard))
      const target = yield* fromResult(Targets.resolveTarget(Option.getOrUndefined(input.target), Option.getOrUndefined(input.targets)))
      const { profile, loaded, file } = yield* prepare(target, {
        profile: Option.getOrUndefined(input.profile),
        area: input.area,
        grep: input.grep,
        suites: input.suites,
        timeout: Option.getOrUndefined(input.timeout)
      })
      if (input.updateProfile && profile === undefined) {
        return yield* usage("--update-profile: the target has no profile; name one with --profile FILE")
      }
      const groups = file.selected.suite.test_cases.groups
      if (input.list) {
        for (const group of groups) {
          yield* write(`${group.id ?? group.name}  ${pc.dim(group.area ?? "")}  ${pc.dim(group.doc ?? "")}`)
        }
        yield* write(`${groups.length} checks in ${new Set(groups.map((g) => g.area)).size} areas`)
        return
      }
      const baseline = Option.isSome(input.baseline) ? yield* readBaseline(input.baseline.value) : undefined
      const verdict = { strict: input.strict, failOnFlaky: false, strictProfile: input.strictProfile }
      const abandonCleanup = yield* Interrupts.install(120_000)
      const { summary, reportersFailed, steps } = yield* runSuite(loaded, {
        abandonCleanup,
        selected: file.selected,
        stepSource: file.stepSource,
        endpoint: target.endpoint,
        concurrency: input.concurrency,
        strict: input.strict,
        cleanupTimeoutMs: 120_000,
        trace: input.trace,
        console: consoleSetup(Option.getOrUndefined(input.console), detail, verdict),
        reporting: { reporters: input.reporter, outputDir: input.outputDir, shard },
        checks: {
          targetName: target.name,
          ...(profile === undefined ? {} : { deviations: Profile.lookup(profile), profile: profile.name }),
          ...(baseline === undefined ? {} : { baseline })
        }
      })
      const checks = Conformance.checksOf({ groups: summary.groups, steps })
      for (const line of checkLines(checks)) yield* write(line)
      if (profile !== undefined) yield* write(pc.dim(`Profile: ${profile.name} (${profile.implementation} ${profile.version})`))
      if (summary.baseline !== undefined) for (const line of baselineLines(summary.baseline)) yield* write(line)
      if (input.updateProfile && profile !== undefined) {
        const changes = Profile.update(profile, checks)
        yield* write(
          `Updated ${profile.file}: ${changes.added.length} added (reason: TODO), ${changes.updated.length} updated, ${changes.removed.length} removed`
        )
      }
      const regressions = summary.baseline?.regressions.length ?? 0
      const code = regressions > 0 ? ExitCode.testsFailed : exitCodeFor(summary.counts, reportersFailed, verdict)
      if (code !== ExitCode.passed) return yield* Effect.fail(new ExitWith({ code }))
    }).pipe(Effect.scoped)
).pipe(Command.withDescription("Run the built-in S3 conformance checks against a target, judged against its profile"))
