/**
 * The page's script, one function run once the page loads: it parses the embedded JSON and builds
 * every part of the page with DOM calls (textContent, attributes), never innerHTML, so nothing
 * from the server or the config is ever parsed as markup. Plain ES2020 for any current browser.
 */
import { charts } from "./charts.ts"
import { detail } from "./detail.ts"
import { dom } from "./dom.ts"
import { state } from "./state.ts"
import { summary } from "./summary.ts"
import { table } from "./table.ts"

export const script = `
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("s3t-data").textContent);
${dom}
${state}
${summary}
${detail}
${table}
${charts}
  readHash();
  if (view.open) expanded[byKey[view.open].g.index] = true;
  drawTimeline();
  render();
  if (view.open) scrollToOpen();
  window.addEventListener("hashchange", function () {
    readHash();
    if (view.open) expanded[byKey[view.open].g.index] = true;
    render();
    scrollToOpen();
  });
})();
`
