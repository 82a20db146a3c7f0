/**
 * The simulated counterpart of every calibration moment, computed from one
 * replicate's output: the national ("all") row of the metric cube for model
 * years 0 … T (year 0 is the 2018 base) and, for the pre-revenue share, a
 * count of the firms that enter each year's firm phase without revenue (the
 * model's panel hook, `PanelSink`: a firm-year whose sales growth is null).
 *
 * The model starts from 2018, so a moment of 2012–2018 is matched by the same
 * statistic over the model's first T years (T = 6 by default): growth and
 * rates are assumed to stay as they were over the calibration window.
 * docs/calibration.md gives each definition in words.
 */
import type { PanelSink } from "../model/engine";
import type { MetricLayout } from "../model/collect";

export const MOMENT_NAMES = [
  "firms_growth",
  "employment_growth",
  "production_growth",
  "rnd_growth",
  "rnd_intensity",
  "pre_revenue_change",
  "entry_rate",
  "exit_rate",
] as const;
export type MomentName = (typeof MOMENT_NAMES)[number];

/** What each moment is, in words (tables and notebooks show these instead of the names). */
export const MOMENT_LABELS: Readonly<Record<MomentName, string>> = {
  firms_growth: "growth of the number of firms (log, a year)",
  employment_growth: "growth of employment (log, a year)",
  production_growth: "growth of production (log, a year)",
  rnd_growth: "growth of R&D (log, a year)",
  rnd_intensity: "R&D ÷ production",
  pre_revenue_change: "change of the pre-revenue share (a year)",
  entry_rate: "entry rate (entrants ÷ firms)",
  exit_rate: "exit rate (exits ÷ firms)",
};

/** Counts, per model year 1 … T, the firms active in the firm phase and those among them without revenue. */
export class PreRevenueCounter implements PanelSink {
  readonly active: Float64Array;
  readonly preRevenue: Float64Array;
  constructor(years: number) {
    this.active = new Float64Array(years + 1);
    this.preRevenue = new Float64Array(years + 1);
  }
  push(row: { year: number; sales_growth: number | null }): void {
    // The engine advances its clock to year t before year t's phases (beginYear), so a panel row's year is t.
    const t = row.year;
    this.active[t] = (this.active[t] as number) + 1;
    if (row.sales_growth === null) this.preRevenue[t] = (this.preRevenue[t] as number) + 1;
  }
}

/**
 * The moments of one replicate, in `names` order. `cube` is the replicate's
 * metric cube (`nLoc + 1` locations, the last one "all"), `years` its length T.
 * Throws if a moment is not a finite number (e.g. every firm exited), naming it.
 */
export function replicateMoments(names: readonly MomentName[], cube: Float64Array, layout: MetricLayout, nLoc: number, years: number, pre: PreRevenueCounter): Float64Array {
  const L = nLoc + 1;
  const all = (t: number, m: number) => cube[(t * L + nLoc) * layout.nm + m] as number;
  const T = years;
  const growth = (m: number) => (Math.log(all(T, m)) - Math.log(all(0, m))) / T;
  const meanOver = (f: (t: number) => number) => {
    let s = 0;
    for (let t = 1; t <= T; t++) s += f(t);
    return s / T;
  };
  const share = (t: number) => (pre.preRevenue[t] as number) / (pre.active[t] as number);
  const out = new Float64Array(names.length);
  names.forEach((n, i) => {
    let v: number;
    switch (n) {
      case "firms_growth": v = growth(layout.firms); break;
      case "employment_growth": v = growth(layout.employment); break;
      case "production_growth": v = growth(layout.sales); break;
      case "rnd_growth": v = growth(layout.rnd); break;
      case "rnd_intensity": v = meanOver((t) => all(t, layout.rnd) / all(t, layout.sales)); break;
      // Stryker disable next-line ConditionalExpression: equivalent: at T = 1 the formula itself gives 0 / 0 = NaN, the guard's value
      case "pre_revenue_change": v = T >= 2 ? (share(T) - share(1)) / (T - 1) : NaN; break;
      case "entry_rate": v = meanOver((t) => all(t, layout.entries) / all(t - 1, layout.firms)); break;
      case "exit_rate": v = meanOver((t) => all(t, layout.exits) / all(t - 1, layout.firms)); break;
    }
    if (!Number.isFinite(v)) throw new Error(`The simulated moment ${n} is not a finite number (${v}) over ${T} years.`);
    out[i] = v;
  });
  return out;
}
