#!/usr/bin/env node
// A committed launcher, so npm can link the `s3tester` bin at install time, before `prepare` has
// built dist/ (npm skips bins whose file does not exist yet).
//
// It runs the CLI's bundle (bin/loadBundle.js): one script made at build time by
// scripts/bundle.mjs, compiled from a V8 code cache, which also makes the plugins and reporters a
// command imports share its copies of effect and @s3tester/core (scripts/bundle/shareModules.mjs).
// The process guards (signals, a closed stdout) come first and alone: the program is loaded only
// once they are in place.
const args = process.argv.slice(2)
/** A module of dist/; if it is missing (built with `tsc -b` alone, or not at all), says so rather than print a stack. */
const built = (load) =>
  load().catch((error) => {
    if (error?.code !== "ERR_MODULE_NOT_FOUND") throw error
    return undefined
  })
const notBuilt = (file) => {
  process.stderr.write(`s3tester: ${file} is missing: build the CLI with \`npm run build\`\n`)
  process.exit(3)
}
if (args.length === 1 && args[0] === "--version") {
  // `s3tester --version` alone prints the line effect/cli prints (test/StartupImports.test.ts
  // compares them) without loading the command line.
  const guards = await built(() => import("../dist/internal/processGuards.js"))
  if (guards === undefined) notBuilt(new URL("../dist/", import.meta.url).pathname)
  guards.install()
  const { version } = await import("../dist/version.js")
  process.stdout.write(`s3tester v${version}\n`)
} else {
  const launcher = await built(() => import("./loadBundle.js"))
  if (launcher === undefined) notBuilt(new URL("../dist/", import.meta.url).pathname)
  const bundle = launcher.loadBundle()
  if (bundle === undefined) notBuilt(launcher.bundleFile)
  bundle.main()
}
