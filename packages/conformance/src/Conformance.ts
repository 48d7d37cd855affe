/**
 * Runs the built-in checks against a target, code-first: the same as `s3tester conformance`.
 *
 * **Example**
 *
 * ```ts
 * import { Conformance, Targets } from "@s3tester/conformance"
 *
 * const report = await Conformance.run({ target: Targets.fromUrl("http://127.0.0.1:7480"), profile: "ceph-rgw-16" })
 * console.log(report.counts, Conformance.checksOf(report))
 * ```
 *
 * @since 0.1.0
 */
import * as Runner from "@s3tester/core/Runner"
import * as Target from "@s3tester/core/Target"
import type * as ConfigError from "@s3tester/core/ConfigError"
import type * as Loader from "@s3tester/core/Loader"
import type * as RunResult from "@s3tester/core/RunResult"
import { LocalS3 } from "@s3tester/local-s3"
import operationsHttp from "@s3tester/operations-http"
import * as NodeFileSystem from "@effect/platform-node/NodeFileSystem"
import * as NodePath from "@effect/platform-node/NodePath"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Result from "effect/Result"
import type { Profile as ProfileModel } from "./Profile.ts"
import * as Profile from "./Profile.ts"
import * as Suites from "./Suites.ts"
import * as Targets from "./Targets.ts"

/**
 * @category models
 * @since 0.1.0
 */
export interface Options extends Omit<Runner.RunOptions, "deviations" | "profile" | "targetName"> {
  /** Where the checks run (default: the embedded server). */
  readonly target?: Targets.Target
  /** Only these areas (default: all). */
  readonly areas?: ReadonlyArray<string>
  /** A directory of suites instead of the built-in ones. */
  readonly dir?: string
  /** A profile name or path instead of the target's; `false`: none. */
  readonly profile?: string | false
}

/**
 * The profile that applies: the option's, else the target's; none with `false`.
 *
 * @category loading
 * @since 0.1.0
 */
export const profileFor = (
  target: Targets.Target,
  override: string | false | undefined
): Result.Result<ProfileModel | undefined, ConfigError.ConfigError> => {
  const name = override === false ? undefined : override ?? target.profile
  return name === undefined ? Result.succeed(undefined) : Profile.load(name)
}

/**
 * The checks of `target` (validated, nothing sent).
 *
 * @category loading
 * @since 0.1.0
 */
export const load = (
  target: Targets.Target,
  options: Pick<Options, "areas" | "dir" | "env" | "plugins"> = {}
): Effect.Effect<Loader.LoadedSuite, ConfigError.ConfigError> =>
  Suites.load(target, {
    plugins: [operationsHttp, ...(options.plugins ?? [])],
    ...(options.areas === undefined ? {} : { areas: options.areas }),
    ...(options.dir === undefined ? {} : { dir: options.dir }),
    ...(options.env === undefined ? {} : { env: options.env })
  }).pipe(Effect.provide(Layer.mergeAll(NodeFileSystem.layer, NodePath.layer)))

/**
 * The layer of a target: its endpoint, or the embedded server.
 *
 * @category running
 * @since 0.1.0
 */
export const targetLayer = (target: Targets.Target): Layer.Layer<Target.Target> =>
  target.endpoint === undefined ? LocalS3.layer : Target.Target.fromEndpoint(target.endpoint)

/**
 * Runs the checks and resolves with the run's report (checks judged against the profile).
 *
 * @category running
 * @since 0.1.0
 */
export const run = (options: Options = {}): Promise<Runner.Report> =>
  Effect.runPromise(
    Effect.gen(function*() {
      const target = options.target ?? Targets.embedded
      const profile = yield* Effect.fromResult(profileFor(target, options.profile))
      const loaded = yield* load(target, options)
      const { areas: _areas, dir: _dir, profile: _profile, target: _target, ...runOptions } = options
      return yield* Runner.run(loaded, {
        ...runOptions,
        targetName: target.name,
        ...(profile === undefined ? {} : { deviations: Profile.lookup(profile), profile: profile.name })
      }).pipe(Effect.provide(targetLayer(target)))
    })
  )

/**
 * A check's verdict: the outcome of its group, and its first step that did not pass.
 *
 * @category models
 * @since 0.1.0
 */
export type Check = Profile.CheckResult & {
  readonly area?: string
  readonly doc?: string
}

/**
 * The checks of a run (groups that are checks), with their first failing step.
 *
 * @category results
 * @since 0.1.0
 */
export const checksOf = (
  run: { readonly groups: ReadonlyArray<RunResult.GroupResult>; readonly steps: ReadonlyArray<RunResult.StepResult> }
): ReadonlyArray<Check> => {
  const firstFailure = new Map<string, RunResult.StepResult>()
  for (const step of run.steps) {
    if (step.check === undefined || firstFailure.has(step.check) || step.phase === "after_test") continue
    if (step.outcome !== "passed" && step.outcome !== "skipped") firstFailure.set(step.check, step)
  }
  return run.groups.flatMap((group): Array<Check> => {
    if (group.id === undefined) return []
    const failure = firstFailure.get(group.id)
    return [{
      id: group.id,
      outcome: group.outcome,
      ...(group.area === undefined ? {} : { area: group.area }),
      ...(group.doc === undefined ? {} : { doc: group.doc }),
      ...(failure === undefined ? {} : { firstFailure: failure })
    }]
  })
}
