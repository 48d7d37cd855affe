/**
 * `addressing: virtual` reaches the plugin operations: the ones that build their own URLs (PostObject,
 * HttpRequest) and the ones that sign with the engine's client (PresignedGet) go virtual-hosted like
 * the SDK steps, checked against a loopback recorder (no server semantics involved: only where each
 * request went).
 */
import * as NodeServices from "@effect/platform-node/NodeServices"
import { assert, describe, it } from "@effect/vitest"
import { Engine, Loader, RunEvent, S3Clients, Target } from "@s3tester/core"
import type { RunResult } from "@s3tester/core"
import { Effect, Layer, PubSub } from "effect"
import { afterAll, beforeAll, beforeEach } from "vitest"
import {
  resolveLocalhostSubdomains,
  type S3Recorder,
  startS3Recorder
} from "../../../packages/core/test/support/s3Recorder.ts"
import plugin from "../src/index.ts"

let recorder: S3Recorder
let restoreLookup: () => void

beforeAll(async () => {
  recorder = await startS3Recorder()
  restoreLookup = resolveLocalhostSubdomains()
})

afterAll(async () => {
  restoreLookup()
  await recorder.close()
})

beforeEach(() => {
  recorder.seen.length = 0
})

const suite = (addressing: string) => `
config:
  region: us-east-1
  credentials:
    - { name: main, access_key: AKMAIN, secret_key: main-secret }
${addressing}
test_cases:
  groups:
    - name: addressing
      test:
        - operation: PutObject
          parameters: { Bucket: vbucket, Key: sdk, Body: from the step }
        - operation: PostObject
          parameters: { Bucket: vbucket, Key: post, Body: posted }
        - operation: HttpRequest
          parameters: { Bucket: vbucket, Key: raw }
        - operation: PresignedGet
          parameters: { Bucket: vbucket, Key: presigned }
`

const run = (text: string) =>
  Effect.gen(function*() {
    const loaded = yield* Loader.loadString(text, "addressing.yaml", { env: {}, plugins: [plugin] })
    const bus = yield* PubSub.unbounded<RunEvent.RunEvent>()
    const subscription = yield* PubSub.subscribe(bus)
    yield* Engine.run(loaded.suite, { catalog: loaded.catalog, events: bus }).pipe(
      Effect.provide(S3Clients.S3Clients.layer(loaded.suite.config).pipe(Layer.provideMerge(Target.Target.fromEndpoint(recorder.endpoint))))
    )
    const events = yield* PubSub.takeAll(subscription)
    const steps = events.flatMap((e): Array<RunResult.StepResult> => (e._tag === "StepFinished" ? [e.result] : []))
    return steps.map((s) => `${s.name}: ${s.outcome}${s.message === undefined ? "" : ` (${s.message})`}`)
  }).pipe(Effect.scoped, Effect.provide(NodeServices.layer))

const passed = ["PutObject: passed", "PostObject: passed", "HttpRequest: passed", "PresignedGet: passed"]

describe("addressing reaches the plugin operations", () => {
  it.live("addressing: virtual: every operation, SDK step or plugin, puts the bucket in the Host", () =>
    Effect.gen(function*() {
      assert.deepStrictEqual(yield* run(suite("  addressing: virtual")), passed)
      const host = `vbucket.localhost:${recorder.port}`
      assert.deepStrictEqual(recorder.seen.map((r) => `${r.method} ${r.host} ${r.path}`), [
        `PUT ${host} /sdk`,
        `POST ${host} /`,
        `GET ${host} /raw`,
        `GET ${host} /presigned`
      ])
    }))

  it.live("addressing: path: every operation puts the bucket in the path", () =>
    Effect.gen(function*() {
      assert.deepStrictEqual(yield* run(suite("  addressing: path")), passed)
      const host = `localhost:${recorder.port}`
      assert.deepStrictEqual(recorder.seen.map((r) => `${r.method} ${r.host} ${r.path}`), [
        `PUT ${host} /vbucket/sdk`,
        `POST ${host} /vbucket`,
        `GET ${host} /vbucket/raw`,
        `GET ${host} /vbucket/presigned`
      ])
    }))
})
