/**
 * The page script's top: title and run facts, the banners (an interrupted run, a baseline's
 * regressions), the outcome tiles (buttons that filter the steps) and the filter controls, kept in
 * step with the view.
 */
export const summary = String.raw`
byId("title").textContent = data.title;
document.title = data.title;
byId("meta").textContent = [run.endpoint, "run " + run.id, run.startedAt, ms(run.durationMs), "s3tester " + run.toolVersion]
  .concat(run.target ? ["target " + run.target] : [], run.profile ? ["profile " + run.profile] : [],
    run.shard ? ["shard " + run.shard.index + "/" + run.shard.total] : []).join(" · ");

var banners = byId("banners");
if (run.interrupted) {
  var planned = data.planned;
  var finished = data.groups.length;
  banners.append(el("div", { "class": "banner bad", role: "alert", id: "interrupted" }, [
    el("strong", null, ["Run interrupted"]),
    planned
      ? " after " + finished + " of " + plural(planned.groups, "group") + " (" + steps.length + " of " + plural(planned.steps, "step") + "): the results below are partial."
      : ": it was stopped before every group finished; the results below are partial."
  ]));
}
if (data.baseline) {
  var b = data.baseline;
  var regressed = b.regressions.length > 0;
  var list = el("ul");
  b.regressions.forEach(function (c) { list.append(el("li", null, ["regression: " + c.id + " (" + c.before + " → " + c.now + ")"])); });
  b.fixes.forEach(function (c) { list.append(el("li", null, ["fixed: " + c.id + " (" + c.before + " → " + c.now + ")"])); });
  banners.append(el("div", { "class": regressed ? "banner bad" : "banner ok", role: regressed ? "alert" : "status", id: "baseline" }, [
    el("strong", null, [regressed ? plural(b.regressions.length, "regression") : "No regression"]),
    " against " + b.baseline + " · " + b.fixes.length + " fixed · " + b.added.length + " new · " + b.removed.length + " removed",
    list.children.length > 0 ? list : null
  ]));
}

// tiles: a click filters the steps by that outcome (again: all steps)
var s = data.summary;
var tiles = byId("tiles");
[["total", "steps"], ["passed"], ["failed"], ["errored"], ["skipped"], ["unsupported"], ["known"], ["fixed"], ["flaky"]].forEach(function (t) {
  var outcome = t[0] === "total" ? "" : t[0];
  var tile = el("button", { type: "button", "class": "tile " + t[0] + (s[t[0]] === 0 ? " zero" : ""), "data-count": t[0], "aria-pressed": "false",
    title: outcome ? "show only " + outcome + " steps" : "show every step" }, [el("span", { "class": "n" }, [String(s[t[0]])]), el("span", { "class": "l" }, [t[1] || t[0]])]);
  if (s[t[0]] === 0 && outcome) tile.disabled = true;
  tile.addEventListener("click", function () {
    view.outcome = view.outcome === outcome ? "" : outcome;
    writeHash();
    render();
  });
  tiles.append(tile);
});
tiles.append(el("div", { "class": "tile static" }, [el("span", { "class": "n" }, [ms(run.durationMs)]), el("span", { "class": "l" }, ["duration"])]));
var bar = byId("bar");
["passed", "known", "failed", "fixed", "errored", "unsupported", "skipped"].forEach(function (o) {
  if (s[o] > 0) bar.append(el("span", { style: "width:" + (100 * s[o] / s.total) + "%", "class": o, title: o + ": " + s[o] }));
});

// filter controls
function fill(id, values) {
  var select = byId(id);
  values.forEach(function (v) { select.append(el("option", { value: v[0] }, [v[1]])); });
}
fill("f-outcome", ["passed", "failed", "errored", "skipped", "unsupported", "known", "fixed", "flaky"].map(function (o) { return [o, o]; }).concat([["not-passed", "not passed"]]));
fill("f-tag", Array.from(new Set(data.groups.flatMap(function (g) { return g.tags; }))).sort().map(function (t) { return [t, t]; }));
fill("f-op", Array.from(new Set(steps.map(function (x) { return x.st.operation; }))).sort().map(function (o) { return [o, o]; }));
[["f-outcome", "outcome"], ["f-tag", "tag"], ["f-op", "op"]].forEach(function (c) {
  byId(c[0]).addEventListener("change", function (e) { view[c[1]] = e.target.value; writeHash(); render(); });
});
var typing = 0;
byId("f-text").addEventListener("input", function (e) {
  clearTimeout(typing);
  typing = setTimeout(function () { view.q = e.target.value.trim(); writeHash(); render(); }, 120);
});
byId("f-clear").addEventListener("click", function () {
  view.outcome = view.tag = view.op = view.q = "";
  writeHash();
  render();
});
function syncControls() {
  [["f-outcome", "outcome"], ["f-tag", "tag"], ["f-op", "op"]].forEach(function (c) { byId(c[0]).value = view[c[1]]; });
  var text = byId("f-text");
  if (document.activeElement !== text) text.value = view.q;
  byId("f-clear").hidden = !filtering();
  byId("lat-log").checked = view.scale === "log";
  tiles.querySelectorAll("[data-count]").forEach(function (tile) {
    var t = tile.getAttribute("data-count");
    tile.setAttribute("aria-pressed", String(t === "total" ? view.outcome === "" : view.outcome === t));
  });
  stepsTable.querySelectorAll("th[data-sort]").forEach(function (th) {
    var on = th.getAttribute("data-sort") === view.sort;
    th.setAttribute("aria-sort", on ? (view.dir === "desc" ? "descending" : "ascending") : "none");
  });
}
`
