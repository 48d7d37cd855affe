/**
 * What start-up loads: every command but `--version` alone runs the CLI's bundle (dist/bundle/cli.cjs,
 * scripts/bundle.mjs), one script compiled from its V8 code cache, and loads no other module of the
 * CLI, effect, core or the SDK; `--help` initialises the command definitions alone, without the SDK,
 * the embedded server, the reporters or the HTTP operations (and never a redis or cluster module of
 * @effect/platform-node); `--version` alone not even the command line; the plugins and reporters a
 * command imports share the bundle's effect and core. Loaded modules cost CPU on every command (see
 * bench/startup.mjs).
 */
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { execFile } from "node:child_process"
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs"
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
const loadBundle = fileURLToPath(new URL("../bin/loadBundle.js", import.meta.url))
const bundleDir = fileURLToPath(new URL("../dist/bundle/", import.meta.url))

/** The bundle's module graph (esbuild's metafile): what each module imports, and how. */
interface Metafile {
  readonly inputs: Record<string, { readonly imports: ReadonlyArray<{ readonly path: string; readonly kind: string }> }>
}

/**
 * The modules (paths relative to packages/cli) that initialising `module` in the bundle initialises:
 * what it imports statically or requires, and so on. A dynamic `import()` is initialised only when
 * it runs (onDemand.ts), so it is not followed.
 */
const initialisedWith = (module: string): ReadonlyArray<string> => {
  const { inputs } = JSON.parse(readFileSync(join(bundleDir, "metafile.json"), "utf8")) as Metafile
  assert.isDefined(inputs[module], `${module} is not in the bundle`)
  const initialised = new Set<string>()
  const visit = (input: string) => {
    if (initialised.has(input) || !(input in inputs)) return
    initialised.add(input)
    for (const { kind, path } of inputs[input]!.imports) if (kind === "import-statement" || kind === "require-call") visit(path)
  }
  visit(module)
  return [...initialised]
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
 * A module loaded besides the launcher (with the process guards it installs first) and the bundle (a
 * script, not a module): Node's built-in modules and core's package.json (core reads it for its
 * version) aside.
 */
const besidesBundle = (module: string) =>
  !module.startsWith("node:") && !/\/cli\/(bin\/(s3tester|loadBundle)|dist\/internal\/processGuards)\.js$/.test(module) &&
  !module.endsWith("/core/package.json")

/** A module of effect, @effect/platform-node or @s3tester/core loaded from its package, not the bundle. */
const unshared = (module: string) => /\/(effect|platform-node|core)\/dist\//.test(module) && !module.includes("/cli/dist/bundle/")

describe("start-up imports", () => {
  for (const args of [["--help"], ["run", "--help"], ["conformance", "--help"], ["-h", "validate"]]) {
    it.effect(`s3tester ${args.join(" ")} runs the bundle alone and initialises no SDK, server, reporter, redis or cluster module`, () =>
      Effect.gen(function*() {
        const { run, modules } = yield* modulesLoadedBy(args)
        assert.include(run.stdout, "USAGE")
        // The recorder works: the launcher's modules are in the list.
        assert.isTrue(modules.some((m) => m.endsWith("/cli/bin/loadBundle.js")), modules.join("\n"))
        assert.deepStrictEqual(modules.filter(besidesBundle), [])
        // What the bundle initialises to answer: the command line (effect/cli) and none of the heavy parts.
        const initialised = initialisedWith("dist/bin.js")
        assert.isTrue(initialised.some((input) => input.endsWith("/effect/dist/cli/Command.js")), initialised.join("\n"))
        assert.isTrue(initialised.includes("dist/Cli.js"))
        assert.deepStrictEqual(initialised.filter((input) => heavy.test(input)), [])
      }))
  }

  it.effect("the bundle prints the same help as dist/, from its code cache or without it; a command loads nothing else", () =>
    Effect.gen(function*() {
      for (const args of [["--help"], ["run", "--help"]]) {
        const bundled = yield* runNode([fileURLToPath(new URL("../bin/s3tester.js", import.meta.url)), ...args])
        const unbundled = yield* runNode([fileURLToPath(new URL("../dist/bin.js", import.meta.url)), ...args])
        assert.strictEqual(bundled.code, 0, bundled.stderr)
        assert.strictEqual(bundled.stdout, unbundled.stdout)
      }
      // V8 takes the code cache the build made for this Node's V8 (a rejected one would cost the CPU it
      // saves; CI's Node 24 runs a build made by Node 20, which has none); compiled from its source
      // instead, the bundle does the same.
      const load = (cache: boolean) =>
        `const b = (await import(${JSON.stringify(loadBundle)})).loadBundle({ cache: ${cache} }); ` +
        `process.stderr.write(b.cache); process.argv.splice(2, Infinity, "run", "--help"); b.main()`
      const cached = yield* runNode(["--input-type=module", "-e", load(true)])
      const uncached = yield* runNode(["--input-type=module", "-e", load(false)])
      const cacheFile = join(bundleDir, `cli-v8-${process.versions.v8}.cache`)
      assert.strictEqual(cached.stderr, existsSync(cacheFile) ? "accepted" : "none")
      assert.strictEqual(uncached.stderr, "none")
      assert.include(cached.stdout, "USAGE")
      assert.strictEqual(uncached.stdout, cached.stdout)
      // `--help` given as a flag's value, or with a file: a command, which loads no module besides the bundle.
      for (const args of [["validate", "examples/quickstart.yaml"], ["list", "examples/quickstart.yaml", "--grep", "--help"]]) {
        const { modules } = yield* modulesLoadedBy(args)
        assert.isTrue(modules.some((m) => m.endsWith("/cli/bin/loadBundle.js")), modules.join("\n"))
        assert.deepStrictEqual(modules.filter(besidesBundle), [])
      }
    }))

  it.effect("a reporter imported by name and a plugin share the bundle's effect and core", () =>
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
          assert.isTrue(modules.some((m) => m.includes("/cli/dist/bundle/facades/effect/")), modules.join("\n"))
          assert.isTrue(modules.some((m) => m.includes("/cli/dist/bundle/facades/@s3tester/core/")), modules.join("\n"))
          assert.deepStrictEqual(modules.filter(unshared), [])
        }),
      (dir) => Effect.sync(() => rmSync(dir, { recursive: true, force: true }))
    ))

  it.effect("--version alone prints what effect/cli prints for it, without loading the command line", () =>
    Effect.gen(function*() {
      const fast = yield* modulesLoadedBy(["--version"])
      assert.strictEqual(fast.run.stdout, `s3tester v${version}\n`)
      assert.isFalse(fast.modules.some((m) => m.includes("/effect/") || m.includes("/cli/bin/loadBundle.js")), fast.modules.join("\n"))
      // The command line itself (dist/bin.js, past the launcher's shortcut) prints the same line.
      const full = yield* runNode([fileURLToPath(new URL("../dist/bin.js", import.meta.url)), "--version"])
      assert.strictEqual(full.code, 0, full.stderr)
      assert.strictEqual(full.stdout, fast.run.stdout)
    }))

  it.effect("validate initialises the SDK's catalog but neither the embedded server nor the reporters", () =>
    Effect.sync(() => {
      // What the loader's module (onDemand.ts imports it for validate, list and run) initialises.
      const initialised = initialisedWith("dist/internal/loadSuites.js")
      assert.isTrue(initialised.includes("../core/dist/Loader.js"), initialised.join("\n"))
      assert.isTrue(initialised.some((input) => input.includes("/@aws-sdk/client-s3/")))
      assert.deepStrictEqual(initialised.filter((input) => /local-s3|reporter-(html|json|junit)|redis|[Cc]luster/.test(input)), [])
    }))
})
