import type * as Trace from "@s3tester/core/Trace"
import { pc } from "./colors.ts"
import { formatMs } from "./wording.ts"

/** How much of a body's first bytes the console shows (the trace keeps up to 1 KiB). */
const headChars = 200

/** `12 bytes, sha256 ab12…, "hello…"`: enough to recognise a body. */
export const bodyLine = (body: Trace.BodySummary): string => {
  const parts: Array<string> = []
  if (body.size !== undefined) parts.push(`${body.size} byte${body.size === 1 ? "" : "s"}`)
  if (body.sha256 !== undefined) parts.push(`sha256 ${body.sha256.slice(0, 16)}…`)
  if (body.head !== undefined && body.head !== "") {
    const cut = body.head.length > headChars || body.truncated === true
    const head = body.head.slice(0, headChars)
    parts.push(body.headEncoding === "base64" ? `base64 ${head}${cut ? "…" : ""}` : `${JSON.stringify(head)}${cut ? "…" : ""}`)
  }
  return parts.length === 0 ? "(no details)" : parts.join(", ")
}

/** `GET http://127.0.0.1:7480/bucket/key?versionId=1`: the request line as sent. */
export const requestLine = (request: Trace.Request): string =>
  `${request.method} ${request.origin}${request.path}${request.query === "" ? "" : `?${request.query}`}`

const headerLines = (headers: Readonly<Record<string, string>>, indent: string): ReadonlyArray<string> =>
  Object.entries(headers).map(([name, value]) => `${indent}${name}: ${value}`)

const exchangeLines = (exchange: Trace.Exchange, indent: string): ReadonlyArray<string> => {
  const lines = [`${indent}${requestLine(exchange.request)} ${pc.dim(formatMs(exchange.durationMs))}`]
  if (exchange.request.body !== undefined) lines.push(`${indent}  request body: ${bodyLine(exchange.request.body)}`)
  const response = exchange.response
  if (response !== undefined) {
    lines.push(`${indent}  -> HTTP ${response.status}`)
    lines.push(...headerLines(response.headers, `${indent}     `))
    if (response.body !== undefined) lines.push(`${indent}  response body: ${bodyLine(response.body)}`)
  }
  if (exchange.error !== undefined) lines.push(`${indent}  -> ${exchange.error}`)
  return lines
}

/**
 * A step's trace as `--verbose` prints it under a step that did not pass: each attempt, each
 * request it made (`METHOD origin/path?query`), the status, response headers and bodies (summaries),
 * and the error of an attempt that got no answer. Already redacted by the engine.
 */
export const traceLines = (trace: Trace.Trace, indent = "      "): ReadonlyArray<string> => {
  const lines = [pc.dim(`${indent}trace of ${trace.operation} (${trace.attempts.length} attempt${trace.attempts.length === 1 ? "" : "s"}):`)]
  for (const attempt of trace.attempts) {
    lines.push(`${indent}  attempt ${attempt.attempt} ${pc.dim(`${attempt.startedAt}, ${formatMs(attempt.durationMs)}`)}`)
    for (const exchange of attempt.exchanges) lines.push(...exchangeLines(exchange, `${indent}    `))
    if (attempt.exchangesOmitted !== undefined) lines.push(pc.dim(`${indent}    … ${attempt.exchangesOmitted} more exchanges, not kept`))
    if (attempt.error !== undefined) lines.push(`${indent}    error: ${attempt.error}`)
  }
  return lines
}
