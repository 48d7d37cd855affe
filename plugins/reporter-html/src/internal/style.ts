/** The page's stylesheet (inline: the report makes no request). */
export const style = `
:root { --bg:#f6f7f9; --fg:#1d2330; --muted:#667085; --card:#fff; --line:#e4e7ec;
  --passed:#12b76a; --failed:#f04438; --errored:#b42318; --skipped:#98a2b3; --unsupported:#f79009; --flaky:#7a5af8; --known:#0ba5ec; --fixed:#c11574; }
* { box-sizing: border-box; }
body { margin:0; font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif; background:var(--bg); color:var(--fg); }
header { padding:20px 28px 8px; }
h1 { margin:0 0 4px; font-size:22px; }
h2 { font-size:16px; margin:24px 0 10px; }
.meta { color:var(--muted); font-size:13px; }
main { padding:0 28px 40px; }
.tiles { display:grid; grid-template-columns:repeat(auto-fill,minmax(130px,1fr)); gap:12px; margin:16px 0; }
.tile { background:var(--card); border:1px solid var(--line); border-radius:10px; padding:12px 14px; border-top:4px solid var(--line); }
.tile .n { font-size:26px; font-weight:700; }
.tile .l { color:var(--muted); font-size:12px; text-transform:uppercase; letter-spacing:.04em; }
.tile.passed { border-top-color:var(--passed); } .tile.failed { border-top-color:var(--failed); }
.tile.errored { border-top-color:var(--errored); } .tile.skipped { border-top-color:var(--skipped); }
.tile.unsupported { border-top-color:var(--unsupported); } .tile.flaky { border-top-color:var(--flaky); }
.tile.known { border-top-color:var(--known); } .tile.fixed { border-top-color:var(--fixed); }
.badge.known { background:var(--known); } .badge.fixed { background:var(--fixed); }
.banner { margin:8px 0; padding:8px 12px; border-left:4px solid var(--failed); background:rgba(240,68,56,.08); } .banner.ok { border-left-color:var(--passed); background:rgba(18,183,106,.08); }
.check-doc { margin-left:6px; font-size:.85em; }
.bar { display:flex; height:10px; border-radius:5px; overflow:hidden; background:var(--line); margin-bottom:8px; }
.bar span { display:block; height:100%; }
.filters { display:flex; flex-wrap:wrap; gap:10px; align-items:center; background:var(--card); border:1px solid var(--line); border-radius:10px; padding:10px 12px; }
.filters label { font-size:12px; color:var(--muted); display:flex; flex-direction:column; gap:2px; }
.filters select, .filters input { font:inherit; padding:5px 8px; border:1px solid var(--line); border-radius:6px; min-width:140px; }
#shown { margin-left:auto; color:var(--muted); }
table { width:100%; border-collapse:collapse; background:var(--card); border:1px solid var(--line); border-radius:10px; overflow:hidden; margin-top:12px; }
th, td { text-align:left; padding:7px 10px; border-bottom:1px solid var(--line); vertical-align:top; }
th { background:#f2f4f7; font-size:12px; color:var(--muted); text-transform:uppercase; letter-spacing:.04em; }
td.num { text-align:right; font-variant-numeric:tabular-nums; white-space:nowrap; }
.badge { display:inline-block; padding:1px 8px; border-radius:10px; font-size:12px; font-weight:600; color:#fff; }
.badge.passed { background:var(--passed); } .badge.failed { background:var(--failed); } .badge.errored { background:var(--errored); }
.badge.skipped { background:var(--skipped); } .badge.unsupported { background:var(--unsupported); } .badge.flaky { background:var(--flaky); margin-left:4px; }
.tag { display:inline-block; background:#eef4ff; color:#3538cd; border-radius:6px; padding:0 6px; margin:1px 3px 1px 0; font-size:12px; }
details.why { margin:0; }
details.why summary { cursor:pointer; color:var(--muted); }
.why dl { display:grid; grid-template-columns:max-content 1fr; gap:2px 12px; margin:6px 0 2px; }
.why dt { color:var(--muted); } .why dd { margin:0; font-family:ui-monospace,Menlo,Consolas,monospace; white-space:pre-wrap; word-break:break-word; }
.charts { display:grid; grid-template-columns:repeat(auto-fill,minmax(340px,1fr)); gap:12px; }
.chart { background:var(--card); border:1px solid var(--line); border-radius:10px; padding:10px 12px; }
.chart h3 { margin:0 0 6px; font-size:14px; }
.chart svg text { font-size:11px; fill:var(--fg); }
.empty { color:var(--muted); padding:20px; text-align:center; }
`
