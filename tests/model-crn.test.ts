/**
 * Exact common random numbers: every draw is keyed to (replicate, firm id, year, process), so a paired
 * comparison of two mixes differs only where the policy acts.
 */
import { describe, expect, test } from "vitest";
import { loadInputs, resolveMixes } from "../src/experiments/simulate";
import { runExperiment, cubeValue } from "../src/experiments/runner";
import { buildSetup } from "../src/model/setup";
import { runReplicate } from "../src/model/run";
import { metricLayout } from "../src/model/collect";
import { validateMix, type PolicyMix } from "../src/model/policy";
import { PROCESS } from "../src/random/keyed";
import { setDrawTap } from "../src/random/threefry";
import { sampleVariance } from "../src/stats";

const inputs = loadInputs();
const ids = inputs.clusters.map((c) => c.id);
const [base] = resolveMixes(["status_quo"], ids) as [PolicyMix];

describe("paired comparisons", () => {
  test("status quo against status quo with 1 % more budget: the paired difference is small next to the spread (40 replicates, year 10)", async () => {
    const plus = validateMix({ ...base, name: "plus_1pct", budget: { krwBn: (base.budget.krwBn as number) * 1.01 } }, "plus_1pct", ids);
    const R = 40, Y = 10;
    const res = await runExperiment(inputs, [base, plus], { years: Y, replicates: R, seed: "crn-budget" });
    const ratios: Record<string, number> = {};
    for (const metric of ["firms", "employment", "innovators"]) {
      const b = res.cubes[0]!.map((c) => cubeValue(res, c, Y, "all", metric));
      const d = res.cubes[1]!.map((c, r) => cubeValue(res, c, Y, "all", metric) - b[r]!);
      ratios[metric] = Math.sqrt(sampleVariance(d) / sampleVariance(b));
    }
    console.log(`sd(paired difference) / sd(baseline), national, year ${Y}, ${R} replicates:`, ratios);
    // The change is real (more money is spent) and the outcomes do move in some replicate …
    expect(res.cubes[1]!.some((c, r) => cubeValue(res, c, Y, "all", "employment") !== cubeValue(res, res.cubes[0]![r]!, Y, "all", "employment"))).toBe(true);
    // … but by little next to the replicates' own spread.
    for (const [metric, ratio] of Object.entries(ratios)) expect(ratio, metric).toBeLessThanOrEqual(0.15);
  }, 120_000);
});

describe("a change in one cluster leaves every firm elsewhere with the same draws", () => {
  test("R&D grants targeted three times harder at one cluster: firms of the other clusters draw identical words", () => {
    const setup = buildSetup(inputs);
    const target = "osong";
    const t = setup.clusterIds.indexOf(target);
    const clusters = Object.fromEntries(setup.clusterIds.map((c) => [c, c === target ? 3 : 1]));
    const variant = validateMix({ ...base, name: "osong_grants", targeting: { rnd_grants: { clusters } } }, "osong_grants", ids);
    const Y = 6;
    const M = metricLayout(setup.instruments.map((i) => i.id));
    const L = setup.nLoc + 1;
    const FIRM_PROCESSES = new Set<number>([PROCESS.awards, PROCESS.fundingSales, PROCESS.firm, PROCESS.normalTail]);
    /** A firm's location from its id alone: the base-year row's location, or the entrant's location in the id's high word. */
    const locOf = (lo: number, hi: number) => (hi === 0 ? (setup.population.loc[lo] as number) : (hi >>> 16) - 1);

    const run = (mix: PolicyMix) => {
      const draws = new Map<string, string>();
      const perLocYear = new Float64Array((Y + 1) * setup.nLoc);
      setDrawTap((c0, c1, c2, c3, w) => {
        const proc = c3 >>> 16;
        if (!FIRM_PROCESSES.has(proc)) return;
        const l = locOf(c0, c1);
        if (proc === PROCESS.firm) perLocYear[c2 * setup.nLoc + l]! += 1;
        if (l !== t) draws.set(`${c0}/${c1}/${c2}/${c3}`, Array.from(w).join(","));
      });
      try {
        const { cube } = runReplicate(setup, mix, { years: Y, seed: "crn-cluster", replicate: 0 });
        return { draws, perLocYear, cube };
      } finally {
        setDrawTap(null);
      }
    };
    const a = run(base);
    const b = run(variant);

    // The draws' counters name real firms: in every year and location, the firm-pass blocks decoded to that
    // location number exactly the firms alive there at the start of the year (so ids, not slots, key the draws).
    for (const r of [a, b])
      for (let y = 1; y <= Y; y++)
        for (let l = 0; l < setup.nLoc; l++) expect(r.perLocYear[y * setup.nLoc + l], `year ${y}, location ${l}`).toBe(r.cube[((y - 1) * L + l) * M.nm + M.firms]);
    // The variant really differs in the targeted cluster.
    const grants = (c: Float64Array) => c[(3 * L + t) * M.nm + M.spend_first + 1];
    expect(grants(b.cube)).not.toBe(grants(a.cube));
    // Every (firm, year, process, block) of another cluster that both runs draw gets the same words …
    let shared = 0;
    for (const [k, w] of a.draws) {
      const v = b.draws.get(k);
      if (v === undefined) continue;
      shared++;
      if (v !== w) expect(v, k).toBe(w);
    }
    // … and nearly all of them are drawn in both runs (the rest: firms that exited or entered in one run only,
    // or awards that are certain in one run and uncertain in the other).
    expect(shared / a.draws.size).toBeGreaterThan(0.95);
  });
});
