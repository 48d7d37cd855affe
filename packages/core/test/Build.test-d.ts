/**
 * Type tests of the code-first constructors (checked by `tsc -p tsconfig.test.json`, never run):
 * a step's parameters are the SDK's input type, so misspelt names and wrong values do not compile.
 */
import { Schema } from "effect"
import * as Build from "../src/Build.ts"
import * as Plugin from "../src/Plugin.ts"

const { group, step, suite, untypedStep } = Build

// -- what compiles --------------------------------------------------------------------------------
step("PutObject", { Bucket: "b", Key: "k", Body: "hello" })
step("PutObject", { Bucket: "b", Key: "k", Body: new Uint8Array([1, 2]), StorageClass: "STANDARD_IA" })
step("PutObject", { Bucket: "${{ vars.bucket }}", Key: "k", Body: { generate: { size: "1MiB", seed: 7 } } })
step("ListObjectsV2", { Bucket: "b", MaxKeys: 10 })
step("ListObjectsV2", { Bucket: "b", MaxKeys: "${{ vars.max }}" })
step("PutObject", { Bucket: "b", Key: "k", Expires: new Date(0) })
step("PutBucketVersioning", { Bucket: "b", VersioningConfiguration: { Status: "Enabled" } })
step("DeleteObjects", { Bucket: "b", Delete: { Objects: [{ Key: "a" }, { Key: "b" }] } })
step("GetObject", { Bucket: "b", Key: "k" }, { id: "get", expect: { success: false, error_code: "NoSuchKey", http_status: 404 } })
step("GetObject", { Bucket: "b", Key: "k" }, { expect: { body: { sha256: { generate: { size: 10 } } } } })
step("ListBuckets", {})
untypedStep("Sleep", { Duration: "10ms" })

const CountObjects = Plugin.defineOperation({
  name: "CountObjects",
  parameters: Schema.Struct({ Bucket: Schema.String, Expected: Schema.Number }),
  run: () => ({})
})
step(CountObjects, { Bucket: "b", Expected: 3 })

const definition: Build.Definition = suite({
  config: { credentials: [{ name: "main", access_key: "a", secret_key: "s" }] },
  groups: [group({ name: "g", test: [step("HeadBucket", { Bucket: "b" })] })]
})
void definition

// -- what does not compile ------------------------------------------------------------------------
// @ts-expect-error a misspelt parameter name
step("PutObject", { Bukcet: "x", Key: "k" })
// @ts-expect-error a missing required parameter (Key)
step("PutObject", { Bucket: "x" })
// @ts-expect-error an unknown operation
step("PutObjekt", { Bucket: "x", Key: "k" })
// @ts-expect-error a value outside the SDK's enum
step("PutObject", { Bucket: "x", Key: "k", StorageClass: "STANDRD" })
// @ts-expect-error a string where the SDK wants a number (and not a template)
step("ListObjectsV2", { Bucket: "b", MaxKeys: "ten" })
// @ts-expect-error a misspelt nested member
step("PutBucketVersioning", { Bucket: "b", VersioningConfiguration: { Statuss: "Enabled" } })
// @ts-expect-error a misspelt parameter of an inline operation
step(CountObjects, { Buckt: "b", Expected: 3 })
// @ts-expect-error a misspelt expectation key
step("GetObject", { Bucket: "b", Key: "k" }, { expect: { error_cod: "NoSuchKey" } })
// @ts-expect-error a misspelt group key
group({ name: "g", tset: [] })
