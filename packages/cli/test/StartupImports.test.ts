/**
 * What start-up loads: `--help` and `--version` print from the command definitions alone, without
 * the SDK, the embedded server, the reporters or the HTTP operations (and never a redis or cluster
 * module of @effect/platform-node): loaded modules cost CPU on every command (see bench/startup.mjs).
 */
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { mkdtempSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { runCli } from "./support/runCli.ts"

const recorder = fileURLToPath(new URL("./support/importRecorder.mjs", import.meta.url))

/** The modules a run of the CLI loaded (ES module URLs and CommonJS paths). */
const modulesLoadedBy = (args: ReadonlyArray<string>) =>
  Effect.acquireUseRelease(
    Effect.sync(() => mkdtempSync(join(tmpdir(), "s3tester-imports-"))),
    (dir) =>
      Effect.gen(function*() {
        const out = join(dir, "modules.txt")
        const run = yield* runCli(args, { env: { NODE_OPTIONS: `--import=${recorder}`, S3TESTER_IMPORTS_OUT: out } })
        assert.strictEqual(run.code, 0, run.stderr)
        return { run, modules: readFileSync(out, "utf8").split("\n").filter((line) => line !== "") }
      }),
    (dir) => Effect.sync(() => rmSync(dir, { recursive: true, force: true }))
  )

const heavy = /@aws-sdk\/|@smithy\/|redis|[Cc]luster|local-s3|reporter-(html|json|junit)|operations-http|conformance\/dist\/Conformance\.js|core\/dist\/(Engine|Loader|Catalog|S3Clients|Runner)\.js/

describe("start-up imports", () => {
  for (const args of [["--help"], ["--version"], ["run", "--help"], ["conformance", "--help"]]) {
    it.effect(`s3tester ${args.join(" ")} loads no SDK, server, reporter, redis or cluster module`, () =>
      Effect.gen(function*() {
        const { run, modules } = yield* modulesLoadedBy(args)
        assert.isNotEmpty(run.stdout)
        // The recorder works: the CLI's own modules and effect/cli are in the list.
        assert.isTrue(modules.some((m) => m.endsWith("/cli/dist/Cli.js")), modules.join("\n"))
        assert.isTrue(modules.some((m) => m.includes("/effect/dist/cli/Command.js")))
        assert.deepStrictEqual(modules.filter((m) => heavy.test(m)), [])
      }))
  }

  it.effect("validate loads the SDK's catalog but neither the engine's server nor the reporters", () =>
    Effect.gen(function*() {
      const { modules } = yield* modulesLoadedBy(["validate", "examples/quickstart.yaml"])
      // The recorder sees what a command does load: the loader and the SDK (for operation names).
      assert.isTrue(modules.some((m) => m.endsWith("/core/dist/Loader.js")))
      assert.isTrue(modules.some((m) => m.includes("@aws-sdk/client-s3")))
      assert.deepStrictEqual(modules.filter((m) => /local-s3|reporter-(html|json|junit)|redis|[Cc]luster/.test(m)), [])
    }))
})
