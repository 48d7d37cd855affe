/**
 * Plugin operations get the run's S3 clients (the one factory): the same addressing, the same
 * Content-MD5, the same client object and the same traces as the SDK steps, checked against a
 * loopback recorder.
 */
import { HeadObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Schema } from "effect"
import { beforeEach } from "vitest"
import * as Plugin from "../src/Plugin.ts"
import { describeSteps, runWithPlugins } from "./support/pluginRun.ts"
import { useS3Recorder } from "./support/s3Recorder.ts"

const recorder = useS3Recorder()
const contexts: Array<{ readonly pathStyle: boolean; readonly client: S3Client; readonly settings: object }> = []

/** Sends a HeadObject, then a PutObject, with the client the engine hands it. */
const ProbeClient = Plugin.defineOperation({
  name: "ProbeClient",
  parameters: Schema.Struct({ Bucket: Schema.String, Key: Schema.String }),
  run: async (parameters, ctx) => {
    const client = ctx.client()
    contexts.push({ pathStyle: ctx.pathStyle, client, settings: ctx.clientConfig() })
    await client.send(new HeadObjectCommand(parameters), { abortSignal: ctx.signal })
    return client.send(new PutObjectCommand({ ...parameters, Body: "from the plugin" }), { abortSignal: ctx.signal })
  }
})

const plugin = Plugin.definePlugin({ name: "probe-plugin", operations: [ProbeClient] })

const suite = (config: string) => `
config:
  region: us-east-1
  credentials:
    - { name: main, access_key: AKMAIN, secret_key: main-secret }
${config}
test_cases:
  groups:
    - name: g
      test:
        - operation: PutObject
          parameters: { Bucket: vbucket, Key: sdk, Body: from the step }
        - operation: ProbeClient
          parameters: { Bucket: vbucket, Key: plugin }
        - operation: ProbeClient
          parameters: { Bucket: vbucket, Key: again }
`

beforeEach(() => {
  contexts.length = 0
})

describe("plugin operations and SDK steps share one client factory", () => {
  it.live("addressing: virtual: the step and the plugin's client both go virtual-hosted, and ctx.pathStyle says so", () =>
    Effect.gen(function*() {
      const steps = yield* runWithPlugins(suite("  addressing: virtual"), [plugin], recorder.endpoint)
      assert.deepStrictEqual(steps.map((s) => s.outcome), ["passed", "passed", "passed"], describeSteps(steps))
      const seen = recorder.seen.map((r) => `${r.method} ${r.host} ${r.path}`)
      const host = `vbucket.localhost:${recorder.port}`
      assert.deepStrictEqual(seen, [
        `PUT ${host} /sdk`,
        `HEAD ${host} /plugin`,
        `PUT ${host} /plugin`,
        `HEAD ${host} /again`,
        `PUT ${host} /again`
      ])
      // path_style defaults to true; addressing wins over it, for the plugin's own URLs too
      assert.deepStrictEqual(contexts.map((c) => c.pathStyle), [false, false])
    }))

  it.live("addressing: path (and the default) keeps the bucket in the path for both", () =>
    Effect.gen(function*() {
      const steps = yield* runWithPlugins(suite(""), [plugin], recorder.endpoint)
      assert.deepStrictEqual(steps.map((s) => s.outcome), ["passed", "passed", "passed"], describeSteps(steps))
      assert.deepStrictEqual(recorder.seen.map((r) => r.path), ["/vbucket/sdk", "/vbucket/plugin", "/vbucket/plugin", "/vbucket/again", "/vbucket/again"])
      assert.isTrue(recorder.seen.every((r) => r.host === `localhost:${recorder.port}`))
      assert.deepStrictEqual(contexts.map((c) => c.pathStyle), [true, true])
    }))

  it.live("content_md5 (with checksums: when_supported): the plugin's client sends Content-MD5 like the steps do; one client serves the whole run", () =>
    Effect.gen(function*() {
      const steps = yield* runWithPlugins(suite("  content_md5: true\n  checksums: when_supported"), [plugin], recorder.endpoint)
      assert.deepStrictEqual(steps.map((s) => s.outcome), ["passed", "passed", "passed"], describeSteps(steps))
      const puts = recorder.seen.filter((r) => r.method === "PUT")
      assert.strictEqual(puts.length, 3)
      // MD5("from the step"), MD5("from the plugin") twice
      assert.deepStrictEqual(puts.map((r) => r.headers["content-md5"]), [
        "o7YCtOqrPyYIZf5LHS1ZkQ==",
        "XgR3rCBGASHdr5fj9FqsGw==",
        "XgR3rCBGASHdr5fj9FqsGw=="
      ])
      assert.strictEqual(contexts.length, 2)
      // one client underneath (each step sees it through its own trace view)
      assert.strictEqual(contexts[0]!.client.config, contexts[1]!.client.config)
      assert.strictEqual(contexts[0]!.client.middlewareStack, contexts[1]!.client.middlewareStack)
    }))

  it.live("trace on: a plugin's calls through its client are its step's exchanges, and the run's clients add no middleware (the SDK sorts its stack on every call)", () =>
    Effect.gen(function*() {
      const steps = yield* runWithPlugins(suite(""), [plugin], recorder.endpoint, {}, "on")
      assert.deepStrictEqual(steps.map((s) => s.outcome), ["passed", "passed", "passed"], describeSteps(steps))
      const calls = steps.map((s) =>
        (s.trace?.attempts ?? []).flatMap((a) => a.exchanges.map((e) => `${e.request.method} ${e.request.path} ${e.response?.status}`))
      )
      assert.deepStrictEqual(calls, [
        ["PUT /vbucket/sdk 200"],
        ["HEAD /vbucket/plugin 200", "PUT /vbucket/plugin 200"],
        ["HEAD /vbucket/again 200", "PUT /vbucket/again 200"]
      ])
      const plain = new S3Client(contexts[0]!.settings)
      try {
        assert.deepStrictEqual(contexts[0]!.client.middlewareStack.identify(), plain.middlewareStack.identify())
      } finally {
        plain.destroy()
      }
    }))
})
