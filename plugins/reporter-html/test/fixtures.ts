/**
 * The sample run of `ReporterTesting` with what the page draws beyond it: start times (two groups
 * overlapping in time), check ids, areas and doc links, retried steps, and traces whose header
 * values, paths and body heads are hostile markup. Optionally interrupted, or compared with a
 * baseline that regressed.
 */
import { ReporterTesting, RunEvent, type RunResult, type Trace } from "@s3tester/core"

/** Markup that must stay text wherever the page shows it; each alerts a different number. */
export const hostile = {
  header: "<script>alert(2)</script>",
  responseHeader: "<img src=x onerror=alert(3)>",
  bodyHead: "<script>alert(4)</script><img src=x onerror=alert(5)><svg onload=alert(6)>",
  checkId: "<b id=injected>alert(7)</b>",
  doc: "javascript:alert(8)",
  stepName: "<img src=x onerror=alert(9)>"
} as const

const runStart = Date.parse("2026-11-24T05:00:00.000Z")
const at = (ms: number) => new Date(runStart + ms).toISOString()

const request = (method: string, path: string, query: string, extra: Record<string, string> = {}): Trace.Request => ({
  method,
  origin: "http://127.0.0.1:7480",
  path,
  query,
  headers: { host: "127.0.0.1:7480", "x-amz-date": "20261124T050000Z", authorization: "[redacted]", "x-amz-content-sha256": "UNSIGNED-PAYLOAD", ...extra }
})

const failedGetTrace = (start: number): Trace.Trace => ({
  operation: "GetObject",
  parameters: { Bucket: "s3t-html-bucket", Key: "<script>alert(1)</script>" },
  attempts: [{
    attempt: 1,
    startedAt: at(start),
    durationMs: 26,
    exchanges: [{
      startedAt: at(start),
      durationMs: 25,
      request: request("GET", "/s3t-html-bucket/%3Cscript%3Ealert%281%29%3C%2Fscript%3E", "x-id=GetObject", { "x-evil": hostile.header }),
      response: {
        status: 200,
        headers: { "content-type": "text/html", "content-length": "2048", etag: "\"9b2cf535f27731c974343645a3985328\"", "x-amz-request-id": "tx000-req-failed", "x-evil-header": hostile.responseHeader },
        body: { size: 2048, sha256: "d2a84f4b8b650937ec8f73cd8be2c74add5a911ba64df27458ed8229da804a26", head: hostile.bodyHead, headEncoding: "utf8", truncated: true }
      }
    }],
    response: { ContentLength: 2048, ContentType: "text/html", ETag: "\"9b2cf535f27731c974343645a3985328\"", Body: { size: 2048, head: hostile.bodyHead } }
  }]
})

const flakyTrace = (start: number): Trace.Trace => ({
  operation: "GetObject",
  parameters: { Bucket: "s3t-html-bucket", Key: "hello.txt" },
  attempts: [1, 2].map((attempt) => ({
    attempt,
    startedAt: at(start + (attempt - 1) * 14),
    durationMs: 12,
    exchanges: [{
      startedAt: at(start + (attempt - 1) * 14),
      durationMs: 11,
      request: request("GET", "/s3t-html-bucket/hello.txt", "x-id=GetObject"),
      response: attempt === 1
        ? { status: 503, headers: { "content-type": "application/xml" }, body: { size: 120, head: "<Error><Code>SlowDown</Code></Error>", headEncoding: "utf8" } }
        : { status: 200, headers: { "content-length": "5" }, body: { size: 5, head: "hello", headEncoding: "utf8" } }
    }],
    ...(attempt === 1 ? { error: "SlowDown (HTTP 503)" } : { response: { ContentLength: 5 } })
  }))
})

const erroredTrace = (start: number): Trace.Trace => ({
  operation: "ListObjectsV2",
  parameters: { Bucket: "s3t-html-bucket" },
  attempts: [{
    attempt: 1,
    startedAt: at(start),
    durationMs: 33,
    exchanges: [{ startedAt: at(start), durationMs: 30, request: request("GET", "/s3t-html-bucket", "list-type=2"), error: "connect ECONNREFUSED 127.0.0.1:7480" }],
    error: "TimeoutError: connect ECONNREFUSED"
  }]
})

const unsupportedTrace = (start: number): Trace.Trace => ({
  operation: "PutObjectTagging",
  parameters: { Bucket: "s3t-html-bucket", Key: "k", Tagging: { TagSet: [{ Key: "a", Value: "b" }] } },
  attempts: [{
    attempt: 1,
    startedAt: at(start),
    durationMs: 9,
    exchanges: [{
      startedAt: at(start),
      durationMs: 8,
      request: { ...request("PUT", "/s3t-html-bucket/k", "tagging"), body: { size: 98, sha256: "0f1e", head: "\u0000\u0001binary", headEncoding: "base64" } },
      response: { status: 501, headers: { "content-type": "application/xml" }, body: { size: 96, head: "<Error><Code>NotImplemented</Code></Error>", headEncoding: "utf8" } }
    }],
    response: { $metadata: { httpStatusCode: 501 }, Code: "NotImplemented" }
  }]
})

const evidence = (step: RunResult.StepResult, start: number): Partial<RunResult.StepResult> => {
  if (step.outcome === "skipped") return {}
  const startedAt = { startedAt: at(start) }
  if (step.outcome === "failed") return { ...startedAt, trace: failedGetTrace(start) }
  if (step.outcome === "errored") return { ...startedAt, trace: erroredTrace(start) }
  if (step.outcome === "unsupported") return { ...startedAt, name: hostile.stepName, trace: unsupportedTrace(start) }
  if (step.flaky === true) {
    return {
      ...startedAt,
      trace: flakyTrace(start),
      attemptLog: [
        { outcome: "failed", durationMs: 12, httpStatus: 503, errorCode: "SlowDown", message: "SlowDown (HTTP 503)" },
        { outcome: "passed", durationMs: 12, httpStatus: 200 }
      ]
    }
  }
  return startedAt
}

const checks: Record<string, Partial<RunResult.GroupResult>> = {
  "object-crud": { id: "objects/crud", area: "objects", doc: "https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html" },
  "<script>alert(1)</script>": { id: hostile.checkId, area: "<i>tagging</i>", doc: hostile.doc }
}

export interface RichOptions {
  readonly interrupted?: boolean
  readonly regression?: boolean
}

/** The sample events, enriched; groups start 0 ms and 40 ms into the run, so they overlap. */
export const richEvents = (options: RichOptions = {}): ReadonlyArray<RunEvent.RunEvent> => {
  const clock = new Map<string, number>()
  let groupIndex = 0
  return ReporterTesting.sampleEvents().map((event) => {
    switch (event._tag) {
      case "RunStarted":
        return options.interrupted === true
          ? RunEvent.RunEvent.RunStarted({ ...event, groups: [...event.groups, { name: "never-ran", steps: 6 }], totalSteps: event.totalSteps + 6 })
          : event
      case "GroupStarted":
        clock.set(event.group, 40 * groupIndex++)
        return event
      case "StepFinished": {
        const start = clock.get(event.result.group) ?? 0
        clock.set(event.result.group, start + event.result.durationMs + 4)
        return RunEvent.RunEvent.StepFinished({ result: { ...event.result, ...evidence(event.result, start) } })
      }
      case "GroupFinished":
        return RunEvent.RunEvent.GroupFinished({ result: { ...event.result, ...checks[event.result.name] } })
      case "RunFinished":
        return RunEvent.RunEvent.RunFinished({
          summary: {
            ...event.summary,
            groups: event.summary.groups.map((g) => ({ ...g, ...checks[g.name] })),
            interrupted: options.interrupted === true,
            target: "ceph-rgw",
            profile: "ceph-rgw-16",
            ...(options.regression === true
              ? { baseline: { baseline: "baseline/report.json", regressions: [{ id: "objects/crud", before: "passed", now: "failed" }], fixes: [], added: [hostile.checkId], removed: [] } }
              : {})
          }
        })
      default:
        return event
    }
  })
}
