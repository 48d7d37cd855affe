/**
 * The page script's charts, hand-written SVG (a few shapes on a linear axis; see the README for why
 * no chart library): latency per operation, every operation on one scale and only the steps the
 * filters show; and the timeline, groups packed into lanes with their steps inside, coloured by
 * outcome.
 */
export const charts = String.raw`
function percentile(values, p) {
  if (values.length === 0) return 0;
  var rank = Math.ceil((p / 100) * values.length);
  return values[Math.min(values.length - 1, Math.max(0, rank - 1))];
}
// an axis from 0 to a round number above max, with 3 to 6 round ticks
function scaleOf(max) {
  var top = Math.max(max, 1), raw = top / 4, pow = Math.pow(10, Math.floor(Math.log10(raw))), f = raw / pow;
  var step = (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * pow;
  var end = Math.ceil(top / step) * step, ticks = [];
  for (var i = 0; i * step <= end + step / 2; i++) ticks.push(i * step);
  return { max: end, ticks: ticks, frac: function (v) { return v / end; } };
}
// log(1 + v): 0 stays at the left; ticks at 0, 1, 10, 100... (for latencies with a long tail)
function logScaleOf(max) {
  var top = Math.pow(10, Math.max(1, Math.ceil(Math.log10(max + 1)))), ticks = [0];
  for (var t = 1; t <= top; t *= 10) ticks.push(t);
  return { max: top, ticks: ticks, frac: function (v) { return Math.log10(1 + v) / Math.log10(1 + top); } };
}
var PAD = 8;
function axisX(scale, width) { return function (v) { return PAD + (width - 2 * PAD) * scale.frac(v); }; }
function gridLines(root, scale, x, height) {
  scale.ticks.forEach(function (t) { root.append(svg("line", { "class": "grid", x1: x(t), x2: x(t), y1: 0, y2: height })); });
}
function axisLabels(scale, x, width, format) {
  var axis = svg("svg", { "class": "axis", width: width, height: 16, "aria-hidden": "true" });
  scale.ticks.forEach(function (t, i) {
    var anchor = i === 0 ? "start" : i === scale.ticks.length - 1 ? "end" : "middle";
    axis.append(svg("text", { x: i === 0 ? PAD : x(t), y: 12, "text-anchor": anchor }, format(t)));
  });
  return axis;
}

var latencyBox = byId("latency");
var lastVisible = [];
function drawLatency(visible) {
  lastVisible = visible;
  latencyBox.textContent = "";
  var byOp = {};
  visible.forEach(function (x) {
    if (x.st.outcome === "skipped" || x.st.outcome === "errored") return;
    (byOp[x.st.operation] = byOp[x.st.operation] || []).push(x.st.durationMs);
  });
  var ops = Object.keys(byOp).sort();
  if (ops.length === 0) { latencyBox.append(el("div", { "class": "empty" }, ["no latency for the steps shown"])); return; }
  var max = 0;
  ops.forEach(function (op) { byOp[op].sort(function (a, b) { return a - b; }); max = Math.max(max, byOp[op][byOp[op].length - 1]); });
  var scale = view.scale === "log" ? logScaleOf(max) : scaleOf(max);
  latencyBox.setAttribute("data-scale-max", String(scale.max));
  latencyBox.setAttribute("data-scale", view.scale === "log" ? "log" : "linear");
  var rows = ops.map(function (op) {
    var v = byOp[op];
    var p = { min: v[0], p50: percentile(v, 50), p90: percentile(v, 90), p95: percentile(v, 95), p99: percentile(v, 99), max: v[v.length - 1] };
    var plot = el("div", { "class": "plot" });
    var row = el("div", { "class": "lat-row", "data-op": op }, [
      el("div", { "class": "lat-name", title: op }, [op, el("span", { "class": "muted" }, [" (" + v.length + ")"])]),
      plot,
      el("div", { "class": "lat-stats" }, ["p50 " + ms(p.p50) + " · p95 " + ms(p.p95) + " · max " + ms(p.max)])
    ]);
    return { row: row, plot: plot, v: v, p: p, op: op };
  });
  var axisRow = el("div", { "class": "lat-row axis-row" }, [el("div", { "class": "lat-name muted" }, ["ms"]), el("div", { "class": "plot" }), el("div")]);
  rows.forEach(function (r) { latencyBox.append(r.row); });
  latencyBox.append(axisRow);
  var width = Math.max(120, rows[0].plot.clientWidth);
  var x = axisX(scale, width), h = 26;
  rows.forEach(function (r) {
    var p = r.p;
    var chart = svg("svg", { "class": "lat", width: width, height: h, role: "img", "aria-label": "latency of " + r.op });
    chart.append(svg("title", {}, r.op + ": " + r.v.length + " steps · min " + ms(p.min) + " · p50 " + ms(p.p50) + " · p90 " + ms(p.p90) + " · p95 " + ms(p.p95) + " · p99 " + ms(p.p99) + " · max " + ms(p.max)));
    gridLines(chart, scale, x, h);
    chart.append(svg("line", { "class": "whisker", x1: x(p.min), x2: x(p.max), y1: h / 2, y2: h / 2 }));
    chart.append(svg("rect", { "class": "box", x: x(p.p50), y: 7, width: Math.max(1, x(p.p95) - x(p.p50)), height: h - 14, rx: 2 }));
    chart.append(svg("line", { "class": "p50", x1: x(p.p50), x2: x(p.p50), y1: 4, y2: h - 4 }));
    chart.append(svg("line", { "class": "p99", x1: x(p.p99), x2: x(p.p99), y1: 6, y2: h - 6 }));
    if (r.v.length <= 400) r.v.forEach(function (d, i) { chart.append(svg("circle", { "class": "dot", cx: x(d), cy: h / 2 + ((i * 5) % 9) - 4, r: 2 })); });
    r.plot.append(chart);
  });
  axisRow.children[1].append(axisLabels(scale, x, width, function (t) { return ms(t); }));
}

var timelineBox = byId("timeline");
function drawTimeline() {
  timelineBox.textContent = "";
  var timed = steps.filter(function (x) { return !isNaN(x.start); });
  if (timed.length === 0) { timelineBox.append(el("div", { "class": "empty" }, ["no start times in this report (steps carry them from s3tester 0.3)"])); return; }
  var t0 = timed.reduce(function (m, x) { return Math.min(m, x.start); }, isNaN(runStart) ? Infinity : runStart);
  var t1 = timed.reduce(function (m, x) { return Math.max(m, x.start + x.st.durationMs); }, t0);
  // past this many steps the timeline draws groups only (an SVG of 100,000 rectangles is slow to use)
  var drawSteps = timed.length <= 20000;
  var spans = [];
  data.groups.forEach(function (g) {
    var s = Infinity, e = -Infinity;
    g.items.forEach(function (x) { if (!isNaN(x.start)) { s = Math.min(s, x.start); e = Math.max(e, x.start + x.st.durationMs); } });
    if (isFinite(s)) spans.push({ g: g, s: s, e: e });
  });
  spans.sort(function (a, b) { return a.s - b.s; });
  var laneEnds = [];
  spans.forEach(function (sp) {
    var lane = laneEnds.findIndex(function (end) { return end <= sp.s; });
    if (lane < 0) { lane = laneEnds.length; laneEnds.push(0); }
    laneEnds[lane] = sp.e;
    sp.lane = lane;
  });
  var box = getComputedStyle(timelineBox);
  var width = Math.max(200, timelineBox.clientWidth - parseFloat(box.paddingLeft) - parseFloat(box.paddingRight)), laneH = 36, height = laneEnds.length * laneH;
  var scale = scaleOf(t1 - t0), x0 = axisX(scale, width);
  var x = function (t) { return x0(t - t0); };
  var root = svg("svg", { "class": "timeline", width: width, height: height, role: "img", "aria-label": "timeline: " + plural(spans.length, "group") + " in " + plural(laneEnds.length, "lane") });
  gridLines(root, scale, x0, height);
  spans.forEach(function (sp) {
    var y = sp.lane * laneH + 15, w = Math.max(2, x(sp.e) - x(sp.s));
    var group = svg("g", { "class": "tl-group", "data-group": sp.g.index });
    group.append(svg("rect", { "class": "tl-span " + sp.g.outcome, x: x(sp.s), y: y, width: w, height: 18, rx: 3 }));
    group.lastChild.append(svg("title", {}, sp.g.name + " · " + sp.g.outcome + " · " + ms(sp.e - sp.s)));
    sp.g.items.forEach(function (s) {
      if (isNaN(s.start) || !drawSteps) return;
      var r = svg("rect", { "class": "tl-step " + s.st.outcome, "data-key": s.key, x: x(s.start), y: y + 4, width: Math.max(1.5, x(s.start + s.st.durationMs) - x(s.start)), height: 10 });
      r.append(svg("title", {}, sp.g.name + " › " + s.st.name + " · " + s.st.outcome + " · +" + ms(s.start - t0) + " · " + ms(s.st.durationMs)));
      r.addEventListener("click", function () { openStep(s.key, true); });
      group.append(r);
    });
    // the name above its bar, cut to the bar's width (about 6 px a character at 11 px)
    var fits = Math.floor(w / 6);
    if (fits >= 4) group.append(svg("text", { "class": "tl-label", x: x(sp.s), y: y - 4 }, sp.g.name.length > fits ? sp.g.name.slice(0, fits - 1) + "…" : sp.g.name));
    root.append(group);
  });
  timelineBox.append(root, axisLabels(scale, x0, width, function (t) { return "+" + ms(t); }));
  if (!drawSteps) timelineBox.append(el("div", { "class": "muted" }, [plural(timed.length, "step") + ": groups only"]));
}
function markTimeline() {
  var active = filtering();
  timelineBox.querySelectorAll("rect.tl-step").forEach(function (r) {
    var key = r.getAttribute("data-key");
    r.classList.toggle("dim", active && !matches(byKey[key]));
    r.classList.toggle("current", key === view.open);
  });
}
byId("lat-log").addEventListener("change", function (e) { view.scale = e.target.checked ? "log" : ""; writeHash(); drawLatency(lastVisible); });
var resizeFrame = 0;
window.addEventListener("resize", function () {
  cancelAnimationFrame(resizeFrame);
  resizeFrame = requestAnimationFrame(function () { drawTimeline(); markTimeline(); drawLatency(lastVisible); });
});
`
