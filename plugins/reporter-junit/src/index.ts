/**
 * `@s3tester/reporter-junit` (reporter name `junit`): JUnit XML for CI systems. One `<testsuite>`
 * per group (with `<properties>` endpoint, region, toolVersion), one `<testcase>` per step
 * (`classname` = the group; before/after steps named by their phase, names unique in a group),
 * `<failure>` for a contradicted expectation, `<error>` for an errored step, `<skipped>` for skipped
 * and unsupported steps (with the reason), `<flakyFailure>` (Surefire) for a step that passed after
 * retries; times in seconds. A `<failure message>` is the first line of the difference (the full
 * message is the element's text), and a step's trace, when traces are on, is its testcase's
 * `<system-out>` as text (request line, headers redacted, status, response headers, body summaries,
 * every attempt). Options: `output` (default `junit.xml`), `suiteName`.
 *
 * @since 0.1.0
 */
import { Reporter } from "@s3tester/core"
import { Schema } from "effect"
import * as Xml from "./Xml.ts"

export * as TraceText from "./TraceText.ts"
export * as Xml from "./Xml.ts"

/**
 * @category schemas
 * @since 0.1.0
 */
export const Options = Schema.Struct({
  output: Schema.optionalKey(Schema.String),
  suiteName: Schema.optionalKey(Schema.String)
})

/**
 * @category reporters
 * @since 0.1.0
 */
export const reporter = Reporter.defineReporterFactory({
  name: "junit",
  apiVersion: 1,
  options: Options,
  make: (options, context) => ({
    name: "junit",
    apiVersion: 1,
    ...Reporter.collect((run) => [{
      path: options.output ?? "junit.xml",
      content: Xml.make(run, context, options.suiteName === undefined ? {} : { suiteName: options.suiteName })
    }])
  })
})

export default reporter
