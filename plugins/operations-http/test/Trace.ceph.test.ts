/**
 * Plugin operations give their exchanges to the step's trace (Ceph RGW): the presigned URL's
 * signature and credential are masked in the traced query, a secret given as a parameter appears
 * nowhere, and a plugin's SDK client (MultipartUpload) is traced like the engine's own calls.
 */
import * as NodeServices from "@effect/platform-node/NodeServices"
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { cephEndpoint, runOnCeph } from "./support/cephRun.ts"
import { envConfig } from "../../../packages/core/test/support/envConfig.ts"

const env = process.env
const endpoint = cephEndpoint()
const bucket = `s3t-plugin-trace-${Date.now().toString(36)}`
const wrongSecret = "plugin-trace-wrong-secret-3f9a"

const suite = `
${envConfig({ endpoint, region: env["S3_REGION"] ?? "us-east-1" })}test_cases:
  groups:
    - name: traces
      before_test:
        - { operation: CreateBucket, parameters: { Bucket: ${bucket} } }
      test:
        - name: presigned put
          operation: PresignedPut
          parameters: { Bucket: ${bucket}, Key: a.txt, Body: traced body text }
        - name: tampered presigned get
          operation: PresignedGet
          parameters: { Bucket: ${bucket}, Key: a.txt, Tamper: signature }
        - name: raw request with a wrong secret
          operation: HttpRequest
          parameters: { Method: GET, Bucket: ${bucket}, Key: a.txt, SecretAccessKey: ${wrongSecret} }
        - name: multipart upload
          operation: MultipartUpload
          parameters: { Bucket: ${bucket}, Key: mp.bin, Body: { generate: { size: 6MiB } }, PartSize: 5MiB }
          expected_result: { response: { PartCount: 3 } }
      after_test:
        - { operation: EmptyBucket, parameters: { Bucket: ${bucket} } }
        - { operation: DeleteBucket, parameters: { Bucket: ${bucket} } }
`

describe("operations-http traces (Ceph RGW)", () => {
  it.live("plugin exchanges are traced, signatures and secrets masked", () =>
    Effect.gen(function*() {
      const { report, steps } = yield* runOnCeph(suite, "plugin-trace.yaml", undefined, { trace: "on" })
      const byName = new Map(steps.map((s) => [s.name, s]))
      const text = JSON.stringify(steps)
      for (const secret of [env["S3_SECRET_ACCESS_KEY"]!, wrongSecret]) assert.notInclude(text, secret, report)

      const put = byName.get("presigned put")!
      assert.strictEqual(put.outcome, "passed", report)
      const putExchange = put.trace!.attempts[0]!.exchanges[0]!
      assert.strictEqual(putExchange.request.method, "PUT")
      assert.strictEqual(putExchange.request.body?.size, "traced body text".length)
      assert.strictEqual(putExchange.response?.status, 200)

      const tampered = byName.get("tampered presigned get")!
      assert.strictEqual(tampered.outcome, "failed", report)
      const exchange = tampered.trace!.attempts[0]!.exchanges[0]!
      assert.match(exchange.request.query, /X-Amz-Signature=\*\*\*/)
      assert.match(exchange.request.query, /X-Amz-Credential=\*\*\*/)
      assert.notInclude(exchange.request.query, env["S3_ACCESS_KEY_ID"]!)
      assert.strictEqual(exchange.response?.status, 403)
      assert.include(exchange.response?.body?.head ?? "", "SignatureDoesNotMatch")

      const raw = byName.get("raw request with a wrong secret")!
      assert.strictEqual(raw.outcome, "failed", report)
      assert.strictEqual(raw.trace!.parameters["SecretAccessKey"], "***")
      assert.strictEqual(raw.trace!.attempts[0]!.exchanges[0]!.request.headers["authorization"], "***")
      assert.strictEqual(raw.trace!.attempts[0]!.exchanges[0]!.response?.status, 403)

      const multipart = byName.get("multipart upload")!
      assert.strictEqual(multipart.outcome, "failed", report) // PartCount is 2: a response mismatch
      const calls = multipart.trace!.attempts[0]!.exchanges.map((e) => `${e.request.method} ${e.request.query}`)
      assert.includeMembers(calls.map((c) => c.split(" ")[0]), ["POST", "PUT"], calls.join("\n"))
      assert.isAtLeast(calls.filter((c) => c.includes("partNumber=")).length, 2, calls.join("\n"))
    }).pipe(Effect.provide(NodeServices.layer)), 120_000)
})
