/**
 * The operations against Ceph RGW (a real S3 server): start it with scripts/ceph-rgw-start.sh and
 * export its S3_* variables first.
 */
import * as NodeServices from "@effect/platform-node/NodeServices"
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { cephEndpoint, runOnCeph } from "./support/cephRun.ts"
import { envConfig } from "../../../packages/core/test/support/envConfig.ts"

const env = process.env
const endpoint = cephEndpoint()

const bucket = `s3t-plugins-${Date.now().toString(36)}`

const suite = `
${envConfig({ endpoint, region: env["S3_REGION"] ?? "us-east-1", alt: true, anonymous: true })}test_cases:
  groups:
    - name: http
      before_test:
        - operation: CreateBucket
          parameters: { Bucket: ${bucket} }
      test:
        - name: presigned put
          operation: presigned-put
          parameters: { Bucket: ${bucket}, Key: a.txt, Body: hello presigned, ContentType: text/plain }
        - name: presigned get
          operation: PresignedGet
          parameters: { Bucket: ${bucket}, Key: a.txt }
          expected_result: { body: { text: hello presigned }, response: { StatusCode: 200 } }
        - name: presigned get with a range
          operation: PresignedGet
          parameters: { Bucket: ${bucket}, Key: a.txt, Range: bytes=0-4 }
          expected_result: { body: { text: hello }, response: { StatusCode: 206 } }
        - name: presigned get by a stranger
          operation: PresignedGet
          credential: alt
          parameters: { Bucket: ${bucket}, Key: a.txt }
          expected_result: { success: false, error_code: AccessDenied, http_status: 403 }
        - name: presigned get of a missing key
          operation: PresignedGet
          parameters: { Bucket: ${bucket}, Key: missing.txt }
          expected_result: { success: false, error_code: NoSuchKey, http_status: 404 }
        - name: post policy upload
          operation: PostObject
          parameters:
            Bucket: ${bucket}
            Key: posted.txt
            Body: posted by a form
            Fields: { Content-Type: text/plain }
            Conditions: [["content-length-range", 1, 1024]]
            SuccessActionStatus: 201
          expected_result: { response: { StatusCode: 201 } }
        - name: read back the post
          operation: GetObject
          parameters: { Bucket: ${bucket}, Key: posted.txt }
          expected_result: { body: { text: posted by a form }, response: { ContentType: text/plain } }
        - name: post policy violation (too large)
          operation: PostObject
          parameters:
            Bucket: ${bucket}
            Key: big.txt
            Body: { generate: { size: 4KiB, seed: 1 } }
            Conditions: [["content-length-range", 1, 1024]]
          expected_result: { success: false, http_status: 400 }
        - name: post policy violation (field not in the policy)
          operation: PostObject
          parameters:
            Bucket: ${bucket}
            Key: extra.txt
            Body: x
            UnsignedFields: { x-amz-meta-sneaky: "1" }
          expected_result: { success: false, http_status: 403 }
        - name: anonymous request to a private bucket
          operation: HttpRequest
          credential: anon
          parameters: { Method: GET, Bucket: ${bucket} }
          expected_result: { success: false, error_code: AccessDenied, http_status: 403 }
        - name: unsigned request with a signing credential
          operation: HttpRequest
          parameters: { Bucket: ${bucket}, Key: a.txt, Sign: false }
          expected_result: { success: false, error_code: AccessDenied, http_status: 403 }
        - name: signed raw GET
          operation: HttpRequest
          parameters: { Bucket: ${bucket}, Key: a.txt }
          expected_result: { body: { text: hello presigned }, response: { StatusCode: 200 } }
        - name: malformed XML
          operation: HttpRequest
          parameters:
            Method: PUT
            Bucket: ${bucket}
            Query: { tagging: "" }
            Body: "<Tagging><TagSet><Tag><Key>k</Key>"
          expected_result: { success: false, error_code: MalformedXML, http_status: 400 }
        - name: CORS preflight without a CORS configuration
          operation: HttpRequest
          credential: anon
          parameters:
            Method: OPTIONS
            Bucket: ${bucket}
            Key: a.txt
            Headers: { Origin: "https://example.com", Access-Control-Request-Method: GET }
          expected_result: { success: false, http_status: 403 }
        - name: multipart upload
          operation: MultipartUpload
          parameters: { Bucket: ${bucket}, Key: mpu.bin, Body: { generate: { size: 12MiB, seed: 3 } }, PartSize: 5MiB }
          expected_result: { response: { PartCount: 3, Size: 12582912 } }
        - name: read back the multipart object
          operation: GetObject
          parameters: { Bucket: ${bucket}, Key: mpu.bin }
          expected_result: { body: { sha256: { generate: { size: 12MiB, seed: 3 } } }, response: { ContentLength: 12582912 } }
      after_test:
        - operation: DeleteObjects
          parameters:
            Bucket: ${bucket}
            Delete: { Objects: [{ Key: a.txt }, { Key: posted.txt }, { Key: mpu.bin }, { Key: big.txt }, { Key: extra.txt }] }
        - operation: DeleteBucket
          parameters: { Bucket: ${bucket} }
`

describe("@s3tester/operations-http on Ceph RGW", () => {
  it.effect("presigned GET/PUT, POST policy, raw requests and multipart uploads behave as S3 says", () =>
    Effect.gen(function*() {
      const { steps, report: reportText } = yield* runOnCeph(suite, "http.yaml")
      const report = reportText.split("\n")
      assert.strictEqual(steps.length, 19, report.join("\n"))
      for (const step of steps) assert.strictEqual(step.outcome, "passed", report.join("\n"))
      // no secret and no presigned signature in any message
      const text = JSON.stringify(steps)
      assert.notInclude(text, env["S3_SECRET_ACCESS_KEY"]!)
      assert.notMatch(text, /Signature=[0-9a-f]{8}/)
    }).pipe(Effect.provide(NodeServices.layer)))
})
