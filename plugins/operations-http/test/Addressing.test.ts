/**
 * `addressing: virtual` reaches the plugin operations: the ones that build their own URLs (PostObject,
 * HttpRequest) and the ones that sign with the engine's client (PresignedGet) go virtual-hosted like
 * the SDK steps, checked against a loopback recorder (no server semantics involved: only where each
 * request went).
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { runWithPlugins } from "../../../packages/core/test/support/pluginRun.ts"
import { useS3Recorder } from "../../../packages/core/test/support/s3Recorder.ts"
import plugin from "../src/index.ts"

const recorder = useS3Recorder()

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

/** `name: outcome (message)` of each step of a run against the recorder. */
const run = (text: string) =>
  runWithPlugins(text, [plugin], recorder.endpoint).pipe(
    Effect.map((steps) => steps.map((s) => `${s.name}: ${s.outcome}${s.message === undefined ? "" : ` (${s.message})`}`))
  )

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
