/// <reference lib="dom" />
/**
 * The workshop page's script: the simulator bundled for the browser, and the
 * controls. Runs offline from file://; every number comes from the same code
 * and seeds as `bioclusters simulate`.
 */
import { runReplicate } from "../model/run";
import { METRICS } from "../model/collect";
import { INSTRUMENTS } from "../model/instruments";
import type { PolicyMix } from "../model/policy";
import { setupFromJson } from "./serialize";
import { mean, quantile, sum } from "../stats";
import { clampWorkshopInputs, WORKSHOP_MAX_REPLICATES, type Clamped, type WorkshopInputs } from "./clamp";
import { MAX_BUDGET_KRW_BN } from "../limits";
import { formatKrw, formatNumber, formatPercent, label, labelWithUnit, type Lang } from "../format";
import { meanInterval } from "../experiments/summary";

declare const Plotly: { react(el: HTMLElement, data: unknown[], layout: unknown, config?: unknown): void };

interface Embedded {
  setup: string;
  presets: PolicyMix[];
  version: string;
  /** The calibrated structural parameters runs use (as the library's runs do), or null for the table's defaults. */
  calibration: { file: string; sha256: string; structural: Record<string, number> } | null;
}
declare global {
  interface Window {
    BIOCLUSTERS_WORKSHOP: Embedded;
    workshop: { run: typeof runMixes; lastResult: unknown; lastMix: unknown; mixJson?: () => string; rebalance?: typeof rebalance };
  }
}

const data = window.BIOCLUSTERS_WORKSHOP;
const setup = setupFromJson(data.setup);
const locations = [...setup.clusterIds, "none", "all"];
const L = locations.length;
const NM = METRICS.length;
const SHOWN = ["firms", "employment", "researchers", "innovators", "patents", "sales", "unfunded_demand", "unfilled_vacancies", "index"];

export interface RunSummary {
  years: number;
  seed: string;
  replicates: number;
  /** mean[mix][year][metric] for the chosen location, and paired difference quantiles. */
  mean: number[][][];
  p05: number[][][];
  p95: number[][][];
  diffMean: number[][];
  diffP05: number[][];
  diffP95: number[][];
  /** 95 % confidence interval of the mean paired difference (t-interval over replicates). */
  diffCiLow: number[][];
  diffCiHigh: number[][];
}

/** Runs the custom mix and the status quo with common random numbers; summarises one location. */
export function runMixes(custom: PolicyMix, base: PolicyMix, o: { years: number; replicates: number; seed: string; location: string; paramUncertainty: boolean }): RunSummary {
  const l = locations.indexOf(o.location);
  const mixes = [custom, base];
  const vals = mixes.map(() => Array.from({ length: o.years + 1 }, () => METRICS.map(() => [] as number[])));
  for (let r = 0; r < o.replicates; r++) {
    mixes.forEach((mix, k) => {
      const { cube } = runReplicate(setup, mix, { years: o.years, seed: o.seed, replicate: r, paramUncertainty: o.paramUncertainty, ...(data.calibration ? { structural: data.calibration.structural } : {}) });
      for (let y = 0; y <= o.years; y++) for (let m = 0; m < NM; m++) (vals[k] as number[][][])[y]![m]!.push(cube[(y * L + l) * NM + m] as number);
    });
  }
  const agg = (f: (xs: number[]) => number) => vals.map((v) => v.map((yr) => yr.map(f)));
  const diff = (f: (xs: number[]) => number) =>
    Array.from({ length: o.years + 1 }, (_, y) => METRICS.map((_m, m) => f(vals[0]![y]![m]!.map((x, r) => x - vals[1]![y]![m]![r]!))));
  return {
    years: o.years, seed: o.seed, replicates: o.replicates,
    mean: agg(mean), p05: agg((xs) => quantile(xs, 0.05)), p95: agg((xs) => quantile(xs, 0.95)),
    diffMean: diff(mean), diffP05: diff((xs) => quantile(xs, 0.05)), diffP95: diff((xs) => quantile(xs, 0.95)),
    diffCiLow: diff((xs) => meanInterval(xs).low), diffCiHigh: diff((xs) => meanInterval(xs).high),
  };
}

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

function fmt(v: number, signed = false): string {
  return Number.isFinite(v) ? formatNumber(v, { sig: 3, signed }) : "–";
}

let lastTable: { years: number; location: string; rows: Array<Record<string, number | string>> } | null = null;

/** Offers `text` as a file download. */
function download(name: string, type: string, text: string): void {
  const a = document.createElement("a");
  a.href = URL.createObjectURL(new Blob([text], { type }));
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
}

/** The current mix as the JSON file `bioclusters simulate --mix <file>` accepts. */
export function mixJson(): string {
  const m = currentMix(currentInputs().value);
  return JSON.stringify({ name: "workshop_mix", label: "Mix designed in the workshop", budget: m.budget, shares: m.shares }, null, 2) + "\n";
}

function resultsCsv(): string {
  if (!lastTable) return "";
  const cols = ["metric", "yourMix", "statusQuo", "difference", "ciLow", "ciHigh", "p05", "p95"];
  return [["year", "cluster", ...cols].join(","), ...lastTable.rows.map((r) => [lastTable!.years, lastTable!.location, ...cols.map((c) => r[c])].join(","))].join("\n") + "\n";
}

/** Texts of the controls in the current language. */
function relabel(): void {
  const ko = lang === "ko";
  const keep = (id: string) => $<HTMLSelectElement>(id).value;
  const presetValue = keep("presets");
  $("presets").innerHTML = `<option value="">${ko ? "(직접 조정함)" : "(your changes)"}</option>` + data.presets.map((p) => `<option value="${p.name}">${label(p.name, lang)}</option>`).join("");
  $<HTMLSelectElement>("presets").value = presetValue;
  const loc = keep("cluster") || "all";
  $("cluster").innerHTML = locations.map((c) => `<option value="${c}">${label(c, lang)}</option>`).join("");
  $<HTMLSelectElement>("cluster").value = loc;
  const met = keep("metric") || "innovators";
  $("metric").innerHTML = SHOWN.map((m) => `<option value="${m}">${labelWithUnit(m, lang)}</option>`).join("");
  $<HTMLSelectElement>("metric").value = met;
  INSTRUMENTS.forEach((i) => ($(`name-${i}`).textContent = label(i, lang, { kind: "instrument" })));
  for (const el of Array.from(document.querySelectorAll("[data-en]"))) el.textContent = (ko ? el.getAttribute("data-ko") : el.getAttribute("data-en")) ?? "";
}

let lang: Lang = "en";

/** Shares in percent, one per instrument; the sliders always show them and they always sum to 100. */
let shares: number[] = INSTRUMENTS.map(() => 100 / INSTRUMENTS.length);

/**
 * Proportional rebalancing: the moved slider keeps its new value and the
 * others are scaled, in proportion to their current values, to fill the rest
 * of 100 % (equally when they were all zero). The knobs are then set to the
 * result, so what the user sees is what is simulated.
 */
export function rebalance(current: readonly number[], k: number, value: number): number[] {
  const v = Math.max(0, Math.min(100, value));
  const rest = current.reduce((a, b, j) => (j === k ? a : a + b), 0);
  return current.map((x, j) => (j === k ? v : rest > 0 ? (x * (100 - v)) / rest : (100 - v) / (current.length - 1)));
}

function showShares(): void {
  const budget = Math.max(0, Number($<HTMLInputElement>("budget").value) || 0);
  INSTRUMENTS.forEach((i, k) => {
    $<HTMLInputElement>(`share-${i}`).value = String(shares[k]);
    $(`pct-${i}`).textContent = `${formatPercent((shares[k] as number) / 100, { decimals: 0 })} · ${formatKrw(((shares[k] as number) / 100) * budget)}`;
  });
  $("share-total").textContent = `${lang === "ko" ? "합계" : "total"} ${formatPercent(sum(shares) / 100, { decimals: 0 })} · ${formatKrw(budget)}`;
}

/** Every input, read and clamped to the documented limits; clamped boxes show the value used. */
function currentInputs(): Clamped {
  const c = clampWorkshopInputs({
    budget: Number($<HTMLInputElement>("budget").value),
    replicates: Number($<HTMLInputElement>("reps").value),
    years: Number($<HTMLSelectElement>("years").value),
    seed: $<HTMLInputElement>("seed").value,
    shares: [...shares],
  });
  if (c.notes.length > 0) {
    $<HTMLInputElement>("budget").value = String(c.value.budget);
    $<HTMLInputElement>("reps").value = String(c.value.replicates);
    $<HTMLInputElement>("seed").value = c.value.seed;
  }
  return c;
}

function currentMix(inputs: WorkshopInputs): PolicyMix {
  const raw = inputs.shares;
  const tot = sum(raw) || 1;
  showShares();
  return {
    name: "custom",
    budget: { krwBn: inputs.budget },
    shares: Object.fromEntries(INSTRUMENTS.map((i, k) => [i, (raw[k] as number) / tot])),
  } as PolicyMix;
}

function setSliders(mix: PolicyMix): void {
  if (mix.shares === "survey-demand") {
    const s = setup.demandShares;
    shares = INSTRUMENTS.map((_i, k) => 100 * (s[k] as number));
  } else {
    shares = INSTRUMENTS.map((i) => 100 * ((mix.shares as Record<string, number>)[i] ?? 0));
  }
  $<HTMLInputElement>("budget").value = String(typeof mix.budget.krwBn === "number" ? mix.budget.krwBn : mix.budget.krwBn[0]);
  showShares();
}

let timer: number | undefined;
function schedule(): void {
  if (timer !== undefined) window.clearTimeout(timer);
  $("status").textContent = "running…";
  timer = window.setTimeout(update, 60);
}

function update(): void {
  const t0 = performance.now();
  const inputs = currentInputs();
  const mix = currentMix(inputs.value);
  const base = data.presets.find((p) => p.name === "status_quo") as PolicyMix;
  const metric = $<HTMLSelectElement>("metric").value;
  const location = $<HTMLSelectElement>("cluster").value;
  const years = inputs.value.years;
  const res = runMixes(mix, base, {
    years,
    replicates: inputs.value.replicates,
    seed: inputs.value.seed,
    location,
    paramUncertainty: $<HTMLInputElement>("paramUnc").checked,
  });
  window.workshop.lastResult = res;
  window.workshop.lastMix = mix;
  const m = METRICS.indexOf(metric as (typeof METRICS)[number]);
  const ys = Array.from({ length: years + 1 }, (_, y) => y);
  const band = (k: number, colour: string, name: string) => [
    { x: [...ys, ...[...ys].reverse()], y: [...ys.map((y) => res.p95[k]![y]![m]!), ...ys.map((y) => res.p05[k]![y]![m]!).reverse()], fill: "toself", fillcolor: colour.replace("1)", "0.15)"), line: { width: 0 }, hoverinfo: "skip", showlegend: false },
    { x: ys, y: ys.map((y) => res.mean[k]![y]![m]!), name, line: { color: colour, width: 2 } },
  ];
  const ko = lang === "ko";
  const yearsText = ko ? "2018년 이후 연수" : "years from 2018";
  Plotly.react($("fan"), [...band(1, "rgba(27,158,119,1)", label("status_quo", lang)), ...band(0, "rgba(217,95,2,1)", ko ? "나의 조합" : "your mix")], {
    title: { text: `${labelWithUnit(metric, lang)} — ${label(location, lang)}` },
    xaxis: { title: { text: yearsText } }, height: 360, margin: { t: 50 }, legend: { orientation: "h" },
  }, { displaylogo: false, responsive: true });
  Plotly.react($("diff"), [
    { x: [...ys, ...[...ys].reverse()], y: [...ys.map((y) => res.diffP95[y]![m]!), ...ys.map((y) => res.diffP05[y]![m]!).reverse()], fill: "toself", fillcolor: "rgba(117,112,179,0.2)", line: { width: 0 }, hoverinfo: "skip", showlegend: false },
    { x: ys, y: ys.map((y) => res.diffMean[y]![m]!), name: "your mix − status quo", line: { color: "rgba(117,112,179,1)", width: 2 } },
  ], { title: { text: ko ? "현상 유지 대비 대응 차이(평균, 5–95%)" : "Paired difference from the status quo (mean, 5–95 % of replicates)" }, xaxis: { title: { text: yearsText } }, yaxis: { zeroline: true, title: { text: labelWithUnit(metric, lang) } }, height: 320, margin: { t: 50 } }, { displaylogo: false, responsive: true });
  const rows = SHOWN.map((name) => {
    const j = METRICS.indexOf(name as (typeof METRICS)[number]);
    // data-value keeps the full-precision number for tests and downloads; the cell shows it for reading.
    return `<tr data-metric="${name}"><th>${labelWithUnit(name, lang)}</th><td class="mine" data-value="${res.mean[0]![years]![j]!}">${fmt(res.mean[0]![years]![j]!)}</td><td class="base">${fmt(res.mean[1]![years]![j]!)}</td><td class="diff">${fmt(res.diffMean[years]![j]!, true)}</td><td class="ci">${fmt(res.diffCiLow[years]![j]!)} … ${fmt(res.diffCiHigh[years]![j]!)}</td><td>${fmt(res.diffP05[years]![j]!)} … ${fmt(res.diffP95[years]![j]!)}</td></tr>`;
  }).join("");
  $("table").innerHTML = ko
    ? `<tr><th>${years}년 차</th><th>나의 조합</th><th>현상 유지</th><th>차이(평균)</th><th>평균 차이의 95% 신뢰구간</th><th>반복의 5–95%</th></tr>${rows}`
    : `<tr><th>year ${years}</th><th>your mix</th><th>status quo</th><th>difference (mean)</th><th>95 % CI of the mean difference</th><th>5–95 % of replicates</th></tr>${rows}`;
  lastTable = { years, location, rows: SHOWN.map((name) => {
    const j = METRICS.indexOf(name as (typeof METRICS)[number]);
    return { metric: name, yourMix: res.mean[0]![years]![j]!, statusQuo: res.mean[1]![years]![j]!, difference: res.diffMean[years]![j]!, ciLow: res.diffCiLow[years]![j]!, ciHigh: res.diffCiHigh[years]![j]!, p05: res.diffP05[years]![j]!, p95: res.diffP95[years]![j]! };
  }) };
  $("status").textContent = `${res.replicates} replicates × ${years} years × 2 mixes in ${((performance.now() - t0) / 1000).toFixed(2)} s (seed ${res.seed})${inputs.notes.length ? ` — ${inputs.notes.join("; ")}` : ""}`;
}

function init(): void {
  window.workshop = { run: runMixes, lastResult: null, lastMix: null, mixJson, rebalance };
  $<HTMLInputElement>("budget").max = String(MAX_BUDGET_KRW_BN);
  $<HTMLInputElement>("reps").max = String(WORKSHOP_MAX_REPLICATES);
  $("sliders").innerHTML = INSTRUMENTS.map((i) => `<label><span id="name-${i}">${label(i, lang, { kind: "instrument" })}</span><input type="range" id="share-${i}" min="0" max="100" step="any"><span id="pct-${i}" class="pct"></span></label>`).join("") + `<div id="share-total" class="note"></div>`;
  $("presets").innerHTML = "<option>…</option>";
  $("cluster").innerHTML = "<option value=\"all\"></option>";
  $("metric").innerHTML = "<option value=\"innovators\"></option>";
  relabel();
  const startFrom = (name: string) => {
    setSliders(data.presets.find((p) => p.name === name) ?? (data.presets[0] as PolicyMix));
    $<HTMLSelectElement>("presets").value = name;
    $("reset").setAttribute("data-preset", name);
  };
  startFrom("efficiency_shift");
  $("presets").addEventListener("change", () => {
    const v = $<HTMLSelectElement>("presets").value;
    if (v) startFrom(v);
    schedule();
  });
  $("reset").addEventListener("click", () => {
    startFrom($("reset").getAttribute("data-preset") ?? "efficiency_shift");
    schedule();
  });
  INSTRUMENTS.forEach((i, k) =>
    $(`share-${i}`).addEventListener("input", () => {
      shares = rebalance(shares, k, Number($<HTMLInputElement>(`share-${i}`).value));
      $<HTMLSelectElement>("presets").value = ""; // the mix no longer is the preset it started from
    }),
  );
  $("budget").addEventListener("input", () => ($<HTMLSelectElement>("presets").value = ""));
  $("lang").addEventListener("change", () => {
    lang = $<HTMLSelectElement>("lang").value === "ko" ? "ko" : "en";
    document.documentElement.lang = lang;
    relabel();
    schedule();
  });
  $("download-mix").addEventListener("click", () => download("workshop_mix.json", "application/json", mixJson()));
  $("download-csv").addEventListener("click", () => download("workshop_results.csv", "text/csv", resultsCsv()));
  for (const el of Array.from(document.querySelectorAll("input, select"))) if (el.id !== "presets" && el.id !== "lang") el.addEventListener("input", schedule);
  update();
}

init();
