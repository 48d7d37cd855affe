import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { runCli } from "./support/runCli.ts"

describe("s3tester clean: usage", () => {
  it.effect("a prefix shorter than 4 characters, or empty, is a usage error (exit 2) and nothing is contacted", () =>
    Effect.gen(function*() {
      // 127.0.0.1:1 answers nothing: a command that went on would exit 3.
      const short = yield* runCli(["clean", "--prefix", "s3t", "--target", "http://127.0.0.1:1"])
      assert.strictEqual(short.code, 2, short.stdout + short.stderr)
      assert.include(short.stderr, `--prefix "s3t" is too short: give at least 4 characters`)
      const empty = yield* runCli(["clean", "--prefix", "", "--target", "http://127.0.0.1:1"])
      assert.strictEqual(empty.code, 2, empty.stdout + empty.stderr)
      assert.include(empty.stderr, "--prefix is empty")
      const missing = yield* runCli(["clean", "--target", "http://127.0.0.1:1"])
      assert.strictEqual(missing.code, 2, missing.stdout + missing.stderr)
      assert.include(missing.stdout + missing.stderr, "--prefix")
    }))

  it.effect("the embedded server (the default target) has nothing to clean; an unknown target is exit 2", () =>
    Effect.gen(function*() {
      const embedded = yield* runCli(["clean", "--prefix", "s3t-"])
      assert.strictEqual(embedded.code, 0, embedded.stdout + embedded.stderr)
      assert.include(embedded.stdout, "nothing to clean")
      const unknown = yield* runCli(["clean", "--prefix", "s3t-", "--target", "no-such-target"])
      assert.strictEqual(unknown.code, 2, unknown.stdout + unknown.stderr)
      assert.include(unknown.stderr, "no target \"no-such-target\"")
      const unreachable = yield* runCli(["clean", "--prefix", "s3t-", "--target", "http://127.0.0.1:1"], {
        env: { S3_ACCESS_KEY_ID: "k1", S3_SECRET_ACCESS_KEY: "s1-secret", S3_ALT_ACCESS_KEY_ID: "k2", S3_ALT_SECRET_ACCESS_KEY: "s2-secret" }
      })
      assert.strictEqual(unreachable.code, 3, unreachable.stdout + unreachable.stderr)
      assert.include(unreachable.stderr, "cannot reach http://127.0.0.1:1")
    }))
})
