#!/usr/bin/env node
// A committed launcher, so npm can link the `s3tester` bin at install time, before `prepare` has
// built dist/ (npm skips bins whose file does not exist yet).
//
// It runs a bundle of the CLI (dist/bundle/, made at build time by scripts/bundle.mjs): a few
// chunks load in far less CPU than dist/'s hundreds of modules. A request for help (`--help`/`-h`
// among subcommand names, or no arguments at all; effect/cli answers it before parsing anything
// else, so no command runs) takes the help bundle: the command line alone. Every other command
// takes the main bundle, which also makes the plugins and reporters it imports share its copies of
// effect and @s3tester/core (scripts/bundle/shareModules.mjs).
//
// The process guards (signals, a closed stdout) come first and alone: the program is imported only
// once they are in place (a static import graph is loaded in full before any of it runs).
const args = process.argv.slice(2)
if (args.length === 1 && args[0] === "--version") {
  // `s3tester --version` alone prints the line effect/cli prints (test/StartupImports.test.ts
  // compares them) without loading the command line: a tenth of the CPU.
  const { install } = await import("../dist/internal/processGuards.js")
  install()
  const { version } = await import("../dist/version.js")
  process.stdout.write(`s3tester v${version}\n`)
} else {
  const isHelp = args.length === 0 ||
    (args.some((arg) => arg === "--help" || arg === "-h") &&
      args.every((arg) => arg === "--help" || arg === "-h" || /^[a-z][a-z-]*$/.test(arg)))
  const bundle = isHelp ? "../dist/bundle/help/" : "../dist/bundle/main/"
  const guards = await import(`${bundle}processGuards.js`).catch((error) => {
    // Built with `tsc -b` alone (not `npm run build`): say so rather than print a stack.
    if (error?.code !== "ERR_MODULE_NOT_FOUND") throw error
    process.stderr.write(`s3tester: ${new URL(bundle, import.meta.url).pathname} is missing: build the CLI with \`npm run build\`\n`)
    process.exit(3)
  })
  guards.install()
  if (!isHelp) (await import(`${bundle}shareModules.js`)).shareModules()
  await import(`${bundle}bin.js`)
}
