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

declare const Plotly: { react(el: HTMLElement, data: unknown[], layout: unknown, config?: unknown): void };

interface Embedded {
  setup: string;
  presets: PolicyMix[];
  version: string;
}
declare global {
  interface Window {
    BIOCLUSTERS_WORKSHOP: Embedded;
    workshop: { run: typeof runMixes; lastResult: unknown; lastMix: unknown };
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
}

/** Runs the custom mix and the status quo with common random numbers; summarises one location. */
export function runMixes(custom: PolicyMix, base: PolicyMix, o: { years: number; replicates: number; seed: string; location: string; paramUncertainty: boolean }): RunSummary {
  const l = locations.indexOf(o.location);
  const mixes = [custom, base];
  const vals = mixes.map(() => Array.from({ length: o.years + 1 }, () => METRICS.map(() => [] as number[])));
  for (let r = 0; r < o.replicates; r++) {
    mixes.forEach((mix, k) => {
      const { cube } = runReplicate(setup, mix, { years: o.years, seed: o.seed, replicate: r, paramUncertainty: o.paramUncertainty });
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
  };
}

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

function fmt(v: number): string {
  const a = Math.abs(v);
  return a >= 1000 ? v.toFixed(0) : a >= 10 ? v.toFixed(1) : v.toFixed(3);
}

/** Every input, read and clamped to the documented limits; clamped boxes show the value used. */
function currentInputs(): Clamped {
  const c = clampWorkshopInputs({
    budget: Number($<HTMLInputElement>("budget").value),
    replicates: Number($<HTMLInputElement>("reps").value),
    years: Number($<HTMLSelectElement>("years").value),
    seed: $<HTMLInputElement>("seed").value,
    shares: INSTRUMENTS.map((i) => Number($<HTMLInputElement>(`share-${i}`).value)),
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
  INSTRUMENTS.forEach((i, k) => ($(`pct-${i}`).textContent = `${((100 * (raw[k] as number)) / tot).toFixed(0)} %`));
  return {
    name: "custom",
    budget: { krwBn: inputs.budget },
    shares: Object.fromEntries(INSTRUMENTS.map((i, k) => [i, (raw[k] as number) / tot])),
  } as PolicyMix;
}

function setSliders(mix: PolicyMix): void {
  if (mix.shares === "survey-demand") {
    const s = setup.demandShares;
    INSTRUMENTS.forEach((i, k) => ($<HTMLInputElement>(`share-${i}`).value = String(Math.round(100 * (s[k] as number)))));
  } else {
    for (const i of INSTRUMENTS) $<HTMLInputElement>(`share-${i}`).value = String(Math.round(100 * ((mix.shares as Record<string, number>)[i] ?? 0)));
  }
  $<HTMLInputElement>("budget").value = String(typeof mix.budget.krwBn === "number" ? mix.budget.krwBn : mix.budget.krwBn[0]);
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
  Plotly.react($("fan"), [...band(1, "rgba(27,158,119,1)", "status quo"), ...band(0, "rgba(217,95,2,1)", "your mix")], {
    title: { text: `${metric.replace(/_/g, " ")} — ${location === "all" ? "national" : location}` },
    xaxis: { title: { text: "years from 2018" } }, height: 360, margin: { t: 50 }, legend: { orientation: "h" },
  }, { displaylogo: false });
  Plotly.react($("diff"), [
    { x: [...ys, ...[...ys].reverse()], y: [...ys.map((y) => res.diffP95[y]![m]!), ...ys.map((y) => res.diffP05[y]![m]!).reverse()], fill: "toself", fillcolor: "rgba(117,112,179,0.2)", line: { width: 0 }, hoverinfo: "skip", showlegend: false },
    { x: ys, y: ys.map((y) => res.diffMean[y]![m]!), name: "your mix − status quo", line: { color: "rgba(117,112,179,1)", width: 2 } },
  ], { title: { text: "Paired difference from the status quo (mean, 5–95 %)" }, xaxis: { title: { text: "years from 2018" } }, yaxis: { zeroline: true }, height: 320, margin: { t: 50 } }, { displaylogo: false });
  const rows = SHOWN.map((name) => {
    const j = METRICS.indexOf(name as (typeof METRICS)[number]);
    return `<tr data-metric="${name}"><th>${name.replace(/_/g, " ")}</th><td class="mine">${fmt(res.mean[0]![years]![j]!)}</td><td class="base">${fmt(res.mean[1]![years]![j]!)}</td><td class="diff">${fmt(res.diffMean[years]![j]!)}</td><td>${fmt(res.diffP05[years]![j]!)} … ${fmt(res.diffP95[years]![j]!)}</td></tr>`;
  }).join("");
  $("table").innerHTML = `<tr><th>year ${years}</th><th>your mix</th><th>status quo</th><th>difference</th><th>5–95 %</th></tr>${rows}`;
  $("status").textContent = `${res.replicates} replicates × ${years} years × 2 mixes in ${((performance.now() - t0) / 1000).toFixed(2)} s (seed ${res.seed})${inputs.notes.length ? ` — ${inputs.notes.join("; ")}` : ""}`;
}

function init(): void {
  window.workshop = { run: runMixes, lastResult: null, lastMix: null };
  $<HTMLInputElement>("budget").max = String(MAX_BUDGET_KRW_BN);
  $<HTMLInputElement>("reps").max = String(WORKSHOP_MAX_REPLICATES);
  $("presets").innerHTML = data.presets.map((p) => `<option value="${p.name}">${p.label ?? p.name}</option>`).join("");
  $("cluster").innerHTML = locations.map((c) => `<option value="${c}"${c === "all" ? " selected" : ""}>${c === "all" ? "national (all)" : c === "none" ? "outside clusters" : c}</option>`).join("");
  $("metric").innerHTML = SHOWN.map((m) => `<option value="${m}"${m === "innovators" ? " selected" : ""}>${m.replace(/_/g, " ")}</option>`).join("");
  $("sliders").innerHTML = INSTRUMENTS.map((i) => `<label>${i}<input type="range" id="share-${i}" min="0" max="100" step="1"><span id="pct-${i}"></span></label>`).join("");
  setSliders(data.presets.find((p) => p.name === "efficiency_shift") ?? (data.presets[0] as PolicyMix));
  $<HTMLSelectElement>("presets").value = "efficiency_shift";
  $("presets").addEventListener("change", () => {
    setSliders(data.presets.find((p) => p.name === $<HTMLSelectElement>("presets").value) as PolicyMix);
    schedule();
  });
  for (const el of Array.from(document.querySelectorAll("input, select"))) if (el.id !== "presets") el.addEventListener("input", schedule);
  update();
}

init();
