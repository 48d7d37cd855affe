/**
 * The `blob` reporter: records a run's events in one JSON file that `merge-reports` (see
 * {@link Merge}) replays, with the other shards' blobs, into any report. Blobs are an internal
 * format: read them with the same s3tester version that wrote them.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import type { ReporterContext, ReporterFactory } from "./Reporter.ts"
import { RunEvent } from "./RunEvent.ts"
import type { Shard } from "./Shard.ts"

/**
 * @category constants
 * @since 0.1.0
 */
export const format = "s3tester-blob" as const

/**
 * @category constants
 * @since 0.1.0
 */
export const version = 1 as const

/**
 * A blob file.
 *
 * @category models
 * @since 0.1.0
 */
export interface Blob {
  readonly format: typeof format
  readonly version: typeof version
  readonly toolVersion: string
  readonly region?: string
  readonly suiteFile?: string
  readonly shard?: Shard
  readonly events: ReadonlyArray<RunEvent>
}

const BlobEnvelope = Schema.Struct({
  format: Schema.Literal(format),
  version: Schema.Literal(version),
  toolVersion: Schema.String,
  region: Schema.optionalKey(Schema.String),
  suiteFile: Schema.optionalKey(Schema.String),
  shard: Schema.optionalKey(Schema.Struct({ index: Schema.Int, total: Schema.Int })),
  events: Schema.Array(
    Schema.Struct({
      _tag: Schema.Literals(["RunStarted", "GroupStarted", "StepFinished", "GroupFinished", "RunFinished"])
    })
  )
})

/**
 * Reads a blob from its JSON text; the error says what is wrong.
 *
 * @category decoding
 * @since 0.1.0
 */
export const decode = (text: string): Blob => {
  const json: unknown = JSON.parse(text)
  const envelope = Schema.decodeUnknownSync(BlobEnvelope)(json, { onExcessProperty: "ignore" })
  const raw = (json as { readonly events: ReadonlyArray<Record<string, unknown>> }).events
  const events = raw.map((event) => {
    const { _tag, ...fields } = event
    return (RunEvent as unknown as Record<string, (fields: unknown) => RunEvent>)[_tag as string]!(fields)
  })
  return { ...envelope, events }
}

/**
 * @category models
 * @since 0.1.0
 */
export interface BlobOptions {
  /** The file to write; default `blob/report-<i>-of-<n>.json` (or `blob/report-<run id>.json`) in the output directory. */
  readonly output?: string
}

/**
 * The `blob` reporter.
 *
 * @category reporters
 * @since 0.1.0
 */
export const reporter: ReporterFactory<BlobOptions> = {
  name: "blob",
  apiVersion: 1,
  options: Schema.Struct({ output: Schema.optionalKey(Schema.String) }),
  make: (options: BlobOptions, context: ReporterContext) => {
    const events: Array<RunEvent> = []
    return {
      name: "blob",
      apiVersion: 1,
      onRunStart: (run) => {
        events.push(run)
      },
      onGroupStart: ({ group }) => {
        events.push(RunEvent.GroupStarted({ group }))
      },
      onStepEnd: (result) => {
        events.push(RunEvent.StepFinished({ result }))
      },
      onGroupEnd: (result) => {
        events.push(RunEvent.GroupFinished({ result }))
      },
      onRunEnd: (summary) => {
        events.push(RunEvent.RunFinished({ summary }))
        const blob: Blob = {
          format,
          version,
          toolVersion: context.toolVersion,
          ...(context.region === undefined ? {} : { region: context.region }),
          ...(context.suiteFile === undefined ? {} : { suiteFile: context.suiteFile }),
          ...(context.shard === undefined ? {} : { shard: context.shard }),
          events
        }
        const name = context.shard === undefined
          ? `report-${summary.runId}.json`
          : `report-${context.shard.index}-of-${context.shard.total}.json`
        return [{ path: options.output ?? `blob/${name}`, content: JSON.stringify(blob) }]
      }
    }
  }
}
