/**
 * `run` with several files: up to `--workers` files run at once (each file's groups in order unless
 * it sets `parallel: true`), like Playwright's workers. The console stays grouped by file
 * (FileLanes.ts), each file's reports go to a folder of its own, and the counts are merged.
 * A file that cannot be run does not stop the others; its problem is reported once all are done.
 */
import { availableParallelism } from "node:os"
import { basename, dirname, extname, join } from "node:path"
import * as RunResult from "@s3tester/core/RunResult"
import * as Suite from "@s3tester/core/Suite"
import * as Effect from "effect/Effect"
import * as Result from "effect/Result"
import type * as ConfigError from "@s3tester/core/ConfigError"
import type * as FileSystem from "effect/FileSystem"
import type * as Path from "effect/Path"
import * as FileLanes from "./console/FileLanes.ts"
import { loadSuites, preflightChecks, runSuite } from "./onDemand.ts"
import type * as Selection from "@s3tester/core/Selection"
import type { RunSuiteOptions } from "./runSuite.ts"
import { selectOne, type SelectedFile } from "./selectionFlags.ts"

/**
 * `--workers` by default: 4 files per core. A file's run mostly waits on the server, so more files
 * than cores keep the endpoint busy; bench/workers.mjs measured 40 one-group files against Ceph
 * RGW on 2 cores (BENCHMARKS.md, "Every file at once").
 */
export const defaultWorkers = availableParallelism() * 4

/** Each file's name for its report folder and messages: its base name without `.yaml`, made unique. */
export const fileLabels = (files: ReadonlyArray<string>): ReadonlyArray<string> => {
  const seen = new Map<string, number>()
  return files.map((file) => {
    const ext = extname(file)
    const stem = [".yaml", ".yml"].includes(ext.toLowerCase()) ? basename(file, ext) : basename(file)
    const count = (seen.get(stem) ?? 0) + 1
    seen.set(stem, count)
    return count === 1 ? stem : `${stem}-${count}`
  })
}

/** `out/r.json` -> `out/<label>/r.json`. */
const inFolder = (path: string, label: string) => join(dirname(path), label, basename(path))

/**
 * With several files, each file's reports go to a folder named after it, so no file overwrites
 * another's: `--output-dir DIR` becomes `DIR/<file>/`, and `--reporter json:out/r.json` becomes
 * `out/<file>/r.json` (a config's `reporters:` likewise: {@link suiteReportersFor}).
 */
export const reportingFor = (
  reporting: RunSuiteOptions["reporting"],
  label: string
): RunSuiteOptions["reporting"] => ({
  ...reporting,
  outputDir: join(reporting.outputDir, label),
  reporters: reporting.reporters.map((value) => {
    const colon = value.indexOf(":")
    const output = colon <= 0 ? "" : value.slice(colon + 1)
    return output === "" ? value : `${value.slice(0, colon)}:${inFolder(output, label)}`
  })
})

/** A config's `reporters:` with each `output` option in the file's folder (as {@link reportingFor} does for `--reporter`). */
export const suiteReportersFor = (selected: Selection.Selected, label: string): Selection.Selected => {
  const reporters = selected.suite.reporters
  if (reporters === undefined) return selected
  const placed = reporters.map((entry) => {
    if (typeof entry === "string") return entry
    const [name, options] = entry
    const output = options.output
    return typeof output === "string" && output !== ""
      ? [name, { ...options, output: inFolder(output, label) }] as const
      : entry
  })
  return { ...selected, suite: { ...selected.suite, reporters: placed } }
}

/** A file to run: its path, and how to have it loaded and selected when its turn comes. */
export interface FileToRun {
  readonly file: string
  readonly load: Effect.Effect<SelectedFile, ConfigError.ConfigError, FileSystem.FileSystem | Path.Path>
}

/**
 * How many steps of the files waiting for a worker stay loaded, rather than be loaded again at their
 * turn: many small files (40 one-group files of 5 steps) are not read and validated twice (a few ms
 * of CPU a file; BENCHMARKS.md, "Issue 15 at a glance (session 16)"), and files of thousands of
 * steps still wait as paths only.
 */
export const heldWaitingSteps = 1_000

/**
 * The files to run, once every file is known to be valid. The first `workers` files start at once and
 * run as loaded (each gives its suite up when it starts), and so do the next ones while their steps
 * add up to at most `heldSteps`. The others are held as paths only and loaded and selected again when
 * their turn comes (the same validation; a file changed meanwhile so that it is no longer valid is
 * that file's problem, reported once all are done), so the suites of large files waiting are not in
 * memory (bench/scale.mjs: the live heap sets how far V8 lets the heap grow during the run).
 */
export const filesToRun = (
  selected: ReadonlyArray<SelectedFile>,
  plugins: ReadonlyArray<string>,
  criteria: Selection.Criteria,
  workers: number,
  heldSteps: number = heldWaitingSteps
): ReadonlyArray<FileToRun> => {
  let left = heldSteps
  return selected.map((loadedFile, index) => {
    const file = loadedFile.loaded.file
    const again = Effect.map(loadSuites([file], plugins, "steps"), ([loaded]) => selectOne(loaded!, criteria))
    if (index >= workers) {
      const steps = Suite.totalSteps(loadedFile.selected.suite.test_cases.groups)
      if (steps > left) return { file, load: again }
      left -= steps
    }
    let held: SelectedFile | undefined = loadedFile
    return {
      file,
      load: Effect.suspend(() => {
        const taken = held
        held = undefined
        return taken === undefined ? again : Effect.succeed(taken)
      })
    }
  })
}

/** What every file's run shares: all of runSuite's options but the file's own. */
export type SharedOptions = Omit<RunSuiteOptions, "selected" | "stepSource" | "lane">

/** Runs the files, `workers` at a time, and merges their counts. */
export const runFiles = (
  files: ReadonlyArray<FileToRun>,
  workers: number,
  options: SharedOptions
) => {
  const single = files.length === 1
  const labels = fileLabels(files.map((file) => file.file))
  const lanes = FileLanes.make(files.length, (text) => void process.stdout.write(text))
  // one check an endpoint for all the files, not one a file (see Preflight.Checks)
  return Effect.flatMap(preflightChecks, (preflight) => Effect.forEach(files, (entry, index) => {
    const lane = lanes[index]!
    const label = labels[index]!
    return Effect.flatMap(entry.load, (file) =>
      runSuite(file.loaded, {
        ...options,
        keepSteps: false, // the merged counts are all `run` needs once the reporters have seen every step
        preflight,
        selected: single ? file.selected : suiteReportersFor(file.selected, label),
        stepSource: file.stepSource,
        ...(single ? {} : {
          // Decided when the file starts: only the file whose turn it is may animate `progress`.
          lane: { writers: { writeLine: lane.writeLine, write: lane.write, animate: lane.isLive() }, label },
          reporting: reportingFor(options.reporting, label)
        })
      })
    ).pipe(Effect.ensuring(Effect.sync(lane.finish)), Effect.result)
  }, { concurrency: workers })).pipe(
    // A file that could not be run (an unreachable endpoint...) does not stop the others: every
    // file finishes, then the first such problem, in the order given, decides the exit code.
    Effect.flatMap((results) => {
      const failure = results.find(Result.isFailure)
      if (failure !== undefined) return Effect.fail(failure.failure)
      const runs = results.filter(Result.isSuccess).map((result) => result.success)
      return Effect.succeed({
        counts: runs.reduce((counts, run) => RunResult.mergeCounts(counts, run.summary.counts), RunResult.emptyCounts()),
        reportersFailed: runs.some((run) => run.reportersFailed)
      })
    })
  )
}
