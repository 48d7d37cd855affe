/**
 * A step's trace as readable text (what `<system-out>` holds), in the manner of `curl -v`: per
 * attempt the request line and headers (`>`), the status and response headers (`<`), body
 * summaries, the parsed response and the error. The trace comes redacted from the engine; this
 * only lays it out.
 *
 * @since 0.3.0
 */
import type { Trace } from "@s3tester/core"

const bodyText = (body: Trace.BodySummary): string => {
  const parts = [
    body.size === undefined ? "size unknown" : `${body.size} bytes`,
    ...(body.sha256 === undefined ? [] : [`sha256 ${body.sha256}`]),
    ...(body.head === undefined
      ? []
      : [`${body.headEncoding === "base64" ? "first bytes (base64)" : "starts"} ${JSON.stringify(body.head)}${body.truncated === true ? " (truncated)" : ""}`])
  ]
  return parts.join(", ")
}

const headerLines = (marker: string, headers: Readonly<Record<string, string>>): Array<string> =>
  Object.entries(headers).map(([name, value]) => `  ${marker} ${name}: ${value}`)

const exchangeLines = (exchange: Trace.Exchange): Array<string> => {
  const { request, response } = exchange
  const query = request.query === "" ? "" : `?${request.query}`
  return [
    `  > ${request.method} ${request.origin}${request.path}${query}`,
    ...headerLines(">", request.headers),
    ...(request.body === undefined ? [] : [`  > body: ${bodyText(request.body)}`]),
    ...(response === undefined
      ? [`  < no response after ${exchange.durationMs} ms${exchange.error === undefined ? "" : `: ${exchange.error}`}`]
      : [
        `  < ${response.status} (${exchange.durationMs} ms)`,
        ...headerLines("<", response.headers),
        ...(response.body === undefined ? [] : [`  < body: ${bodyText(response.body)}`]),
        ...(exchange.error === undefined ? [] : [`  error: ${exchange.error}`])
      ])
  ]
}

const attemptLines = (attempt: Trace.Attempt): Array<string> => [
  `attempt ${attempt.attempt}, ${attempt.startedAt}, ${attempt.durationMs} ms`,
  ...attempt.exchanges.flatMap(exchangeLines),
  ...(attempt.exchangesOmitted === undefined ? [] : [`  … ${attempt.exchangesOmitted} more exchanges, not kept`]),
  ...(attempt.response === undefined ? [] : [`  response: ${JSON.stringify(attempt.response)}`]),
  ...(attempt.error === undefined ? [] : [`  error: ${attempt.error}`])
]

/**
 * The text of a trace.
 *
 * @category formatting
 * @since 0.3.0
 */
export const format = (trace: Trace.Trace): string =>
  [
    `${trace.operation}, ${trace.attempts.length} attempt${trace.attempts.length === 1 ? "" : "s"}`,
    `parameters: ${JSON.stringify(trace.parameters)}`,
    ...trace.attempts.flatMap((attempt) => ["", ...attemptLines(attempt)])
  ].join("\n")
