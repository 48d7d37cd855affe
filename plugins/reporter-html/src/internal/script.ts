/**
 * The page's script: builds the tiles, the table, the filters and the charts from the embedded JSON
 * with DOM calls only (textContent, never innerHTML), so nothing from the server or the config is
 * ever parsed as markup.
 */
export const script = `
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("s3t-data").textContent);
  var SVG = "http://www.w3.org/2000/svg";
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    if (attrs) for (var k in attrs) if (attrs[k] !== undefined) node.setAttribute(k, attrs[k]);
    (children || []).forEach(function (c) { node.append(c instanceof Node ? c : document.createTextNode(String(c))); });
    return node;
  }
  function svg(tag, attrs, text) {
    var node = document.createElementNS(SVG, tag);
    for (var k in attrs) node.setAttribute(k, String(attrs[k]));
    if (text !== undefined) node.textContent = text;
    return node;
  }
  function ms(v) { return v >= 1000 ? (v / 1000).toFixed(2) + " s" : Math.round(v) + " ms"; }
  function expected(e) { return e.success ? "success" : "error" + (e.errorCode ? " " + e.errorCode : "") + (e.httpStatus !== undefined ? " (HTTP " + e.httpStatus + ")" : ""); }
  function actual(a) {
    if (!a || a.success === undefined) return "no answer";
    return (a.success ? "success" : "error" + (a.errorCode ? " " + a.errorCode : "")) + (a.httpStatus !== undefined ? " (HTTP " + a.httpStatus + ")" : "");
  }

  // header
  var run = data.run;
  document.getElementById("meta").textContent = run.endpoint + " · run " + run.id + " · " + run.startedAt + " · " + ms(run.durationMs) + " · s3tester " + run.toolVersion + (run.target ? " · target " + run.target : "") + (run.profile ? " · profile " + run.profile : "") + (run.interrupted ? " · INTERRUPTED" : "");

  // the comparison with a baseline: regressions first
  if (data.baseline) {
    var b = data.baseline;
    var banner = el("div", { "class": b.regressions.length > 0 ? "banner" : "banner ok" }, [
      el("strong", null, [b.regressions.length + " regression" + (b.regressions.length === 1 ? "" : "s")]),
      " against " + b.baseline + " · " + b.fixes.length + " fixed · " + b.added.length + " new · " + b.removed.length + " removed"
    ]);
    var list = el("ul");
    b.regressions.forEach(function (c) { list.append(el("li", null, ["regression: " + c.id + " (" + c.before + " → " + c.now + ")"])); });
    b.fixes.forEach(function (c) { list.append(el("li", null, ["fixed: " + c.id + " (" + c.before + " → " + c.now + ")"])); });
    banner.append(list);
    document.getElementById("tiles").before(banner);
  }
  function docLink(url) {
    return /^https?:\/\//.test(url) ? el("a", { href: url, "class": "check-doc", rel: "noreferrer" }, ["doc"]) : el("span", { "class": "check-doc" }, [url]);
  }

  // tiles and the outcome bar
  var s = data.summary;
  var tiles = document.getElementById("tiles");
  [["total", "steps"], ["passed"], ["failed"], ["errored"], ["skipped"], ["unsupported"], ["known"], ["fixed"], ["flaky"]].forEach(function (t) {
    tiles.append(el("div", { "class": "tile " + t[0], "data-count": t[0] }, [el("div", { "class": "n" }, [s[t[0]]]), el("div", { "class": "l" }, [t[1] || t[0]])]));
  });
  tiles.append(el("div", { "class": "tile" }, [el("div", { "class": "n" }, [ms(run.durationMs)]), el("div", { "class": "l" }, ["duration"])]));
  var bar = document.getElementById("bar");
  ["passed", "known", "failed", "fixed", "errored", "unsupported", "skipped"].forEach(function (o) {
    if (s[o] > 0) bar.append(el("span", { style: "width:" + (100 * s[o] / s.total) + "%;background:var(--" + o + ")", title: o + ": " + s[o] }));
  });

  // filters
  var steps = [];
  data.groups.forEach(function (g) { g.steps.forEach(function (st) { steps.push({ g: g, st: st }); }); });
  function fill(id, values) {
    var select = document.getElementById(id);
    values.forEach(function (v) { select.append(el("option", { value: v }, [v])); });
  }
  fill("f-outcome", ["passed", "failed", "errored", "skipped", "unsupported", "flaky", "not passed"]);
  fill("f-tag", Array.from(new Set(data.groups.flatMap(function (g) { return g.tags; }))).sort());
  fill("f-op", Array.from(new Set(steps.map(function (x) { return x.st.operation; }))).sort());

  // the table: one row per step; failed and errored steps open to expected vs actual
  var body = document.getElementById("rows");
  var rows = steps.map(function (x) {
    var g = x.g, st = x.st;
    var outcomeCell = el("td", null, [el("span", { "class": "badge " + st.outcome }, [st.outcome])]);
    if (st.flaky) outcomeCell.append(el("span", { "class": "badge flaky" }, ["flaky"]));
    var stepCell = el("td", null, [st.name]);
    if (st.outcome !== "passed") {
      var dl = el("dl", null, [
        el("dt", null, ["expected"]), el("dd", null, [expected(st.expected)]),
        el("dt", null, ["actual"]), el("dd", null, [actual(st.actual)])
      ]);
      if (st.actual && st.actual.requestId) { dl.append(el("dt", null, ["request id"]), el("dd", { "class": "request-id" }, [st.actual.requestId])); }
      if (st.message) { dl.append(el("dt", null, ["message"]), el("dd", null, [st.message])); }
      if (g.deviation) { dl.append(el("dt", null, ["declared"]), el("dd", null, [g.deviation.observed + " (" + g.deviation.profile + "): " + g.deviation.reason].concat(g.deviation.link ? [" ", docLink(g.deviation.link)] : []))); }
      if (st.source) { dl.append(el("dt", null, ["at"]), el("dd", null, [st.source.file + ":" + st.source.line + ":" + st.source.column])); }
      var open = st.outcome === "failed" || st.outcome === "errored";
      stepCell.append(el("details", open ? { "class": "why", open: "" } : { "class": "why" }, [el("summary", null, [open ? "expected vs actual" : "why"]), dl]));
    }
    var tr = el("tr", { "class": "step-row", "data-outcome": st.outcome }, [
      el("td", null, [g.name].concat(g.doc ? [docLink(g.doc)] : [], g.tags.map(function (t) { return el("span", { "class": "tag" }, [t]); }))),
      el("td", null, [st.phase]),
      stepCell,
      el("td", null, [st.operation]),
      el("td", null, [st.credential]),
      outcomeCell,
      el("td", { "class": "num" }, [ms(st.durationMs)]),
      el("td", { "class": "num" }, [st.attempts])
    ]);
    body.append(tr);
    var text = [g.name, st.name, st.operation, st.credential, st.message || "", (st.actual && st.actual.errorCode) || "", (st.actual && st.actual.requestId) || ""].concat(g.tags).join("\\n").toLowerCase();
    return { tr: tr, g: g, st: st, text: text };
  });
  if (rows.length === 0) body.append(el("tr", null, [el("td", { colspan: "8", "class": "empty" }, ["no steps"])]));

  function apply() {
    var outcome = document.getElementById("f-outcome").value;
    var tag = document.getElementById("f-tag").value;
    var op = document.getElementById("f-op").value;
    var text = document.getElementById("f-text").value.trim().toLowerCase();
    var shown = 0;
    rows.forEach(function (r) {
      var ok = (outcome === "" || (outcome === "flaky" ? r.st.flaky : outcome === "not passed" ? r.st.outcome !== "passed" : r.st.outcome === outcome)) &&
        (tag === "" || r.g.tags.indexOf(tag) >= 0) &&
        (op === "" || r.st.operation === op) &&
        (text === "" || r.text.indexOf(text) >= 0);
      r.tr.hidden = !ok;
      if (ok) shown++;
    });
    document.getElementById("shown").textContent = shown + " of " + rows.length + " steps";
  }
  ["f-outcome", "f-tag", "f-op"].forEach(function (id) { document.getElementById(id).addEventListener("change", apply); });
  document.getElementById("f-text").addEventListener("input", apply);
  apply();

  // latency per operation: min, p50, p90, p95, p99, max as bars (inline SVG)
  var charts = document.getElementById("charts");
  if (data.latency.length === 0) charts.append(el("div", { "class": "empty" }, ["no latency data"]));
  data.latency.forEach(function (l) {
    var stats = [["min", l.minMs], ["p50", l.p50Ms], ["p90", l.p90Ms], ["p95", l.p95Ms], ["p99", l.p99Ms], ["max", l.maxMs]];
    var max = Math.max(l.maxMs, 1), w = 320, row = 18, left = 34, right = 64;
    var chart = svg("svg", { width: w, height: stats.length * row + 4, viewBox: "0 0 " + w + " " + (stats.length * row + 4), role: "img", "aria-label": "latency of " + l.operation });
    stats.forEach(function (p, i) {
      var y = i * row + 2, len = Math.max(1, (w - left - right) * p[1] / max);
      chart.append(svg("text", { x: 0, y: y + 12 }, p[0]));
      chart.append(svg("rect", { x: left, y: y + 2, width: len, height: row - 6, rx: 3, fill: i === 1 ? "#2e90fa" : i >= 3 ? "#f79009" : "#84caff" }));
      chart.append(svg("text", { x: left + len + 4, y: y + 12 }, ms(p[1])));
    });
    charts.append(el("div", { "class": "chart" }, [el("h3", null, [l.operation + " (" + l.count + ")"]), chart]));
  });
})();
`
