/**
 * The page script's steps table: one section (tbody) per group, collapsible, with its steps; sortable
 * columns; a step row opens to its detail. Rows are built the first time their group is shown, so a
 * large run does not build every row up front.
 */
export const table = String.raw`
var stepsTable = byId("steps");
var expanded = {};
var manyGroups = data.groups.length > 20;
data.groups.forEach(function (g) { expanded[g.index] = !manyGroups || (g.outcome !== "passed" && g.outcome !== "known"); });
var printing = false;

function countsText(g) {
  return ["failed", "errored", "fixed", "unsupported", "known", "skipped", "flaky"]
    .filter(function (o) { return g.counts[o] > 0; })
    .map(function (o) { return " · " + g.counts[o] + " " + o; }).join("");
}
function groupSection(g) {
  var toggle = el("button", { "class": "group-toggle", type: "button", "aria-expanded": "true" }, [
    el("span", { "class": "caret", "aria-hidden": "true" }), badge(g.outcome), el("span", { "class": "group-name" }, [g.name])
  ]);
  var meta = el("span", { "class": "group-meta" }, [
    g.id && g.id !== g.name ? el("code", { "class": "check-id", title: "check id" }, [g.id]) : null,
    g.area ? el("span", { "class": "area", title: "area" }, [g.area]) : null,
    g.doc ? docLink(g.doc) : null,
    g.deviation ? el("span", { "class": "declared", title: g.deviation.reason }, ["declared: " + g.deviation.observed]) : null
  ].concat(g.tags.map(function (t) { return el("span", { "class": "tag" }, [t]); })));
  g.count = el("span", { "class": "group-count" });
  g.toggle = toggle;
  toggle.addEventListener("click", function () { expanded[g.index] = !expanded[g.index]; render(); });
  var line = el("div", { "class": "group-line" }, [toggle, meta, g.count, el("span", { "class": "group-time" }, [ms(g.durationMs)])]);
  g.body = el("tbody", { "class": "group outcome-" + g.outcome, "data-group": String(g.index) }, [
    el("tr", { "class": "group-row" }, [el("td", { colspan: "6" }, [line])])
  ]);
}
data.groups.forEach(groupSection);
var emptyBody = el("tbody", null, [el("tr", null, [el("td", { colspan: "6", "class": "empty" }, [steps.length === 0 ? "no steps in this run" : "no step matches the filters"])])]);

function whyLine(st) {
  if (st.outcome === "passed") return null;
  if (st.outcome === "skipped") return st.message ? el("div", { "class": "why" }, [st.message]) : null;
  return el("div", { "class": "why" }, [
    el("span", null, ["expected " + expectedText(st.expected)]), " · ",
    el("span", { "class": "act" }, ["actual " + actualText(st.actual)])
  ]);
}
function stepRow(x) {
  if (x.tr) return x.tr;
  var st = x.st;
  x.button = el("button", { "class": "step-open", type: "button", "aria-expanded": "false" }, [st.name]);
  x.tr = el("tr", { "class": "step-row", "data-outcome": st.outcome, "data-key": x.key }, [
    el("td", { "class": "col-step" }, [
      el("div", { "class": "step-line" }, [
        st.phase !== "test" ? el("span", { "class": "phase", title: st.phase }, [st.phase.replace("_test", "")]) : null,
        x.button,
        st.operation !== st.name ? el("span", { "class": "op" }, [st.operation]) : null,
        st.flaky ? el("span", { "class": "badge flaky" }, ["flaky"]) : null
      ]),
      whyLine(st)
    ]),
    el("td", { "class": "col-cred" }, [st.credential]),
    el("td", { "class": "col-outcome" }, [badge(st.outcome)]),
    el("td", { "class": "col-start num" }, [isNaN(x.start) ? "–" : "+" + ms(Math.max(0, x.start - runStart))]),
    el("td", { "class": "col-time num" }, [ms(st.durationMs)]),
    el("td", { "class": "col-attempts num" }, [String(st.attempts)])
  ]);
  x.tr.addEventListener("click", function (e) { if (!e.target.closest("a")) openStep(x.key, false); });
  return x.tr;
}
function openStep(key, scroll) {
  view.open = view.open === key && !scroll ? "" : key;
  if (view.open) expanded[byKey[key].g.index] = true;
  writeHash();
  render();
  if (scroll) scrollToOpen();
}
function scrollToOpen() {
  var x = byKey[view.open];
  if (x && x.tr && x.tr.isConnected) x.tr.scrollIntoView({ block: "start" });
}

function render() {
  var shown = 0, visible = [];
  var ordered = sortedGroups();
  emptyBody.remove();
  ordered.forEach(function (g) {
    var items = g.items.filter(matches);
    shown += items.length;
    Array.prototype.push.apply(visible, items);
    stepsTable.append(g.body);
    g.body.hidden = filtering() && items.length === 0;
    var open = printing || expanded[g.index];
    g.toggle.setAttribute("aria-expanded", String(open));
    g.count.textContent = (items.length === g.items.length ? plural(g.items.length, "step") : items.length + " of " + plural(g.items.length, "step")) + countsText(g);
    while (g.body.rows.length > 1) g.body.lastChild.remove();
    if (!open || g.body.hidden) return;
    sortedSteps(items).forEach(function (x) {
      var tr = stepRow(x), isOpen = view.open === x.key;
      x.button.setAttribute("aria-expanded", String(isOpen));
      tr.classList.toggle("open", isOpen);
      g.body.append(tr);
      if (isOpen) g.body.append(detailRow(x));
    });
  });
  if (shown === 0) stepsTable.append(emptyBody);
  byId("shown").textContent = shown === steps.length ? plural(steps.length, "step") : shown + " of " + plural(steps.length, "step");
  syncControls();
  drawLatency(visible);
  markTimeline();
}

// sortable columns: ascending, descending, then the run's order again
stepsTable.querySelectorAll("th[data-sort]").forEach(function (th) {
  th.querySelector("button").addEventListener("click", function () {
    var col = th.getAttribute("data-sort");
    if (view.sort !== col) { view.sort = col; view.dir = "asc"; }
    else if (view.dir === "asc") view.dir = "desc";
    else { view.sort = ""; view.dir = ""; }
    writeHash();
    render();
  });
});
byId("expand-all").addEventListener("click", function () { data.groups.forEach(function (g) { expanded[g.index] = true; }); render(); });
byId("collapse-all").addEventListener("click", function () { data.groups.forEach(function (g) { expanded[g.index] = false; }); render(); });
// printing shows every group open
window.addEventListener("beforeprint", function () { printing = true; render(); });
window.addEventListener("afterprint", function () { printing = false; render(); });
`
