#!/usr/bin/env node
// A committed launcher, so npm can link the `s3tester` bin at install time, before `prepare` has
// built dist/ (npm skips bins whose file does not exist yet).
//
// A request for help (`--help`/`-h` among subcommand names, or no arguments at all) runs the bundle
// of the CLI (dist/bundle/, made at build time by scripts/bundle.mjs): a few chunks load in half the
// CPU of dist/'s hundreds of modules. Every other command runs dist/ itself: it may import plugins
// and reporters, which import effect and @s3tester/core from node_modules, and those must be the very
// copies the CLI runs (a second copy of effect's Schema cannot check the plugin's schemas).
// Help never runs a command (effect/cli answers `--help` before parsing anything else).
//
// The process guards (signals, a closed stdout) come first and alone: the program is imported only
// once they are in place (a static import graph is loaded in full before any of it runs).
const args = process.argv.slice(2)
const isHelp = args.length === 0 ||
  (args.some((arg) => arg === "--help" || arg === "-h") && args.every((arg) => arg === "--help" || arg === "-h" || /^[a-z][a-z-]*$/.test(arg)))
const dist = isHelp ? "../dist/bundle/" : "../dist/"
const { install } = await import(isHelp ? `${dist}processGuards.js` : `${dist}internal/processGuards.js`)

install()
if (args.length === 1 && args[0] === "--version") {
  // `s3tester --version` alone prints the line effect/cli prints (test/StartupImports.test.ts
  // compares them) without loading the command line: a tenth of the CPU.
  const { version } = await import("../dist/version.js")
  process.stdout.write(`s3tester v${version}\n`)
} else {
  await import(`${dist}bin.js`)
}
