/**
 * `s3tester clean --prefix P [--target T] [--targets FILE] [--dry-run]`: removes the buckets a
 * killed run left behind. For each credential of the target (`main`, `alt`) it lists the buckets
 * whose name starts with the prefix, then removes every one with the built-in `EmptyBucket` and
 * `DeleteBucketIfExists` (every version, delete marker and unfinished upload; governance retention
 * bypassed, legal holds lifted), one group per bucket, groups in parallel, through the engine.
 */
import * as Targets from "@s3tester/conformance/Targets"
import * as Effect from "effect/Effect"
import * as Command from "effect/cli/Command"
import * as Flag from "effect/cli/Flag"

// The engine, the SDK and the built-in suites are loaded when the command runs, not for --help.
const bucketsModule = Effect.promise(() => import("./cleanBuckets.ts"))

/** A shorter prefix could match buckets that are not test leftovers (`s3` matches half a server). */
export const minimumPrefixLength = 4

/** The `clean` command (wire it with `Command.withSubcommands`). */
export const cleanCommand = Command.make(
  "clean",
  {
    prefix: Flag.String("prefix").pipe(
      Flag.withDescription(`Remove the buckets whose name starts with this (at least ${minimumPrefixLength} characters), e.g. s3t-`)
    ),
    target: Flag.String("target").pipe(
      Flag.optional,
      Flag.withDescription("A URL (keys from S3_ACCESS_KEY_ID ... S3_ALT_SECRET_ACCESS_KEY) or a target of the targets file")
    ),
    targets: Flag.String("targets").pipe(
      Flag.optional,
      Flag.withDescription(`The targets file (default ${Targets.defaultFile} when it exists)`)
    ),
    dryRun: Flag.Boolean("dry-run").pipe(Flag.withDefault(false), Flag.withDescription("List the buckets that would be removed, and stop")),
    concurrency: Flag.Int("concurrency").pipe(Flag.withDefault(8), Flag.withDescription("How many buckets are removed at once"))
  },
  (input) => Effect.flatMap(bucketsModule, (m) => m.clean(input))
).pipe(Command.withDescription("Remove the buckets left behind by killed runs: every bucket of the target's main and alt users with a prefix"))
