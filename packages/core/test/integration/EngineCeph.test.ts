/**
 * The engine against the real S3 server (Ceph RGW): a multipart upload driven by captured UploadId
 * and ETags, and retries recorded + flaky detected through a loopback proxy that answers 503 once.
 *
 * The server comes from the environment (S3_ENDPOINT...); with CI=true a missing S3_ENDPOINT fails
 * the tests (never a skip); otherwise the project's start script is run (idempotent).
 */
import { HeadBucketCommand, S3Client } from "@aws-sdk/client-s3"
import { NodeServices } from "@effect/platform-node"
import { assert, describe, it } from "@effect/vitest"
import { execFileSync } from "node:child_process"
import * as Http from "node:http"
import type { AddressInfo } from "node:net"
import { fileURLToPath } from "node:url"
import { Effect, Layer } from "effect"
import * as Engine from "../../src/Engine.ts"
import * as Loader from "../../src/Loader.ts"
import { isSuccess } from "../../src/RunResult.ts"
import type { StepResult } from "../../src/RunResult.ts"
import { S3Clients } from "../../src/S3Clients.ts"
import { Target } from "../../src/Target.ts"
import type { RunEvent } from "../../src/RunEvent.ts"
import { PubSub } from "effect"

const cephEnv = (): Record<string, string> => {
  const keys = ["S3_ENDPOINT", "S3_REGION", "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY"]
  if (process.env.S3_ENDPOINT !== undefined && process.env.S3_ACCESS_KEY_ID !== undefined) {
    return Object.fromEntries(keys.map((k) => [k, process.env[k] ?? "us-east-1"]))
  }
  if (process.env.CI === "true") throw new Error("CI=true but S3_ENDPOINT is not set: start Ceph RGW first")
  const script = fileURLToPath(new URL("../../../../scripts/ceph-rgw-start.sh", import.meta.url))
  const output = execFileSync("bash", [script], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], timeout: 600_000 })
  const env: Record<string, string> = { S3_REGION: "us-east-1" }
  for (const line of output.split("\n")) {
    const match = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim())
    if (match !== null) env[match[1]!] = match[2]!
  }
  if (env["S3_ENDPOINT"] === undefined) throw new Error(`ceph-rgw-start.sh printed no S3_ENDPOINT:\n${output}`)
  return env
}

const env = cephEnv()

const header = (endpoint: string) => `config:
  endpoint_url: ${endpoint}
  region: "\${{ env.S3_REGION }}"
  timeout: 20s
  credentials:
    - { name: main, access_key: "\${{ env.S3_ACCESS_KEY_ID }}", secret_key: "\${{ env.S3_SECRET_ACCESS_KEY }}" }
`

const runYaml = (yaml: string, endpoint: string, options: Engine.RunOptions = {}) =>
  Effect.gen(function*() {
    const loaded = yield* Loader.loadString(yaml, "engine-ceph.yaml", { env })
    const bus = yield* PubSub.unbounded<RunEvent>()
    const subscription = yield* PubSub.subscribe(bus)
    const summary = yield* Engine.run(loaded.suite, { ...options, events: bus, stepSource: loaded.stepSource }).pipe(
      Effect.provide(S3Clients.layer(loaded.suite.config).pipe(Layer.provideMerge(Target.fromEndpoint(endpoint))))
    )
    const events = yield* PubSub.takeAll(subscription)
    const steps = events.flatMap((e) => (e._tag === "StepFinished" ? [e.result] : []))
    return { summary, steps }
  }).pipe(Effect.scoped, Effect.provide(NodeServices.layer))

const bucketExists = async (bucket: string): Promise<boolean> => {
  const client = new S3Client({
    endpoint: env["S3_ENDPOINT"]!,
    region: env["S3_REGION"]!,
    forcePathStyle: true,
    credentials: { accessKeyId: env["S3_ACCESS_KEY_ID"]!, secretAccessKey: env["S3_SECRET_ACCESS_KEY"]! }
  })
  try {
    await client.send(new HeadBucketCommand({ Bucket: bucket }))
    return true
  } catch {
    return false
  } finally {
    client.destroy()
  }
}

const describeSteps = (steps: ReadonlyArray<StepResult>) =>
  steps.map((s) => `${s.phase}:${s.name}:${s.outcome}${s.message === undefined ? "" : ` (${s.message})`}`).join("\n")

describe("Engine against Ceph RGW", () => {
  it.live("a multipart upload driven by captured UploadId and ETags", () =>
    Effect.gen(function*() {
      const partSize = 5 * 1024 * 1024
      const yaml = header(env["S3_ENDPOINT"]!) + `vars:
  part1: "${"a".repeat(partSize)}"
test_cases:
  groups:
    - name: multipart
      vars: { bucket: "s3t-engine-mpu-\${{ run.id }}" }
      before_test:
        - { operation: CreateBucket, parameters: { Bucket: "\${{ vars.bucket }}" } }
      test:
        - id: mpu
          operation: CreateMultipartUpload
          parameters: { Bucket: "\${{ vars.bucket }}", Key: big.bin }
        - id: p1
          operation: UploadPart
          parameters: { Bucket: "\${{ vars.bucket }}", Key: big.bin, UploadId: "\${{ steps.mpu.UploadId }}", PartNumber: 1, Body: "\${{ vars.part1 }}" }
        - id: p2
          operation: UploadPart
          parameters: { Bucket: "\${{ vars.bucket }}", Key: big.bin, UploadId: "\${{ steps.mpu.UploadId }}", PartNumber: 2, Body: tail }
        - id: parts
          operation: ListParts
          parameters: { Bucket: "\${{ vars.bucket }}", Key: big.bin, UploadId: "\${{ steps.mpu.UploadId }}" }
          expected_result:
            response: { UploadId: "\${{ steps.mpu.UploadId }}", Parts: [{ PartNumber: 1, ETag: "\${{ steps.p1.ETag }}" }, { PartNumber: 2, ETag: "\${{ steps.p2.ETag }}", Size: 4 }] }
        - operation: CompleteMultipartUpload
          parameters:
            Bucket: "\${{ vars.bucket }}"
            Key: big.bin
            UploadId: "\${{ steps.mpu.UploadId }}"
            MultipartUpload:
              Parts:
                - { PartNumber: 1, ETag: "\${{ steps.p1.ETag }}" }
                - { PartNumber: 2, ETag: "\${{ steps.p2.ETag }}" }
        - operation: HeadObject
          parameters: { Bucket: "\${{ vars.bucket }}", Key: big.bin }
          expected_result: { response: { ContentLength: ${partSize + 4} } }
      after_test:
        - { operation: DeleteObject, parameters: { Bucket: "\${{ vars.bucket }}", Key: big.bin } }
        - { operation: DeleteBucket, parameters: { Bucket: "\${{ vars.bucket }}" } }
`
      const { summary, steps } = yield* runYaml(yaml, env["S3_ENDPOINT"]!)
      assert.strictEqual(summary.counts.passed, steps.length, describeSteps(steps))
      assert.strictEqual(steps.length, 9)
      const bucket = `s3t-engine-mpu-${summary.runId}`
      assert.isFalse(yield* Effect.promise(() => bucketExists(bucket)), "after_test deleted the bucket")
    }), 120_000)

  it.live("retries are recorded and a step that passed on a retry is flaky (a proxy answers 503 once)", () =>
    Effect.gen(function*() {
      const upstream = new URL(env["S3_ENDPOINT"]!)
      const refused = new Set<string>()
      const seen: Array<string> = []
      const proxy = Http.createServer((req, res) => {
        const url = req.url ?? "/"
        const key = `${req.method} ${url.split("?")[0]}`
        seen.push(key)
        const segments = (url.split("?")[0] ?? "").split("/").filter((part) => part !== "")
        const createBucket = req.method === "PUT" && segments.length === 1
        const shouldFail = req.method === "PUT" && (url.includes("flaky-key") || url.includes("no-retry") || createBucket) &&
          !refused.has(key)
        if (shouldFail) {
          refused.add(key)
          req.resume()
          res.writeHead(503, { "content-type": "application/xml" })
          res.end("<?xml version=\"1.0\"?><Error><Code>ServiceUnavailable</Code><Message>try again</Message></Error>")
          return
        }
        const forward = Http.request(
          { host: upstream.hostname, port: upstream.port, method: req.method, path: url, headers: req.headers },
          (answer) => {
            res.writeHead(answer.statusCode ?? 502, answer.headers)
            answer.pipe(res)
          }
        )
        forward.on("error", () => res.destroy())
        req.pipe(forward)
      })
      yield* Effect.acquireRelease(
        Effect.promise(() => new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve))),
        () =>
          Effect.promise(() =>
            new Promise<void>((resolve) => {
              proxy.close(() => resolve())
              proxy.closeAllConnections()
            })
          )
      )
      const endpoint = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`
      const yaml = header(endpoint) + `test_cases:
  groups:
    - name: flaky
      vars: { bucket: "s3t-engine-flaky-\${{ run.id }}" }
      before_test:
        - { name: create, operation: CreateBucket, parameters: { Bucket: "\${{ vars.bucket }}" } }
      test:
        - { name: retried, operation: PutObject, retries: { attempts: 2, backoff: 50ms }, parameters: { Bucket: "\${{ vars.bucket }}", Key: flaky-key, Body: x } }
        - { name: not-retried, operation: PutObject, parameters: { Bucket: "\${{ vars.bucket }}", Key: no-retry, Body: x } }
      after_test:
        - { operation: DeleteObject, parameters: { Bucket: "\${{ vars.bucket }}", Key: flaky-key } }
        - { operation: DeleteBucket, parameters: { Bucket: "\${{ vars.bucket }}" } }
`
      const { summary, steps } = yield* runYaml(yaml, endpoint)

      const byName = (name: string) => steps.find((s) => s.name === name)!
      assert.isTrue(refused.size >= 3, `the proxy refused: ${[...refused].join(", ")}; saw: ${seen.join(", ")}`)
      const create = byName("create")
      assert.strictEqual(create.outcome, "passed", describeSteps(steps))
      assert.strictEqual(create.attempts, 2)
      assert.isTrue(create.flaky)
      assert.deepStrictEqual(create.attemptLog?.map((a) => [a.outcome, a.httpStatus]), [["failed", 503], ["passed", 200]])
      const retried = byName("retried")
      assert.strictEqual(retried.outcome, "passed")
      assert.strictEqual(retried.attempts, 2)
      assert.isTrue(retried.flaky)
      assert.strictEqual(retried.attemptLog?.[0]?.errorCode, "ServiceUnavailable")
      const notRetried = byName("not-retried")
      assert.strictEqual(notRetried.outcome, "failed")
      assert.strictEqual(notRetried.attempts, 1)
      assert.strictEqual(summary.counts.flaky, 2)
      assert.isFalse(isSuccess(summary.counts, { failOnFlaky: true }))
      assert.isFalse(yield* Effect.promise(() => bucketExists(`s3t-engine-flaky-${summary.runId}`)))
    }).pipe(Effect.scoped), 120_000)
})
