/**
 * The page's stylesheet (inline: the report makes no request). Light and dark colours follow the
 * system (prefers-color-scheme); below 760 px secondary columns give way so nothing overflows; print
 * drops the controls and keeps the colours.
 */
export const style = String.raw`
:root { color-scheme:light dark;
  --bg:#f6f7f9; --fg:#1d2330; --muted:#667085; --card:#fff; --line:#e4e7ec; --head:#f2f4f7; --hover:#f5f8ff; --accent:#2e90fa;
  --tag-bg:#eef4ff; --tag-fg:#3538cd; --code-bg:#f4f5f7; --bad-bg:rgba(240,68,56,.09); --ok-bg:rgba(18,183,106,.09);
  --passed:#12b76a; --failed:#f04438; --errored:#b42318; --skipped:#98a2b3; --unsupported:#f79009; --flaky:#7a5af8; --known:#0ba5ec; --fixed:#c11574;
  --box:#b2ddff; --p50:#1570ef; --p99:#f79009; --dot:#344054; }
@media (prefers-color-scheme: dark) {
  :root { --bg:#0f1217; --fg:#e4e7ec; --muted:#98a2b3; --card:#171b22; --line:#2b313c; --head:#1e232c; --hover:#1d2533; --accent:#53b1fd;
    --tag-bg:#1f2a4d; --tag-fg:#a4bcfd; --code-bg:#11151b; --bad-bg:rgba(240,68,56,.16); --ok-bg:rgba(18,183,106,.14);
    --errored:#d92d20; --skipped:#667085; --box:#1d4f8a; --p50:#84caff; --dot:#d0d5dd; }
}
* { box-sizing:border-box; }
body { margin:0; font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif; background:var(--bg); color:var(--fg); }
header { padding:20px 28px 8px; }
h1 { margin:0 0 4px; font-size:22px; overflow-wrap:anywhere; }
h2 { font-size:16px; margin:26px 0 8px; }
h3 { font-size:15px; margin:0; overflow-wrap:anywhere; }
h4 { font-size:12px; margin:10px 0 4px; color:var(--muted); text-transform:uppercase; letter-spacing:.04em; }
a { color:var(--accent); }
button { font:inherit; color:inherit; }
.meta, .muted, .note { color:var(--muted); }
.meta { font-size:13px; overflow-wrap:anywhere; }
.note { margin:-4px 0 8px; font-size:13px; }
main { padding:0 28px 40px; max-width:1600px; }
.card { background:var(--card); border:1px solid var(--line); border-radius:10px; padding:10px 12px; }
.empty { color:var(--muted); padding:18px; text-align:center; }

.banner { margin:10px 0; padding:10px 14px; border-left:5px solid var(--failed); background:var(--bad-bg); border-radius:6px; font-size:15px; }
.banner.ok { border-left-color:var(--passed); background:var(--ok-bg); }
.banner ul { margin:6px 0 0; padding-left:20px; font-size:13px; }

.tiles { display:grid; grid-template-columns:repeat(auto-fill,minmax(120px,1fr)); gap:10px; margin:14px 0; }
.tile { display:flex; flex-direction:column; align-items:flex-start; text-align:left; background:var(--card); border:1px solid var(--line); border-top:4px solid var(--line); border-radius:10px; padding:10px 12px; }
button.tile { cursor:pointer; }
button.tile:hover:not(:disabled) { background:var(--hover); }
button.tile:disabled { cursor:default; opacity:.55; }
.tile:not(.total)[aria-pressed="true"] { outline:2px solid var(--accent); outline-offset:1px; }
.tile .n { font-size:24px; font-weight:700; white-space:nowrap; }
.tile .l { color:var(--muted); font-size:12px; text-transform:uppercase; letter-spacing:.04em; }
.tile.passed { border-top-color:var(--passed); } .tile.failed { border-top-color:var(--failed); }
.tile.errored { border-top-color:var(--errored); } .tile.skipped { border-top-color:var(--skipped); }
.tile.unsupported { border-top-color:var(--unsupported); } .tile.flaky { border-top-color:var(--flaky); }
.tile.known { border-top-color:var(--known); } .tile.fixed { border-top-color:var(--fixed); }
.bar { display:flex; height:10px; border-radius:5px; overflow:hidden; background:var(--line); }
.bar span { display:block; height:100%; }
.bar .passed, .tl-step.passed { background:var(--passed); fill:var(--passed); } .bar .failed, .tl-step.failed { background:var(--failed); fill:var(--failed); }
.bar .errored, .tl-step.errored { background:var(--errored); fill:var(--errored); } .bar .skipped, .tl-step.skipped { background:var(--skipped); fill:var(--skipped); }
.bar .unsupported, .tl-step.unsupported { background:var(--unsupported); fill:var(--unsupported); } .bar .known, .tl-step.known { background:var(--known); fill:var(--known); }
.bar .fixed, .tl-step.fixed { background:var(--fixed); fill:var(--fixed); }

.filters { display:flex; flex-wrap:wrap; gap:8px 10px; align-items:flex-end; background:var(--card); border:1px solid var(--line); border-radius:10px; padding:10px 12px; }
.filters label { font-size:12px; color:var(--muted); display:flex; flex-direction:column; gap:2px; flex:0 1 150px; min-width:0; }
.filters label.grow { flex:1 1 200px; }
.filters select, .filters input { font:inherit; color:var(--fg); background:var(--bg); padding:5px 8px; border:1px solid var(--line); border-radius:6px; width:100%; }
.filters button, .detail .close { border:1px solid var(--line); background:var(--bg); border-radius:6px; padding:5px 10px; cursor:pointer; }
.tools { display:flex; gap:6px; }
#shown { margin-left:auto; color:var(--muted); white-space:nowrap; }

#steps { width:100%; border-collapse:separate; border-spacing:0; background:var(--card); border:1px solid var(--line); border-radius:10px; margin-top:10px; table-layout:fixed; }
#steps th, #steps td { text-align:left; padding:6px 10px; border-bottom:1px solid var(--line); vertical-align:top; }
#steps thead th { background:var(--head); position:sticky; top:0; z-index:1; }
#steps thead th:first-child { border-top-left-radius:10px; } #steps thead th:last-child { border-top-right-radius:10px; }
#steps th button { all:unset; cursor:pointer; font-size:12px; color:var(--muted); text-transform:uppercase; letter-spacing:.04em; }
#steps th button:focus-visible { outline:2px solid var(--accent); }
#steps th[aria-sort="ascending"] button::after { content:" ▲"; } #steps th[aria-sort="descending"] button::after { content:" ▼"; }
.col-cred { width:110px; } .col-outcome { width:110px; } .col-start { width:90px; } .col-time { width:84px; } .col-attempts { width:64px; }
#steps .num { text-align:right; font-variant-numeric:tabular-nums; white-space:nowrap; }
.group-row td { background:var(--head); padding:4px 10px; }
tbody.group[data-group] .group-row td { border-top:1px solid var(--line); }
.group-line { display:flex; flex-wrap:wrap; align-items:center; gap:4px 10px; }
.group-toggle { all:unset; cursor:pointer; display:inline-flex; align-items:center; gap:8px; font-weight:600; min-width:0; overflow-wrap:anywhere; }
.group-toggle:focus-visible, .step-open:focus-visible { outline:2px solid var(--accent); }
.caret::before { content:"▸"; display:inline-block; width:1em; color:var(--muted); }
.group-toggle[aria-expanded="true"] .caret::before { content:"▾"; }
.group-meta { display:inline-flex; flex-wrap:wrap; gap:4px 8px; align-items:center; font-size:12px; }
.check-id { font:12px ui-monospace,Menlo,Consolas,monospace; background:var(--code-bg); border:1px solid var(--line); border-radius:4px; padding:0 4px; }
.area { color:var(--muted); } .area::before { content:"area "; }
.declared { color:var(--known); }
.group-count { color:var(--muted); font-size:12px; margin-left:auto; }
.group-time { color:var(--muted); font-size:12px; font-variant-numeric:tabular-nums; }
.step-row { cursor:pointer; scroll-margin-top:44px; } /* not under the sticky header */
.step-row:hover td, .step-row.open td { background:var(--hover); }
.step-row td:first-child { padding-left:30px; }
.step-line { display:flex; flex-wrap:wrap; gap:2px 8px; align-items:baseline; }
.step-open { all:unset; cursor:pointer; overflow-wrap:anywhere; }
.op { color:var(--muted); font-size:12px; }
.phase { font-size:11px; color:var(--muted); border:1px solid var(--line); border-radius:4px; padding:0 4px; }
.why { color:var(--muted); font-size:12px; overflow-wrap:anywhere; } .why .act { color:var(--failed); }
.badge { display:inline-block; padding:1px 8px; border-radius:10px; font-size:12px; font-weight:600; color:#fff; white-space:nowrap; }
.badge.passed { background:var(--passed); } .badge.failed { background:var(--failed); } .badge.errored { background:var(--errored); }
.badge.skipped { background:var(--skipped); } .badge.unsupported { background:var(--unsupported); } .badge.flaky { background:var(--flaky); }
.badge.known { background:var(--known); } .badge.fixed { background:var(--fixed); }
.tag { display:inline-block; background:var(--tag-bg); color:var(--tag-fg); border-radius:6px; padding:0 6px; font-size:12px; font-weight:400; }
.check-doc { font-size:12px; }

tr.detail > td { padding:0 !important; background:var(--bg); }
.detail-body { margin:0 0 0 20px; padding:12px 16px 16px; border-left:3px solid var(--accent); background:var(--card); min-width:0; }
.detail-head { display:flex; justify-content:space-between; gap:10px; align-items:flex-start; }
.verdict { display:grid; grid-template-columns:1fr 1fr; gap:10px; margin:10px 0; }
.side { border:1px solid var(--line); border-radius:8px; padding:6px 10px 8px; min-width:0; }
.side h4 { margin:0 0 2px; }
.side .value { font:600 14px ui-monospace,Menlo,Consolas,monospace; overflow-wrap:anywhere; }
.side.actual.failed, .side.actual.errored, .side.actual.fixed { border-color:var(--failed); background:var(--bad-bg); }
.kv { display:grid; grid-template-columns:max-content minmax(0,1fr); gap:2px 12px; margin:6px 0; }
.kv dt { color:var(--muted); } .kv dd { margin:0; font-family:ui-monospace,Menlo,Consolas,monospace; font-size:13px; white-space:pre-wrap; overflow-wrap:anywhere; }
pre.code { margin:4px 0; padding:8px 10px; background:var(--code-bg); border:1px solid var(--line); border-radius:6px; font:12px/1.4 ui-monospace,Menlo,Consolas,monospace; white-space:pre-wrap; overflow-wrap:anywhere; max-height:320px; overflow:auto; }
details > summary { cursor:pointer; color:var(--muted); margin:4px 0; }
.trace .attempt { border:1px solid var(--line); border-radius:8px; padding:4px 10px; margin:6px 0; }
.trace .attempt > summary { color:var(--fg); font-weight:600; overflow-wrap:anywhere; }
.exchange { border-top:1px dashed var(--line); padding:6px 0; }
.exchange:first-child { border-top:0; }
.request-line, .status-line { font:13px ui-monospace,Menlo,Consolas,monospace; overflow-wrap:anywhere; margin-top:4px; }
.status { font-weight:700; padding:0 6px; border-radius:4px; color:#fff; }
.status.ok { background:var(--passed); } .status.redirect { background:var(--known); } .status.bad { background:var(--failed); }
.label { color:var(--muted); font-size:12px; margin-top:4px; overflow-wrap:anywhere; }
.wire-error { color:var(--failed); font-family:ui-monospace,Menlo,Consolas,monospace; margin-top:4px; }
table.headers, table.attempts { border-collapse:collapse; width:100%; table-layout:fixed; font:12px ui-monospace,Menlo,Consolas,monospace; }
table.headers th, table.headers td, table.attempts th, table.attempts td { border-bottom:1px solid var(--line); padding:2px 8px 2px 0; text-align:left; vertical-align:top; overflow-wrap:anywhere; }
table.headers th { width:32%; color:var(--muted); font-weight:400; }

.lat-row { display:grid; grid-template-columns:minmax(140px,270px) minmax(0,1fr) max-content; gap:10px; align-items:center; min-height:28px; }
.lat-name { white-space:nowrap; overflow:hidden; text-overflow:ellipsis; font-size:13px; }
label.inline { white-space:nowrap; color:var(--fg); margin-left:6px; } label.inline input { vertical-align:middle; } .lat-stats { white-space:nowrap; font-size:12px; color:var(--muted); font-variant-numeric:tabular-nums; }
.plot { min-width:0; }
svg { display:block; }
svg .grid { stroke:var(--line); stroke-width:1; }
svg .whisker { stroke:var(--muted); stroke-width:1.5; }
svg .box { fill:var(--box); }
svg .p50 { stroke:var(--p50); stroke-width:2.5; } svg .p99 { stroke:var(--p99); stroke-width:2.5; }
svg .dot { fill:var(--dot); opacity:.45; }
svg.axis text, svg .tl-label { font-size:11px; fill:var(--muted); }
svg .tl-label { fill:var(--fg); pointer-events:none; }
.tl-span { fill:var(--head); stroke:var(--line); }
.tl-span.failed, .tl-span.errored { stroke:var(--failed); }
.tl-step { cursor:pointer; } .tl-step.dim { opacity:.15; } .tl-step.current { stroke:var(--fg); stroke-width:2; }

@media (max-width: 760px) {
  header { padding:14px 12px 6px; } main { padding:0 12px 28px; }
  /* kept as zero-width columns: group and detail rows span all six */
  #steps .col-cred, #steps .col-start { width:0; padding:0; border-left:0; border-right:0; overflow:hidden; visibility:hidden; white-space:nowrap; font-size:0; }
  .col-outcome { width:92px; } .col-time { width:70px; } .col-attempts { width:58px; }
  #steps th, #steps td { padding:6px 6px; }
  .step-row td:first-child { padding-left:14px; }
  .detail-body { margin-left:0; padding:10px; }
  .verdict { grid-template-columns:1fr; }
  .lat-row { grid-template-columns:1fr auto; gap:2px 8px; padding:4px 0; }
  .lat-row .plot { grid-column:1 / -1; grid-row:2; }
  .lat-row.axis-row .lat-name, .lat-row.axis-row > :last-child { display:none; }
  #shown { margin-left:0; }
}
@media print {
  :root { color-scheme:light; --bg:#fff; --fg:#1d2330; --muted:#667085; --card:#fff; --line:#e4e7ec; --head:#f2f4f7; --hover:#fff;
    --tag-bg:#eef4ff; --tag-fg:#3538cd; --code-bg:#f4f5f7; --box:#b2ddff; --p50:#1570ef; --dot:#344054; --errored:#b42318; --skipped:#98a2b3; }
  * { -webkit-print-color-adjust:exact; print-color-adjust:exact; }
  body { font-size:12px; }
  .filters, .tools, .detail .close, #f-clear, label.inline { display:none !important; }
  button.tile:disabled { opacity:1; }
  .tile:not(.total)[aria-pressed="true"] { outline:none; }
  #steps thead th { position:static; }
  tr, .side, .attempt, .lat-row { break-inside:avoid; }
  h2 { break-after:avoid; }
  pre.code { max-height:none; overflow:visible; }
  a { text-decoration:none; }
}
`
