/**
 * summary.csv and differences.csv are computed with one sort per cell and a remembered t quantile; these tests
 * hold them to the plain formulas they replaced (src/stats `mean`/`quantile`/`sampleVariance`, a fresh t quantile
 * for every row), number for number (Object.is: the same double, sign of zero included), on a real run.
 */
import tquantile from "@stdlib/stats-base-dists-t-quantile";
import { describe, expect, test } from "vitest";
import { runExperiment, type ExperimentResult } from "../src/experiments/runner";
import { loadInputs } from "../src/experiments/simulate";
import { pairedDifferences, summarise } from "../src/experiments/summary";
import { readMix } from "../src/model/policy";
import { mean, quantile, sampleVariance } from "../src/stats";

const inputs = loadInputs();
const ids = inputs.clusters.map((c) => c.id);

/** Every field of every row the same double (or the same text / null). */
function expectSameRows(got: ReadonlyArray<object>, want: ReadonlyArray<object>): void {
  expect(got.length).toBe(want.length);
  const diffs: string[] = [];
  want.forEach((w, i) => {
    const g = got[i] as Record<string, unknown>;
    for (const [k, v] of Object.entries(w)) if (!Object.is(g[k], v) && diffs.length < 5) diffs.push(`row ${i} ${k}: ${String(g[k])} ≠ ${String(v)}`);
    expect(Object.keys(g).sort()).toEqual(Object.keys(w).sort());
  });
  expect(diffs).toEqual([]);
}

const q = (xs: number[]) => ({ mean: mean(xs), p05: quantile(xs, 0.05), p50: quantile(xs, 0.5), p95: quantile(xs, 0.95) });
const t975 = (n: number) => tquantile(0.975, n - 1);
const value = (res: ExperimentResult, cube: Float64Array, y: number, l: number, m: number) => cube[(y * res.locations.length + l) * res.metrics.length + m]!;

describe("summaries and differences", async () => {
  // 7 replicates: quantiles interpolate between order statistics (h = 0.3, 3, 5.7).
  const res = await runExperiment(inputs, [readMix("status_quo", ids), readMix("talent_first", ids), readMix("network_first", ids)], { years: 3, replicates: 7, seed: "summary-fast" });
  const metrics = ["firms", "employment", "collaborating_share", "index", "spend"];

  test("summarise gives the plain formulas' numbers", () => {
    const want = res.mixes.flatMap((mix, k) =>
      res.locations.flatMap((cluster, l) =>
        Array.from({ length: res.years + 1 }, (_, y) =>
          metrics.map((metric) => ({ scenario: mix.name, cluster, year: y, metric, ...q(res.cubes[k]!.map((c) => value(res, c, y, l, res.metrics.indexOf(metric)))) })),
        ).flat(),
      ),
    );
    expectSameRows(summarise(res, { metrics }), want);
  }, 30_000);

  test("pairedDifferences gives the plain formulas' numbers", () => {
    const base = res.cubes[0]!;
    const want = res.mixes.slice(1).flatMap((mix, k1) =>
      res.locations.flatMap((cluster, l) =>
        Array.from({ length: res.years + 1 }, (_, y) =>
          metrics.map((metric) => {
            const m = res.metrics.indexOf(metric);
            const b = base.map((c) => value(res, c, y, l, m));
            const d = res.cubes[k1 + 1]!.map((c, r) => value(res, c, y, l, m) - b[r]!);
            const n = d.length;
            const half = t975(n) * Math.sqrt(sampleVariance(d) / n);
            const mb = mean(b);
            let rel: number | null = null;
            let relCiLow: number | null = null;
            let relCiHigh: number | null = null;
            if (mb !== 0) {
              const r = mean(d) / mb;
              const relHalf = (t975(n) * Math.sqrt(sampleVariance(d.map((x, i) => x - r * b[i]!)) / n)) / Math.abs(mb);
              if (Number.isFinite(r) && Number.isFinite(relHalf)) [rel, relCiLow, relCiHigh] = [r, r - relHalf, r + relHalf];
            }
            return {
              scenario: mix.name, baseline: "status_quo", cluster, year: y, metric, ...q(d), replicates: n,
              pAbove: d.filter((x) => x > 0).length / n, ciLow: mean(d) - half, ciHigh: mean(d) + half, baselineMean: mb,
              rel, relCiLow, relCiHigh, seed: "summary-fast",
            };
          }),
        ).flat(),
      ),
    );
    expectSameRows(pairedDifferences(res, "status_quo", { metrics }), want);
  }, 30_000);
});
