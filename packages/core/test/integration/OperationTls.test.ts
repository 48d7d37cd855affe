/**
 * A plugin operation through a self-signed HTTPS proxy in front of Ceph RGW: the client the engine
 * hands it trusts the target's `ca_bundle` like the SDK steps' (one client factory), and without the
 * bundle the certificate is refused with a message that says so.
 */
import { randomBytes } from "node:crypto"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import * as NodePath from "node:path"
import { GetObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Schema } from "effect"
import { afterAll, beforeAll } from "vitest"
import * as Plugin from "../../src/Plugin.ts"
import { type FaultProxy, startFaultProxy } from "../support/faultProxy.ts"
import { describeSteps, runWithPlugins } from "../support/pluginRun.ts"
import { realS3, selfSigned } from "./bodiesSupport.ts"
import { envConfig } from "../support/envConfig.ts"

const s3 = realS3()
const dir = mkdtempSync(NodePath.join(tmpdir(), "s3t-operation-tls-"))
let cert: { readonly key: string; readonly cert: string }
let tlsProxy: FaultProxy

/** Writes an object and reads it back with the engine's client: the answer is what it read. */
const RoundTrip = Plugin.defineOperation({
  name: "RoundTrip",
  parameters: Schema.Struct({ Bucket: Schema.String, Key: Schema.String, Text: Schema.String }),
  run: async ({ Bucket, Key, Text }, ctx) => {
    const client = ctx.client()
    await client.send(new PutObjectCommand({ Bucket, Key, Body: Text }), { abortSignal: ctx.signal })
    const back = await client.send(new GetObjectCommand({ Bucket, Key }), { abortSignal: ctx.signal })
    return { $metadata: { httpStatusCode: 200 }, Read: await back.Body!.transformToString() }
  }
})

const plugin = Plugin.definePlugin({ name: "tls-probe", operations: [RoundTrip] })

const header = (tls: string) => `
${envConfig({ region: s3.region, extra: [tls] })}
test_cases:
  groups:
    - name: tls`

const roundTrip = (bucket: string) => `
        - operation: RoundTrip
          parameters: { Bucket: ${bucket}, Key: tls.txt, Text: over tls }
          expected_result:
            response: { Read: over tls }`

/** The bucket made and removed by SDK steps, the object written and read by the plugin operation. */
const suite = (bucket: string, tls: string) => `${header(tls)}
      before_test:
        - operation: CreateBucket
          parameters: { Bucket: ${bucket} }
      test:${roundTrip(bucket)}
      after_test:
        - operation: DeleteObject
          parameters: { Bucket: ${bucket}, Key: tls.txt }
        - operation: DeleteBucket
          parameters: { Bucket: ${bucket} }
`

const env = { S3_ACCESS_KEY_ID: s3.accessKeyId, S3_SECRET_ACCESS_KEY: s3.secretAccessKey }

beforeAll(async () => {
  cert = selfSigned(dir)
  tlsProxy = await startFaultProxy(s3.endpoint, { tls: cert })
})

afterAll(async () => {
  await tlsProxy.close()
  rmSync(dir, { recursive: true, force: true })
})

describe("plugin operations over TLS with a private CA", () => {
  it.live("with ca_bundle, the plugin's client reaches RGW through the self-signed proxy like the steps", () =>
    Effect.gen(function*() {
      const bucket = `s3t-optls-${randomBytes(4).toString("hex")}`
      const steps = yield* runWithPlugins(suite(bucket, `  ca_bundle: ${cert.cert}`), [plugin], tlsProxy.endpoint, env)
      assert.deepStrictEqual(
        steps.map((s) => `${s.name}: ${s.outcome}`),
        ["CreateBucket: passed", "RoundTrip: passed", "DeleteObject: passed", "DeleteBucket: passed"],
        describeSteps(steps)
      )
      // the plugin's PUT and GET went through the proxy, over TLS
      const keyRequests = tlsProxy.seen.filter((r) => r.path === `/${bucket}/tls.txt`).map((r) => r.method)
      assert.deepStrictEqual(keyRequests.slice(0, 2), ["PUT", "GET"])
    }))

  it.live("without ca_bundle, the plugin operation errors clearly: the certificate is self-signed", () =>
    Effect.gen(function*() {
      const bucket = `s3t-optls-${randomBytes(4).toString("hex")}`
      const before = tlsProxy.seen.length
      const steps = yield* runWithPlugins(`${header("")}\n      test:${roundTrip(bucket)}\n`, [plugin], tlsProxy.endpoint, env)
      assert.deepStrictEqual(steps.map((s) => `${s.name}: ${s.outcome}`), ["RoundTrip: errored"], describeSteps(steps))
      assert.match(steps[0]!.message ?? "", /^network error: self[- ]signed certificate/i)
      assert.strictEqual(tlsProxy.seen.length, before, "no request got past the TLS handshake")
    }))
})
