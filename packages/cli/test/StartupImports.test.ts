/**
 * What start-up loads: `--help` prints from the command definitions alone, without the SDK, the
 * embedded server, the reporters or the HTTP operations (and never a redis or cluster module of
 * @effect/platform-node); `--version` alone not even the command line. Loaded modules cost CPU on
 * every command (see bench/startup.mjs).
 */
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { execFile } from "node:child_process"
import { mkdtempSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { version } from "../src/version.ts"
import { repoRoot, runCli } from "./support/runCli.ts"

/** `node <args>` from the repository root. */
const runNode = (args: ReadonlyArray<string>) =>
  Effect.promise(() =>
    new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
      execFile(process.execPath, args, { cwd: repoRoot, env: { ...process.env, NO_COLOR: "1" } }, (error, stdout, stderr) =>
        resolve({ code: error === null ? 0 : (typeof error.code === "number" ? error.code : 1), stdout, stderr }))
    )
  )

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

// The SDK, redis, cluster, the embedded server, the reporters, the HTTP operations, the engine and the
// loader; and the barrels (effect's, @effect/platform-node's, core's), which load everything they name.
const heavy = new RegExp([
  String.raw`@aws-sdk/|@smithy/|redis|[Cc]luster|local-s3|reporter-(html|json|junit)|operations-http`,
  String.raw`conformance/dist/Conformance\.js|core/dist/(Engine|Loader|Catalog|S3Clients|Runner)\.js`,
  String.raw`/effect/dist/index\.js|platform-node/dist/index\.js|core/dist/index\.js`
].join("|"))

describe("start-up imports", () => {
  for (const args of [["--help"], ["run", "--help"], ["conformance", "--help"]]) {
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

  it.effect("--version alone prints what effect/cli prints for it, without loading the command line", () =>
    Effect.gen(function*() {
      const fast = yield* modulesLoadedBy(["--version"])
      assert.strictEqual(fast.run.stdout, `s3tester v${version}\n`)
      assert.isFalse(fast.modules.some((m) => m.includes("/effect/")), fast.modules.join("\n"))
      // The command line itself (dist/bin.js, past the launcher's shortcut) prints the same line.
      const full = yield* runNode([fileURLToPath(new URL("../dist/bin.js", import.meta.url)), "--version"])
      assert.strictEqual(full.code, 0, full.stderr)
      assert.strictEqual(full.stdout, fast.run.stdout)
    }))

  it.effect("validate loads the SDK's catalog but neither the engine's server nor the reporters", () =>
    Effect.gen(function*() {
      const { modules } = yield* modulesLoadedBy(["validate", "examples/quickstart.yaml"])
      // The recorder sees what a command does load: the loader and the SDK (for operation names).
      assert.isTrue(modules.some((m) => m.endsWith("/core/dist/Loader.js")))
      assert.isTrue(modules.some((m) => m.includes("@aws-sdk/client-s3")))
      assert.deepStrictEqual(modules.filter((m) => /local-s3|reporter-(html|json|junit)|redis|[Cc]luster/.test(m)), [])
    }))
})
