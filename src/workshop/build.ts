/**
 * `npm run build:workshop`: one static HTML file with the simulator bundled
 * for the browser (esbuild), the model setup and presets embedded, and
 * plotly.js inlined — it runs from file:// with no server and no network.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { buildSync } from "esbuild";
import { plotlyLoaderHtml } from "../display/figure";
import { writeFileAtomic } from "../data/write";
import { loadInputs, resolveMixes } from "../experiments/simulate";
import { buildSetup } from "../model/setup";
import { PRESETS } from "../model/policy";
import { PACKAGE_ROOT, packageVersion } from "../paths";
import { scriptJson } from "../display/figure";
import { setupToJson } from "./serialize";

export const DEFAULT_WORKSHOP = path.join(PACKAGE_ROOT, "out", "workshop", "workshop.html");

/** Bundles the browser script from the TypeScript sources. */
export function bundleBrowserScript(): string {
  const entry = path.join(PACKAGE_ROOT, "src", "workshop", "browser.ts");
  if (!fs.existsSync(entry)) throw new Error(`The workshop sources are missing (${entry}).`);
  const r = buildSync({ entryPoints: [entry], bundle: true, format: "iife", platform: "browser", target: "es2020", write: false, minify: true, legalComments: "none", logLevel: "silent" });
  return (r.outputFiles[0] as { text: string }).text;
}

export function workshopHtml(): string {
  const inputs = loadInputs();
  const setup = buildSetup(inputs);
  const presets = resolveMixes([...PRESETS], setup.clusterIds);
  const embedded = { setup: setupToJson(setup), presets, version: packageVersion() };
  const script = bundleBrowserScript().replace(/<\/script/gi, "<\\/script");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>bioclusters workshop</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font-family:system-ui,sans-serif;margin:0;display:grid;grid-template-columns:330px 1fr;min-height:100vh;color:#222}
aside{background:#f4f6f8;padding:16px;border-right:1px solid #ddd;overflow:auto}
main{padding:16px}
label{display:grid;grid-template-columns:130px 1fr 44px;align-items:center;gap:6px;margin:6px 0;font-size:14px}
.row{display:grid;grid-template-columns:130px 1fr;align-items:center;gap:6px;margin:6px 0;font-size:14px}
h1{font-size:20px;margin:0 0 8px} h2{font-size:15px;margin:16px 0 6px}
table{border-collapse:collapse;font-size:14px} td,th{padding:3px 8px;border-bottom:1px solid #eee;text-align:right} th:first-child{text-align:left}
#status{color:#555;font-size:13px;margin:6px 0}
.note{font-size:12px;color:#555}
</style></head>
<body><aside>
<h1>Bio-cluster policy workshop</h1>
<p class="note">Split a yearly budget over six instruments and see ten-year projections of Korea's bio-clusters against the status quo. Same seed, same numbers as <code>bioclusters simulate</code>.</p>
<div class="row">Start from <select id="presets"></select></div>
<h2>Budget shares</h2><div id="sliders"></div>
<div class="row">Budget (KRW bn/yr)<input id="budget" type="number" min="0" step="10"></div>
<h2>View</h2>
<div class="row">Cluster<select id="cluster"></select></div>
<div class="row">Outcome<select id="metric"></select></div>
<div class="row">Horizon (years)<select id="years">${Array.from({ length: 15 }, (_, i) => `<option${i + 1 === 10 ? " selected" : ""}>${i + 1}</option>`).join("")}</select></div>
<div class="row">Replicates<input id="reps" type="number" min="1" max="200" value="20"></div>
<div class="row">Seed<input id="seed" type="text" value="2018"></div>
<div class="row">Coefficient uncertainty<input id="paramUnc" type="checkbox" checked></div>
<p class="note">bioclusters ${packageVersion()}. Data: synthetic firm survey and a 2018 cluster baseline with documented provenance; budget KRW 300 bn/yr is an assumption. A laboratory for reasoning, not a forecast.</p>
</aside>
<main><div id="status"></div><div id="fan"></div><div id="diff"></div><table id="table"></table></main>
${plotlyLoaderHtml()}
<script>window.BIOCLUSTERS_WORKSHOP = ${scriptJson(embedded)};</script>
<script>${script}</script>
</body></html>
`;
}

function main(): void {
  const outArg = process.argv.indexOf("--out");
  const out = outArg > 0 ? (process.argv[outArg + 1] as string) : DEFAULT_WORKSHOP;
  const html = workshopHtml();
  writeFileAtomic(out, html);
  console.log(`Workshop page written to ${out} (${(html.length / 1e6).toFixed(1)} MB); open it in a browser, no server needed.`);
}

if (require.main === module) main();
