import * as NodeServices from "@effect/platform-node/NodeServices"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Fiber, Layer, PubSub, Schema } from "effect"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { TestClock } from "effect/testing"
import * as Catalog from "../src/Catalog.ts"
import * as Diagnostic from "../src/Diagnostic.ts"
import * as Engine from "../src/Engine.ts"
import * as Loader from "../src/Loader.ts"
import * as Plugin from "../src/Plugin.ts"
import * as PluginLoader from "../src/PluginLoader.ts"
import * as Reporters from "../src/Reporters.ts"
import type { RunEvent } from "../src/RunEvent.ts"
import type { StepResult } from "../src/RunResult.ts"
import type * as SuiteModel from "../src/Suite.ts"
import { CallError, S3Clients } from "../src/S3Clients.ts"
import type { TestRequest } from "../src/S3Clients.ts"

import { Target } from "../src/Target.ts"

const seen: Array<{ readonly parameters: unknown; readonly endpoint: string; readonly credential: string }> = []

const Echo = Plugin.defineOperation({
  name: "EchoThing",
  parameters: Schema.Struct({
    Bucket: Schema.String,
    ExpiresIn: Schema.Number.pipe(Schema.withDecodingDefaultKey(Effect.succeed(60))),
    Mode: Schema.optionalKey(Schema.Literals(["fast", "slow"])),
    Fail: Schema.optionalKey(Schema.Number)
  }),
  run: async (parameters, ctx) => {
    seen.push({ parameters, endpoint: ctx.endpoint, credential: ctx.credential.name })
    if (parameters.Fail !== undefined) {
      throw new Plugin.OperationError({ message: "denied", httpStatus: parameters.Fail, errorCode: "AccessDenied" })
    }
    return { $metadata: { httpStatusCode: 200 }, Echo: parameters.Bucket }
  }
})

const plugin = Plugin.definePlugin({ name: "test-plugin", operations: [Echo] })

const yaml = (steps: string) => `
config:
  endpoint_url: http://fake
  credentials:
    - { name: main, access_key: AK, secret_key: SECRETKEY }
test_cases:
  groups:
    - name: g
      test:
${steps}
`

const load = (text: string) =>
  Loader.loadString(text, "suite.yaml", { env: {}, plugins: [plugin] }).pipe(Effect.provide(NodeServices.layer))

const messages = (text: string) =>
  load(text).pipe(
    Effect.flip,
    Effect.map((error) => error.diagnostics.map(Diagnostic.format))
  )

const layers = (handler: (request: TestRequest) => Effect.Effect<any, CallError>) =>
  Layer.mergeAll(
    S3Clients.layerTest(handler),
    Layer.succeed(Target, Target.of({ endpoint: "http://target", description: "t", embedded: false }))
  )

/** Runs a loaded suite and returns its step results. */
const runSteps = (
  suite: SuiteModel.Suite,
  catalog: Catalog.Catalog,
  handler: (request: TestRequest) => Effect.Effect<any, CallError>
) =>
  Effect.gen(function*() {
    const bus = yield* PubSub.unbounded<RunEvent>()
    const subscription = yield* PubSub.subscribe(bus)
    yield* Engine.run(suite, { catalog, events: bus }).pipe(Effect.provide(layers(handler)))
    const events = yield* PubSub.takeAll(subscription)
    return events.flatMap((e): Array<StepResult> => (e._tag === "StepFinished" ? [e.result] : []))
  })

describe("Plugin", () => {
  it("derives the parameters from the Schema (a default makes a field optional)", () => {
    const entry = Catalog.lookup(Plugin.catalog([plugin]), "echo-thing")
    assert.isDefined(entry)
    assert.strictEqual(entry!.source, "test-plugin")
    assert.deepStrictEqual(
      entry!.parameters.map((p) => [p.name, p.type, p.required]),
      [["Bucket", "string", true], ["ExpiresIn", "number", false], ["Mode", "string", false], ["Fail", "number", false]]
    )
    assert.deepStrictEqual(entry!.parameters[2]!.values, ["fast", "slow"])
  })

  it("rejects operation names that are not PascalCase", () => {
    assert.throws(() => Plugin.defineOperation({ name: "bad-name", parameters: Schema.Struct({}), run: () => ({}) }))
  })

  it("always has the utility operations, and the default catalog keeps them once", () => {
    const catalog = Plugin.catalog([plugin], Plugin.defaultCatalog)
    assert.strictEqual(Catalog.lookup(catalog, "sleep")?.source, "@s3tester/core")
    assert.strictEqual(Catalog.lookup(catalog, "WaitUntil")?.name, "WaitUntil")
  })

  it.effect("validates plugin steps at load time like built-in ones", () =>
    Effect.gen(function*() {
      const found = yield* messages(yaml(`        - operation: echo-thingg
          parameters: { bucket: b }
        - operation: EchoThing
          parameters: { buckt: b, mode: medium }
        - operation: EchoThing
          parameters: { bucket: b, expires-in: soon }`))
      assert.strictEqual(found.length, 5, found.join("\n"))
      assert.match(found[0]!, /^suite\.yaml:10:22: unknown operation "echo-thingg"; did you mean "EchoThing"\?/)
      assert.match(found[1]!, /^suite\.yaml:13:11: missing required parameter "Bucket" for EchoThing/)
      assert.match(found[2]!, /^suite\.yaml:13:25: unknown parameter "buckt" for EchoThing; did you mean "Bucket"\?/)
      assert.match(found[3]!, /^suite\.yaml:13:35: expected one of "fast", "slow" for "Mode", got "medium"/)
      assert.match(found[4]!, /^suite\.yaml:15:36: expected a number for "ExpiresIn", got string/)
    }))

  it.effect("checks WaitUntil's nested operation and parameters", () =>
    Effect.gen(function*() {
      const found = yield* messages(yaml(`        - operation: wait-until
          parameters:
            operation: HeadObjekt
        - operation: WaitUntil
          parameters:
            operation: head-object
            parameters: { Bucket: b, Kee: k }
            interval: soon`))
      assert.strictEqual(found.length, 4, found.join("\n"))
      assert.match(found[0]!, /^suite\.yaml:12:13: unknown operation "HeadObjekt" for WaitUntil; did you mean "HeadObject"\?/)
      assert.match(found[1]!, /^suite\.yaml:16:13: missing required parameter "Key" for HeadObject/)
      assert.match(found[2]!, /^suite\.yaml:16:38: unknown parameter "Kee" for HeadObject; did you mean "Key"\?/)
      assert.match(found[3]!, /^suite\.yaml:17:13: invalid "Interval" of WaitUntil: Expected a duration/)
    }))

  it.effect("runs a plugin operation and judges it with the expectation rules", () =>
    Effect.gen(function*() {
      seen.length = 0
      const loaded = yield* load(yaml(`        - operation: echo-thing
          parameters: { bucket: b1 }
        - operation: EchoThing
          parameters: { Bucket: b2, Fail: 403 }
          expected_result: { success: false, error_code: AccessDenied, http_status: 403 }
        - operation: EchoThing
          parameters: { Bucket: b3, Fail: 404 }
          expected_result: { success: false, http_status: 403 }`))
      const steps = yield* runSteps(loaded.suite, loaded.catalog, () =>
        Effect.fail(new CallError({ kind: "invalid", message: "no S3 here" })))
      assert.deepStrictEqual(steps.map((s) => s.outcome), ["passed", "passed", "failed"])
      assert.strictEqual(steps[0]!.actual?.httpStatus, 200)
      assert.deepStrictEqual(seen[0], {
        parameters: { Bucket: "b1", ExpiresIn: 60 },
        endpoint: "http://target",
        credential: "main"
      })
    }))

  it.effect("Sleep waits on the clock; WaitUntil repeats until the expectation holds", () =>
    Effect.gen(function*() {
      const calls: Array<TestRequest> = []
      const loaded = yield* load(yaml(`        - operation: Sleep
          parameters: { duration: 2m }
        - operation: WaitUntil
          parameters:
            operation: HeadObject
            parameters: { Bucket: b, Key: k }
            interval: 5s
            timeout: 1m
        - operation: WaitUntil
          parameters:
            operation: HeadObject
            parameters: { Bucket: b, Key: never }
            interval: 10s
            timeout: 30s`))
      const fiber = yield* runSteps(loaded.suite, loaded.catalog, (request) => {
        calls.push(request)
        const attempts = calls.filter((c) => c.input["Key"] === request.input["Key"]).length
        return request.input["Key"] === "k" && attempts >= 3
          ? Effect.succeed({ output: { ContentLength: 1 }, httpStatus: 200 })
          : Effect.fail(new CallError({ kind: "service", httpStatus: 404, errorCode: "NotFound", message: "nope" }))
      }).pipe(Effect.forkChild)
      yield* TestClock.adjust("10 minutes")
      const steps = yield* Fiber.join(fiber)
      assert.deepStrictEqual(steps.map((s) => s.outcome), ["passed", "passed", "failed"])
      assert.strictEqual(calls.filter((c) => c.input["Key"] === "k").length, 3)
      // attempts at 0s, 10s, 20s and 30s: the last one still within the 30s timeout
      assert.strictEqual(calls.filter((c) => c.input["Key"] === "never").length, 4)
      assert.match(steps[2]!.message ?? "", /HeadObject did not meet the expectation after 4 attempts in 30s/)
    }))

  it.effect("reports a plugin that cannot be found at the place it is named", () =>
    Effect.gen(function*() {
      const text = `plugins: ["@s3tester/no-such-plugin", ./nowhere.js]\n${yaml(`        - operation: Sleep
          parameters: { duration: 1s }`)}`
      const found = yield* Loader.loadString(text, "suite.yaml", { env: {} }).pipe(
        Effect.provide(NodeServices.layer),
        Effect.flip,
        Effect.map((error) => error.diagnostics.map(Diagnostic.format))
      )
      assert.strictEqual(found.length, 2, found.join("\n"))
      assert.match(found[0]!, /^suite\.yaml:1:11: cannot find plugin package "@s3tester\/no-such-plugin"/)
      assert.match(found[1]!, /^suite\.yaml:1:39: cannot find plugin "\.\/nowhere\.js"/)
    }))

  it.effect("bounds plugin loading: a module whose top-level await never settles is a diagnostic naming it", () =>
    Effect.gen(function*() {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "s3tester-plugin-"))
      yield* Effect.addFinalizer(() => Effect.sync(() => fs.rmSync(dir, { recursive: true, force: true })))
      fs.writeFileSync(path.join(dir, "hang.mjs"), "await new Promise(() => {})\nexport default {}\n")
      const text = `plugins: [./hang.mjs]\n${yaml(`        - operation: Sleep
          parameters: { duration: 1s }`)}`
      const fiber = yield* Effect.forkChild(
        Loader.loadString(text, path.join(dir, "suite.yaml"), { env: {} }).pipe(
          Effect.provide(NodeServices.layer),
          Effect.flip,
          Effect.map((error) => error.diagnostics.map(Diagnostic.format))
        )
      )
      for (let i = 0; i < 31; i++) yield* TestClock.adjust("1 second")
      const found = yield* Fiber.join(fiber)
      assert.deepStrictEqual(found, [
        `${path.join(dir, "suite.yaml")}:1:11: cannot load plugin "./hang.mjs" (${
          path.join(dir, "hang.mjs")
        }): it did not finish loading within 30s (does its module await something that never settles?) (at plugins[0])`
      ])
    }).pipe(Effect.scoped))

  it.effect("plugin and reporter names resolve the same way: a file named without ./ is found next to the naming file", () =>
    Effect.gen(function*() {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "s3tester-names-"))
      yield* Effect.addFinalizer(() => Effect.sync(() => fs.rmSync(dir, { recursive: true, force: true })))
      fs.writeFileSync(path.join(dir, "mine.mjs"), `export default { _tag: "Plugin", name: "mine", operations: [] }\n`)
      fs.writeFileSync(path.join(dir, "count.mjs"), `export default { name: "count", apiVersion: 1 }\n`)
      // the same rule for what is a path ("chart.js" is a package name, as npm allows)
      assert.isFalse(PluginLoader.isPath("mine.mjs"))
      assert.isTrue(PluginLoader.isPath("./mine.mjs"))
      assert.isTrue(PluginLoader.isPath(".."))
      assert.isFalse(PluginLoader.isPath(".hidden-package"))
      const plugin = yield* PluginLoader.load("mine.mjs", dir, dir)
      assert.strictEqual(plugin.name, "mine")
      assert.strictEqual((yield* PluginLoader.load("./mine.mjs", dir, dir)).name, "mine")
      const reporters = yield* Reporters.resolve([{ name: "count.mjs", baseDir: dir, path: ["reporters", 0] }], {
        context: { outputDir: dir, toolVersion: "0" }
      })
      assert.deepStrictEqual(reporters.map((r) => r.name), ["count"])
    }).pipe(Effect.scoped))
})

