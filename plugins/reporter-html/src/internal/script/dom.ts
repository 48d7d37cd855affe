/**
 * The page script's helpers: DOM builders that only ever set text (textContent, text nodes,
 * attributes), never markup, and the formatting every part of the page shares.
 */
export const dom = String.raw`
var SVG = "http://www.w3.org/2000/svg";
function el(tag, attrs, children) {
  var node = document.createElement(tag);
  if (attrs) for (var k in attrs) if (attrs[k] !== undefined && attrs[k] !== null) node.setAttribute(k, attrs[k]);
  (children || []).forEach(function (c) {
    if (c === undefined || c === null || c === false) return;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  });
  return node;
}
function svg(tag, attrs, text) {
  var node = document.createElementNS(SVG, tag);
  for (var k in attrs) node.setAttribute(k, String(attrs[k]));
  if (text !== undefined) node.textContent = text;
  return node;
}
function byId(id) { return document.getElementById(id); }
function ms(v) { return v >= 1000 ? (v / 1000).toFixed(2) + " s" : (v < 10 && v % 1 !== 0 ? v.toFixed(1) : Math.round(v)) + " ms"; }
function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }
function clock(iso) { return typeof iso === "string" && iso.length >= 23 ? iso.slice(11, 23) : String(iso); }
function bytes(n) { return n >= 1048576 ? (n / 1048576).toFixed(1) + " MiB" : n >= 1024 ? (n / 1024).toFixed(1) + " KiB" : n + " B"; }
// worst first: the order of the outcome column when sorted
var severity = ["failed", "errored", "fixed", "unsupported", "known", "skipped", "passed"];
function expectedText(e) {
  return e.success ? "success" : "error" + (e.errorCode ? " " + e.errorCode : "") + (e.httpStatus !== undefined ? " (HTTP " + e.httpStatus + ")" : "");
}
function actualText(a) {
  if (!a || a.success === undefined) return "no answer";
  return (a.success ? "success" : "error" + (a.errorCode ? " " + a.errorCode : "")) + (a.httpStatus !== undefined ? " (HTTP " + a.httpStatus + ")" : "");
}
function badge(outcome) { return el("span", { "class": "badge " + outcome }, [outcome]); }
function docLink(url) {
  return /^https?:\/\//.test(url)
    ? el("a", { href: url, "class": "check-doc", rel: "noopener noreferrer", target: "_blank" }, ["doc"])
    : el("span", { "class": "check-doc" }, [url]);
}
function kv(pairs) {
  var dl = el("dl", { "class": "kv" });
  pairs.forEach(function (p) { if (p[1] !== undefined && p[1] !== null && p[1] !== "") dl.append(el("dt", null, [p[0]]), el("dd", p[2] ? { "class": p[2] } : null, [p[1]])); });
  return dl;
}
function pre(text, cls) { return el("pre", { "class": cls || "code" }, [text]); }
function json(value) { return JSON.stringify(value, null, 2); }
`
