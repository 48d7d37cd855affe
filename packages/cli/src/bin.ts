#!/usr/bin/env node
// Signals and a closed stdout are handled from the first moment (see processGuards.ts; the
// launcher, bin/s3tester.js, installs the guards before this module is even loaded).
import { install as installProcessGuards, signalCount } from "./internal/processGuards.ts"
import { NodeRuntime, NodeServices } from "@effect/platform-node"
import { Effect } from "effect"
import { Command } from "effect/cli"
import { command } from "./Cli.ts"
import { teardown } from "./internal/ExitCode.ts"
import { quietSdkNodeVersionWarning } from "./internal/warnings.ts"
import { version } from "./version.ts"

installProcessGuards()
quietSdkNodeVersionWarning()

// A signal that came while loading (the runtime did not listen yet) interrupts the program at once.
const notInterrupted = Effect.suspend(() => (signalCount() > 0 ? Effect.interrupt : Effect.void))

command.pipe(
  Command.run({ version }),
  (program) => Effect.andThen(notInterrupted, program),
  Effect.provide(NodeServices.layer),
  (program) => NodeRuntime.runMain(program, { disableErrorReporting: true, teardown })
)
