/**
 * The work of `s3tester clean` (cleanCommand.ts is the command line): list the prefixed buckets of
 * the target's `main` and `alt`, then remove them through the engine. Loaded when the command runs,
 * so `--help` does not load the engine, the SDK or the built-in suites.
 */
import * as Suites from "@s3tester/conformance/Suites"
import * as Targets from "@s3tester/conformance/Targets"
import * as Build from "@s3tester/core/Build"
import * as Catalog from "@s3tester/core/Catalog"
import * as Diagnostic from "@s3tester/core/Diagnostic"
import * as Preflight from "@s3tester/core/Preflight"
import * as Redaction from "@s3tester/core/Redaction"
import * as Runner from "@s3tester/core/Runner"
import * as S3Clients from "@s3tester/core/S3Clients"
import * as Suite from "@s3tester/core/Suite"
import * as Target from "@s3tester/core/Target"
import type * as ConfigError from "@s3tester/core/ConfigError"
import type * as Loader from "@s3tester/core/Loader"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Result from "effect/Result"
import pc from "picocolors"
import { ExitCode, ExitWith, InvalidInput, NotCarriedOut } from "../ExitCode.ts"
import { minimumPrefixLength } from "./cleanCommand.ts"

/** The credentials whose buckets are cleaned (`anon` owns none). */
const owners = ["main", "alt"] as const

const defaultTimeoutMs = 30_000

const write = (line: string) => void process.stdout.write(`${line}\n`)

/** Ends the command with exit 2 (bad input) or 3 (could not clean), printing `lines` (see ExitCode). */
const exitWith = (code: typeof ExitCode.invalidConfiguration | typeof ExitCode.runNotCarriedOut, lines: ReadonlyArray<string>) =>
  Effect.fail(
    code === ExitCode.invalidConfiguration
      ? new InvalidInput({ message: lines.join("\n") })
      : new NotCarriedOut({ message: lines.join("\n") })
  )

const configProblem = (error: ConfigError.ConfigError) =>
  exitWith(ExitCode.invalidConfiguration, [...error.diagnostics.map((d) => Diagnostic.format(d)), pc.red("nothing was cleaned")])

/** A bucket found, and the credential that listed it (its owner). */
export interface Found {
  readonly bucket: string
  readonly credential: string
}

/** The suite that removes `found`: one group per bucket, run with its owner's credential. */
export const cleanSuite = (config: typeof Suite.TargetConfig.Encoded, found: ReadonlyArray<Found>): Build.Definition =>
  Build.suite({
    config,
    parallel: true,
    groups: found.map(({ bucket, credential }) =>
      Build.group({
        name: bucket,
        credential,
        test: [
          // One step empties the whole bucket: a large one takes longer than the default step timeout.
          Build.untypedStep("EmptyBucket", { Bucket: bucket }, { retries: 2, timeout: "15m" }),
          Build.untypedStep("DeleteBucketIfExists", { Bucket: bucket }, { retries: 2 })
        ]
      })
    )
  })

/** Every bucket of `credential` (following continuation tokens when the server pages). */
const listBuckets = (
  clients: S3Clients.S3ClientsShape,
  operation: Catalog.OperationInfo,
  credential: string,
  timeoutMs: number
) =>
  Effect.gen(function*() {
    const names: Array<string> = []
    let token: string | undefined
    do {
      const response = yield* clients.send(credential, operation, token === undefined ? {} : { ContinuationToken: token }, {
        timeoutMs
      })
      const buckets = response.output["Buckets"]
      for (const bucket of Array.isArray(buckets) ? buckets : []) {
        const name = (bucket as { Name?: unknown }).Name
        if (typeof name === "string") names.push(name)
      }
      const next = response.output["ContinuationToken"]
      token = typeof next === "string" && next !== "" ? next : undefined
    } while (token !== undefined)
    return names
  })

/** The buckets of `main` and `alt` that start with `prefix`; a bucket both list is `main`'s. */
const findBuckets = (loaded: Loader.LoadedSuite, endpoint: string, prefix: string, timeoutMs: number) =>
  Effect.gen(function*() {
    const clients = yield* S3Clients.S3Clients
    const operation = Catalog.lookup(loaded.catalog, "ListBuckets")
    if (operation === undefined) return yield* Effect.die(new Error("ListBuckets is not in the catalog"))
    const redact = Redaction.make(Redaction.secretsOf(loaded.suite))
    const found = new Map<string, string>()
    for (const credential of owners) {
      const names = yield* listBuckets(clients, operation, credential, timeoutMs).pipe(
        Effect.catch((error) =>
          exitWith(ExitCode.runNotCarriedOut, [pc.red(redact(`cannot list the buckets of ${credential}: ${error.message}`))])
        )
      )
      for (const name of names) if (name.startsWith(prefix) && !found.has(name)) found.set(name, credential)
    }
    return [...found].map(([bucket, credential]): Found => ({ bucket, credential })).sort((a, b) =>
      a.bucket.localeCompare(b.bucket)
    )
  }).pipe(Effect.provide(S3Clients.S3Clients.layer(loaded.suite.config).pipe(Layer.provide(Target.Target.fromEndpoint(endpoint)))))

/** Removes `found` through the engine, printing each bucket as it is done; how many were removed and not. */
const removeBuckets = (config: typeof Suite.TargetConfig.Encoded, endpoint: string, found: ReadonlyArray<Found>, concurrency: number) =>
  Effect.gen(function*() {
    const firstFailure = new Map<string, string>()
    const owner = new Map(found.map((f) => [f.bucket, f.credential]))
    const report = yield* Runner.run(cleanSuite(config, found), {
      concurrency,
      preflight: false,
      onEvent: (event) => {
        if (event._tag === "StepFinished") {
          const r = event.result
          if (r.outcome !== "passed" && !firstFailure.has(r.group)) {
            firstFailure.set(r.group, `${r.operation}: ${r.message ?? r.outcome}`)
          }
        }
        if (event._tag === "GroupFinished") {
          const g = event.result
          const who = owner.get(g.name) ?? "?"
          if (g.outcome === "passed") write(`  ${pc.green("removed")} ${g.name} (${who})`)
          else write(`  ${pc.red("failed ")} ${g.name} (${who}): ${firstFailure.get(g.name) ?? g.outcome}`)
        }
      }
    }).pipe(
      Effect.provide(Target.Target.fromEndpoint(endpoint)),
      Effect.catchTag("ConfigError", configProblem),
      Effect.catchTag("EndpointUnreachable", (error) => exitWith(ExitCode.runNotCarriedOut, [pc.red(error.message)]))
    )
    const removed = report.groups.filter((g) => g.outcome === "passed").length
    return { removed, failed: found.length - removed }
  })

/** What `clean` was given on the command line. */
export interface CleanInput {
  readonly prefix: string
  readonly target: Option.Option<string>
  readonly targets: Option.Option<string>
  readonly dryRun: boolean
  readonly concurrency: number
}

/** Runs `clean`: finds the buckets, then (unless a dry run) removes them. */
export const clean = (input: CleanInput) =>
Effect.gen(function*() {
    const prefix = input.prefix
    if (prefix.trim() === "") return yield* exitWith(ExitCode.invalidConfiguration, ["--prefix is empty: it would match every bucket"])
    if (prefix.length < minimumPrefixLength) {
      return yield* exitWith(ExitCode.invalidConfiguration, [
        `--prefix "${prefix}" is too short: give at least ${minimumPrefixLength} characters (e.g. s3t-), so no bucket that is not a leftover matches`
      ])
    }
    const resolved = Targets.resolveTarget(Option.getOrUndefined(input.target), Option.getOrUndefined(input.targets))
    if (Result.isFailure(resolved)) return yield* configProblem(resolved.failure)
    const target = resolved.success
    const endpoint = target.endpoint
    if (endpoint === undefined) {
      write(`${target.name}: the embedded server starts empty with every run and keeps nothing; nothing to clean`)
      return
    }
    write(`s3tester clean: target ${target.name} (${endpoint}), buckets starting with "${prefix}"`)
    const config = Suites.configOf(target)
    // Loading checks the target's config and substitutes its keys (from the environment), redacted.
    const loaded = yield* Runner.load(Build.suite({ config, groups: [] }), { env: process.env }).pipe(
      // The config is generated from the target: its problems are the target's (a missing key variable).
      Effect.catchTag("ConfigError", (error) =>
        exitWith(ExitCode.invalidConfiguration, [
          ...error.diagnostics.map((d) => `target ${target.name}: ${d.message}`),
          pc.red("nothing was cleaned")
        ]))
    )
    yield* Preflight.checkReachable(endpoint, 5_000).pipe(
      Effect.catchTag("EndpointUnreachable", (error) => exitWith(ExitCode.runNotCarriedOut, [pc.red(error.message)]))
    )
    const timeoutMs = target.timeout === undefined ? defaultTimeoutMs : Suite.durationToMillis(target.timeout)
    const found = yield* findBuckets(loaded, endpoint, prefix, timeoutMs)
    if (found.length === 0) {
      write(`No bucket of ${owners.join(" or ")} starts with "${prefix}": nothing to clean.`)
      return
    }
    write(`${found.length} bucket${found.length === 1 ? "" : "s"} found:`)
    for (const f of found) write(`  ${f.bucket} (${f.credential})`)
    if (input.dryRun) {
      write("Dry run: nothing was removed.")
      return
    }
    const { removed, failed } = yield* removeBuckets(config, endpoint, found, Math.max(1, input.concurrency))
    write(`Removed ${removed} of ${found.length} bucket${found.length === 1 ? "" : "s"}${failed === 0 ? "" : `; ${failed} could not be removed`}.`)
    if (failed > 0) return yield* Effect.fail(new ExitWith({ code: ExitCode.testsFailed }))
  })
