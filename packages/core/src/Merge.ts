/**
 * Merging sharded runs: reads the blobs several shards wrote (see {@link Blob}) and replays them, as
 * one run, into any reporters. The merged run's totals are the sum of the shards' (the same as an
 * unsharded run's when the shards cover the suite); its groups come in shard order, which is suite
 * order (see {@link Shard}).
 *
 * @since 0.1.0
 */
import { open, readdir, readFile } from "node:fs/promises"
import { join } from "node:path"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import * as Blob from "./Blob.ts"
import type { Reporter } from "./Reporter.ts"
import * as Reporters from "./Reporters.ts"
import { RunEvent } from "./RunEvent.ts"
import { emptyCounts, mergeCounts } from "./RunResult.ts"
import type { Summary } from "./RunResult.ts"

/**
 * @category errors
 * @since 0.1.0
 */
export class MergeError extends Schema.TaggedError<MergeError>()("MergeError", {
  message: Schema.String
}) {}

/** How every blob begins (JSON.stringify puts `format` first; whitespace is allowed). */
const blobStart = new RegExp(`^\\s*\\{\\s*"format"\\s*:\\s*"${Blob.format}"`)

/** The first bytes of a file: enough to tell a blob, without reading large reports whole. */
const readHead = async (file: string): Promise<string> => {
  const handle = await open(file, "r")
  try {
    const buffer = Buffer.alloc(256)
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0)
    return buffer.subarray(0, bytesRead).toString("utf8")
  } finally {
    await handle.close()
  }
}

/**
 * Every blob in `dir` (searched recursively), ordered by shard. A blob is recognised by its content,
 * whatever its name: a JSON object whose first key is `"format": "s3tester-blob"`, as the blob
 * reporter writes it; other files (JSON reports, HTML, notes) are passed over.
 *
 * @category reading
 * @since 0.1.0
 */
export const readBlobs = (dir: string): Effect.Effect<ReadonlyArray<Blob.Blob>, MergeError> =>
  Effect.gen(function*() {
    const entries = yield* Effect.tryPromise({
      try: () => readdir(dir, { recursive: true, withFileTypes: true }),
      catch: (error) => new MergeError({ message: `cannot read ${dir}: ${error instanceof Error ? error.message : String(error)}` })
    })
    const files = entries
      .filter((entry) => entry.isFile())
      .map((entry) => join(entry.parentPath, entry.name))
      .sort()
    const blobs: Array<Blob.Blob> = []
    for (const file of files) {
      const head = yield* Effect.tryPromise({
        try: () => readHead(file),
        catch: (error) => new MergeError({ message: `cannot read ${file}: ${String(error)}` })
      })
      if (!blobStart.test(head)) continue
      const text = yield* Effect.tryPromise({
        try: () => readFile(file, "utf8"),
        catch: (error) => new MergeError({ message: `cannot read ${file}: ${String(error)}` })
      })
      const blob = yield* Effect.try({
        try: () => Blob.decode(text),
        catch: (error) => new MergeError({ message: `${file} is not a readable blob: ${error instanceof Error ? error.message : String(error)}` })
      })
      blobs.push(blob)
    }
    if (blobs.length === 0) return yield* new MergeError({ message: `no blob reports in ${dir} (run the shards with --reporter blob)` })
    const seen = new Set<string>()
    for (const blob of blobs) {
      if (blob.shard === undefined) continue
      const key = `${blob.suiteFile ?? ""}:${blob.shard.index}/${blob.shard.total}`
      if (seen.has(key)) {
        return yield* new MergeError({ message: `shard ${blob.shard.index}/${blob.shard.total} appears twice in ${dir}` })
      }
      seen.add(key)
    }
    return blobs.sort((a, b) => (a.shard?.index ?? 0) - (b.shard?.index ?? 0))
  })

const summaryOf = (blob: Blob.Blob): Summary | undefined => {
  const last = blob.events.findLast(RunEvent.$is("RunFinished"))
  return last?.summary
}

/**
 * The events of one run made of the blobs: one RunStarted, every shard's group and step events (in
 * shard order), one RunFinished with the merged summary.
 *
 * @category merging
 * @since 0.1.0
 */
export const mergeEvents = (blobs: ReadonlyArray<Blob.Blob>): ReadonlyArray<RunEvent> => {
  const starts = blobs.flatMap((blob) => blob.events.filter(RunEvent.$is("RunStarted")))
  const summaries = blobs.map(summaryOf).filter((s): s is Summary => s !== undefined)
  const endpoints = [...new Set(starts.map((s) => s.endpoint))]
  const runId = starts.map((s) => s.runId).join("+")
  const started = RunEvent.RunStarted({
    runId,
    endpoint: endpoints.join(", "),
    groups: starts.flatMap((s) => s.groups),
    totalSteps: starts.reduce((n, s) => n + s.totalSteps, 0)
  })
  const middle = blobs.flatMap((blob) =>
    blob.events.filter((event) => event._tag !== "RunStarted" && event._tag !== "RunFinished")
  )
  const startedAt = summaries.map((s) => s.startedAt).sort()[0] ?? new Date(0).toISOString()
  const finishedAt = summaries.map((s) => s.finishedAt).sort().at(-1) ?? startedAt
  const summary: Summary = {
    runId,
    startedAt,
    finishedAt,
    durationMs: Math.max(0, Date.parse(finishedAt) - Date.parse(startedAt)),
    endpoint: endpoints.join(", "),
    counts: summaries.reduce((counts, s) => mergeCounts(counts, s.counts), emptyCounts()),
    groups: summaries.flatMap((s) => s.groups),
    interrupted: summaries.some((s) => s.interrupted)
  }
  return [started, ...middle, RunEvent.RunFinished({ summary })]
}

/**
 * Reads the blobs in `dir` and feeds them, as one run, to `reporters` (files go under
 * `outputDir`). Returns the merged summary and what the reporters did.
 *
 * @category merging
 * @since 0.1.0
 */
export const mergeReports = (
  dir: string,
  reporters: ReadonlyArray<Reporter>,
  options: Reporters.RunnerOptions = {}
): Effect.Effect<{ readonly summary: Summary; readonly outcome: Reporters.Outcome }, MergeError> =>
  Effect.gen(function*() {
    const blobs = yield* readBlobs(dir)
    const events = mergeEvents(blobs)
    const outcome = yield* Reporters.replay(events, reporters, options)
    const last = events.at(-1)
    const summary = (last as Extract<RunEvent, { _tag: "RunFinished" }>).summary
    return { summary, outcome }
  })
