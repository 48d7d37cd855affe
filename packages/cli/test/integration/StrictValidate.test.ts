/**
 * `s3tester validate --strict` against Ceph RGW: every credential gets one signed ListBuckets and a
 * verdict (a wrong secret key is told apart from a good credential and from an unreachable endpoint,
 * and never printed); `file://` bodies the loader cannot check are checked. Nothing else is sent.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { inject } from "vitest"
import { realS3Env } from "../support/realS3.ts"
import { runCli } from "../support/runCli.ts"

const realS3 = inject("realS3")
const wrongSecret = "wrong-secret-4f1c9a7e2b"
const env = { ...realS3Env(realS3), S3_WRONG_SECRET: wrongSecret, S3T_MISSING_NAME: "missing.bin" }
const fixtures = "packages/cli/test/integration/fixtures/strict"

describe("validate --strict, against Ceph RGW", () => {
  it.effect("a good credential is ok, a wrong secret key is named as such; exit 3; no secret printed", () =>
    Effect.gen(function*() {
      const run = yield* runCli(["validate", "--strict", `${fixtures}/credentials.yaml`], { env })
      assert.strictEqual(run.code, 3, run.stdout + run.stderr)
      assert.include(run.stdout, `credentials against ${realS3.endpoint}:`)
      assert.match(run.stdout, /✓ main: ok \(ListBuckets succeeded\)/)
      assert.match(run.stdout, /✗ wrong-secret: wrong secret key \(SignatureDoesNotMatch, HTTP 403\)/)
      assert.include(run.stderr, `1 credential cannot reach ${realS3.endpoint}.`)
      for (const secret of [wrongSecret, realS3.secretAccessKey]) assert.notInclude(run.stdout + run.stderr, secret)
    }))

  it.effect("without --strict the same file is valid (nothing is sent): exit 0", () =>
    Effect.gen(function*() {
      const run = yield* runCli(["validate", `${fixtures}/credentials.yaml`], { env })
      assert.strictEqual(run.code, 0, run.stdout + run.stderr)
      assert.notInclude(run.stdout, "credentials against")
    }))

  it.effect("every file:// body must exist, templated or in a plugin operation: positions, exit 2", () =>
    Effect.gen(function*() {
      const run = yield* runCli(["validate", "--strict", `${fixtures}/bodies.yaml`], { env })
      assert.strictEqual(run.code, 2, run.stdout + run.stderr)
      const lines = run.stderr.split("\n").filter((line) => line.startsWith(`${fixtures}/bodies.yaml:`))
      assert.strictEqual(lines.length, 2, run.stderr)
      assert.match(lines[0]!, /bodies\.yaml:16:\d+: Body: cannot read the body file .*\/strict\/data\/missing\.bin: no such file/)
      assert.match(lines[1]!, /bodies\.yaml:18:\d+: Body: cannot read the body file .*\/strict\/data\/not-there\.bin: no such file/)
      assert.notInclude(run.stderr, "present.txt")
      assert.match(run.stdout, /✓ main: ok/) // the credentials were checked too
      const plain = yield* runCli(["validate", `${fixtures}/bodies.yaml`], { env })
      assert.strictEqual(plain.code, 0, plain.stdout + plain.stderr) // the loader alone cannot see them
    }))

  it.effect("an endpoint that does not answer: every credential is unreachable, exit 3", () =>
    Effect.gen(function*() {
      const run = yield* runCli(["validate", "--strict", `${fixtures}/credentials.yaml`], {
        env: { ...env, S3_ENDPOINT: "http://127.0.0.1:1" }
      })
      assert.strictEqual(run.code, 3, run.stdout + run.stderr)
      assert.match(run.stdout, /✗ main: unreachable \(.*ECONNREFUSED/)
      assert.match(run.stdout, /✗ wrong-secret: unreachable/)
      for (const secret of [wrongSecret, realS3.secretAccessKey]) assert.notInclude(run.stdout + run.stderr, secret)
    }))
})
