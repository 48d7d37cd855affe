#!/usr/bin/env node
// A committed launcher, so npm can link the `s3tester` bin at install time, before `prepare` has
// built dist/ (npm skips bins whose file does not exist yet).
// The process guards (signals, a closed stdout) come first and alone: a static import graph is
// loaded in full before any of it runs, so the program itself is imported only once they are in place.
import { install } from "../dist/internal/processGuards.js"

install()
await import("../dist/bin.js")
