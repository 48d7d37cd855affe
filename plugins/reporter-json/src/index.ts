/**
 * `@s3tester/reporter-json` (reporter name `json`): the whole run as one JSON document, with
 * latency statistics per operation. Options: `output` (default `report.json` in the output
 * directory), `indent` (default 2; 0 for one line).
 *
 * @since 0.1.0
 */
import { Reporter } from "@s3tester/core"
import { Schema } from "effect"
import * as Document from "./Document.ts"

export * as Document from "./Document.ts"
export * as ReportSchema from "./ReportSchema.ts"

/**
 * @category schemas
 * @since 0.1.0
 */
export const Options = Schema.Struct({
  output: Schema.optionalKey(Schema.String),
  indent: Schema.optionalKey(Schema.Int.pipe(Schema.check(Schema.isBetween({ minimum: 0, maximum: 8 }))))
})

/**
 * @category reporters
 * @since 0.1.0
 */
export const reporter = Reporter.defineReporterFactory({
  name: "json",
  apiVersion: 1,
  options: Options,
  make: (options, context) => ({
    name: "json",
    apiVersion: 1,
    ...Reporter.collect((run) => [{
      path: options.output ?? "report.json",
      content: `${JSON.stringify(Document.make(run, context), null, options.indent ?? 2)}\n`
    }])
  })
})

export default reporter
