#!/usr/bin/env node
import { NodeRuntime, NodeServices } from "@effect/platform-node"
import { Effect, Layer } from "effect"
import { CliConfig, CliOutput, Command, GlobalFlag } from "effect/cli"
import { command } from "./Cli.ts"
import { colorEnabled } from "./internal/colors.ts"
import { teardown } from "./internal/ExitCode.ts"
import * as UsageErrors from "./internal/usageErrors.ts"
import { version } from "./version.ts"

// effect/cli's --wizard (interactive prompts) and --log-level (s3tester logs nothing through Effect's
// logger) would do nothing useful here: only the global flags that work are offered.
const cli = Layer.mergeAll(
  CliConfig.layer({ builtIns: [GlobalFlag.Help, GlobalFlag.Version, GlobalFlag.Completions] }),
  CliOutput.layer(CliOutput.defaultFormatter({ colors: colorEnabled(process.env, process.stdout.isTTY === true) })),
  UsageErrors.layer
)

command.pipe(
  Command.run({ version }),
  Effect.provide(Layer.merge(NodeServices.layer, cli)),
  (program) => NodeRuntime.runMain(program, { disableErrorReporting: true, teardown })
)
