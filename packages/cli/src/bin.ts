#!/usr/bin/env node
// First: signals and a closed stdout are handled from the first moment (see processGuards.ts).
import { signalCount } from "./internal/processGuards.ts"
import { NodeRuntime, NodeServices } from "@effect/platform-node"
import { Effect } from "effect"
import { Command } from "effect/cli"
import { command } from "./Cli.ts"
import { teardown } from "./internal/ExitCode.ts"
import { quietSdkNodeVersionWarning } from "./internal/warnings.ts"
import { version } from "./version.ts"

quietSdkNodeVersionWarning()

// A signal that came while loading (the runtime did not listen yet) interrupts the program at once.
const notInterrupted = Effect.suspend(() => (signalCount() > 0 ? Effect.interrupt : Effect.void))

command.pipe(
  Command.run({ version }),
  (program) => Effect.andThen(notInterrupted, program),
  Effect.provide(NodeServices.layer),
  (program) => NodeRuntime.runMain(program, { disableErrorReporting: true, teardown })
)
