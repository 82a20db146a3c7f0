/**
 * Honest reporting of paired differences: the 95 % confidence interval of the
 * mean difference (t over replicates) against an independent computation
 * (numpy/scipy, tests/fixtures/differences/make_reference.py), kept apart
 * from the replicate spread; relative differences with a delta-method
 * interval; cost-effectiveness per difference in cost, with budget-neutral
 * comparisons labelled instead of divided; and what differences.csv holds.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, test } from "vitest";
import { DIFFERENCES_COLUMNS, writeExperiment } from "../src/experiments/output";
import { costBasis, costEffectiveness, horizonComparison, horizonDifferences, pairedDifferences, pairedStats, ratioInterval, BUDGET_NEUTRAL_TOLERANCE } from "../src/experiments/summary";
import { costEffectivenessChart, differenceIntervalChart } from "../src/figures";
import type { ExperimentResult } from "../src/experiments/types";
import type { PolicyMix } from "../src/model/policy";
import { normal, rngFromSeed } from "../src/random";

interface RefCase { name: string; baseline: number[]; mix: number[]; mean: number; ciLow: number; ciHigh: number; p05: number; p95: number; rel: number; relCiLow: number; relCiHigh: number }
const REF = JSON.parse(fs.readFileSync(path.join(__dirname, "fixtures", "differences", "reference.json"), "utf8")) as { cases: RefCase[] };

/**
 * A hand-built experiment with one location ("all"), years 0…years, and per
 * (mix, replicate, year) values for each metric given by `value`.
 */
function experiment(mixes: string[], replicates: number, years: number, metrics: string[], value: (mix: number, r: number, y: number, metric: string) => number): ExperimentResult {
  const M = metrics.length;
  return {
    mixes: mixes.map((name) => ({ name }) as unknown as PolicyMix),
    years,
    replicates,
    seed: "test",
    options: { paramUncertainty: true, structuralUncertainty: false },
    locations: ["all"],
    metrics,
    cubes: mixes.map((_, k) =>
      Array.from({ length: replicates }, (_, r) => {
        const c = new Float64Array((years + 1) * M);
        for (let y = 0; y <= years; y++) metrics.forEach((m, j) => (c[y * M + j] = value(k, r, y, m)));
        return c;
      }),
    ),
    seeds: Array.from({ length: replicates }, (_, r) => `test/replicate/${r}`),
    populationSeed: "test/population",
    panel: [],
  };
}

describe("paired differences against numpy/scipy", () => {
  for (const c of REF.cases) {
    test(c.name, () => {
      const d = c.mix.map((a, i) => a - (c.baseline[i] as number));
      const s = pairedStats(d, c.baseline);
      expect(s.replicates).toBe(c.mix.length);
      expect(s.mean).toBeCloseTo(c.mean, 10);
      expect(s.ciLow).toBeCloseTo(c.ciLow, 9);
      expect(s.ciHigh).toBeCloseTo(c.ciHigh, 9);
      expect(s.p05).toBeCloseTo(c.p05, 10);
      expect(s.p95).toBeCloseTo(c.p95, 10);
      expect(s.rel).toBeCloseTo(c.rel, 12);
      expect(s.relCiLow).toBeCloseTo(c.relCiLow, 9);
      expect(s.relCiHigh).toBeCloseTo(c.relCiHigh, 9);
    });
  }

  test("the same numbers come out of pairedDifferences and differences.csv", () => {
    const c = REF.cases[1] as RefCase;
    const res = experiment(["status_quo", "mix"], c.mix.length, 1, ["innovators", "spend"], (k, r, y, m) => (m === "spend" ? 300 : y === 0 ? 100 : ((k === 0 ? c.baseline : c.mix)[r] as number)));
    const row = pairedDifferences(res, "status_quo").find((x) => x.year === 1 && x.metric === "innovators")!;
    expect(row.ciLow).toBeCloseTo(c.ciLow, 9);
    expect(row.relCiHigh).toBeCloseTo(c.relCiHigh, 9);
    expect(row.seed).toBe("test");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bc-diff-"));
    try {
      writeExperiment(path.join(dir, "out"), res, { baseline: "status_quo", metrics: ["innovators", "spend"] });
      const lines = fs.readFileSync(path.join(dir, "out", "differences.csv"), "utf8").trim().split("\n");
      const header = (lines[0] as string).split(",");
      expect(header).toEqual(DIFFERENCES_COLUMNS.map((x) => x[1]));
      const cells = lines.map((l) => l.split(","));
      const get = (row: string[], col: string) => row[header.indexOf(col)] as string;
      const r1 = cells.find((x) => get(x, "year") === "1" && get(x, "metric") === "innovators")!;
      expect(Number(get(r1, "mean_diff_ci95_low_t"))).toBeCloseTo(c.ciLow, 9);
      expect(Number(get(r1, "mean_diff_ci95_high_t"))).toBeCloseTo(c.ciHigh, 9);
      expect(Number(get(r1, "spread_p05"))).toBeCloseTo(c.p05, 9);
      expect(Number(get(r1, "rel_diff_ci95_low_delta"))).toBeCloseTo(c.relCiLow, 9);
      expect(get(r1, "seed")).toBe("test");
      expect(get(r1, "replicates")).toBe(String(c.mix.length));
      // Year 0: no difference, a zero-width interval, and no NaN anywhere in the file.
      expect(lines.join("\n")).not.toMatch(/NaN|Infinity/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("the confidence interval of the mean is not the spread of replicates", () => {
  test("many noisy replicates: the interval is narrow around the true effect while the spread is wide", () => {
    // Each replicate's paired difference is 2 + noise with sd 10: the spread (5–95 %) is about ±16.4 wide, the
    // 95 % CI of the mean over 2,000 replicates about ±0.44 (1.96 · 10 / √2000).
    const R = 2000;
    const rng = rngFromSeed("ci-versus-spread");
    const noise = Array.from({ length: R }, () => normal(rng, 0, 10));
    const res = experiment(["status_quo", "mix"], R, 1, ["innovators", "spend"], (k, r, y, m) => (m === "spend" ? 300 : 500 + (k === 1 && y === 1 ? 2 + (noise[r] as number) : 0)));
    const row = pairedDifferences(res, "status_quo").find((x) => x.year === 1 && x.metric === "innovators")!;
    const ciWidth = row.ciHigh - row.ciLow;
    const spreadWidth = row.p95 - row.p05;
    expect(row.ciLow).toBeLessThan(2);
    expect(row.ciHigh).toBeGreaterThan(2);
    expect(row.ciLow).toBeGreaterThan(0); // the effect is detected …
    expect(row.p05).toBeLessThan(0); // … although many single replicates go the other way
    expect(ciWidth).toBeGreaterThan(0.6);
    expect(ciWidth).toBeLessThan(1.2);
    expect(spreadWidth).toBeGreaterThan(28);
    expect(spreadWidth).toBeLessThan(38);
    expect(spreadWidth / ciWidth).toBeGreaterThan(25); // ≈ 1.645 · 2 · √2000 / (1.96 · 2) ≈ 37.5
  });

  test("a constant difference has a zero-width interval and a zero-width spread; one replicate has no width either", () => {
    const res = experiment(["status_quo", "mix"], 5, 1, ["innovators", "spend"], (k, r, y, m) => (m === "spend" ? 300 : 10 + r + (k === 1 ? 3 : 0)));
    const row = pairedDifferences(res, "status_quo").find((x) => x.year === 1 && x.metric === "innovators")!;
    expect([row.mean, row.ciLow, row.ciHigh, row.p05, row.p95]).toEqual([3, 3, 3, 3, 3]);
    expect(row.rel).toBeCloseTo(3 / 12, 12);
    expect(ratioInterval([4], [2])).toEqual({ ratio: 2, low: 2, high: 2, n: 1 });
  });

  test("no relative difference where the baseline mean is zero (an empty cell, never NaN or Infinity)", () => {
    const res = experiment(["status_quo", "mix"], 4, 1, ["unfunded_demand", "spend"], (k, r, y, m) => (m === "spend" ? 300 : k === 0 ? 0 : r));
    const row = pairedDifferences(res, "status_quo").find((x) => x.year === 1 && x.metric === "unfunded_demand")!;
    expect(row.mean).toBe(1.5);
    expect([row.rel, row.relCiLow, row.relCiHigh]).toEqual([null, null, null]);
    expect(ratioInterval([1, 2], [1, -1])).toBeNull();
  });
});

describe("cost-effectiveness per difference in cost", () => {
  const outcome = (k: number, r: number) => 100 + r + (k === 1 ? 5 + (r % 3) : 0);

  test("a budget-neutral comparison says so and gives no ratio (not the gain divided by the whole budget)", () => {
    const res = experiment(["status_quo", "mix"], 6, 2, ["innovators", "spend"], (k, r, y, m) => (m === "spend" ? (y === 0 ? 0 : 300) : outcome(k, r)));
    const [row] = costEffectiveness(res, "status_quo", { metrics: ["innovators"], locations: ["all"] });
    expect(row).toMatchObject({ basis: "budget-neutral", perKrwBn: null, perKrwBnCiLow: null, perKrwBnCiHigh: null, spend: 600, baselineSpend: 600, costDiff: 0, replicates: 6, seed: "test" });
    expect(row!.gain).toBeCloseTo(2 * 6, 12); // innovators is a flow: years 1 and 2 summed, mean 6 a year
  });

  test("extra cost: the ratio is the mean gain over the mean cost difference, with a delta-method interval", () => {
    // The mix spends 50 (replicate-varying: 50 + r) more a year than the status quo's 300.
    const res = experiment(["status_quo", "mix"], 6, 2, ["innovators", "spend"], (k, r, y, m) => (m === "spend" ? (y === 0 ? 0 : 300 + (k === 1 ? 50 + r : 0)) : outcome(k, r)));
    const [row] = costEffectiveness(res, "status_quo", { metrics: ["innovators"], locations: ["all"] });
    const gains = Array.from({ length: 6 }, (_, r) => 2 * (5 + (r % 3)));
    const costs = Array.from({ length: 6 }, (_, r) => 2 * (50 + r));
    const ri = ratioInterval(gains, costs)!;
    expect(row!.basis).toBe("extra cost");
    expect(row!.costDiff).toBeCloseTo(105, 12);
    expect(row!.perKrwBn).toBeCloseTo(12 / 105, 12);
    expect(row!.perKrwBnCiLow).toBeCloseTo(ri.low, 12);
    expect(row!.perKrwBnCiHigh).toBeCloseTo(ri.high, 12);
    expect(row!.perKrwBnCiLow!).toBeLessThan(row!.perKrwBn!);
  });

  test("a saving is labelled as one; the tolerance for budget-neutral is relative to the larger spend", () => {
    expect(costBasis(290, 300, -10)).toBe("saving");
    expect(costBasis(300, 300, 0)).toBe("budget-neutral");
    expect(costBasis(0, 0, 0)).toBe("budget-neutral");
    expect(costBasis(3000.2, 3000, BUDGET_NEUTRAL_TOLERANCE * 3000.2)).toBe("budget-neutral");
    expect(costBasis(3031, 3000, 31)).toBe("extra cost");
    expect(costBasis(3029, 3000, 29)).toBe("budget-neutral"); // within 1 % of the larger spend
  });
});

describe("figures draw the interval and the spread apart", () => {
  const res = experiment(["status_quo", "a", "b"], 30, 3, ["innovators", "spend"], (k, r, y, m) => (m === "spend" ? (y === 0 ? 0 : k === 2 ? 360 : 300) : 100 + y * k + ((r * 7) % 11) * (k + 1)));

  test("differenceIntervalChart: thick whiskers are the 95 % CI of the mean, thin ones the 5–95 % spread", () => {
    const rows = horizonComparison(res, "status_quo", { metrics: ["innovators"] });
    const fig = differenceIntervalChart(rows);
    const [spread, ci] = fig.data as Array<{ x: number[]; error_x: { array: number[]; arrayminus: number[] }; name: string }>;
    expect(ci!.name).toMatch(/95 % CI/);
    expect(spread!.name).toMatch(/5–95 % of replicates/);
    rows.forEach((r, j) => {
      expect(ci!.x[j]).toBeCloseTo(r.mean, 12);
      expect(ci!.x[j]! + ci!.error_x.array[j]!).toBeCloseTo(r.ciHigh, 12);
      expect(ci!.x[j]! - ci!.error_x.arrayminus[j]!).toBeCloseTo(r.ciLow, 12);
      expect(spread!.x[j]! + spread!.error_x.array[j]!).toBeCloseTo(r.p95, 12);
      expect(spread!.x[j]! - spread!.error_x.arrayminus[j]!).toBeCloseTo(r.p05, 12);
    });
    // The horizon rows agree with the per-replicate differences: flows summed over years 1…3.
    const d = horizonDifferences(res, "b", "status_quo", "innovators");
    expect(rows[1]!.mean).toBeCloseTo(d.reduce((s, x) => s + x, 0) / d.length, 12);
  });

  test("costEffectivenessChart labels budget-neutral rows instead of drawing a ratio", () => {
    const ce = costEffectiveness(res, "status_quo", { metrics: ["innovators"], locations: ["all"] });
    expect(ce.map((c) => c.basis)).toEqual(["budget-neutral", "extra cost"]);
    const bar = costEffectivenessChart(ce).data[0] as { x: number[]; text: string[] };
    expect(bar.text).toEqual(["budget-neutral: no ratio", ""]);
    expect(bar.x[0]).toBe(0);
    expect(bar.x[1]).toBeCloseTo(ce[1]!.gain / 180, 12);
  });
});
