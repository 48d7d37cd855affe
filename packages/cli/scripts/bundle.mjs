// Bundles the built CLI (dist/, from `tsc -b`) into dist/bundle/, what bin/s3tester.js runs for a
// request for help: Node's ES module loader spends most of a bare start-up resolving, reading and
// compiling the ~300 small modules of effect and the workspace packages one by one; a few chunks
// cost half of that (BENCHMARKS.md, "Start-up").
//
// Only help runs the bundle. effect and @s3tester/core are inlined in it, and a plugin or reporter
// that a command imports (by name or path) imports them from node_modules: a second copy, which does
// not work with the first (effect's Schema cannot run a schema made by another copy: the JSON
// reporter's options fail with "Result adapter can only return schema issues"). So every other
// command runs dist/, one copy for the CLI and its plugins.
// Code splitting keeps the lazy `import()`s lazy chunks; the SDK stays external (help never loads it).
//
//   node scripts/bundle.mjs        (npm run build runs it after tsc)
import * as esbuild from "esbuild"
import { readFile, rm, writeFile } from "node:fs/promises"
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

await rm(outdir, { recursive: true, force: true })
const result = await esbuild.build({
  absWorkingDir: cliDir,
  entryPoints: {
    bin: "dist/bin.js",
    processGuards: "dist/internal/processGuards.js"
  },
  outdir,
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
  plugins: [ownUrl]
})
// test/StartupImports.test.ts reads which inputs the chunks that help loads hold.
await writeFile(join(outdir, "metafile.json"), JSON.stringify(result.metafile))
