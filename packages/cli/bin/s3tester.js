#!/usr/bin/env node
// A committed launcher, so npm can link the `s3tester` bin at install time, before `prepare` has
// built dist/ (npm skips bins whose file does not exist yet).
import "../dist/bin.js"
