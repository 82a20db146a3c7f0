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
import { calibrationInUse } from "../experiments/calibrated";
import { buildSetup } from "../model/setup";
import { PRESETS } from "../model/policy";
import { PACKAGE_ROOT, packageVersion } from "../paths";
import { scriptJson } from "../display/figure";
import { escapeHtml } from "../display/table";
import { formatKrw } from "../format";
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
  // The calibration runs use by default (data/calibration/calibrated.json, or BIOCLUSTERS_CALIBRATION), so the page
  // computes the same numbers as the library and the CLI.
  const cal = calibrationInUse();
  const calibration = cal ? { file: path.basename(cal.file), sha256: cal.sha256, structural: cal.structural } : null;
  const embedded = { setup: setupToJson(setup), presets, version: packageVersion(), calibration };
  // The status quo's budget as its preset gives it (data/policy-mixes/status_quo.json), never a number written here.
  const sq = presets.find((m) => m.name === "status_quo");
  const sqBudget = sq === undefined ? null : typeof sq.budget.krwBn === "number" ? formatKrw(sq.budget.krwBn, { sig: 4 }) : sq.budget.krwBn.map((b) => formatKrw(b, { sig: 4 })).join(" / ");
  const budgetNote = sqBudget === null ? "" : ` The status quo's budget, ${sqBudget} a year, describes the 2018 policy from the synthetic survey's coverage and award sizes and an assumed infrastructure programme: an assumption, not an observed figure.`;
  const script = bundleBrowserScript().replace(/<\/script/gi, "<\\/script");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>bioclusters workshop</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font-family:system-ui,"Noto Sans CJK KR",sans-serif;margin:0;display:grid;grid-template-columns:minmax(300px,360px) minmax(0,1fr);min-height:100vh;color:#222}
aside{background:#f4f6f8;padding:16px;border-right:1px solid #ddd;overflow:auto}
main{padding:16px}
label{display:grid;grid-template-columns:110px 1fr 120px;align-items:center;gap:6px;margin:6px 0;font-size:14px}
.pct{font-size:12px;text-align:right;white-space:nowrap}
button{font-size:13px;margin:4px 4px 0 0}
main{min-width:0} #table{margin-top:8px}
.row{display:grid;grid-template-columns:130px 1fr;align-items:center;gap:6px;margin:6px 0;font-size:14px}
h1{font-size:20px;margin:0 0 8px} h2{font-size:15px;margin:16px 0 6px}
table{border-collapse:collapse;font-size:14px} td,th{padding:3px 8px;border-bottom:1px solid #eee;text-align:right} th:first-child{text-align:left}
#status{color:#555;font-size:13px;margin:6px 0}
.note{font-size:12px;color:#555}
</style></head>
<body><aside>
<h1 data-en="Bio-cluster policy workshop" data-ko="바이오클러스터 정책 워크숍">Bio-cluster policy workshop</h1>
<div class="row"><span data-en="Language" data-ko="언어">Language</span><select id="lang"><option value="en">English</option><option value="ko">한국어</option></select></div>
<p class="note" data-en="Split a yearly budget over six instruments and see ten-year projections of Korea's bio-clusters against the status quo. Moving one slider rescales the others so the shares always sum to 100 %. Same seed, same numbers as bioclusters simulate." data-ko="연간 예산을 여섯 정책 수단에 나누고 현상 유지와 비교한 10년 전망을 봅니다. 한 슬라이더를 움직이면 나머지가 비례 조정되어 합계는 항상 100%입니다.">Split a yearly budget over six instruments and see ten-year projections of Korea's bio-clusters against the status quo. Moving one slider rescales the others so the shares always sum to 100 %. Same seed, same numbers as bioclusters simulate.</p>
<div class="row"><span data-en="Start from" data-ko="시작 조합">Start from</span><select id="presets"></select></div>
<div><button id="reset" type="button" data-en="Reset to the starting mix" data-ko="시작 조합으로 되돌리기">Reset to the starting mix</button></div>
<h2 data-en="Budget shares" data-ko="예산 비중">Budget shares</h2><div id="sliders"></div>
<div class="row"><span data-en="Budget (KRW bn a year)" data-ko="예산(연, 10억 원)">Budget (KRW bn a year)</span><input id="budget" type="number" min="0" step="10"></div>
<div><button id="download-mix" type="button" data-en="Download mix (JSON for the CLI)" data-ko="조합 내려받기(JSON)">Download mix (JSON for the CLI)</button><button id="download-csv" type="button" data-en="Download results (CSV)" data-ko="결과 내려받기(CSV)">Download results (CSV)</button></div>
<h2 data-en="View" data-ko="보기">View</h2>
<div class="row"><span data-en="Cluster" data-ko="클러스터">Cluster</span><select id="cluster"></select></div>
<div class="row"><span data-en="Outcome" data-ko="성과 지표">Outcome</span><select id="metric"></select></div>
<div class="row"><span data-en="Horizon (years)" data-ko="기간(년)">Horizon (years)</span><select id="years">${Array.from({ length: 15 }, (_, i) => `<option${i + 1 === 10 ? " selected" : ""}>${i + 1}</option>`).join("")}</select></div>
<div class="row"><span data-en="Replicates" data-ko="반복 수">Replicates</span><input id="reps" type="number" min="1" max="200" value="20"></div>
<div class="row"><span data-en="Seed" data-ko="시드">Seed</span><input id="seed" type="text" value="2018"></div>
<div class="row"><span data-en="Coefficient uncertainty" data-ko="계수 불확실성">Coefficient uncertainty</span><input id="paramUnc" type="checkbox" checked></div>
<p class="note">bioclusters ${packageVersion()}. Data: synthetic firm survey and a 2018 cluster baseline with documented provenance. A laboratory for reasoning, not a forecast.${escapeHtml(budgetNote)}</p>
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
