/**
 * `s3tester merge-reports <dir> --reporter ...`: reads the blobs of sharded runs (written with
 * `--reporter blob --shard i/n`) and produces any report from them, as one run. When the directory
 * also (or only) holds JSON reports of two or more targets, it writes their compatibility matrix
 * (matrix.md, matrix.json, matrix.html) into `--output-dir` and prints its area table.
 */
import { resolve } from "node:path"
import * as Merge from "@s3tester/core/Merge"
import * as Reporters from "@s3tester/core/Reporters"
import * as Effect from "effect/Effect"
import * as Argument from "effect/cli/Argument"
import * as Command from "effect/cli/Command"
import { pcErr as pc } from "../console/colors.ts"
import { countsLine } from "../console/ConsoleReporter.ts"
import { ExitCode, ExitWith, InvalidInput, NotCarriedOut } from "../ExitCode.ts"
import { scanReports, targetCount, writeMatrix } from "./matrixReports.ts"
import { counted } from "../console/wording.ts"
import { exitCodeFor, loadReporters, outputDirFlag, printOutcome, reporterFlag } from "../reporting.ts"

/** The `merge-reports` command (wire it with `Command.withSubcommands`). */
export const mergeReportsCommand = Command.make(
  "merge-reports",
  {
    dir: Argument.String("dir").pipe(
      Argument.withDescription("A directory holding the shards' blob reports, or JSON reports of several targets (the matrix)")
    ),
    reporter: reporterFlag,
    outputDir: outputDirFlag
  },
  (input) =>
    Effect.gen(function*() {
      const found = yield* scanReports(input.dir)
      const targets = targetCount(found)
      if (targets >= 2) yield* writeMatrix(found, input.outputDir)
      if (!found.hasBlobs) {
        if (targets >= 2) {
          if (input.reporter.length > 0) {
            process.stderr.write(pc.yellow(`warning: --reporter applies to blob reports, and ${input.dir} holds none\n`))
          }
          return
        }
        return yield* new InvalidInput({
          message: pc.red(
            `no blob reports in ${input.dir} (run the shards with --reporter blob)` +
              (targets === 1 ? `, and its JSON reports are of one target (the matrix needs two or more)` : "")
          )
        })
      }
      const blobs = yield* Merge.readBlobs(input.dir).pipe(
        Effect.catchTag("MergeError", (error) => Effect.fail(new InvalidInput({ message: pc.red(error.message) })))
      )
      const region = blobs.find((blob) => blob.region !== undefined)?.region
      const reporters = yield* loadReporters(input.reporter, { outputDir: resolve(input.outputDir), region })
      const events = Merge.mergeEvents(blobs)
      const outcome = yield* Reporters.replay(events, reporters, {
        outputDir: input.outputDir,
        log: (line) => void process.stderr.write(`${pc.red(line)}\n`)
      })
      printOutcome(outcome)
      const last = events.at(-1)
      const counts = last?._tag === "RunFinished" ? last.summary.counts : undefined
      if (counts === undefined) return yield* new NotCarriedOut({ message: pc.red(`the blobs in ${input.dir} hold no finished run`) })
      process.stdout.write(`Merged ${counted(blobs.length, "blob")}: ${countsLine(counts)} (${counted(counts.total, "step")})\n`)
      const code = exitCodeFor(counts, outcome.failed)
      if (code !== ExitCode.passed) return yield* Effect.fail(new ExitWith({ code }))
    })
).pipe(
  Command.withDescription(
    "Merge sharded runs' blob reports into any report (same totals as one run); JSON reports of several targets make the compatibility matrix"
  )
)
