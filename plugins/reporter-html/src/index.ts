/**
 * `@s3tester/reporter-html` (reporter name `html`): one self-contained HTML page per run: outcome
 * tiles that filter, groups as collapsible sections of sortable steps, a step opened to expected vs
 * actual and its trace, a timeline, latency per operation on one scale; the view is kept in the URL
 * hash. Options: `output` (default `report.html`), `title`.
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
