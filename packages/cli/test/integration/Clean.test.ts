/**
 * `s3tester clean` against a real S3 server (Ceph RGW): buckets that resist a plain DeleteBucket
 * (versions and delete markers, an unfinished multipart upload, object lock with governance
 * retention and a legal hold), owned by both users, are all removed; and the leftovers of a run
 * killed with SIGKILL (no after_test at all) are removed too.
 */
import { randomBytes } from "node:crypto"
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import {
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  ListBucketsCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  UploadPartCommand
} from "@aws-sdk/client-s3"
import type { S3Client } from "@aws-sdk/client-s3"
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { inject } from "vitest"
import { realS3Env, userClient } from "../support/realS3.ts"
import { runCli } from "../support/runCli.ts"
import { envConfigLines } from "../../../core/test/support/envConfig.ts"

const realS3 = inject("realS3")
const env = realS3Env(realS3)

const users = { main: userClient(realS3, "main"), alt: userClient(realS3, "alt") }

const uniquePrefix = (what: string) => `s3t-cleantest-${randomBytes(4).toString("hex")}-${what}`

const bucketsWith = (prefix: string) =>
  Effect.promise(async () => {
    const names = await Promise.all(
      Object.values(users).map(async (s3) => (await s3.send(new ListBucketsCommand({}))).Buckets?.map((b) => b.Name ?? "") ?? [])
    )
    return names.flat().filter((name) => name.startsWith(prefix)).sort()
  })

/** Every kind of bucket a plain DeleteBucket cannot remove, owned by `s3`. */
const hardBuckets = async (s3: S3Client, prefix: string): Promise<ReadonlyArray<string>> => {
  const versioned = `${prefix}-versioned`
  await s3.send(new CreateBucketCommand({ Bucket: versioned }))
  await s3.send(new PutBucketVersioningCommand({ Bucket: versioned, VersioningConfiguration: { Status: "Enabled" } }))
  for (const body of ["one", "two"]) await s3.send(new PutObjectCommand({ Bucket: versioned, Key: "k", Body: body }))
  await s3.send(new DeleteObjectCommand({ Bucket: versioned, Key: "k" })) // a delete marker
  await s3.send(new DeleteObjectCommand({ Bucket: versioned, Key: "never-written" })) // a marker alone

  const uploads = `${prefix}-upload`
  await s3.send(new CreateBucketCommand({ Bucket: uploads }))
  const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: uploads, Key: "big" }))
  await s3.send(new UploadPartCommand({ Bucket: uploads, Key: "big", UploadId, PartNumber: 1, Body: "part" }))

  const locked = `${prefix}-locked`
  await s3.send(new CreateBucketCommand({ Bucket: locked, ObjectLockEnabledForBucket: true }))
  await s3.send(
    new PutObjectCommand({
      Bucket: locked,
      Key: "held",
      Body: "retained",
      ObjectLockMode: "GOVERNANCE",
      ObjectLockRetainUntilDate: new Date(Date.now() + 24 * 3600 * 1000),
      ObjectLockLegalHoldStatus: "ON"
    })
  )
  return [versioned, uploads, locked]
}

/** The CLI's own clean again after the test, in case an assertion stopped it half-way. */
const cleanAfterwards = (prefix: string) =>
  Effect.addFinalizer(() => Effect.asVoid(runCli(["clean", "--prefix", prefix, "--target", realS3.endpoint], { env })))

describe("s3tester clean (Ceph RGW)", () => {
  it.live("removes versioned, multipart and object-locked buckets of main and alt; exit 0", () =>
    Effect.gen(function*() {
      const prefix = uniquePrefix("hard")
      yield* cleanAfterwards(prefix)
      const created = yield* Effect.promise(async () => [
        ...(await hardBuckets(users.main, `${prefix}-main`)),
        ...(await hardBuckets(users.alt, `${prefix}-alt`))
      ])
      assert.deepStrictEqual(yield* bucketsWith(prefix), [...created].sort())

      const dry = yield* runCli(["clean", "--prefix", prefix, "--target", realS3.endpoint, "--dry-run"], { env })
      assert.strictEqual(dry.code, 0, dry.stdout + dry.stderr)
      assert.include(dry.stdout, "6 buckets found:")
      assert.include(dry.stdout, `  ${prefix}-alt-locked (alt)`)
      assert.include(dry.stdout, "Dry run: nothing was removed.")
      assert.strictEqual((yield* bucketsWith(prefix)).length, 6)

      const run = yield* runCli(["clean", "--prefix", prefix, "--target", realS3.endpoint], { env })
      assert.strictEqual(run.code, 0, run.stdout + run.stderr)
      for (const bucket of created) {
        const owner = bucket.startsWith(`${prefix}-main`) ? "main" : "alt"
        assert.include(run.stdout, `removed ${bucket} (${owner})`)
      }
      assert.include(run.stdout, "Removed 6 of 6 buckets.")
      assert.deepStrictEqual(yield* bucketsWith(prefix), [])
      // Keys are never printed.
      for (const secret of [realS3.secretAccessKey, realS3.altSecretAccessKey, realS3.accessKeyId, realS3.altAccessKeyId]) {
        assert.notInclude(run.stdout + run.stderr + dry.stdout + dry.stderr, secret)
      }
    }).pipe(Effect.scoped))

  it.live("keys the server refuses: exit 3, the keys not printed; a missing key variable: exit 2", () =>
    Effect.gen(function*() {
      const wrong = "wrong-secret-for-clean-test-42"
      const refused = yield* runCli(["clean", "--prefix", "s3t-cleantest-none", "--target", realS3.endpoint], {
        env: { ...env, S3_SECRET_ACCESS_KEY: wrong }
      })
      assert.strictEqual(refused.code, 3, refused.stdout + refused.stderr)
      assert.include(refused.stderr, "cannot list the buckets of main: ")
      assert.notInclude(refused.stdout + refused.stderr, wrong)
      const missing = yield* runCli(["clean", "--prefix", "s3t-cleantest-none", "--target", realS3.endpoint], {
        env: { ...env, S3_ALT_ACCESS_KEY_ID: undefined }
      })
      assert.strictEqual(missing.code, 2, missing.stdout + missing.stderr)
      assert.include(missing.stderr, "environment variable S3_ALT_ACCESS_KEY_ID is not set")
    }))

  it.live("a bucket it cannot empty (compliance retention) is named with the error; exit 1", () =>
    Effect.gen(function*() {
      const prefix = uniquePrefix("compliance")
      yield* cleanAfterwards(prefix)
      const retainedFor = 8_000
      const until = Date.now() + retainedFor
      yield* Effect.promise(async () => {
        await users.alt.send(new CreateBucketCommand({ Bucket: `${prefix}-plain` }))
        await users.alt.send(new CreateBucketCommand({ Bucket: `${prefix}-locked`, ObjectLockEnabledForBucket: true }))
        await users.alt.send(
          new PutObjectCommand({
            Bucket: `${prefix}-locked`,
            Key: "kept",
            Body: "x",
            ObjectLockMode: "COMPLIANCE",
            ObjectLockRetainUntilDate: new Date(until)
          })
        )
      })
      const run = yield* runCli(["clean", "--prefix", prefix, "--target", realS3.endpoint], { env })
      assert.strictEqual(run.code, 1, run.stdout + run.stderr)
      assert.include(run.stdout, `removed ${prefix}-plain (alt)`)
      assert.match(run.stdout, new RegExp(`failed +${prefix}-locked \\(alt\\): EmptyBucket: .*AccessDenied`))
      assert.include(run.stdout, "Removed 1 of 2 buckets; 1 could not be removed.")
      assert.deepStrictEqual(yield* bucketsWith(prefix), [`${prefix}-locked`])
      // Once the retention has passed, the bucket goes.
      yield* Effect.sleep(Math.max(0, until - Date.now()) + 1_500)
      const again = yield* runCli(["clean", "--prefix", prefix, "--target", realS3.endpoint], { env })
      assert.strictEqual(again.code, 0, again.stdout + again.stderr)
      assert.deepStrictEqual(yield* bucketsWith(prefix), [])
    }).pipe(Effect.scoped))

  it.live("removes the buckets of a run killed with SIGKILL (its after_test never ran)", () =>
    Effect.gen(function*() {
      const prefix = uniquePrefix("killed")
      yield* cleanAfterwards(prefix)
      const dir = yield* Effect.acquireRelease(
        Effect.sync(() => mkdtempSync(join(tmpdir(), "s3t-clean-"))),
        (path) => Effect.sync(() => rmSync(path, { recursive: true, force: true }))
      )
      const file = join(dir, "suite.yaml")
      const group = (n: number) => [
        `    - name: group-${n}`,
        `      vars: { bucket: "${prefix}-\${{ run.id }}-${n}" }`,
        `      before_test:`,
        `        - { operation: CreateBucket, parameters: { Bucket: "\${{ vars.bucket }}" } }`,
        `        - { operation: PutObject, parameters: { Bucket: "\${{ vars.bucket }}", Key: k, Body: x } }`,
        `      test:`,
        `        - { operation: Sleep, parameters: { Duration: 2m } }`,
        `      after_test:`,
        `        - { operation: EmptyBucket, parameters: { Bucket: "\${{ vars.bucket }}" } }`,
        `        - { operation: DeleteBucketIfExists, parameters: { Bucket: "\${{ vars.bucket }}" } }`
      ]
      writeFileSync(
        file,
        [
          ...envConfigLines({ endpoint: '"${{ env.S3_ENDPOINT }}"' }),
          "test_cases:",
          "  parallel: true",
          "  groups:",
          ...group(1),
          ...group(2),
          ...group(3),
          ""
        ].join("\n")
      )
      // Killed once every group has put its object (list console: one line per finished step).
      const killed = yield* runCli(["run", file, "--console", "list"], {
        env,
        onStdout: (sofar, child) => {
          if ((sofar.match(/ > before_test > PutObject \[main\] passed/g) ?? []).length === 3) child.kill("SIGKILL")
        }
      })
      assert.strictEqual(killed.signal, "SIGKILL", killed.stdout + killed.stderr)
      const left = yield* bucketsWith(prefix)
      assert.strictEqual(left.length, 3, `left behind: ${left.join(", ")}`)

      const run = yield* runCli(["clean", "--prefix", prefix, "--target", realS3.endpoint], { env })
      assert.strictEqual(run.code, 0, run.stdout + run.stderr)
      assert.include(run.stdout, "Removed 3 of 3 buckets.")
      assert.deepStrictEqual(yield* bucketsWith(prefix), [])
    }).pipe(Effect.scoped))
})
