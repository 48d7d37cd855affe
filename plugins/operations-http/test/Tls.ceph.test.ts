/**
 * The operations over TLS with a private CA: a self-signed HTTPS proxy in front of Ceph RGW, and
 * the target's `ca_bundle` trusted by every request the operations send, through the engine's client
 * (MultipartUpload, the presigning) or on their own (presigned GET/PUT, POST, raw requests). Without
 * the bundle they fail, saying why.
 */
import * as NodeServices from "@effect/platform-node/NodeServices"
import { randomBytes } from "node:crypto"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import * as NodePath from "node:path"
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { afterAll, beforeAll } from "vitest"
import { type FaultProxy, startFaultProxy } from "../../../packages/core/test/support/faultProxy.ts"
import { selfSigned } from "../../../packages/core/test/integration/bodiesSupport.ts"
import { cephEndpoint, runOnCeph } from "./support/cephRun.ts"
import { envConfig } from "../../../packages/core/test/support/envConfig.ts"

const env = process.env
const dir = mkdtempSync(NodePath.join(tmpdir(), "s3t-http-tls-"))
let cert: { readonly key: string; readonly cert: string }
let proxy: FaultProxy

beforeAll(async () => {
  cert = selfSigned(dir)
  proxy = await startFaultProxy(cephEndpoint(), { tls: cert })
})

afterAll(async () => {
  await proxy.close()
  rmSync(dir, { recursive: true, force: true })
})

const header = (tls: string) => `
${envConfig({ region: env["S3_REGION"] ?? "us-east-1", extra: [tls] })}
test_cases:
  groups:
    - name: tls`

const withBundle = (bucket: string) => `${header(`  ca_bundle: ${cert.cert}`)}
      before_test:
        - operation: CreateBucket
          parameters: { Bucket: ${bucket} }
      test:
        - operation: PresignedPut
          parameters: { Bucket: ${bucket}, Key: a.txt, Body: over tls }
        - operation: PresignedGet
          parameters: { Bucket: ${bucket}, Key: a.txt }
          expected_result: { body: { text: over tls }, response: { StatusCode: 200 } }
        - operation: PostObject
          parameters: { Bucket: ${bucket}, Key: posted.txt, Body: posted over tls, SuccessActionStatus: 201 }
          expected_result: { response: { StatusCode: 201 } }
        - operation: HttpRequest
          parameters: { Bucket: ${bucket}, Key: posted.txt }
          expected_result: { body: { text: posted over tls }, response: { StatusCode: 200 } }
        - operation: MultipartUpload
          parameters: { Bucket: ${bucket}, Key: mpu.bin, Body: { generate: { size: 6MiB, seed: 4 } }, PartSize: 5MiB }
          expected_result: { response: { PartCount: 2, Size: 6291456 } }
      after_test:
        - operation: DeleteObjects
          parameters:
            Bucket: ${bucket}
            Delete: { Objects: [{ Key: a.txt }, { Key: posted.txt }, { Key: mpu.bin }] }
        - operation: DeleteBucket
          parameters: { Bucket: ${bucket} }
`

const withoutBundle = (bucket: string) => `${header("")}
      test:
        - operation: PresignedGet
          parameters: { Bucket: ${bucket}, Key: a.txt }
        - operation: PostObject
          parameters: { Bucket: ${bucket}, Key: posted.txt, Body: x }
        - operation: HttpRequest
          parameters: { Bucket: ${bucket}, Key: a.txt }
        - operation: MultipartUpload
          parameters: { Bucket: ${bucket}, Key: mpu.bin, Body: x }
`

describe("@s3tester/operations-http over TLS with a private CA", () => {
  it.effect("with ca_bundle, every operation reaches RGW through the self-signed proxy", () =>
    Effect.gen(function*() {
      const bucket = `s3t-http-tls-${randomBytes(4).toString("hex")}`
      const { steps, report } = yield* runOnCeph(withBundle(bucket), "tls.yaml", proxy.endpoint)
      assert.deepStrictEqual(
        steps.map((s) => `${s.name}: ${s.outcome}`),
        [
          "CreateBucket: passed",
          "PresignedPut: passed",
          "PresignedGet: passed",
          "PostObject: passed",
          "HttpRequest: passed",
          "MultipartUpload: passed",
          "DeleteObjects: passed",
          "DeleteBucket: passed"
        ],
        report
      )
      const methods = new Set(proxy.seen.filter((r) => r.path.startsWith(`/${bucket}`)).map((r) => r.method))
      assert.deepStrictEqual([...methods].sort(), ["DELETE", "GET", "POST", "PUT"])
    }).pipe(Effect.provide(NodeServices.layer)))

  it.effect("without it, each operation errors: the certificate is self-signed", () =>
    Effect.gen(function*() {
      const before = proxy.seen.length
      const { steps, report } = yield* runOnCeph(withoutBundle("s3t-http-tls-none"), "tls.yaml", proxy.endpoint)
      assert.deepStrictEqual(
        steps.map((s) => `${s.name}: ${s.outcome}`),
        ["PresignedGet: errored", "PostObject: errored", "HttpRequest: errored", "MultipartUpload: errored"],
        report
      )
      for (const step of steps) assert.match(step.message ?? "", /self[- ]signed certificate/i, report)
      assert.strictEqual(proxy.seen.length, before, "no request got past the TLS handshake")
    }).pipe(Effect.provide(NodeServices.layer)))
})
