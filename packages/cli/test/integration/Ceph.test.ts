import { DeleteBucketCommand, HeadBucketCommand, ListBucketsCommand } from "@aws-sdk/client-s3"
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { inject } from "vitest"
import { adminClient, realS3Env } from "../support/realS3.ts"
import { runCli } from "../support/runCli.ts"

const realS3 = inject("realS3")

const env = realS3Env(realS3)

const admin = adminClient(realS3)

const bucketNames = Effect.promise(() => admin.send(new ListBucketsCommand({}))).pipe(
  Effect.map((out) => (out.Buckets ?? []).map((bucket) => bucket.Name ?? ""))
)

const bucketExists = (bucket: string) =>
  Effect.promise(() =>
    admin.send(new HeadBucketCommand({ Bucket: bucket })).then(() => true, () => false)
  )

/** Removes a bucket a failed earlier run may have left, so each test starts clean. */
const forget = (bucket: string) =>
  Effect.promise(() => admin.send(new DeleteBucketCommand({ Bucket: bucket })).catch(() => undefined))

const secrets = [realS3.secretAccessKey, realS3.altSecretAccessKey]

describe("against Ceph RGW (a real S3 server)", () => {
  it.effect("the Ceph example passes: CRUD, an expected NoSuchKey, cross-user AccessDenied; nothing is left behind", () =>
    Effect.gen(function*() {
      const run = yield* runCli(["run", "examples/ceph-rgw.yaml"], { env })
      assert.strictEqual(run.code, 0, run.stdout + run.stderr)
      assert.include(run.stdout, "cross-user > test > GetObject [alt] passed")
      assert.include(run.stdout, "cross-user > test > PutObject [alt] passed")
      assert.include(run.stdout, "object-crud > test > GetObject [main] passed")
      assert.match(run.stdout, /^\d+ passed, 0 failed, 0 errored, 0 skipped, 0 unsupported/m)
      const left = (yield* bucketNames).filter((name) => name.startsWith("s3tester-example-"))
      assert.deepStrictEqual(left, [])
      for (const secret of secrets) assert.notInclude(run.stdout + run.stderr, secret)
    }))

  it.effect("a wrong expectation fails the run with exit 1 and says expected vs actual", () =>
    Effect.gen(function*() {
      yield* forget("s3tester-it-wrong")
      const run = yield* runCli(["run", "packages/cli/test/integration/fixtures/wrong-expectation.yaml"], { env })
      assert.strictEqual(run.code, 1, run.stdout + run.stderr)
      assert.match(run.stdout, /wrong-expectation > test > GetObject \[main\] FAILED/)
      assert.match(run.stdout, /expected .*NoSuchKey.*succeeded|expected .*NoSuchKey.*success/i)
      assert.match(run.stdout, /wrong-expectation\.yaml:15:\d+/)
      assert.match(run.stdout, /^5 passed, 1 failed, 0 errored, 0 skipped, 0 unsupported/m)
      assert.isFalse(yield* bucketExists("s3tester-it-wrong"))
    }))

  it.effect("a failing before_test skips the test phase, and after_test still cleans up on the server", () =>
    Effect.gen(function*() {
      yield* forget("s3tester-it-before")
      const run = yield* runCli(["run", "packages/cli/test/integration/fixtures/before-fails.yaml"], { env })
      assert.strictEqual(run.code, 1, run.stdout + run.stderr)
      assert.match(run.stdout, /before-fails > before_test > GetObject \[main\] FAILED/)
      assert.match(run.stdout, /before-fails > before_test > PutObject \[main\] skipped/)
      assert.match(run.stdout, /before-fails > test > ListObjectsV2 \[main\] skipped/)
      assert.match(run.stdout, /before-fails > after_test > DeleteBucket \[main\] passed/)
      assert.isFalse(yield* bucketExists("s3tester-it-before"))
    }))

  it.effect("a wrong secret is reported as a failure without printing the secret", () =>
    Effect.gen(function*() {
      const wrongSecret = "definitely-not-the-right-secret-value"
      const run = yield* runCli(["run", "examples/ceph-rgw.yaml", "--group", "object-crud"], {
        env: { ...env, S3_SECRET_ACCESS_KEY: wrongSecret }
      })
      assert.strictEqual(run.code, 1, run.stdout + run.stderr)
      assert.include(run.stdout, "SignatureDoesNotMatch")
      assert.notInclude(run.stdout + run.stderr, wrongSecret)
    }))
})
