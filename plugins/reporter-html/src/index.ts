/**
 * `@s3tester/reporter-html` (reporter name `html`): one self-contained HTML page per run (summary
 * tiles, a filterable table of steps, failed steps opened to expected vs actual and the request id,
 * latency charts per operation). Options: `output` (default `report.html`), `title`.
 *
 * @since 0.1.0
 */
import { Reporter } from "@s3tester/core"
import { Schema } from "effect"
import * as Page from "./Page.ts"

export * as Page from "./Page.ts"

/**
 * @category schemas
 * @since 0.1.0
 */
export const Options = Schema.Struct({
  output: Schema.optionalKey(Schema.String),
  title: Schema.optionalKey(Schema.String)
})

/**
 * @category reporters
 * @since 0.1.0
 */
export const reporter = Reporter.defineReporterFactory({
  name: "html",
  apiVersion: 1,
  options: Options,
  make: (options, context) => ({
    name: "html",
    apiVersion: 1,
    ...Reporter.collect((run) => [{
      path: options.output ?? "report.html",
      content: Page.make(run, context, options.title === undefined ? {} : { title: options.title })
    }])
  })
})

export default reporter
