/**
 * Support as amounts (issue 14): firm-level instruments pay amounts with diminishing returns and do not
 * saturate over 0.5–3× today's budget; the status quo is the 2018 policy, so year 1 continues 2018; national
 * instruments reach firms outside clusters with the mix's cluster share.
 */
import { describe, expect, test } from "vitest";
import * as fs from "node:fs";
import { loadInputs } from "../src/experiments/simulate";
import { runExperiment, cubeValue, type ExperimentResult } from "../src/experiments/runner";
import { readMix, validateMix, type PolicyMix } from "../src/model/policy";
import { dose } from "../src/model/instruments";
import { DEFAULT_STRUCTURAL, PARAMETERS } from "../src/model/params";
import { runReplicate } from "../src/model/run";
import { buildSetup } from "../src/model/setup";
import { FEATURES } from "../src/model/features";
import { dataFile } from "../src/paths";
import { userError } from "./helpers";
import tquantile from "@stdlib/stats-base-dists-t-quantile";

const inputs = loadInputs();
const ids = inputs.clusters.map((c) => c.id);
const statusQuo = readMix("status_quo", ids);
const sqShares = statusQuo.shares as Record<string, number>;
const sqTotal = statusQuo.budget.krwBn as number;

/** The status quo with instrument `k`'s budget multiplied by f, every other instrument's budget unchanged; all × `scale` for a scaled population. */
function scaled(k: string, f: number, scale = 1): PolicyMix {
  const budgets = Object.fromEntries(Object.entries(sqShares).map(([i, s]) => [i, scale * s * sqTotal * (i === k ? f : 1)]));
  const total = Object.values(budgets).reduce((a, b) => a + b, 0);
  return { ...statusQuo, name: `${k}_x${f}`, budget: { krwBn: total }, shares: Object.fromEntries(Object.entries(budgets).map(([i, b]) => [i, b / total])) };
}

/** Mean over replicates of a metric in year y at a location. */
function mean(res: ExperimentResult, m: number, y: number, loc: string, metric: string): number {
  const cubes = res.cubes[m] as Float64Array[];
  return cubes.reduce((a, c) => a + cubeValue(res, c, y, loc, metric), 0) / cubes.length;
}

/** The marginal effect per unit of today's budget on each step of `factors`: positive, lower at the end than at the start, and (stepwise) lower at every step. */
function expectFallingMarginal(y: readonly number[], factors: readonly number[], stepwise: boolean): void {
  const marginal = [1, 2, 3].map((i) => (y[i]! - y[i - 1]!) / (factors[i]! - factors[i - 1]!));
  for (const m of marginal) expect(m).toBeGreaterThan(0);
  expect(marginal[2]!).toBeLessThan(marginal[0]!);
  if (stepwise) {
    expect(marginal[1]!).toBeLessThan(marginal[0]!);
    expect(marginal[2]!).toBeLessThan(marginal[1]!);
  }
}

describe("the dose of an amount", () => {
  test("is 0 at 0, 1 at the typical award, concave, and rising up to the peak", () => {
    expect(dose(0, 230, 6)).toBe(0);
    expect(dose(230, 230, 6)).toBeCloseTo(1, 12);
    // r (2P − r) / (2P − 1) at r = 2, P = 6: 2 × 10 / 11.
    expect(dose(460, 230, 6)).toBeCloseTo(20 / 11, 12);
    const d = [0.5, 1, 2, 3].map((r) => dose(r * 100, 100, DEFAULT_STRUCTURAL.grantDosePeak));
    for (let i = 1; i < d.length; i++) expect(d[i]!).toBeGreaterThan(d[i - 1]!);
    // Diminishing returns: the second unit adds less than the first, the third less than the second.
    expect(d[2]! - d[1]!).toBeLessThan(d[1]! - 0);
    expect(d[3]! - d[2]!).toBeLessThan(d[2]! - d[1]!);
    // The peaks lie above the cap over their whole ranges, so no capped award is past the peak; past it the dose falls.
    expect(PARAMETERS.awardCap.range[1]).toBeLessThan(PARAMETERS.grantDosePeak.range[0]);
    expect(PARAMETERS.awardCap.range[1]).toBeLessThan(PARAMETERS.supportDosePeak.range[0]);
    expect(dose(6 * 100, 100, 6)).toBeGreaterThan(dose(7 * 100, 100, 6));
  });
});

describe("no firm-level instrument saturates from 0.5× to 3× today's budget", () => {
  // Target outcome of each instrument in year 1; paired runs (the same seed, so every firm keeps its draws).
  // Commercialisation's falls from step to step are small (measured 746, 736, 721 KRW bn of sales per today's
  // budget at 20×): within the run's noise, so only its fall over the whole range is asserted.
  const cases = [
    { k: "rnd_grants", metric: "rnd", loc: "all", stepwise: true },
    { k: "networking", metric: "collaborating_share", loc: "all", stepwise: true },
    { k: "commercialisation", metric: "sales", loc: "all", stepwise: false },
  ];
  // A population 20 times the base (every cluster's firm mix kept) and budgets 20 times today's, so that the
  // few firms whose tie or first revenue an extra budget step changes are counted in thousands, not tens.
  const SCALE = 20;
  for (const { k, metric, loc, stepwise } of cases) {
    test(`${k}: the marginal effect on ${metric} is positive and falling`, async () => {
      const factors = [0.5, 1, 2, 3];
      const res = await runExperiment({ ...inputs, scale: SCALE }, factors.map((f) => scaled(k, f, SCALE)), { years: 1, replicates: 20, seed: `saturation-${k}`, paramUncertainty: false });
      const y = factors.map((_, m) => mean(res, m, 1, loc, metric));
      const spend = factors.map((_, m) => mean(res, m, 1, "all", `spend_${k}`));
      // Spending follows the budget (no saturation of the money either): within 10 % of f × today's.
      factors.forEach((f, m) => expect(spend[m]! / (SCALE * f * sqShares[k]! * sqTotal)).toBeGreaterThan(0.9));
      factors.forEach((f, m) => expect(spend[m]! / (SCALE * f * sqShares[k]! * sqTotal)).toBeLessThan(1.1));
      expectFallingMarginal(y, factors, stepwise);
    }, 60_000);
  }
});

describe("no national cluster-level instrument saturates from 0.5× to 3× today's budget", () => {
  // Finance adds risk capital, which rations funding by capital ÷ demand: its target is the unfunded demand. Talent
  // adds to the local talent pools: its target is the unfilled vacancies. Both fall with the money (sign −1).
  // Finance is not concave step by step: within a location the funding probability is min(1, capital ÷ demand) ×
  // investors' attractiveness, linear in capital until capital covers demand and flat beyond, so its national
  // marginal effect stays about constant while few locations pass that kink and falls as more do (measured: 66.7,
  // 70.5, 34.4 KRW bn less unfunded demand per today's budget, 20× population) — only its fall over the whole range is
  // asserted. Talent's falls each step (measured on 10 replicates: 1,970, 1,854, 1,794 unfilled vacancies per today's budget).
  const SCALE = 20;
  for (const { k, metric, stepwise } of [{ k: "finance", metric: "unfunded_demand", stepwise: false }, { k: "talent", metric: "unfilled_vacancies", stepwise: true }]) {
    test(`${k}: the marginal effect on ${metric} is positive and falling (${metric} falls, by less each step)`, async () => {
      const factors = [0.5, 1, 2, 3];
      const res = await runExperiment({ ...inputs, scale: SCALE }, factors.map((f) => scaled(k, f, SCALE)), { years: 1, replicates: 20, seed: `saturation-${k}`, paramUncertainty: false });
      const y = factors.map((_, m) => -mean(res, m, 1, "all", metric));
      // Cluster-level money is spent in full, wherever the instrument has eligible firms.
      factors.forEach((f, m) => expect(mean(res, m, 1, "all", `spend_${k}`) / (SCALE * f * sqShares[k]! * sqTotal)).toBeCloseTo(1, 6));
      expectFallingMarginal(y, factors, stepwise);
    }, 60_000);
  }
});

describe("the status quo is the 2018 policy", () => {
  /**
   * Year 1 against 2017 → 2018 (the national series), as a predictive check: the observed change must lie inside
   * the 95 % prediction interval of one simulated year-1 change, mean ± t(0.975, R − 1) × s × √(1 + 1/R) over R
   * replicates (s their spread; agent randomness only, so the interval is the model's own narrowest). Employment, R&D,
   * national sales (production) and the number of firms (firms surveyed, the population the baseline is built
   * from) are checked this way; innovators and patents, which the series lacks, must stay within 8 % of the base
   * year (the survey, 2018). Returns the checks a mix fails, with its numbers.
   */
  const rows = fs.readFileSync(dataFile("national_bio_industry.csv"), "utf8").trim().split("\n").map((l) => l.split(","));
  const head = rows[0]!;
  const at = (year: string, col: string) => Number(rows.find((r) => r[0] === year)![head.indexOf(col)]);
  const R = 20;
  function yearOneFailures(res: ExperimentResult, m: number): string[] {
    const fails: string[] = [];
    const cubes = res.cubes[m] as Float64Array[];
    const growth = (metric: string) => cubes.map((c) => cubeValue(res, c, 1, "all", metric) / cubeValue(res, c, 0, "all", metric) - 1);
    for (const [metric, col] of [["employment", "employment"], ["rnd", "rnd_krw_tn"], ["sales", "production_krw_tn"], ["firms", "firms_surveyed"]] as const) {
      const observed = at("2018", col) / at("2017", col) - 1;
      const g = growth(metric);
      const mu = g.reduce((a, b) => a + b, 0) / g.length;
      const sd = Math.sqrt(g.reduce((a, b) => a + (b - mu) ** 2, 0) / (g.length - 1));
      const tol = tquantile(0.975, g.length - 1) * sd * Math.sqrt(1 + 1 / g.length);
      if (!(Math.abs(mu - observed) < tol)) fails.push(`${metric}: simulated ${(100 * mu).toFixed(2)} % ± ${(100 * tol).toFixed(2)}, observed ${(100 * observed).toFixed(2)} %`);
    }
    for (const metric of ["innovators", "patents"]) {
      const g = growth(metric);
      const mu = g.reduce((a, b) => a + b, 0) / g.length;
      if (!(Math.abs(mu) < 0.08)) fails.push(`${metric}: ${(100 * mu).toFixed(2)} % against the base year`);
    }
    return fails;
  }

  test("year 1 continues 2018: employment, R&D, sales and firms inside the prediction interval, innovation without a jump; a zero budget fails it, and falls behind paired", async () => {
    const zero: PolicyMix = { ...statusQuo, name: "zero", budget: { krwBn: 0 } };
    const res = await runExperiment(inputs, [statusQuo, zero], { years: 1, replicates: R, seed: "status-quo-year-1", paramUncertainty: false });
    expect(yearOneFailures(res, 0)).toEqual([]);
    // The check can tell the 2018 policy from no policy — but only through patents: the totals' prediction intervals
    // (± 3–7 points) are wider than the policy's year-1 effect on them (about 1 point of employment, 3 of R&D), so a zero
    // budget passes the four interval checks with some seeds (an independent review found 3 in 6) and fails on patents.
    const zeroFails = yearOneFailures(res, 1);
    expect(zeroFails.some((f) => f.startsWith("patents:")), zeroFails.join("; ")).toBe(true);
    // The policy's year-1 effect on the totals is measured instead by pairing each replicate with itself under a zero
    // budget (common random numbers): the status quo's growth is higher for employment, R&D and patents, each by a
    // one-sided paired t-test at 5 %.
    const growth = (m: number, metric: string) => (res.cubes[m] as Float64Array[]).map((c) => cubeValue(res, c, 1, "all", metric) / cubeValue(res, c, 0, "all", metric) - 1);
    for (const metric of ["employment", "rnd", "patents"]) {
      const a = growth(0, metric);
      const b = growth(1, metric);
      const d = a.map((x, r) => x - (b[r] as number));
      const mu = d.reduce((u, v) => u + v, 0) / R;
      const sd = Math.sqrt(d.reduce((u, v) => u + (v - mu) ** 2, 0) / (R - 1));
      expect(mu / (sd / Math.sqrt(R)), `${metric}: status quo minus zero budget, mean ${(100 * mu).toFixed(2)} points`).toBeGreaterThan(tquantile(0.95, R - 1));
    }
  }, 60_000);

  test("year 1's recipient shares are near the survey's, in and outside clusters", () => {
    const setup = buildSetup(inputs);
    const gi = FEATURES.indexOf("support_rnd_grant");
    const ni = FEATURES.indexOf("support_networking");
    const ci = FEATURES.indexOf("support_commercialisation");
    const ii = FEATURES.indexOf("in_cluster");
    const n = { in: 0, out: 0, grantIn: 0, grantOut: 0, netIn: 0, commIn: 0, netOut: 0 };
    const R = 4;
    for (let r = 0; r < R; r++) {
      runReplicate(setup, statusQuo, {
        years: 1, seed: "shares", replicate: r, paramUncertainty: false,
        panel: {
          push(row) {
            const inC = row.x[ii] === 1;
            if (inC) n.in++;
            else n.out++;
            if ((row.x[gi] as number) > 0) inC ? n.grantIn++ : n.grantOut++;
            if ((row.x[ni] as number) > 0) inC ? n.netIn++ : n.netOut++;
            if (inC && (row.x[ci] as number) > 0) n.commIn++;
          },
        },
      });
    }
    // The survey: R&D grants 41.7 % of cluster firms and 28.3 % outside; networking 10.9 % and commercialisation 11.3 % of cluster firms.
    expect(n.grantIn / n.in).toBeGreaterThan(0.417 - 0.04);
    expect(n.grantIn / n.in).toBeLessThan(0.417 + 0.04);
    expect(n.grantOut / n.out).toBeGreaterThan(0.283 - 0.04);
    expect(n.grantOut / n.out).toBeLessThan(0.283 + 0.04);
    expect(n.netIn / n.in).toBeGreaterThan(0.109 - 0.03);
    expect(n.netIn / n.in).toBeLessThan(0.109 + 0.03);
    expect(n.commIn / n.in).toBeGreaterThan(0.113 - 0.03);
    expect(n.commIn / n.in).toBeLessThan(0.113 + 0.03);
    // Networking is a cluster instrument: no firm outside clusters receives it.
    expect(n.netOut).toBe(0);
  }, 60_000);

  test("the national instruments' cluster share moves money between cluster firms and the rest", async () => {
    const inside = validateMix({ ...statusQuo, name: "inside", clusterShare: { rnd_grants: 1, talent: 1, finance: 1 } }, "inside.json", ids);
    const half = validateMix({ ...statusQuo, name: "half", clusterShare: { rnd_grants: 0.5, talent: 0.5, finance: 0.5 } }, "half.json", ids);
    const res = await runExperiment(inputs, [inside, half], { years: 1, replicates: 2, seed: "cluster-share", paramUncertainty: false });
    for (const k of ["rnd_grants", "talent", "finance"]) {
      expect(mean(res, 0, 1, "none", `spend_${k}`)).toBe(0);
      const out = mean(res, 1, 1, "none", `spend_${k}`);
      const all = mean(res, 1, 1, "all", `spend_${k}`);
      expect(out / all).toBeGreaterThan(0.45);
      expect(out / all).toBeLessThan(0.55);
    }
    // Cluster instruments never reach firms outside clusters.
    expect(mean(res, 1, 1, "none", "spend_networking")).toBe(0);
  }, 60_000);
});

describe("mix validation of the cluster share", () => {
  const base = { name: "m", budget: { krwBn: 10 }, shares: { rnd_grants: 1 } };
  test("a share outside 0–1, of a cluster instrument, or of an unknown instrument is refused with the field named", () => {
    expect(userError(() => validateMix({ ...base, clusterShare: { rnd_grants: 1.5 } }, "m.json", ids))).toMatch(/Policy mix field clusterShare\.rnd_grants: must be a number from 0 to 1/);
    expect(userError(() => validateMix({ ...base, clusterShare: { rnd_grants: "half" } }, "m.json", ids))).toMatch(/clusterShare\.rnd_grants: must be a number from 0 to 1/);
    expect(userError(() => validateMix({ ...base, clusterShare: { networking: 0.5 } }, "m.json", ids))).toMatch(/clusterShare\.networking: "networking" is a cluster instrument/);
    expect(userError(() => validateMix({ ...base, clusterShare: { grants: 0.5 } }, "m.json", ids))).toMatch(/Unknown instrument "grants" in clusterShare/);
    // Old names are accepted and rewritten.
    expect(validateMix({ ...base, clusterShare: { rndGrants: 0.4 } }, "m.json", ids).clusterShare).toEqual({ rnd_grants: 0.4 });
  });
});
