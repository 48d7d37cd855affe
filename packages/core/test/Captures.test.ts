import * as NodeServices from "@effect/platform-node/NodeServices"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, PubSub, Schema } from "effect"
import * as Engine from "../src/Engine.ts"
import * as Loader from "../src/Loader.ts"
import * as Plugin from "../src/Plugin.ts"
import type { RunEvent } from "../src/RunEvent.ts"
import { CallError, S3Clients } from "../src/S3Clients.ts"
import type { CallResponse, TestRequest } from "../src/S3Clients.ts"
import * as Suite from "../src/Suite.ts"
import { Target } from "../src/Target.ts"

const header = `config:
  credentials: [{ name: main, access_key: a, secret_key: b }]
test_cases:
  groups:
`

const Custom = Plugin.defineOperation({
  name: "CustomThing",
  parameters: Schema.Struct({ Bucket: Schema.String }),
  run: async () => ({ $metadata: { httpStatusCode: 200 }, Anything: 1 })
})
const plugin = Plugin.definePlugin({ name: "capture-plugin", operations: [Custom] })

const problems = (text: string) =>
  Loader.loadString(text, "c.yaml", { env: {}, plugins: [plugin] }).pipe(
    Effect.flip,
    Effect.map((error) => error.diagnostics.map((d) => `${d.position?.line}:${d.position?.column}: ${d.message}`)),
    Effect.provide(NodeServices.layer)
  )

describe("capture paths are checked against the operation's output at load time", () => {
  it.effect("a misspelt or impossible path is a config error with its place and a did-you-mean", () =>
    Effect.gen(function*() {
      const lines = yield* problems(header + `    - name: g
      before_test:
        - { id: mpu, operation: create-multipart-upload, parameters: { Bucket: b, Key: k } }
        - { id: list, operation: ListObjectsV2, parameters: { Bucket: b } }
        - { id: get, operation: GetObject, parameters: { Bucket: b, Key: k } }
        - { id: custom, operation: CustomThing, parameters: { Bucket: b } }
        - { id: nap, operation: Sleep, parameters: { duration: 1ms } }
      test:
        - operation: UploadPart
          parameters: { Bucket: b, Key: k, PartNumber: 1, UploadId: "\${{ steps.mpu.uploadId }}" }
        - operation: HeadObject
          parameters: { Bucket: b, Key: "\${{ steps.list.Contents[0].Keyy }}" }
        - operation: HeadObject
          parameters: { Bucket: b, Key: "\${{ steps.list.Contents.Key }}" }
        - operation: HeadObject
          parameters: { Bucket: b, Key: "\${{ steps.get.Body }}" }
        - operation: HeadObject
          parameters: { Bucket: b, Key: "\${{ steps.get.ETag.x }}" }
      after_test:
        - operation: AbortMultipartUpload
          parameters: { Bucket: "\${{ steps.custom.Whatever }}", Key: "\${{ steps.nap.x }}", UploadId: "\${{ steps.mpu.UploadId }}" }
        - operation: HeadObject
          parameters: { Bucket: "\${{ steps.list }}", Key: "\${{ steps.list.Contents[0].Key }}" }
`)
      assert.deepStrictEqual(lines, [
        "14:69: unknown field \"uploadId\" of CreateMultipartUpload's output in ${{ steps.mpu.uploadId }}; did you mean \"UploadId\"?",
        "16:41: unknown field \"Keyy\" of steps.list.Contents[0] in ${{ steps.list.Contents[0].Keyy }}; did you mean \"Key\"?",
        "18:41: ${{ steps.list.Contents.Key }}: steps.list.Contents is a list; index it, e.g. steps.list.Contents[0]",
        "20:41: ${{ steps.get.Body }}: Body of GetObject is streamed and not kept in the step's output (check its content with expected_result.body)",
        "22:41: ${{ steps.get.ETag.x }}: steps.get.ETag is a string; it has no field \"x\""
      ])
    }))
})

// ---------------------------------------------------------------------------------------------

const targetLayer = Layer.succeed(Target, Target.of({ endpoint: "http://fake", description: "fake", embedded: false }))

const runSuite = (suite: Suite.Suite, handler: (request: TestRequest) => Effect.Effect<CallResponse, CallError>) =>
  Effect.gen(function*() {
    const bus = yield* PubSub.unbounded<RunEvent>()
    const subscription = yield* PubSub.subscribe(bus)
    const summary = yield* Engine.run(suite, { runId: "run1", events: bus }).pipe(
      Effect.provide([S3Clients.layerTest(handler), targetLayer])
    )
    const events = yield* PubSub.takeAll(subscription)
    return { summary, steps: events.flatMap((e) => (e._tag === "StepFinished" ? [e.result] : [])) }
  })

describe("a step whose capture source did not pass is skipped, naming the source", () => {
  it.effect("no cascade of errored and failed steps after an errored CreateMultipartUpload", () =>
    Effect.gen(function*() {
      const suite = Schema.decodeUnknownSync(Suite.Suite)({
        config: { endpoint_url: "http://fake", credentials: [{ name: "main", access_key: "AK", secret_key: "SK" }] },
        test_cases: {
          groups: [{
            name: "g",
            test: [
              { id: "mpu", name: "mpu", operation: "CreateMultipartUpload", parameters: { Bucket: "b", Key: "k" } },
              {
                id: "part",
                name: "part",
                operation: "UploadPart",
                parameters: { Bucket: "b", Key: "k", PartNumber: 1, UploadId: "${{ steps.mpu.UploadId }}", Body: "x" }
              },
              {
                name: "complete",
                operation: "CompleteMultipartUpload",
                parameters: {
                  Bucket: "b",
                  Key: "k",
                  UploadId: "${{ steps.mpu.UploadId }}",
                  MultipartUpload: { Parts: [{ PartNumber: 1, ETag: "${{ steps.part.ETag }}" }] }
                }
              }
            ],
            after_test: [{
              name: "abort",
              operation: "AbortMultipartUpload",
              parameters: { Bucket: "b", Key: "k", UploadId: "${{ steps.mpu.UploadId }}" }
            }, { name: "put", id: "put", operation: "PutObject", parameters: { Bucket: "b", Key: "denied" } }, {
              name: "head",
              operation: "HeadObject",
              parameters: { Bucket: "b", Key: "${{ steps.put.ETag }}" }
            }]
          }]
        }
      })
      const calls: Array<string> = []
      const { steps } = yield* runSuite(suite, (request) => {
        calls.push(request.operation.name)
        return request.operation.name === "CreateMultipartUpload"
          ? Effect.fail(new CallError({ kind: "invalid", message: "No value provided for input HTTP label: Key." }))
          : Effect.fail(new CallError({ kind: "service", errorCode: "AccessDenied", httpStatus: 403, message: "denied" }))
      })
      assert.deepStrictEqual(
        steps.map((s) => [s.name, s.outcome, s.message]),
        [
          ["mpu", "errored", steps[0]!.message],
          ["part", "skipped", "depends on steps.mpu, which errored"],
          ["complete", "skipped", "depends on steps.mpu, which errored"],
          ["abort", "skipped", "depends on steps.mpu, which errored"],
          ["put", "failed", steps[4]!.message],
          ["head", "skipped", "depends on steps.put, which failed"]
        ]
      )
      assert.deepStrictEqual(calls.filter((c) => c !== "CreateMultipartUpload"), ["PutObject"])
    }))
})
