#!/usr/bin/env node
// A committed launcher, so npm can link the `s3tester` bin at install time, before `prepare` has
// built dist/ (npm skips bins whose file does not exist yet).
// The process guards (signals, a closed stdout) come first and alone: a static import graph is
// loaded in full before any of it runs, so the program itself is imported only once they are in place.
import { install } from "../dist/internal/processGuards.js"

install()
if (process.argv.length === 3 && process.argv[2] === "--version") {
  // `s3tester --version` alone prints the line effect/cli prints (test/StartupImports.test.ts
  // compares them) without loading the command line: a tenth of the CPU.
  const { version } = await import("../dist/version.js")
  process.stdout.write(`s3tester v${version}\n`)
} else {
  await import("../dist/bin.js")
}
