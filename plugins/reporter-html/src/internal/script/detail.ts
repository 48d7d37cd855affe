/**
 * The page script's step detail: expected vs actual, why, the attempt log and the trace (request
 * line and headers, response status, headers and body summary, the parsed response), attempt by
 * attempt. Everything drawn as text.
 */
export const detail = String.raw`
function headersTable(headers) {
  var names = Object.keys(headers || {});
  if (names.length === 0) return el("div", { "class": "muted" }, ["no headers"]);
  var tbody = el("tbody");
  names.forEach(function (n) { tbody.append(el("tr", null, [el("th", { scope: "row" }, [n]), el("td", null, [String(headers[n])])])); });
  return el("table", { "class": "headers" }, [tbody]);
}
function bodySummary(label, body) {
  if (!body) return null;
  var facts = [];
  if (body.size !== undefined) facts.push(bytes(body.size));
  if (body.sha256) facts.push("sha256 " + body.sha256);
  if (body.truncated) facts.push("first bytes shown");
  return el("div", { "class": "body" }, [
    el("div", { "class": "label" }, [label + (facts.length ? " · " + facts.join(" · ") : "")]),
    body.head !== undefined ? pre(body.head, body.headEncoding === "base64" ? "code base64" : "code") : null,
    body.head !== undefined && body.headEncoding === "base64" ? el("div", { "class": "muted" }, ["(base64: not valid UTF-8)"]) : null
  ]);
}
function statusClass(status) { return status >= 200 && status < 300 ? "ok" : status >= 300 && status < 400 ? "redirect" : "bad"; }
function exchangeView(ex, i, n) {
  var rq = ex.request, rs = ex.response;
  var target = rq.path + (rq.query ? "?" + rq.query : "");
  return el("div", { "class": "exchange" }, [
    n > 1 ? el("div", { "class": "label" }, ["request " + (i + 1) + " of " + n]) : null,
    el("div", { "class": "request-line" }, [el("strong", null, [rq.method]), " ", el("span", { "class": "target" }, [target])]),
    el("div", { "class": "muted" }, [rq.origin + " · sent " + clock(ex.startedAt) + " · " + ms(ex.durationMs)]),
    el("details", { "class": "headers-block" }, [el("summary", null, ["request headers (" + Object.keys(rq.headers || {}).length + ")"]), headersTable(rq.headers)]),
    bodySummary("request body", rq.body),
    rs ? el("div", { "class": "status-line" }, [el("span", { "class": "status " + statusClass(rs.status) }, ["HTTP " + rs.status])]) : null,
    rs ? el("details", { "class": "headers-block", open: "" }, [el("summary", null, ["response headers (" + Object.keys(rs.headers || {}).length + ")"]), headersTable(rs.headers)]) : null,
    rs ? bodySummary("response body", rs.body) : null,
    ex.error ? el("div", { "class": "wire-error" }, [rs ? "error: " + ex.error : "no response: " + ex.error]) : (rs ? null : el("div", { "class": "wire-error" }, ["no response"]))
  ]);
}
function attemptView(a, count) {
  var exchanges = a.exchanges || [];
  var last = a.attempt === count;
  var head = "attempt " + a.attempt + " of " + count + " · started " + clock(a.startedAt) + " · " + ms(a.durationMs) + (a.error ? " · " + a.error : "");
  var body = el("div", { "class": "attempt-body" }, [
    exchanges.length === 0 ? el("div", { "class": "muted" }, ["no HTTP request was made"]) : null
  ]);
  exchanges.forEach(function (ex, i) { body.append(exchangeView(ex, i, exchanges.length)); });
  if (a.exchangesOmitted) body.append(el("div", { "class": "muted" }, ["… " + a.exchangesOmitted + " more exchanges, not kept"]));
  if (a.response !== undefined) body.append(el("details", { "class": "parsed" }, [el("summary", null, ["parsed response"]), pre(json(a.response))]));
  return el("details", last ? { "class": "attempt", open: "" } : { "class": "attempt" }, [el("summary", null, [head]), body]);
}
function traceView(trace) {
  var box = el("section", { "class": "trace" }, [el("h4", null, ["Trace"])]);
  if (!trace) {
    box.append(el("div", { "class": "muted" }, ["no trace for this step: traces are kept with --trace on, or for steps that did not pass with --trace retain-on-failure (the default)"]));
    return box;
  }
  box.append(el("details", { "class": "parameters" }, [el("summary", null, [trace.operation + " parameters"]), pre(json(trace.parameters))]));
  trace.attempts.forEach(function (a) { box.append(attemptView(a, trace.attempts.length)); });
  return box;
}
function attemptLogView(log) {
  if (!log || log.length === 0) return null;
  var tbody = el("tbody");
  log.forEach(function (a, i) {
    tbody.append(el("tr", null, [
      el("td", { "class": "num" }, [String(i + 1)]), el("td", null, [badge(a.outcome)]),
      el("td", null, [a.httpStatus !== undefined ? "HTTP " + a.httpStatus : ""]), el("td", null, [a.errorCode || ""]),
      el("td", { "class": "num" }, [ms(a.durationMs)]), el("td", null, [a.message || ""])
    ]));
  });
  return el("section", null, [el("h4", null, ["Attempts"]), el("table", { "class": "attempts" }, [
    el("thead", null, [el("tr", null, ["#", "outcome", "status", "error", "time", "message"].map(function (h) { return el("th", null, [h]); }))]), tbody
  ])]);
}
function detailRow(x) {
  if (x.detail) return x.detail;
  var st = x.st, g = x.g, a = st.actual || {};
  var verdict = el("div", { "class": "verdict" }, [
    el("div", { "class": "side expected" }, [el("h4", null, ["Expected"]), el("div", { "class": "value" }, [expectedText(st.expected)])]),
    el("div", { "class": "side actual " + st.outcome }, [el("h4", null, ["Actual"]), el("div", { "class": "value" }, [actualText(st.actual)]),
      kv([["request id", a.requestId, "request-id"], ["error", a.errorCode]])])
  ]);
  var facts = kv([
    ["message", st.message, "message"],
    ["declared", g.deviation ? g.deviation.observed + " (" + g.deviation.profile + "): " + g.deviation.reason : undefined],
    ["check", g.id], ["area", g.area],
    ["operation", st.operation], ["phase", st.phase + " #" + (st.index + 1)], ["credential", st.credential],
    ["started", st.startedAt], ["at", st.source ? st.source.file + ":" + st.source.line + ":" + st.source.column : undefined]
  ]);
  if (g.doc) facts.append(el("dt", null, ["doc"]), el("dd", null, [docLink(g.doc), " ", g.doc]));
  if (g.deviation && g.deviation.link) facts.append(el("dt", null, ["declared in"]), el("dd", null, [docLink(g.deviation.link)]));
  var close = el("button", { "class": "close", type: "button", "aria-label": "close" }, ["close"]);
  close.addEventListener("click", function () { openStep(x.key, false); });
  x.detail = el("tr", { "class": "detail", "data-key": x.key }, [el("td", { colspan: "6" }, [el("div", { "class": "detail-body" }, [
    el("div", { "class": "detail-head" }, [el("h3", null, [g.name + " › " + st.name]), close]),
    verdict, facts, attemptLogView(st.attemptLog), traceView(st.trace)
  ])])]);
  return x.detail;
}
`
