#!/usr/bin/env node
// Signals and a closed stdout are handled from the first moment (see processGuards.ts; the
// launcher, bin/s3tester.js, installs the guards before this module is even loaded).
import { install as installProcessGuards, signalCount } from "./internal/processGuards.ts"
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as NodeServices from "@effect/platform-node/NodeServices"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as CliConfig from "effect/cli/CliConfig"
import * as CliOutput from "effect/cli/CliOutput"
import * as Command from "effect/cli/Command"
import * as GlobalFlag from "effect/cli/GlobalFlag"
import { command } from "./Cli.ts"
import { colorEnabled } from "./internal/console/colors.ts"
import { teardown } from "./internal/ExitCode.ts"
import * as UsageErrors from "./internal/usageErrors.ts"
import { version } from "./version.ts"

installProcessGuards()

// effect/cli's --wizard (interactive prompts) and --log-level (s3tester logs nothing through Effect's
// logger) would do nothing useful here: only the global flags that work are offered.
const cli = Layer.mergeAll(
  CliConfig.layer({ builtIns: [GlobalFlag.Help, GlobalFlag.Version, GlobalFlag.Completions] }),
  CliOutput.layer(CliOutput.defaultFormatter({ colors: colorEnabled(process.env, process.stdout.isTTY === true) })),
  UsageErrors.layer
)

// A signal that came while loading (the runtime did not listen yet) interrupts the program at once.
// Loading is synchronous, and Node runs a signal's listeners only when the event loop polls, on its
// second turn at the earliest (the first registers libuv's signal pipe): the program first lets two
// turns pass (setImmediate, twice), so a signal that came during the load has been counted, or has
// reached the runtime, which listens by then.
const afterPendingSignals = Effect.callback<void>((resume) => {
  let immediate = setImmediate(() => {
    immediate = setImmediate(() => resume(Effect.void))
  })
  return Effect.sync(() => clearImmediate(immediate))
})
const notInterrupted = Effect.andThen(
  afterPendingSignals,
  Effect.suspend(() => (signalCount() > 0 ? Effect.interrupt : Effect.void))
)

command.pipe(
  Command.run({ version }),
  (program) => Effect.andThen(notInterrupted, program),
  Effect.provide(Layer.merge(NodeServices.layer, cli)),
  (program) => NodeRuntime.runMain(program, { disableErrorReporting: true, teardown })
)
