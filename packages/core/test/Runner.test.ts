/**
 * The code-first API without a server: code-built suites get the loader's checks, and a run with
 * scripted S3 answers (S3Clients.layerTest) reports every step, feeds onEvent, and stops early on
 * request with after_test still run.
 */
import { assert, describe, it } from "@effect/vitest"
import { createRequire } from "node:module"
import { isAbsolute } from "node:path"
import { Effect } from "effect"
import * as Build from "../src/Build.ts"
import * as Runner from "../src/Runner.ts"
import { CallError, S3Clients } from "../src/S3Clients.ts"
import { Target } from "../src/Target.ts"
import type { ReporterContext } from "../src/Reporter.ts"

const { group, step, suite, untypedStep } = Build
const config = { credentials: [{ name: "main", access_key: "a", secret_key: "s" }] }

const scripted = () =>
  S3Clients.layerTest((request) =>
    request.operation.name === "GetObject" && request.input["Key"] === "missing"
      ? Effect.fail(new CallError({ kind: "service", message: "no", httpStatus: 404, errorCode: "NoSuchKey" }))
      : Effect.succeed({ output: {}, httpStatus: 200 })
  )

const options = { preflight: false, clients: () => scripted() } as const
const target = Target.fromEndpoint("http://127.0.0.1:9")

describe("Build.validate", () => {
  it.effect("reports a misspelt parameter of a code-built suite like the YAML loader does", () =>
    Effect.gen(function*() {
      const definition = suite({ config, groups: [group({ name: "g", test: [untypedStep("PutObject", { Bukcet: "b", Key: "k" })] })] })
      const error = yield* Effect.flip(Runner.load(definition))
      assert.match(error.message, /code-built suite:\d+:\d+: .*Bukcet.*did you mean "Bucket"/)
      assert.match(error.message, /test_cases\.groups\[0\]\.test\[0\]/)
    }))

  it.effect("accepts a valid suite and normalises it (default credential, expectation)", () =>
    Effect.gen(function*() {
      const loaded = yield* Runner.load(suite({ config, groups: [group({ name: "g", test: [step("HeadBucket", { Bucket: "b" })] })] }))
      const g = loaded.suite.test_cases.groups[0]!
      assert.strictEqual(g.credential, "main")
      assert.deepStrictEqual(g.test[0]!.expected_result, { success: true })
    }))
})

describe("Runner.run", () => {
  const definition = suite({
    config,
    groups: [
      group({
        name: "g",
        test: [
          step("PutObject", { Bucket: "b", Key: "k", Body: "x" }),
          step("GetObject", { Bucket: "b", Key: "missing" }, { name: "fails" }),
          untypedStep("Sleep", { Duration: "5s" }, { name: "not reached" })
        ],
        after_test: [step("DeleteBucket", { Bucket: "b" })]
      })
    ]
  })

  it.effect("stops at the first failure from onEvent; after_test still runs", () =>
    Effect.gen(function*() {
      const tags: Array<string> = []
      const report = yield* Runner.run(definition, {
        ...options,
        onEvent: (event, control) => {
          tags.push(event._tag)
          if (event._tag === "StepFinished" && event.result.outcome === "failed") control.stop("first failure")
        }
      }).pipe(Effect.provide(target))
      assert.strictEqual(report.stopped, "first failure")
      assert.isTrue(report.interrupted)
      assert.isFalse(report.success)
      const byName = Object.fromEntries(report.steps.map((s) => [s.name, s.outcome]))
      assert.deepStrictEqual(byName, { PutObject: "passed", fails: "failed", "not reached": "skipped", DeleteBucket: "passed" })
      assert.strictEqual(tags.at(-1), "RunFinished")
    }))

  it.effect("feeds reporter objects and returns every step when not stopped", () =>
    Effect.gen(function*() {
      const seen: Array<string> = []
      const report = yield* Runner.run(
        suite({ config, groups: [group({ name: "g", test: [step("PutObject", { Bucket: "b", Key: "k", Body: new Uint8Array([1]) })] })] }),
        { ...options, reporters: [{ name: "mine", apiVersion: 1, onStepEnd: (r) => void seen.push(r.operation) }] }
      ).pipe(Effect.provide(target))
      assert.isTrue(report.success)
      assert.deepStrictEqual(seen, ["PutObject"])
      assert.strictEqual(report.steps.length, 1)
      assert.isFalse(report.reporters.failed)
    }))

  it.effect("keepSteps: false: reporters and the summary see every step, the report holds none", () =>
    Effect.gen(function*() {
      const seen: Array<string> = []
      const report = yield* Runner.run(
        suite({
          config,
          groups: [group({
            name: "g",
            test: [step("PutObject", { Bucket: "b", Key: "k", Body: "x" }), step("GetObject", { Bucket: "b", Key: "missing" }, { name: "fails" })],
            after_test: [step("DeleteBucket", { Bucket: "b" })]
          })]
        }),
        { ...options, keepSteps: false, reporters: [{ name: "mine", apiVersion: 1, onStepEnd: (r) => void seen.push(r.name ?? r.operation) }] }
      ).pipe(Effect.provide(target))
      assert.deepStrictEqual(seen, ["PutObject", "fails", "DeleteBucket"])
      assert.strictEqual(report.counts.total, 3)
      assert.strictEqual(report.counts.failed, 1)
      assert.deepStrictEqual(report.steps, [])
    }))

  it.effect("runSuite rejects without endpoint or target", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(Effect.tryPromise(() => Runner.runSuite(definition, { preflight: false })))
      assert.match(String((error as { cause?: unknown }).cause ?? error), /no endpoint.*LocalS3\.layer/)
    }))
})

describe("Runner.run options the CLI uses", () => {
  const slow = () =>
    S3Clients.layerTest((request) =>
      Effect.sleep(request.operation.name === "GetObject" ? "300 millis" : "1 millis").pipe(
        Effect.as({ output: {}, httpStatus: 200 })
      )
    )
  const timed = suite({
    config: { ...config, timeout: "20s" },
    groups: [
      group({
        name: "g",
        test: [
          step("GetObject", { Bucket: "b", Key: "k" }, { name: "no timeout of its own" }),
          step("GetObject", { Bucket: "b", Key: "k" }, { name: "own timeout", timeout: "5s" })
        ]
      })
    ]
  })
  const byName = (report: Runner.Report) => Object.fromEntries(report.steps.map((s) => [s.name, s.outcome]))

  it.live("timeoutMs replaces config.timeout; a step's own timeout is kept", () =>
    Effect.gen(function*() {
      const overridden = yield* Runner.run(timed, { preflight: false, clients: slow, timeoutMs: 100 }).pipe(Effect.provide(target))
      assert.deepStrictEqual(byName(overridden), { "no timeout of its own": "errored", "own timeout": "passed" })
      const plain = yield* Runner.run(timed, { preflight: false, clients: slow }).pipe(Effect.provide(target))
      assert.deepStrictEqual(byName(plain), { "no timeout of its own": "passed", "own timeout": "passed" })
    }))

  it.effect("reporter factories get an absolute output directory and the core's version", () =>
    Effect.gen(function*() {
      const contexts: Array<ReporterContext> = []
      yield* Runner.run(timed, {
        ...options,
        outputDir: "relative-out",
        reporters: [{ name: "ctx", apiVersion: 1, make: (_: unknown, context: ReporterContext) => {
          contexts.push(context)
          return { name: "ctx", apiVersion: 1 }
        } }]
      }).pipe(Effect.provide(target))
      const version = (createRequire(import.meta.url)("../package.json") as { version: string }).version
      assert.strictEqual(contexts.length, 1)
      assert.isTrue(isAbsolute(contexts[0]!.outputDir), contexts[0]!.outputDir)
      assert.strictEqual(contexts[0]!.toolVersion, version)
    }))

  it.effect("a shard runs its share of the groups; extra reporters and built-in names are fed like the others", () =>
    Effect.gen(function*() {
      const groups = ["a", "b", "c", "d"].map((name) => group({ name, test: [step("HeadBucket", { Bucket: name })] }))
      const seen: Array<string> = []
      const named: Array<string> = []
      const report = yield* Runner.run(suite({ config, groups }), {
        ...options,
        shard: { index: 1, total: 2 },
        reporters: ["mine"],
        builtInReporters: { mine: { name: "mine", apiVersion: 1, onStepEnd: (r) => void named.push(r.group) } },
        extraReporters: [{ name: "console", apiVersion: 1, onStepEnd: (r) => void seen.push(r.group) }]
      }).pipe(Effect.provide(target))
      assert.strictEqual(report.steps.length, 2)
      assert.deepStrictEqual(seen.sort(), report.steps.map((s) => s.group).sort())
      assert.deepStrictEqual(named.sort(), seen)
    }))
})
