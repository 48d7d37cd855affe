// Bundles the built CLI (dist/, from `tsc -b`) into one script, dist/bundle/cli.cjs, and makes V8's
// code cache of it, dist/bundle/cli.cache: what bin/s3tester.js runs (bin/loadBundle.js). Node's ES
// module loader spends most of a bare start-up resolving, reading, parsing and compiling the
// hundreds of small modules of effect, the SDK and the workspace packages one by one; one script
// compiled from a code cache costs a fraction of that (BENCHMARKS.md, "Start-up"). Each module in
// it is initialised when first needed (the lazy `import()`s of onDemand.ts, the conformance runner,
// the embedded server stay lazy), so `--help` runs the command line alone.
//
// Plugins and reporters that a command imports (by name or path) import effect and @s3tester/core
// themselves; a second copy of them does not work with the CLI's (effect's Schema cannot run a
// schema made by another copy: the JSON reporter's options fail with "Result adapter can only return
// schema issues"). So the bundle holds every public module of effect, @effect/platform-node and core
// whole, a facade per module (an ES module in dist/bundle/facades/) re-exports the bundle's copy, and
// resolve hooks (bundle/resolveHooks.mjs, registered before the first such import by
// bundle/shareModules.mjs) send a plugin's import of the installed file to its facade.
//
// The code cache is made by a training run (bundle/train.mjs) of the README's quick start against
// the embedded server, so it holds what a run compiles. V8 rejects a cache made by another V8
// version or with other V8 flags; the launcher then compiles the source (slower, never different).
//
//   node scripts/bundle.mjs        (npm run build runs it after tsc)
import * as esbuild from "esbuild"
import { spawnSync } from "node:child_process"
import { copyFile, mkdir, readFile, rm, writeFile } from "node:fs/promises"
import { builtinModules, createRequire } from "node:module"
import { dirname, join, relative, sep } from "node:path"
import { fileURLToPath } from "node:url"

const cliDir = fileURLToPath(new URL("../", import.meta.url))
const outdir = join(cliDir, "dist/bundle")

/** The package a bundled file belongs to: its name and the directory of its main entry. */
const packageOf = async (file) => {
  for (let dir = dirname(file); dir !== dirname(dir); dir = dirname(dir)) {
    const manifest = await readFile(join(dir, "package.json"), "utf8").catch(() => undefined)
    if (manifest === undefined) continue
    const { name, exports } = JSON.parse(manifest)
    const main = exports?.["."]?.default ?? exports?.["."]
    return typeof main === "string" ? { dir, name, mainDir: dirname(join(dir, main)) } : undefined
  }
  return undefined
}

// A module of another package that finds files next to itself (conformance's suites and
// profiles, core's package.json) must still find them in its package, not next to the bundle:
// its `import.meta.url` becomes its own file's URL, resolved through the installed package at
// run time (so it holds wherever npm puts the packages).
const ownUrl = {
  name: "own-import-meta-url",
  setup(build) {
    build.onLoad({ filter: /\.js$/ }, async ({ path }) => {
      const contents = await readFile(path, "utf8")
      if (!contents.includes("import.meta.url") || path.startsWith(cliDir)) return undefined
      const pkg = await packageOf(path)
      if (pkg === undefined) throw new Error(`${path} uses import.meta.url outside a package with a main entry`)
      const fromMain = relative(pkg.mainDir, path).split(sep).join("/")
      const url = `new URL(${JSON.stringify(fromMain)}, import.meta.resolve(${JSON.stringify(pkg.name)})).href`
      return { contents: contents.replaceAll("import.meta.url", url), loader: "js", resolveDir: dirname(path) }
    })
  }
}

// A script run by node:vm cannot call `import()` (not without an experimental flag), so the
// dynamic imports of Node's built-in modules in the bundled packages (the SDK's) become requires.
// Core's import of plugins goes through the launcher (bundle/shareModules.mjs).
const builtinsByRequire = {
  name: "builtins-by-require",
  setup(build) {
    build.onResolve({ filter: /^[a-z_:/]+$/ }, ({ path, kind }) =>
      kind === "dynamic-import" && builtinModules.includes(path.replace(/^node:/, ""))
        ? { path, namespace: "builtin" }
        : undefined)
    build.onLoad({ filter: /.*/, namespace: "builtin" }, ({ path }) => ({
      contents: `module.exports = require(${JSON.stringify(path)})`,
      loader: "js"
    }))
  }
}

// The process guards are the launcher's module (bin/s3tester.js installs them before loading the
// bundle): one count of the signals that came, one handler.
const launcherGuards = {
  name: "launcher-process-guards",
  setup(build) {
    const guards = join(cliDir, "dist/internal/processGuards.js")
    build.onResolve({ filter: /processGuards\.js$/ }, ({ path, resolveDir }) =>
      join(resolveDir, path) === guards ? { path: guards, namespace: "launcher" } : undefined)
    build.onLoad({ filter: /.*/, namespace: "launcher" }, () => ({
      contents: "module.exports = __s3testerLauncher.processGuards",
      loader: "js"
    }))
  }
}

/** The packages whose modules plugins import and must share with the CLI: where their modules are. */
const require = createRequire(join(cliDir, "package.json"))
const sharedPackages = ["effect", "@effect/platform-node", "@s3tester/core"].map((name) => ({
  name,
  mainDir: dirname(require.resolve(name))
}))

// `s3tester:shared-modules`: each shared module the bundle holds, by key (its package and its path
// from the package's main entry), required (initialised) on first use, so it is held whole.
const sharedModules = (files) => ({
  name: "shared-modules",
  setup(build) {
    build.onResolve({ filter: /^s3tester:shared-modules$/ }, ({ path }) => ({ path, namespace: "shared" }))
    build.onLoad({ filter: /.*/, namespace: "shared" }, () => ({
      contents: `export const sharedModules = {\n${
        files.map(({ key, file }) => `  ${JSON.stringify(key)}: () => require(${JSON.stringify(file)})`).join(",\n")
      }\n}\n`,
      loader: "js",
      resolveDir: cliDir
    }))
  }
})

/** The modules of the shared packages in a build: each file, its package and key. */
const sharedFilesOf = (metafile) =>
  Object.keys(metafile.inputs).flatMap((input) => {
    const file = join(cliDir, input)
    const pkg = sharedPackages.find(({ mainDir }) => file.startsWith(mainDir + sep))
    if (pkg === undefined || !file.endsWith(".js")) return []
    return [{ file, name: pkg.name, fromMain: relative(pkg.mainDir, file).split(sep).join("/") }]
  }).map((shared) => ({ ...shared, key: `${shared.name}/${shared.fromMain}` }))

const build = (files, write) =>
  esbuild.build({
    absWorkingDir: cliDir,
    entryPoints: { cli: "scripts/bundle/entry.mjs" },
    outdir,
    outExtension: { ".js": ".cjs" },
    write,
    bundle: true,
    format: "cjs",
    platform: "node",
    target: "node20.19",
    // The script is a function expression that bin/loadBundle.js calls with what a CommonJS module
    // gets and the launcher (what only an ES module can do; see bundle/entry.mjs). `import.meta` of the
    // CLI's own modules is the bundle's (ownUrl rewrites the other packages' to their own files).
    banner: {
      js: [
        "(function (exports, require, module, __filename, __dirname, __s3testerLauncher) {",
        `const __s3testerImportMeta = { url: require("node:url").pathToFileURL(__filename).href, resolve: (specifier) => __s3testerLauncher.resolve(specifier) };`
      ].join("\n")
    },
    footer: { js: "})" },
    define: { "import.meta.url": "__s3testerImportMeta.url", "import.meta.resolve": "__s3testerImportMeta.resolve" },
    // Whitespace and syntax minified (a smaller script: less CPU and memory at start-up), names kept,
    // so a stack still names its functions. Node does not apply source maps to a node:vm script: the
    // map (back to src/*.ts through tsc's maps) is for reading a stack by hand; it is not published.
    minifyWhitespace: true,
    minifySyntax: true,
    sourcemap: "linked",
    sourcesContent: false,
    metafile: true,
    legalComments: "none",
    logLevel: "warning",
    plugins: [ownUrl, builtinsByRequire, launcherGuards, sharedModules(files)]
  })

// The bundle holds every module of effect, @effect/platform-node and core that the CLI uses, each
// whole (a plugin may use any of its exports); a module the CLI does not use is not in it, and a
// plugin that imports one gets it from its package (its imports of the others reach the bundle's
// copies through the facades). Holding a module whole can bring in more modules: built again until
// none is added.
await rm(outdir, { recursive: true, force: true })
let shared = sharedFilesOf((await build([], false)).metafile)
for (;;) {
  const more = sharedFilesOf((await build(shared, false)).metafile)
  if (more.length === shared.length) break
  shared = more
}
const { metafile } = await build(shared, true)
// test/StartupImports.test.ts reads which modules each module imports, and how.
await writeFile(join(outdir, "metafile.json"), JSON.stringify(metafile))
const dynamicImports = Object.values(metafile.outputs).flatMap(({ imports }) =>
  imports.filter(({ kind, external }) => external && kind === "dynamic-import").map(({ path }) => path)
)
if (dynamicImports.length > 0) throw new Error(`the bundle would import() ${dynamicImports.join(", ")}: a script cannot`)

// The names each shared module exports (esbuild reads them; nothing is run).
const names = await esbuild.build({
  absWorkingDir: cliDir,
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20.19",
  packages: "external",
  write: false,
  metafile: true,
  logLevel: "warning",
  entryPoints: shared.map(({ file }) => file),
  outdir: join(outdir, "names")
})
const exportsOf = new Map()
for (const output of Object.values(names.metafile.outputs)) {
  if (output.entryPoint !== undefined) exportsOf.set(join(cliDir, output.entryPoint), output.exports)
}

// A facade per shared module: the bundle's copy (by key, through the function bundle/shareModules.mjs
// sets), each export under its name. shared.json: the facade of each installed file, by package.
const sharedJson = sharedPackages.map(({ name }) => ({ name, files: [] }))
for (const { file, name, fromMain, key } of shared) {
  const exported = exportsOf.get(file)
  if (exported === undefined) throw new Error(`no exports known for ${file}`)
  const facade = `facades/${name}/${fromMain}`
  const lines = [`const m = globalThis[Symbol.for("@s3tester/cli/sharedModule")](${JSON.stringify(key)})`]
  lines.push(...exported.map((exportName, j) => `const e${j} = m[${JSON.stringify(exportName)}]`))
  if (exported.length > 0) lines.push(`export { ${exported.map((exportName, j) => `e${j} as ${JSON.stringify(exportName)}`).join(", ")} }`)
  await mkdir(dirname(join(outdir, facade)), { recursive: true })
  await writeFile(join(outdir, facade), `${lines.join("\n")}\n`)
  sharedJson.find((entry) => entry.name === name).files.push([fromMain, facade])
}
await writeFile(join(outdir, "shared.json"), JSON.stringify(sharedJson))
await copyFile(join(cliDir, "scripts/bundle/resolveHooks.mjs"), join(outdir, "resolveHooks.js"))

// The code cache, from a training run of the quick start (stdout is not needed; stderr says why it failed).
const quickstart = join(cliDir, "../../examples/quickstart.yaml")
const training = spawnSync(process.execPath, [join(cliDir, "scripts/bundle/train.mjs"), "run", quickstart, "--console", "list"], {
  cwd: cliDir,
  env: { ...process.env, NO_COLOR: "1" },
  stdio: ["ignore", "ignore", "inherit"]
})
if (training.status !== 0) throw new Error(`the training run of the bundle failed (exit ${training.status ?? training.signal})`)
