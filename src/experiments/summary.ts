/**
 * Summaries of an experiment, as tidy rows: quantiles over replicates per
 * mix, location, year and metric; paired differences against a baseline mix
 * (common random numbers make each replicate's difference meaningful); and
 * cost-effectiveness (outcome gained per KRW bn spent).
 */
import tquantile from "@stdlib/stats-base-dists-t-quantile";
import { UserError } from "../errors";
import { mean, quantile, sampleVariance } from "../stats";
import type { ExperimentResult } from "./types";

export interface SummaryRow {
  scenario: string;
  cluster: string;
  year: number;
  metric: string;
  mean: number;
  p05: number;
  p50: number;
  p95: number;
}

export interface DiffRow extends SummaryRow {
  baseline: string;
  /** Share of replicates in which the mix is above the baseline. */
  pAbove: number;
  /** 95 % confidence interval for the mean paired difference (t-interval over replicates). */
  ciLow: number;
  ciHigh: number;
}

/**
 * Confidence interval for a mean: x̄ ± t(1 − α/2, n − 1) · s / √n, with s the
 * sample standard deviation (n − 1 denominator). This is the uncertainty of
 * the *mean* difference across replicates, not the spread of outcomes (the
 * 5–95 % quantiles). Edge cases: n = 1 gives an interval of zero width at the
 * value (no spread can be estimated; `n` says so), identical values likewise.
 * Example: meanInterval([1, 2, 3]) = { mean: 2, low: −0.484, high: 4.484, n: 3 }.
 */
export function meanInterval(xs: readonly number[], level = 0.95): { mean: number; low: number; high: number; n: number } {
  const n = xs.length;
  if (n === 0) throw new UserError("No replicates to compute a mean from.", { hint: "Run at least two replicates." });
  if (!(level > 0 && level < 1)) throw new UserError(`The confidence level must be between 0 and 1, not ${level}.`);
  const m = mean(xs);
  if (n < 2) return { mean: m, low: m, high: m, n };
  const half = tquantile(1 - (1 - level) / 2, n - 1) * Math.sqrt(sampleVariance(xs) / n);
  return { mean: m, low: m - half, high: m + half, n };
}

/** Metrics that are yearly flows (summed over the horizon for cost-effectiveness); the rest are levels. */
export const FLOW_METRICS = new Set(["entries", "exits", "innovators", "patents", "unfunded_demand", "unfilled_vacancies"]);

function stats(xs: number[]): { mean: number; p05: number; p50: number; p95: number } {
  return { mean: mean(xs), p05: quantile(xs, 0.05), p50: quantile(xs, 0.5), p95: quantile(xs, 0.95) };
}

function select(res: ExperimentResult, o: { metrics?: readonly string[]; locations?: readonly string[] }) {
  const metrics = o.metrics ?? res.metrics;
  const locations = o.locations ?? res.locations;
  for (const m of metrics) if (!res.metrics.includes(m)) throw new UserError(`Unknown metric "${m}".`, { hint: `Metrics: ${res.metrics.join(", ")}.` });
  for (const l of locations) if (!res.locations.includes(l)) throw new UserError(`Unknown cluster "${l}".`, { hint: `Clusters: ${res.locations.join(", ")}.` });
  return { metrics, locations };
}

const at = (res: ExperimentResult, cube: Float64Array, y: number, l: number, m: number) => cube[(y * res.locations.length + l) * res.metrics.length + m] as number;

/** Calls `fn` for every mix but the one at `skip` (−1: none) and every selected location, with the mix's replicate cubes. */
function forEachMixAndLocation(res: ExperimentResult, locations: readonly string[], skip: number, fn: (scenario: string, cubes: Float64Array[], cluster: string, l: number) => void): void {
  res.mixes.forEach((mix, k) => {
    if (k === skip) return;
    const cubes = res.cubes[k] as Float64Array[];
    for (const loc of locations) fn(mix.name, cubes, loc, res.locations.indexOf(loc));
  });
}

/** Mean and 5/50/95 % quantiles over replicates, per mix, location, year and metric. */
export function summarise(res: ExperimentResult, o: { metrics?: readonly string[]; locations?: readonly string[] } = {}): SummaryRow[] {
  const { metrics, locations } = select(res, o);
  const rows: SummaryRow[] = [];
  forEachMixAndLocation(res, locations, -1, (scenario, cubes, cluster, l) => {
    for (let y = 0; y <= res.years; y++)
      for (const metric of metrics) {
        const m = res.metrics.indexOf(metric);
        rows.push({ scenario, cluster, year: y, metric, ...stats(cubes.map((c) => at(res, c, y, l, m))) });
      }
  });
  return rows;
}

function mixIndex(res: ExperimentResult, name: string): number {
  const b = res.mixes.findIndex((m) => m.name === name);
  if (b < 0) throw new UserError(`The baseline "${name}" is not one of the mixes run.`, { hint: `Mixes: ${res.mixes.map((m) => m.name).join(", ")}.` });
  return b;
}

/** Paired differences (mix − baseline) per replicate, summarised. */
export function pairedDifferences(res: ExperimentResult, baseline: string, o: { metrics?: readonly string[]; locations?: readonly string[] } = {}): DiffRow[] {
  const { metrics, locations } = select(res, o);
  const b = mixIndex(res, baseline);
  const base = res.cubes[b] as Float64Array[];
  const rows: DiffRow[] = [];
  forEachMixAndLocation(res, locations, b, (scenario, cubes, cluster, l) => {
    for (let y = 0; y <= res.years; y++)
      for (const metric of metrics) {
        const m = res.metrics.indexOf(metric);
        const d = cubes.map((c, r) => at(res, c, y, l, m) - at(res, base[r] as Float64Array, y, l, m));
        const ci = meanInterval(d);
        rows.push({ scenario, baseline, cluster, year: y, metric, ...stats(d), pAbove: d.filter((x) => x > 0).length / d.length, ciLow: ci.low, ciHigh: ci.high });
      }
  });
  return rows;
}

export interface CostRow {
  scenario: string;
  baseline: string;
  cluster: string;
  metric: string;
  /** Paired gain over the horizon (flows summed over the years, levels at the last year). */
  gain: number;
  gainP05: number;
  gainP95: number;
  /** 95 % confidence interval for the mean gain (t-interval over replicates). */
  gainCiLow: number;
  gainCiHigh: number;
  /** Mean policy spend of the mix over the horizon (KRW bn). */
  spend: number;
  /** gain / spend: outcome gained per KRW bn. */
  perKrwBn: number;
}

/**
 * Per-replicate paired differences (mix − baseline) of a metric over the
 * horizon in one location: flows (FLOW_METRICS) summed over years 1…horizon,
 * levels at the last year. The basis of the report's findings and of
 * cost-effectiveness.
 */
export function horizonDifferences(res: ExperimentResult, scenario: string, baseline: string, metric: string, location = "all"): number[] {
  select(res, { metrics: [metric], locations: [location] });
  const a = res.cubes[mixIndex(res, scenario)] as Float64Array[];
  const base = res.cubes[mixIndex(res, baseline)] as Float64Array[];
  return horizonGains(res, a, base, metric, res.locations.indexOf(location));
}

/** Per-replicate level of a metric over the horizon in one location (flows summed over years 1…horizon, levels at the last year). */
export function horizonValues(res: ExperimentResult, scenario: string, metric: string, location = "all"): number[] {
  select(res, { metrics: [metric], locations: [location] });
  const cubes = res.cubes[mixIndex(res, scenario)] as Float64Array[];
  const m = res.metrics.indexOf(metric);
  const l = res.locations.indexOf(location);
  return cubes.map((c) => {
    if (!FLOW_METRICS.has(metric)) return at(res, c, res.years, l, m);
    let s = 0;
    for (let y = 1; y <= res.years; y++) s += at(res, c, y, l, m);
    return s;
  });
}

function horizonGains(res: ExperimentResult, cubes: Float64Array[], base: Float64Array[], metric: string, l: number): number[] {
  const m = res.metrics.indexOf(metric);
  return cubes.map((c, r) => {
    const bc = base[r] as Float64Array;
    if (FLOW_METRICS.has(metric)) {
      let g = 0;
      for (let y = 1; y <= res.years; y++) g += at(res, c, y, l, m) - at(res, bc, y, l, m);
      return g;
    }
    return at(res, c, res.years, l, m) - at(res, bc, res.years, l, m);
  });
}

/** Outcome gained against the baseline per KRW bn of the mix's spend, over the horizon. */
export function costEffectiveness(
  res: ExperimentResult,
  baseline: string,
  o: { metrics?: readonly string[]; locations?: readonly string[] } = { metrics: ["innovators", "patents", "firms", "employment", "sales"], locations: ["all"] },
): CostRow[] {
  const { metrics, locations } = select(res, o);
  const b = mixIndex(res, baseline);
  const base = res.cubes[b] as Float64Array[];
  const sm = res.metrics.indexOf("spend");
  const rows: CostRow[] = [];
  forEachMixAndLocation(res, locations, b, (scenario, cubes, cluster, l) => {
    const spends = cubes.map((c) => {
      let s = 0;
      for (let y = 1; y <= res.years; y++) s += at(res, c, y, l, sm);
      return s;
    });
    const spend = mean(spends);
    for (const metric of metrics) {
      const gains = horizonGains(res, cubes, base, metric, l);
      const st = stats(gains);
      const ci = meanInterval(gains);
      rows.push({ scenario, baseline, cluster, metric, gain: st.mean, gainP05: st.p05, gainP95: st.p95, gainCiLow: ci.low, gainCiHigh: ci.high, spend, perKrwBn: spend > 0 ? st.mean / spend : 0 });
    }
  });
  return rows;
}
