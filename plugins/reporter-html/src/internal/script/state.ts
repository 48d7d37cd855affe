/**
 * The page script's model: every step with its search text, the view state (filters, sort, the
 * opened step) and its round trip through the URL hash, so a reload or a shared link shows the
 * same view.
 */
export const state = String.raw`
var run = data.run;
var runStart = Date.parse(run.startedAt);
var steps = [];
data.groups.forEach(function (g, gi) {
  g.index = gi;
  g.items = [];
  g.steps.forEach(function (st) {
    var x = {
      key: gi + "." + st.phase + "." + st.index, g: g, st: st, order: steps.length,
      start: st.startedAt ? Date.parse(st.startedAt) : NaN,
      text: [g.name, g.id || "", g.area || "", st.name, st.operation, st.credential, st.message || "",
        (st.actual && st.actual.errorCode) || "", (st.actual && st.actual.requestId) || ""].concat(g.tags).join("\n").toLowerCase()
    };
    g.items.push(x);
    steps.push(x);
  });
});
var byKey = {};
steps.forEach(function (x) { byKey[x.key] = x; });

// the view: filters, sort and the opened step; all of it lives in the URL hash
var view = { outcome: "", tag: "", op: "", q: "", sort: "", dir: "", open: "", scale: "" };
var viewKeys = Object.keys(view);
function readHash() {
  var params = new URLSearchParams(location.hash.replace(/^#/, ""));
  viewKeys.forEach(function (k) { view[k] = params.get(k) || ""; });
  if (view.open && !byKey[view.open]) view.open = "";
}
function writeHash() {
  var params = new URLSearchParams();
  viewKeys.forEach(function (k) { if (view[k]) params.set(k, view[k]); });
  var hash = params.toString();
  if (hash === location.hash.replace(/^#/, "")) return;
  try { history.replaceState(null, "", hash ? "#" + hash : location.pathname + location.search); }
  catch (e) { location.replace("#" + hash); }
}
function filtering() { return view.outcome !== "" || view.tag !== "" || view.op !== "" || view.q !== ""; }
function matches(x) {
  var o = view.outcome, st = x.st;
  return (o === "" || (o === "flaky" ? st.flaky : o === "not-passed" ? st.outcome !== "passed" : st.outcome === o)) &&
    (view.tag === "" || x.g.tags.indexOf(view.tag) >= 0) &&
    (view.op === "" || st.operation === view.op) &&
    (view.q === "" || x.text.indexOf(view.q.toLowerCase()) >= 0);
}

// sorting: steps within their group, groups by the same measure of the group
function compareBy(a, b) { return a < b ? -1 : a > b ? 1 : 0; }
var stepMeasure = {
  name: function (x) { return x.st.name.toLowerCase(); },
  credential: function (x) { return x.st.credential; },
  outcome: function (x) { return severity.indexOf(x.st.outcome); },
  start: function (x) { return isNaN(x.start) ? Infinity : x.start; },
  time: function (x) { return x.st.durationMs; },
  attempts: function (x) { return x.st.attempts; }
};
var groupMeasure = {
  name: function (g) { return g.name.toLowerCase(); },
  credential: function (g) { return g.index; },
  outcome: function (g) { return severity.indexOf(g.outcome); },
  start: function (g) { return g.items.reduce(function (m, x) { return isNaN(x.start) ? m : Math.min(m, x.start); }, Infinity); },
  time: function (g) { return g.durationMs; },
  attempts: function (g) { return g.items.reduce(function (n, x) { return n + x.st.attempts; }, 0); }
};
function sorted(list, measures, original) {
  var f = measures[view.sort];
  if (!f) return list;
  var sign = view.dir === "desc" ? -1 : 1;
  return list.slice().sort(function (a, b) { return sign * compareBy(f(a), f(b)) || original(a) - original(b); });
}
function sortedGroups() { return sorted(data.groups, groupMeasure, function (g) { return g.index; }); }
function sortedSteps(items) { return sorted(items, stepMeasure, function (x) { return x.order; }); }
`
