#!/usr/bin/env node
import { NodeRuntime, NodeServices } from "@effect/platform-node"
import { Effect } from "effect"
import { Command } from "effect/cli"
import { command } from "./Cli.ts"
import { teardown } from "./internal/ExitCode.ts"
import { quietSdkNodeVersionWarning } from "./internal/warnings.ts"
import { version } from "./version.ts"

quietSdkNodeVersionWarning()

command.pipe(
  Command.run({ version }),
  Effect.provide(NodeServices.layer),
  (program) => NodeRuntime.runMain(program, { disableErrorReporting: true, teardown })
)
