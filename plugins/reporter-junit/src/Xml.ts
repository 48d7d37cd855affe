/**
 * The JUnit XML document of a collected run (the de-facto format Jenkins, GitLab and the GitHub
 * actions read): one `<testsuite>` per group, one `<testcase>` per step. Escaping is done by
 * fast-xml-parser's builder; characters XML 1.0 cannot hold at all are dropped first.
 *
 * @since 0.1.0
 */
import { type Reporter, RunResult } from "@s3tester/core"
import { XMLBuilder } from "fast-xml-parser"
import * as TraceText from "./TraceText.ts"

const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  textNodeName: "#text",
  format: true,
  indentBy: "  ",
  suppressEmptyNode: true,
  processEntities: true
})

// eslint-disable-next-line no-control-regex
const notXml = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g
const clean = (text: string): string => text.replace(notXml, "")
const seconds = (ms: number): string => (ms / 1000).toFixed(3)

const phaseLabel: Record<string, string> = { before_test: "before_test", test: "test", after_test: "after_test" }

/** Test steps by their name; before/after steps prefixed with their phase; duplicates numbered. */
const caseNames = (steps: ReadonlyArray<RunResult.StepResult>): ReadonlyArray<string> => {
  const used = new Map<string, number>()
  return steps.map((step) => {
    const base = step.phase === "test" ? step.name : `${phaseLabel[step.phase]} › ${step.name}`
    const n = (used.get(base) ?? 0) + 1
    used.set(base, n)
    return n === 1 ? base : `${base} (#${n})`
  })
}

const expectedText = (e: RunResult.StepResult["expected"]): string =>
  e.success
    ? "success"
    : `error${e.errorCode === undefined ? "" : ` ${e.errorCode}`}${e.httpStatus === undefined ? "" : ` (HTTP ${e.httpStatus})`}`

const actualText = (a: RunResult.Actual | undefined): string =>
  a === undefined
    ? "no answer"
    : a.success
    ? `success${a.httpStatus === undefined ? "" : ` (HTTP ${a.httpStatus})`}`
    : `error${a.errorCode === undefined ? "" : ` ${a.errorCode}`}${a.httpStatus === undefined ? "" : ` (HTTP ${a.httpStatus})`}`

const details = (step: RunResult.StepResult): string =>
  clean(
    [
      step.message ?? "",
      `operation: ${step.operation} [${step.credential}]`,
      `expected: ${expectedText(step.expected)}`,
      `actual: ${actualText(step.actual)}`,
      ...(step.actual?.requestId === undefined ? [] : [`request id: ${step.actual.requestId}`]),
      ...(step.source === undefined ? [] : [`at ${step.source.file}:${step.source.line}:${step.source.column}`])
    ].filter((line) => line !== "").join("\n")
  )

/**
 * The line a CI shows for a step: the first line of its message, or, when that line only heads a
 * list (`response does not match:` then one difference per line), the first difference.
 */
const firstLine = (text: string | undefined, fallback: string) => {
  const lines = (text ?? fallback).split("\n")
  const first = lines[0] ?? ""
  const headline = lines.length > 1 && first.trimEnd().endsWith(":") ? lines[1]!.trim() : first
  return clean(headline === "" ? fallback : headline)
}

/** The step's trace, when it has one, as the testcase's `<system-out>`. */
const systemOut = (step: RunResult.StepResult): Record<string, string> =>
  step.trace === undefined ? {} : { "system-out": clean(TraceText.format(step.trace)) }

const verdict = (group: string, step: RunResult.StepResult, name: string): Record<string, unknown> => {
  const base: Record<string, unknown> = {
    "@_classname": clean(group),
    "@_name": clean(name),
    "@_time": seconds(step.durationMs),
    ...(step.source === undefined ? {} : { "@_file": clean(step.source.file) })
  }
  switch (step.outcome) {
    case "failed":
      return { ...base, failure: { "@_message": firstLine(step.message, "expectation not met"), "@_type": "ExpectationFailed", "#text": details(step) } }
    case "errored":
      return { ...base, error: { "@_message": firstLine(step.message, "errored"), "@_type": step.actual?.errorCode ?? "Error", "#text": details(step) } }
    case "skipped":
      return { ...base, skipped: { "@_message": firstLine(step.message, "skipped") } }
    case "unsupported":
      return { ...base, skipped: { "@_message": `unsupported: ${firstLine(step.message, "the server does not implement it")}` } }
    case "known":
      return { ...base, skipped: { "@_message": firstLine(step.message, "known deviation") } }
    case "fixed":
      return { ...base, failure: { "@_message": firstLine(step.message, "declared deviation did not happen"), "@_type": "DeviationFixed", "#text": details(step) } }
    case "passed":
      return RunResult.isFlaky(step)
        ? {
          ...base,
          flakyFailure: {
            "@_message": `passed after ${step.attempts} attempts`,
            "@_type": "Flaky",
            stackTrace: details(step)
          }
        }
        : base
  }
}

/** A step's testcase: its verdict element, then its trace. */
const testcase = (group: string, step: RunResult.StepResult, name: string): Record<string, unknown> => ({
  ...verdict(group, step, name),
  ...systemOut(step)
})

/** A check's identity and its declared deviation, as `<property>` elements of its testsuite. */
const checkProperties = (group: Reporter.CollectedGroup): Array<Record<string, string>> => [
  ...(group.id === undefined ? [] : [{ "@_name": "check", "@_value": clean(group.id) }]),
  ...(group.area === undefined ? [] : [{ "@_name": "area", "@_value": clean(group.area) }]),
  ...(group.doc === undefined ? [] : [{ "@_name": "doc", "@_value": clean(group.doc) }]),
  ...(group.deviation === undefined ? [] : [
    { "@_name": "deviation", "@_value": clean(`${group.deviation.observed}: ${group.deviation.reason}`) },
    { "@_name": "profile", "@_value": clean(group.deviation.profile) },
    ...(group.deviation.link === undefined ? [] : [{ "@_name": "deviationLink", "@_value": clean(group.deviation.link) }])
  ])
]

/**
 * @category models
 * @since 0.1.0
 */
export interface XmlOptions {
  /** The `<testsuites name>`; default `s3tester`. */
  readonly suiteName?: string
}

/**
 * The XML text of a run.
 *
 * @category constructors
 * @since 0.1.0
 */
export const make = (run: Reporter.CollectedRun, context: Reporter.ReporterContext, options: XmlOptions = {}): string => {
  const { summary } = run
  const properties = {
    property: [
      { "@_name": "endpoint", "@_value": clean(summary.endpoint) },
      { "@_name": "region", "@_value": clean(context.region ?? "") },
      { "@_name": "toolVersion", "@_value": context.toolVersion },
      { "@_name": "runId", "@_value": clean(summary.runId) },
      ...(context.shard === undefined ? [] : [{ "@_name": "shard", "@_value": `${context.shard.index}/${context.shard.total}` }])
    ]
  }
  const suites = run.groups.map((group) => {
    const names = caseNames(group.steps)
    return {
      "@_name": clean(group.name),
      "@_tests": String(group.steps.length),
      "@_failures": String(group.counts.failed + (group.counts.fixed ?? 0)),
      "@_errors": String(group.counts.errored),
      "@_skipped": String(group.counts.skipped + group.counts.unsupported + (group.counts.known ?? 0)),
      "@_time": seconds(group.durationMs),
      "@_timestamp": summary.startedAt,
      properties: {
        property: [
          ...properties.property,
          ...(group.tags.length === 0 ? [] : [{ "@_name": "tags", "@_value": clean(group.tags.join(",")) }]),
          ...checkProperties(group)
        ]
      },
      testcase: group.steps.map((step, i) => testcase(group.name, step, names[i]!))
    }
  })
  const counts = summary.counts
  const doc = {
    "?xml": { "@_version": "1.0", "@_encoding": "UTF-8" },
    testsuites: {
      "@_name": clean(options.suiteName ?? "s3tester"),
      "@_tests": String(counts.total),
      "@_failures": String(counts.failed + (counts.fixed ?? 0)),
      "@_errors": String(counts.errored),
      "@_skipped": String(counts.skipped + counts.unsupported + (counts.known ?? 0)),
      "@_time": seconds(summary.durationMs),
      "@_timestamp": summary.startedAt,
      testsuite: suites
    }
  }
  return builder.build(doc) as string
}
