/**
 * The simulated counterpart of each calibration moment, on hand-built metric
 * cubes: two locations plus the national ("all") row, T = 3 model years, every
 * metric a distinct number, so each moment's value is a hand computation that
 * a wrong row, year, metric or formula would change. The location rows hold
 * other numbers than the national row, so reading a location instead of "all"
 * is seen too.
 */
import { describe, expect, test } from "vitest";
import { metricLayout } from "../src/model/collect";
import { MOMENT_LABELS, MOMENT_NAMES, PreRevenueCounter, replicateMoments } from "../src/calibration/simulated";

const layout = metricLayout(["infra", "talent"]);
const nLoc = 2;
const L = nLoc + 1;
const T = 3;

/** national[t][metric] for t = 0 … T; the two locations get 7× and 11× the national values plus 1. */
function cubeOf(national: Array<Record<"firms" | "employment" | "sales" | "rnd" | "entries" | "exits", number>>): Float64Array {
  const cube = new Float64Array((T + 1) * L * layout.nm).fill(-1);
  national.forEach((row, t) => {
    for (const [m, v] of Object.entries(row)) {
      const idx = layout[m as keyof typeof row] as number;
      cube[(t * L + 0) * layout.nm + idx] = 7 * v + 1;
      cube[(t * L + 1) * layout.nm + idx] = 11 * v + 1;
      cube[(t * L + nLoc) * layout.nm + idx] = v;
    }
  });
  return cube;
}

const NATIONAL = [
  { firms: 1000, employment: 40000, sales: 9000, rnd: 900, entries: 0, exits: 0 },
  { firms: 1030, employment: 41000, sales: 9500, rnd: 1000, entries: 80, exits: 50 },
  { firms: 1050, employment: 43000, sales: 9800, rnd: 1050, entries: 70, exits: 50 },
  { firms: 1100, employment: 44000, sales: 10400, rnd: 1200, entries: 90, exits: 40 },
];

function counter(active: number[], pre: number[]): PreRevenueCounter {
  const c = new PreRevenueCounter(T);
  active.forEach((a, t) => {
    for (let i = 0; i < a; i++) c.push({ year: t, sales_growth: i < (pre[t] as number) ? null : 0.1 });
  });
  return c;
}

describe("replicateMoments", () => {
  const cube = cubeOf(NATIONAL);
  const pre = counter([0, 40, 50, 80], [0, 10, 15, 16]);
  const all = [...MOMENT_NAMES];
  const got = replicateMoments(all, cube, layout, nLoc, T, pre);
  const want: Record<string, number> = {
    firms_growth: Math.log(1100 / 1000) / 3,
    employment_growth: Math.log(44000 / 40000) / 3,
    production_growth: Math.log(10400 / 9000) / 3,
    rnd_growth: Math.log(1200 / 900) / 3,
    rnd_intensity: (1000 / 9500 + 1050 / 9800 + 1200 / 10400) / 3,
    // Pre-revenue share 10/40 in year 1, 16/80 in year 3: (0.2 − 0.25) / 2.
    pre_revenue_change: (16 / 80 - 10 / 40) / 2,
    // Entrants and exits of year t over the firms of year t − 1.
    entry_rate: (80 / 1000 + 70 / 1030 + 90 / 1050) / 3,
    exit_rate: (50 / 1000 + 50 / 1030 + 40 / 1050) / 3,
  };

  test.each(all)("%s from the national row by its definition", (name) => {
    expect(got[all.indexOf(name)]).toBeCloseTo(want[name] as number, 14);
  });

  test("moments come out in the order asked for", () => {
    const order = ["exit_rate", "firms_growth", "pre_revenue_change"] as const;
    expect(Array.from(replicateMoments(order, cube, layout, nLoc, T, pre))).toEqual(order.map((n) => got[all.indexOf(n)]));
  });

  test("the pre-revenue counter counts the active firms and those without revenue per year", () => {
    expect(Array.from(pre.active)).toEqual([0, 40, 50, 80]);
    expect(Array.from(pre.preRevenue)).toEqual([0, 10, 15, 16]);
  });

  test("a moment that is not a finite number is an error naming it", () => {
    const dead = cubeOf(NATIONAL.map((r, t) => (t === T ? { ...r, firms: 0 } : r)));
    expect(() => replicateMoments(["entry_rate", "firms_growth"], dead, layout, nLoc, T, pre)).toThrow("The simulated moment firms_growth is not a finite number (-Infinity) over 3 years.");
    // One model year has no change of the pre-revenue share.
    const one = new PreRevenueCounter(1);
    one.push({ year: 1, sales_growth: null });
    expect(() => replicateMoments(["pre_revenue_change"], cube, layout, nLoc, 1, one)).toThrow(/pre_revenue_change is not a finite number \(NaN\) over 1 years/);
  });

  test("with two model years the pre-revenue change is the difference of the two shares", () => {
    const c = new PreRevenueCounter(2);
    for (let i = 0; i < 4; i++) c.push({ year: 1, sales_growth: i < 1 ? null : 0 });
    for (let i = 0; i < 5; i++) c.push({ year: 2, sales_growth: i < 3 ? null : 0 });
    expect(replicateMoments(["pre_revenue_change"], cube, layout, nLoc, 2, c)[0]).toBeCloseTo(3 / 5 - 1 / 4, 15);
  });

  test("every moment has a label", () => {
    for (const n of MOMENT_NAMES) expect(MOMENT_LABELS[n].length).toBeGreaterThan(10);
  });
});
