/**
 * Signing on purpose wrong, against Ceph RGW: `HttpRequest` with another secret or access key, or
 * at another time (`SigningDate`), and `PresignedGet` / `PresignedPut` signed in the past or
 * tampered with (`Tamper`). Each wrong request is paired with a control that shows the same request
 * signed right passes, so a refusal is the server judging the signature, not a broken request.
 * Start Ceph with scripts/ceph-rgw-start.sh and export its S3_* variables first.
 */
import * as NodeServices from "@effect/platform-node/NodeServices"
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { cephEndpoint, runOnCeph } from "./support/cephRun.ts"
import { envConfig } from "../../../packages/core/test/support/envConfig.ts"

const env = process.env
const endpoint = cephEndpoint()

const bucket = `s3t-plugins-sign-${Date.now().toString(36)}`
const stepSecret = "s3t/Step+Secret=NotTheKey(7)"

const config = `
${envConfig({ endpoint, region: env["S3_REGION"] ?? "us-east-1", anonymous: true })}`

const refused = (code: string) => `{ success: false, error_code: ${code}, http_status: 403 }`

const suite = `${config}
test_cases:
  groups:
    - name: signing
      credential: main
      before_test:
        - operation: CreateBucket
          parameters: { Bucket: ${bucket} }
        - operation: PutObject
          parameters: { Bucket: ${bucket}, Key: obj, Body: data }
      test:
        - name: wrong secret
          operation: HttpRequest
          parameters: { Bucket: ${bucket}, Key: obj, SecretAccessKey: "${stepSecret}" }
          expected_result: ${refused("SignatureDoesNotMatch")}
        - name: unknown access key
          operation: HttpRequest
          parameters: { Bucket: ${bucket}, Key: obj, AccessKeyId: AKIAS3TESTERNOSUCHKEY, SecretAccessKey: "${stepSecret}" }
          expected_result: ${refused("InvalidAccessKeyId")}
        - name: an anonymous credential signs with the keys given
          operation: HttpRequest
          credential: anon
          parameters: { Bucket: ${bucket}, Key: obj, AccessKeyId: "\${{ env.S3_ACCESS_KEY_ID }}", SecretAccessKey: "\${{ env.S3_SECRET_ACCESS_KEY }}" }
          expected_result: { http_status: 200, body: { text: data } }
        - name: signed 20 minutes ago
          operation: HttpRequest
          parameters: { Bucket: ${bucket}, Key: obj, SigningDate: -20m }
          expected_result: ${refused("RequestTimeTooSkewed")}
        - name: signed 20 minutes ahead
          operation: HttpRequest
          parameters: { Bucket: ${bucket}, Key: obj, SigningDate: +20m }
          expected_result: ${refused("RequestTimeTooSkewed")}
        - name: signed 2 minutes ago (within the allowed skew)
          operation: HttpRequest
          parameters: { Bucket: ${bucket}, Key: obj, SigningDate: -2m }
          expected_result: { http_status: 200, body: { text: data } }
        - name: presigned GET, expired
          operation: PresignedGet
          parameters: { Bucket: ${bucket}, Key: obj, SigningDate: -20m, ExpiresIn: 60 }
          expected_result: ${refused("AccessDenied")}
        - name: presigned GET, signed 20 minutes ago and still valid
          operation: PresignedGet
          parameters: { Bucket: ${bucket}, Key: obj, SigningDate: -20m, ExpiresIn: 3600 }
          expected_result: { response: { StatusCode: 200 }, body: { text: data } }
        - name: presigned PUT, expired
          operation: PresignedPut
          parameters: { Bucket: ${bucket}, Key: late, Body: x, SigningDate: -20m, ExpiresIn: 60 }
          expected_result: ${refused("AccessDenied")}
        - name: presigned GET, signature tampered
          operation: PresignedGet
          parameters: { Bucket: ${bucket}, Key: obj, Tamper: signature }
          expected_result: ${refused("SignatureDoesNotMatch")}
        - name: presigned GET, expiry tampered
          operation: PresignedGet
          parameters: { Bucket: ${bucket}, Key: obj, Tamper: expires }
          expected_result: ${refused("SignatureDoesNotMatch")}
        - name: presigned PUT, used for another key
          operation: PresignedPut
          parameters: { Bucket: ${bucket}, Key: obj, Body: overwritten, Tamper: key }
          expected_result: ${refused("SignatureDoesNotMatch")}
        - name: nothing was written
          operation: GetObject
          parameters: { Bucket: ${bucket}, Key: obj }
          expected_result: { body: { text: data } }
        - name: "mistake: an access key without a secret to sign with"
          operation: HttpRequest
          credential: anon
          parameters: { Bucket: ${bucket}, Key: obj, AccessKeyId: AKIAS3TESTERNOSUCHKEY }
        - name: "mistake: a signing time on an unsigned request"
          operation: HttpRequest
          parameters: { Bucket: ${bucket}, Key: obj, Sign: false, SigningDate: -20m }
        - name: nor under the presigned key
          operation: HeadObject
          parameters: { Bucket: ${bucket}, Key: obj-presigned }
          expected_result: { success: false, http_status: 404 }
      after_test:
        - operation: DeleteObjects
          parameters: { Bucket: ${bucket}, Delete: { Objects: [{ Key: obj }, { Key: late }, { Key: obj-presigned }] } }
        - operation: DeleteBucket
          parameters: { Bucket: ${bucket} }
`

describe("signing parameters of @s3tester/operations-http on Ceph RGW", () => {
  it.effect("wrong keys, clock skew, expired and tampered presigned URLs are refused by Ceph RGW", () =>
    Effect.gen(function*() {
      const { steps, report: reportText } = yield* runOnCeph(suite, "signing.yaml")
      const report = reportText.split("\n")
      assert.strictEqual(steps.length, 20, report.join("\n"))
      const [noSecret, unsigned] = steps.filter((s) => s.name.startsWith("mistake"))
      assert.strictEqual(noSecret?.outcome, "errored", report.join("\n"))
      assert.include(noSecret?.message, 'credential "anon" has no secret key to sign with')
      assert.strictEqual(unsigned?.outcome, "errored", report.join("\n"))
      assert.include(unsigned?.message, "cannot go with Sign: false")
      for (const step of steps.filter((s) => !s.name.startsWith("mistake"))) {
        assert.strictEqual(step.outcome, "passed", report.join("\n"))
      }
      const text = JSON.stringify(steps)
      assert.notInclude(text, stepSecret)
      assert.notInclude(text, env["S3_SECRET_ACCESS_KEY"]!)
    }).pipe(Effect.provide(NodeServices.layer)))
})
