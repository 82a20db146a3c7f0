/**
 * Summaries of an experiment, as tidy rows: quantiles over replicates per
 * mix, location, year and metric; paired differences against a baseline mix
 * (common random numbers make each replicate's difference meaningful), each
 * with the 95 % confidence interval of its mean (a t-interval over
 * replicates), kept apart from the replicate spread (5/50/95 % quantiles of
 * the paired differences), and the relative difference with a delta-method
 * interval; and cost-effectiveness (difference in outcome per difference in
 * cost against the baseline; budget-neutral comparisons are labelled as such
 * instead of divided).
 */
import tquantile from "@stdlib/stats-base-dists-t-quantile";
import { UserError } from "../errors";
import { mean, sampleVariance } from "../stats";
import type { ExperimentResult } from "./types";
import { budgetFor } from "../model/instruments";

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

/**
 * One paired comparison (mix − baseline, replicate by replicate, same draws).
 * `mean` is the mean paired difference and `ciLow`/`ciHigh` its 95 %
 * confidence interval (t-interval over replicates); `p05`/`p50`/`p95` are the
 * *spread* of the replicates' paired differences, not an interval for the mean.
 */
export interface DiffRow extends SummaryRow {
  baseline: string;
  /** Number of paired replicates. */
  replicates: number;
  /** Scenario seed; replicate r ran with the seed `${seed}/replicate/${r}` (runs.csv, manifest.json). */
  seed: string;
  /** Share of replicates in which the mix is above the baseline. */
  pAbove: number;
  /** 95 % confidence interval for the mean paired difference (t-interval over replicates). */
  ciLow: number;
  ciHigh: number;
  /** Mean of the baseline over the same replicates. */
  baselineMean: number;
  /**
   * Relative difference: mean paired difference / baseline mean (0.05 = +5 %), with its 95 % interval by the
   * delta method (ratioInterval); null where the baseline mean is 0 (no relative difference exists).
   */
  rel: number | null;
  relCiLow: number | null;
  relCiHigh: number | null;
}

/**
 * Confidence interval for a mean: x̄ ± t(1 − α/2, n − 1) · s / √n, with s the
 * sample standard deviation (n − 1 denominator). This is the uncertainty of
 * the *mean* difference across replicates, not the spread of outcomes (the
 * 5–95 % quantiles). Edge cases: n = 1 gives an interval of zero width at the
 * value (no spread can be estimated; `n` says so), identical values likewise.
 * Example: meanInterval([1, 2, 3]) = { mean: 2, low: −0.484, high: 4.484, n: 3 }.
 */
/**
 * The t quantile t(p, df), remembered: a run's rows all ask for the same one or two (p = 0.975 and df = R − 1),
 * and computing it (an inverse incomplete beta function) costs more than the rest of a row.
 */
const tQuantiles = new Map<string, number>();
function tq(p: number, df: number): number {
  const key = `${p} ${df}`;
  let q = tQuantiles.get(key);
  if (q === undefined) {
    q = tquantile(p, df);
    if (tQuantiles.size > 1000) tQuantiles.clear();
    tQuantiles.set(key, q);
  }
  return q;
}

export function meanInterval(xs: ArrayLike<number>, level = 0.95): { mean: number; low: number; high: number; n: number } {
  const n = xs.length;
  if (n === 0) throw new UserError("No replicates to compute a mean from.", { hint: "Run at least two replicates." });
  if (!(level > 0 && level < 1)) throw new UserError(`The confidence level must be between 0 and 1, not ${level}.`);
  const m = mean(xs);
  if (n < 2) return { mean: m, low: m, high: m, n };
  const half = tq(1 - (1 - level) / 2, n - 1) * Math.sqrt(sampleVariance(xs) / n);
  return { mean: m, low: m - half, high: m + half, n };
}

/**
 * Confidence interval for a ratio of means R = x̄ / ȳ over paired
 * observations (x_i, y_i), by the delta method: se(R) = s(x − R·y) / (√n·|ȳ|),
 * with s the sample standard deviation (n − 1 denominator), and the interval
 * R ± t(1 − α/2, n − 1) · se(R) — the same t quantile as meanInterval, so when
 * every y_i is equal it is exactly meanInterval(x) / y. Returns null when ȳ is
 * 0 (no ratio exists); n = 1 gives a zero-width interval at R.
 * Used for relative differences (x = mix − baseline, y = baseline) and for
 * cost-effectiveness (x = outcome difference, y = cost difference).
 * Example: ratioInterval([2, 4, 6], [1, 2, 3]) = { ratio: 2, low: 2, high: 2, n: 3 }.
 */
export function ratioInterval(xs: ArrayLike<number>, ys: ArrayLike<number>, level = 0.95): { ratio: number; low: number; high: number; n: number } | null {
  const n = xs.length;
  if (n === 0) throw new UserError("No replicates to compute a ratio from.", { hint: "Run at least two replicates." });
  if (ys.length !== n) throw new Error(`ratioInterval: ${n} numerators but ${ys.length} denominators`);
  if (!(level > 0 && level < 1)) throw new UserError(`The confidence level must be between 0 and 1, not ${level}.`);
  const my = mean(ys);
  if (my === 0) return null;
  const r = mean(xs) / my;
  if (!Number.isFinite(r)) return null;
  if (n < 2) return { ratio: r, low: r, high: r, n };
  const resid = new Float64Array(n);
  for (let i = 0; i < n; i++) resid[i] = (xs[i] as number) - r * (ys[i] as number);
  const half = (tq(1 - (1 - level) / 2, n - 1) * Math.sqrt(sampleVariance(resid) / n)) / Math.abs(my);
  if (!Number.isFinite(half)) return null;
  return { ratio: r, low: r - half, high: r + half, n };
}

/** Metrics that are yearly flows (summed over the horizon for cost-effectiveness); the rest are levels. */
export const FLOW_METRICS = new Set(["entries", "exits", "innovators", "patents", "unfunded_demand", "unfilled_vacancies"]);

/**
 * Mean and 5/50/95 % quantiles, as `mean` and `quantile` (type 7) of src/stats give them: the mean summed in the
 * replicates' order, then one sort of a typed copy for the three quantiles instead of three sorts of a copy each.
 */
function stats(xs: ArrayLike<number>): { mean: number; p05: number; p50: number; p95: number } {
  const s = new Float64Array(xs.length);
  s.set(xs);
  s.sort();
  return { mean: mean(xs), p05: sortedQuantile(s, 0.05), p50: sortedQuantile(s, 0.5), p95: sortedQuantile(s, 0.95) };
}

/** `quantile` of src/stats on values already sorted (linear interpolation between order statistics, type 7). */
function sortedQuantile(s: Float64Array, p: number): number {
  if (s.length === 0) return NaN;
  const h = (s.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  return (s[lo] as number) + (h - lo) * ((s[hi] as number) - (s[lo] as number));
}

function select(res: ExperimentResult, o: { metrics?: readonly string[]; locations?: readonly string[] }) {
  const metrics = o.metrics ?? res.metrics;
  const locations = o.locations ?? res.locations;
  for (const m of metrics) if (!res.metrics.includes(m)) throw new UserError(`Unknown metric "${m}".`, { hint: `Metrics: ${res.metrics.join(", ")}.` });
  for (const l of locations) if (!res.locations.includes(l)) throw new UserError(`Unknown cluster "${l}".`, { hint: `Clusters: ${res.locations.join(", ")}.` });
  return { metrics, locations };
}

const at = (res: ExperimentResult, cube: Float64Array, y: number, l: number, m: number) => cube[(y * res.locations.length + l) * res.metrics.length + m] as number;

/** Which rows: metrics and locations (default all), and mixes by name (default all; used to summarise mix by mix as they finish). */
export interface SummaryOptions {
  metrics?: readonly string[];
  locations?: readonly string[];
  mixes?: readonly string[];
}

/**
 * Calls `fn` for every mix but the one at `skip` (−1: none), of `only` when given, and every selected location,
 * with the mix's replicate cubes.
 */
function forEachMixAndLocation(res: ExperimentResult, locations: readonly string[], skip: number, fn: (scenario: string, cubes: Float64Array[], cluster: string, l: number) => void, only?: readonly string[]): void {
  res.mixes.forEach((mix, k) => {
    if (k === skip || (only !== undefined && !only.includes(mix.name))) return;
    const cubes = res.cubes[k] as Float64Array[];
    for (const loc of locations) fn(mix.name, cubes, loc, res.locations.indexOf(loc));
  });
}

/** Mean and 5/50/95 % quantiles over replicates, per mix, location, year and metric. */
export function summarise(res: ExperimentResult, o: SummaryOptions = {}): SummaryRow[] {
  const { metrics, locations } = select(res, o);
  const rows: SummaryRow[] = [];
  const L = res.locations.length;
  const M = res.metrics.length;
  const ms = metrics.map((metric) => res.metrics.indexOf(metric));
  forEachMixAndLocation(res, locations, -1, (scenario, cubes, cluster, l) => {
    const xs = new Float64Array(cubes.length); // one replicate's value each, reused row after row (stats copies it)
    for (let y = 0; y <= res.years; y++)
      metrics.forEach((metric, j) => {
        const idx = (y * L + l) * M + (ms[j] as number);
        for (let r = 0; r < cubes.length; r++) xs[r] = (cubes[r] as Float64Array)[idx] as number;
        rows.push({ scenario, cluster, year: y, metric, ...stats(xs) });
      });
  }, o.mixes);
  return rows;
}

function mixIndex(res: ExperimentResult, name: string): number {
  const b = res.mixes.findIndex((m) => m.name === name);
  if (b < 0) throw new UserError(`The baseline "${name}" is not one of the mixes run.`, { hint: `Mixes: ${res.mixes.map((m) => m.name).join(", ")}.` });
  return b;
}

/** The paired-difference statistics of DiffRow from per-replicate differences d and baseline values b. */
export function pairedStats(d: ArrayLike<number>, b: ArrayLike<number>): Omit<DiffRow, "scenario" | "baseline" | "cluster" | "year" | "metric" | "seed"> {
  const ci = meanInterval(d);
  const rel = ratioInterval(d, b);
  let above = 0;
  for (let r = 0; r < d.length; r++) if ((d[r] as number) > 0) above++;
  return {
    ...stats(d),
    replicates: d.length,
    pAbove: above / d.length,
    ciLow: ci.low,
    ciHigh: ci.high,
    baselineMean: mean(b),
    rel: rel?.ratio ?? null,
    relCiLow: rel?.low ?? null,
    relCiHigh: rel?.high ?? null,
  };
}

/**
 * Paired differences (mix − baseline) per replicate, summarised: the mean with its 95 % confidence interval
 * (t-interval over replicates), the spread of the replicates' differences (5/50/95 %), the share above zero and
 * the relative difference with its delta-method interval.
 */
export function pairedDifferences(res: ExperimentResult, baseline: string, o: SummaryOptions = {}): DiffRow[] {
  const { metrics, locations } = select(res, o);
  const b = mixIndex(res, baseline);
  const base = res.cubes[b] as Float64Array[];
  const rows: DiffRow[] = [];
  const L = res.locations.length;
  const M = res.metrics.length;
  const ms = metrics.map((metric) => res.metrics.indexOf(metric));
  const seed = String(res.seed);
  forEachMixAndLocation(res, locations, b, (scenario, cubes, cluster, l) => {
    // Per replicate: the baseline's value and the mix's difference from it (reused row after row; nothing keeps them).
    const bv = new Float64Array(base.length);
    const d = new Float64Array(cubes.length);
    for (let y = 0; y <= res.years; y++)
      metrics.forEach((metric, j) => {
        const idx = (y * L + l) * M + (ms[j] as number);
        for (let r = 0; r < base.length; r++) bv[r] = (base[r] as Float64Array)[idx] as number;
        for (let r = 0; r < cubes.length; r++) d[r] = ((cubes[r] as Float64Array)[idx] as number) - (bv[r] as number);
        rows.push({ scenario, baseline, cluster, year: y, metric, ...pairedStats(d, bv), seed });
      });
  }, o.mixes);
  return rows;
}

/**
 * How a mix's cost compares with the baseline's over the horizon: more
 * ("extra cost"), less ("saving") or the same within BUDGET_NEUTRAL_TOLERANCE
 * ("budget-neutral", where no ratio is given).
 */
export type CostBasis = "extra cost" | "saving" | "budget-neutral";

/**
 * A comparison is budget-neutral when its mean paired cost difference is at most this share of the larger of
 * the two mixes' mean spend over the horizon (1 %: KRW 3.5 bn of a KRW 350 bn budget), or both spend nothing.
 * Realised spend varies around the budget with the award draws (firm-level money is paid to selected firms), by
 * a few tenths of a per cent nationally; 1 % keeps that noise from labelling equal budgets a "saving".
 */
export const BUDGET_NEUTRAL_TOLERANCE = 0.01;

export interface CostRow {
  scenario: string;
  baseline: string;
  cluster: string;
  metric: string;
  /** Number of paired replicates; replicate r ran with the seed `${seed}/replicate/${r}`. */
  replicates: number;
  seed: string;
  /** Mean paired difference in the outcome over the horizon (flows summed over the years, levels at the last year). */
  gain: number;
  /** 5 % and 95 % of the replicates' paired differences (spread, not an interval for the mean). */
  gainP05: number;
  gainP95: number;
  /** 95 % confidence interval for the mean gain (t-interval over replicates). */
  gainCiLow: number;
  gainCiHigh: number;
  /** Mean policy spend of the mix over the horizon (KRW bn). */
  spend: number;
  /** Mean policy spend of the baseline over the horizon (KRW bn). */
  baselineSpend: number;
  /** Mean paired difference in cost, mix − baseline, over the horizon (KRW bn). */
  costDiff: number;
  /** Whether the mix costs more than, less than or the same as the baseline. */
  basis: CostBasis;
  /**
   * Difference in outcome per KRW bn of difference in cost (gain / costDiff, ratio of mean paired differences),
   * with its 95 % interval by the delta method; null for a budget-neutral comparison.
   */
  perKrwBn: number | null;
  perKrwBnCiLow: number | null;
  perKrwBnCiHigh: number | null;
}

/** The cost basis of a comparison from the mean spends and the mean paired cost difference (see BUDGET_NEUTRAL_TOLERANCE). */
export function costBasis(spend: number, baselineSpend: number, costDiff: number): CostBasis {
  if (Math.abs(costDiff) <= BUDGET_NEUTRAL_TOLERANCE * Math.max(Math.abs(spend), Math.abs(baselineSpend))) return "budget-neutral";
  return costDiff > 0 ? "extra cost" : "saving";
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

function horizonSpends(res: ExperimentResult, cubes: Float64Array[], l: number): number[] {
  const sm = res.metrics.indexOf("spend");
  return cubes.map((c) => {
    let s = 0;
    for (let y = 1; y <= res.years; y++) s += at(res, c, y, l, sm);
    return s;
  });
}

/**
 * Cost-effectiveness against the baseline over the horizon: the difference in
 * outcome per difference in cost (KRW bn), both as mean paired differences
 * over replicates, with a delta-method 95 % interval (ratioInterval). A mix
 * that spends the same as the baseline (within BUDGET_NEUTRAL_TOLERANCE) is
 * labelled "budget-neutral" with no ratio: compare its gain directly.
 */
export function costEffectiveness(
  res: ExperimentResult,
  baseline: string,
  o: { metrics?: readonly string[]; locations?: readonly string[] } = { metrics: ["innovators", "patents", "firms", "employment", "sales"], locations: ["all"] },
): CostRow[] {
  const { metrics, locations } = select(res, o);
  const b = mixIndex(res, baseline);
  const base = res.cubes[b] as Float64Array[];
  const rows: CostRow[] = [];
  forEachMixAndLocation(res, locations, b, (scenario, cubes, cluster, l) => {
    const spends = horizonSpends(res, cubes, l);
    const baseSpends = horizonSpends(res, base, l);
    const costDiffs = spends.map((s, r) => s - (baseSpends[r] as number));
    const spend = mean(spends);
    const baselineSpend = mean(baseSpends);
    const costDiff = mean(costDiffs);
    const basis = costBasis(spend, baselineSpend, costDiff);
    for (const metric of metrics) {
      const gains = horizonGains(res, cubes, base, metric, l);
      const st = stats(gains);
      const ci = meanInterval(gains);
      const ratio = basis === "budget-neutral" ? null : ratioInterval(gains, costDiffs);
      rows.push({
        scenario, baseline, cluster, metric, replicates: gains.length, seed: String(res.seed),
        gain: st.mean, gainP05: st.p05, gainP95: st.p95, gainCiLow: ci.low, gainCiHigh: ci.high,
        spend, baselineSpend, costDiff, basis,
        perKrwBn: ratio?.ratio ?? null, perKrwBnCiLow: ratio?.low ?? null, perKrwBnCiHigh: ratio?.high ?? null,
      });
    }
  });
  return rows;
}

/** One mix against the baseline over the whole horizon (flows summed over years 1…horizon, levels in the last year). */
export interface HorizonRow extends Omit<DiffRow, "year"> {
  /** "sum": a flow summed over years 1…horizon; "level": the value in the last year. */
  measure: "sum" | "level";
  /** The horizon in years. */
  years: number;
}

/**
 * Paired differences of every mix against a baseline over the horizon, one
 * row per mix and metric: the mean with its 95 % confidence interval
 * (t over replicates), the spread of the replicates' differences, and the
 * relative difference with its delta-method interval (against the baseline's
 * mean over the same horizon). What the report's and notebook 04's tables and
 * differenceIntervalChart show.
 */
export function horizonComparison(res: ExperimentResult, baseline: string, o: { metrics?: readonly string[]; location?: string } = {}): HorizonRow[] {
  const location = o.location ?? "all";
  const { metrics } = select(res, { metrics: o.metrics ?? res.metrics, locations: [location] });
  mixIndex(res, baseline);
  const rows: HorizonRow[] = [];
  for (const mix of res.mixes) {
    if (mix.name === baseline) continue;
    for (const metric of metrics) {
      const d = horizonDifferences(res, mix.name, baseline, metric, location);
      const b = horizonValues(res, baseline, metric, location);
      rows.push({ scenario: mix.name, baseline, cluster: location, metric, measure: FLOW_METRICS.has(metric) ? "sum" : "level", years: res.years, seed: String(res.seed), ...pairedStats(d, b) });
    }
  }
  return rows;
}

/** An instrument whose money a mix could not spend (`unspentBudgets`). */
export interface UnspentRow {
  scenario: string;
  instrument: string;
  /** Budget over the horizon (KRW bn) and mean spend over replicates (KRW bn). */
  budget: number;
  spent: number;
  /** Mean money reallocation moved out of the instrument to others over the horizon (KRW bn; negative: moved into it). */
  reallocated: number;
}

/**
 * Instruments whose budget over the horizon was neither spent nor moved to other instruments (money a firm-level
 * instrument cannot place, every eligible firm at its cap, is reallocated unless the mix says `"unplacedMoney":
 * "save"`) for less than `minShare` of it, on average over replicates: that money is a saving, and the mix costs
 * less than its budget says (not budget-neutral). Mixes whose shares follow the survey's stated demand are checked
 * on their total only (instrument "all").
 */
export function unspentBudgets(res: ExperimentResult, minShare = 0.95): UnspentRow[] {
  const out: UnspentRow[] = [];
  const l = res.locations.indexOf("all");
  res.mixes.forEach((mix, k) => {
    let total = 0;
    for (let t = 1; t <= res.years; t++) total += budgetFor(mix.budget.krwBn, t);
    const spentOf = (metric: string): number => {
      const m = res.metrics.indexOf(metric);
      if (m < 0) return 0;
      const cubes = res.cubes[k] as Float64Array[];
      return mean(cubes.map((c) => {
        let s = 0;
        for (let y = 1; y <= res.years; y++) s += at(res, c, y, l, m);
        return s;
      }));
    };
    const shares = mix.shares;
    const rows: Array<[string, number, string]> =
      typeof shares === "string" ? [["all", total, "spend"]] : Object.entries(shares).filter(([i]) => res.metrics.includes(`spend_${i}`)).map(([i, v]) => [i, total * v, `spend_${i}`]);
    for (const [instrument, budget, metric] of rows) {
      if (!(budget > 0)) continue;
      const spent = spentOf(metric);
      // Net money moved out (the realloc_ metrics are + into an instrument); over all instruments it sums to 0.
      const reallocated = instrument === "all" ? 0 : 0 - spentOf(`realloc_${instrument}`);
      if (spent + reallocated < minShare * budget) out.push({ scenario: mix.name, instrument, budget, spent, reallocated });
    }
  });
  return out;
}
