// Bundles the built CLI (dist/, from `tsc -b`) into dist/bundle/, what bin/s3tester.js runs: Node's
// ES module loader spends most of a bare start-up resolving, reading and compiling the ~300-500
// small modules of effect and the workspace packages one by one; a few chunks cost a fraction of
// that (BENCHMARKS.md, "Start-up"). Code splitting keeps the lazy `import()`s (onDemand.ts, the
// conformance runner, the reporters) lazy chunks. The SDK stays external.
//
// - dist/bundle/help/: the command line alone, tree-shaken, for a request for help.
// - dist/bundle/main/: every other command. Plugins and reporters that a command imports (by name
//   or path) import effect and @s3tester/core themselves; a second copy of them does not work with
//   the CLI's (effect's Schema cannot run a schema made by another copy: the JSON reporter's options
//   fail with "Result adapter can only return schema issues"). So this bundle holds every public
//   module of effect, @effect/platform-node and core whole (registry entries), a facade per module
//   re-exports it, and resolve hooks (bundle/resolveHooks.mjs, registered before the first such
//   import by bundle/shareModules.mjs) send a plugin's import of the installed file to its facade.
//   Holding the modules whole costs the CLI some start-up (less tree-shaking), never correctness.
//
//   node scripts/bundle.mjs        (npm run build runs it after tsc)
import * as esbuild from "esbuild"
import { readdirSync } from "node:fs"
import { copyFile, mkdir, readFile, rm, writeFile } from "node:fs/promises"
import { createRequire } from "node:module"
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

// The SDK stays outside the bundle, and is required as CommonJS (what it is), from the package
// that imports it, so it resolves as it did unbundled: an ES import of it would make Node scan
// its hundreds of CommonJS files for their export names first (a sixth of `validate`'s CPU).
const sdkByRequire = {
  name: "sdk-by-require",
  setup(build) {
    build.onResolve({ filter: /^@(aws-sdk|smithy)\// }, async ({ path, importer, namespace }) => {
      if (namespace === "sdk") return { path, external: true }
      const pkg = importer.startsWith(cliDir) ? undefined : await packageOf(importer)
      return { path, namespace: "sdk", pluginData: pkg?.name }
    })
    build.onLoad({ filter: /.*/, namespace: "sdk" }, ({ path, pluginData: from }) => ({
      contents: from === undefined
        ? `module.exports = require(${JSON.stringify(path)})`
        : `module.exports = require("node:module").createRequire(require.resolve(${JSON.stringify(from)}))(${JSON.stringify(path)})`,
      loader: "js",
      resolveDir: cliDir
    }))
  }
}

/** The build settings both bundles share. */
const common = {
  absWorkingDir: cliDir,
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20.19",
  external: ["@aws-sdk/*", "@smithy/*"],
  // The CommonJS packages inlined (yaml, ...) call require() for Node's built-in modules.
  banner: { js: `import { createRequire as __s3testerRequire } from "node:module"; const require = __s3testerRequire(import.meta.url);` },
  // Stacks stay debuggable: maps back to src/*.ts through tsc's maps (`node --enable-source-maps`).
  sourcemap: "linked",
  sourcesContent: false,
  chunkNames: "chunks/[name]-[hash]",
  metafile: true,
  legalComments: "none",
  logLevel: "warning",
  plugins: [ownUrl, sdkByRequire]
}

/** The packages whose modules plugins import and must share with the CLI, and their public files. */
const sharedPackages = ["effect", "@effect/platform-node", "@s3tester/core"]
const publicFiles = (dir) =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? (entry.name === "internal" ? [] : publicFiles(join(dir, entry.name)))
      : entry.name.endsWith(".js") ? [join(dir, entry.name)] : []
  )
const require = createRequire(join(cliDir, "package.json"))
const shared = await Promise.all(sharedPackages.map(async (name) => {
  const main = require.resolve(name)
  const mainDir = dirname(main)
  return { name, mainDir, files: publicFiles(mainDir) }
}))

await rm(outdir, { recursive: true, force: true })

// Help: the command line alone, tree-shaken.
const help = await esbuild.build({
  ...common,
  entryPoints: { bin: "dist/bin.js", processGuards: "dist/internal/processGuards.js" },
  outdir: join(outdir, "help")
})

// Every other command: the CLI plus, for each group of shared modules (a package's top level, each
// subdirectory), a registry entry that exports each module whole, so a plugin's import of any of
// them gets the module the CLI runs (a facade re-exports it: see scripts/bundle/resolveHooks.mjs).
const groups = new Map()
for (const pkg of shared) {
  for (const file of pkg.files) {
    const fromMain = relative(pkg.mainDir, file).split(sep).join("/")
    const group = `${pkg.name.replace("@", "").replace("/", "-")}${fromMain.includes("/") ? `-${fromMain.split("/")[0]}` : ""}`
    if (!groups.has(group)) groups.set(group, [])
    groups.get(group).push({ pkg, file, fromMain })
  }
}
const registries = join(cliDir, "dist/.registries")
await rm(registries, { recursive: true, force: true })
await mkdir(registries, { recursive: true })
const registryEntries = {}
for (const [group, members] of groups) {
  const source = members.map(({ file }, i) => `export * as m${i} from ${JSON.stringify(file)}`).join("\n")
  await writeFile(join(registries, `${group}.js`), `${source}\n`)
  registryEntries[`registry/${group}`] = join(registries, `${group}.js`)
}
const mainDir = join(outdir, "main")
const main = await esbuild.build({
  ...common,
  entryPoints: {
    bin: "dist/bin.js",
    processGuards: "dist/internal/processGuards.js",
    shareModules: "scripts/bundle/shareModules.mjs",
    ...registryEntries
  },
  outdir: mainDir
})
await rm(registries, { recursive: true, force: true })

// The names each shared module exports (esbuild reads them; nothing is run).
const names = await esbuild.build({
  ...common,
  plugins: [],
  sourcemap: false,
  write: false,
  entryPoints: [...groups.values()].flat().map(({ file }) => file),
  outdir: join(outdir, "names")
})
const exportsOf = new Map()
for (const output of Object.values(names.metafile.outputs)) {
  if (output.entryPoint !== undefined) exportsOf.set(join(cliDir, output.entryPoint), output.exports)
}
const sharedJson = []
for (const pkg of shared) sharedJson.push({ name: pkg.name, files: [] })
for (const [group, members] of groups) {
  for (const [i, { pkg, file, fromMain }] of members.entries()) {
    const exported = exportsOf.get(file)
    if (exported === undefined) throw new Error(`no exports known for ${file}`)
    const facade = `facades/${pkg.name}/${fromMain}`
    const registry = relative(dirname(join(mainDir, facade)), join(mainDir, "registry", `${group}.js`)).split(sep).join("/")
    const lines = [`import { m${i} as m } from ${JSON.stringify(registry.startsWith(".") ? registry : `./${registry}`)}`]
    lines.push(...exported.map((name, j) => `const e${j} = m[${JSON.stringify(name)}]`))
    if (exported.length > 0) lines.push(`export { ${exported.map((name, j) => `e${j} as ${JSON.stringify(name)}`).join(", ")} }`)
    await mkdir(dirname(join(mainDir, facade)), { recursive: true })
    await writeFile(join(mainDir, facade), `${lines.join("\n")}\n`)
    sharedJson.find((entry) => entry.name === pkg.name).files.push([fromMain, facade])
  }
}
await writeFile(join(mainDir, "shared.json"), JSON.stringify(sharedJson))
await copyFile(join(cliDir, "scripts/bundle/resolveHooks.mjs"), join(mainDir, "resolveHooks.js"))

// test/StartupImports.test.ts reads which inputs the chunks help loads hold.
await writeFile(join(outdir, "help/metafile.json"), JSON.stringify(help.metafile))
await writeFile(join(outdir, "main/metafile.json"), JSON.stringify(main.metafile))
