/**
 * What start-up loads: `--help` runs the help bundle of the CLI (dist/bundle/help/,
 * scripts/bundle.mjs) and nothing else, and the chunks it loads hold the command definitions alone,
 * without the SDK, the embedded server, the reporters or the HTTP operations (and never a redis or
 * cluster module of @effect/platform-node); `--version` alone not even the command line; any other
 * command runs the main bundle, and the plugins and reporters it imports share its copies of effect
 * and core. Loaded modules cost CPU on every command (see bench/startup.mjs).
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
const bundleDir = fileURLToPath(new URL("../dist/bundle/", import.meta.url))
const helpDir = join(bundleDir, "help/")

/** The bundle's chunk graph (esbuild's metafile): each output file, what it imports and holds. */
interface Metafile {
  readonly outputs: Record<string, {
    readonly imports: ReadonlyArray<{ readonly path: string; readonly kind: string }>
    readonly inputs: Record<string, unknown>
  }>
}

/** The source files (paths relative to packages/cli) in the chunks that loading the help bundle's `entry` loads before running it. */
const inputsLoadedBy = (entry: string): ReadonlyArray<string> => {
  const { outputs } = JSON.parse(readFileSync(join(helpDir, "metafile.json"), "utf8")) as Metafile
  const start = Object.keys(outputs).find((output) => output.endsWith(`dist/bundle/help/${entry}`))
  assert.isDefined(start, `dist/bundle/help/${entry} is not in the metafile`)
  const loaded = new Set<string>()
  const visit = (output: string) => {
    if (loaded.has(output)) return
    loaded.add(output)
    for (const { kind, path } of outputs[output]!.imports) if (kind === "import-statement" && path in outputs) visit(path)
  }
  visit(start!)
  return [...loaded].flatMap((output) => Object.keys(outputs[output]!.inputs))
}

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

/**
 * A module outside the help bundle: the launcher and dist/bundle/help/ alone answer help (besides
 * Node's built-in modules, and core's package.json, which core reads for its version).
 */
const outsideHelp = (module: string) =>
  !module.startsWith("node:") && !module.endsWith("/cli/bin/s3tester.js") && !module.endsWith("/core/package.json") &&
  !(module.startsWith("file://") ? fileURLToPath(module) : module).startsWith(helpDir)

/** A module of effect, @effect/platform-node or @s3tester/core loaded from its package, not the bundle. */
const unshared = (module: string) => /\/(effect|platform-node|core)\/dist\//.test(module) && !module.includes("/cli/dist/bundle/")

describe("start-up imports", () => {
  for (const args of [["--help"], ["run", "--help"], ["conformance", "--help"], ["-h", "validate"]]) {
    it.effect(`s3tester ${args.join(" ")} runs the bundle alone, and it holds no SDK, server, reporter, redis or cluster module`, () =>
      Effect.gen(function*() {
        const { run, modules } = yield* modulesLoadedBy(args)
        assert.include(run.stdout, "USAGE")
        // The recorder works: the bundle's entry is in the list.
        assert.isTrue(modules.some((m) => m.endsWith("/cli/dist/bundle/help/bin.js")), modules.join("\n"))
        assert.deepStrictEqual(modules.filter(outsideHelp), [])
        // What the bundle's chunks hold: the command line (effect/cli) and none of the heavy parts.
        const inputs = inputsLoadedBy("bin.js")
        assert.isTrue(inputs.some((input) => input.endsWith("/effect/dist/cli/Command.js")), inputs.join("\n"))
        assert.isTrue(inputs.includes("dist/Cli.js"))
        assert.deepStrictEqual(inputs.filter((input) => heavy.test(input)), [])
      }))
  }

  it.effect("the help bundle prints the same help as dist/; a command runs the main bundle", () =>
    Effect.gen(function*() {
      for (const args of [["--help"], ["run", "--help"]]) {
        const bundled = yield* runNode([join(helpDir, "bin.js"), ...args])
        const unbundled = yield* runNode([fileURLToPath(new URL("../dist/bin.js", import.meta.url)), ...args])
        assert.strictEqual(bundled.code, 0, bundled.stderr)
        assert.strictEqual(bundled.stdout, unbundled.stdout)
      }
      // `--help` given as a flag's value, or with a file: not a request for help alone.
      for (const args of [["validate", "examples/quickstart.yaml"], ["list", "examples/quickstart.yaml", "--grep", "--help"]]) {
        const { modules } = yield* modulesLoadedBy(args)
        assert.isTrue(modules.some((m) => m.endsWith("/cli/dist/bundle/main/bin.js")), modules.join("\n"))
        assert.isFalse(modules.some((m) => m.includes("/cli/dist/bundle/help/")), modules.join("\n"))
        assert.deepStrictEqual(modules.filter(unshared), [])
      }
    }))

  it.effect("a reporter imported by name and a plugin share the main bundle's effect and core", () =>
    Effect.acquireUseRelease(
      Effect.sync(() => mkdtempSync(join(tmpdir(), "s3tester-shared-"))),
      (dir) =>
        Effect.gen(function*() {
          const { run, modules } = yield* modulesLoadedBy(["run", "examples/quickstart.yaml", "--reporter", "json", "--output-dir", dir, "--plugin", "@s3tester/operations-http"])
          // Without sharing, the JSON reporter's options fail to decode in the CLI's copy of Schema.
          assert.include(run.stdout, `report: ${join(dir, "report.json")}`)
          assert.isTrue(modules.some((m) => m.includes("/reporter-json/dist/")), modules.join("\n"))
          assert.isTrue(modules.some((m) => m.includes("/operations-http/dist/")), modules.join("\n"))
          // Their imports of effect and core went to the bundle's facades, none to the packages' files.
          assert.isTrue(modules.some((m) => m.includes("/cli/dist/bundle/main/facades/effect/")), modules.join("\n"))
          assert.isTrue(modules.some((m) => m.includes("/cli/dist/bundle/main/facades/@s3tester/core/")), modules.join("\n"))
          assert.deepStrictEqual(modules.filter(unshared), [])
        }),
      (dir) => Effect.sync(() => rmSync(dir, { recursive: true, force: true }))
    ))

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
      // The recorder sees what a command does load: the loader's chunk and the SDK (for operation names).
      assert.isTrue(modules.some((m) => /\/cli\/dist\/bundle\/main\/chunks\/loadSuites-/.test(m)), modules.join("\n"))
      assert.isTrue(modules.some((m) => m.includes("@aws-sdk/client-s3")))
      assert.deepStrictEqual(modules.filter((m) => /local-s3|reporter-(html|json|junit)|redis|[Cc]luster/.test(m)), [])
    }))
})
