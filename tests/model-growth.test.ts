/**
 * Growth dynamics that stay on Earth: the sales process (size-dependent drift and noise around the estimated
 * covariates) and the R&D rule (intensity of sales for sellers, cash for pre-revenue firms), checked on the
 * bundled data (993 firms) against the national plausibility bounds of issue 14 and the firm-growth facts the
 * parameters cite (Yoon 2019: small firms grow faster, Gibrat above a size threshold; Bottazzi et al. 2001:
 * growth variance falls with size).
 */
import { describe, expect, test } from "vitest";
import { loadInputs, resolveMixes } from "../src/experiments/simulate";
import { runExperiment, cubeValue, type ExperimentResult } from "../src/experiments/runner";
import { buildSetup, FEATURES } from "../src/model/setup";
import { initState, step, type PanelSink } from "../src/model/engine";
import { replicateCoefs, replicateSeed, replicateStructural, resolvePolicy } from "../src/model/run";
import { replicateKey, firmId } from "../src/random/keyed";
import { growthAtMeans, salesScale } from "../src/model/state";
import { DEFAULT_STRUCTURAL } from "../src/model/params";
import type { PolicyMix } from "../src/model/policy";
import type { Structural } from "../src/model/params";
import { STARTUP_AGE } from "../src/data/constants";
import { estimate } from "../src/estimation";
import { laplaceFromU } from "../src/random/fast";

const inputs = loadInputs();
const ids = inputs.clusters.map((c) => c.id);
const ZERO: PolicyMix = { name: "zero_policy", budget: { krwBn: 0 }, shares: { infrastructure: 1 } };
const [STATUS_QUO] = resolveMixes(["status_quo"], ids) as [PolicyMix];
const YEARS = 30;
const REPLICATES = 20;

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

describe("30-year plausibility, national, median of 20 replicates (issue 14's bounds)", async () => {
  const res = await runExperiment(inputs, [ZERO, STATUS_QUO], { years: YEARS, replicates: REPLICATES, seed: "growth-bounds" });
  const at = (k: number, r: number, y: number, m: string) => cubeValue(res, res.cubes[k]![r]!, y, "all", m);
  const cagr = (k: number, m: string) => median(Array.from({ length: REPLICATES }, (_, r) => Math.pow(at(k, r, YEARS, m) / at(k, r, 0, m), 1 / YEARS) - 1));
  const ratio = (k: number, y: number, f: (r: number) => number) => median(Array.from({ length: REPLICATES }, (_, r) => f(r)));

  for (const [k, name] of [[0, "zero policy"], [1, "status quo"]] as const) {
    test(`${name}: sales grow 0–12 % a year, employment −2–8 %, firms 0.5–3× the base year, R&D 5–30 % of sales`, () => {
      const sales = cagr(k, "sales");
      const emp = cagr(k, "employment");
      const firms = ratio(k, YEARS, (r) => at(k, r, YEARS, "firms") / at(k, r, 0, "firms"));
      const rnd = ratio(k, YEARS, (r) => at(k, r, YEARS, "rnd") / at(k, r, YEARS, "sales"));
      const got = { sales, emp, firms, rnd };
      expect(sales, JSON.stringify(got)).toBeGreaterThan(0);
      expect(sales, JSON.stringify(got)).toBeLessThan(0.12);
      expect(emp, JSON.stringify(got)).toBeGreaterThan(-0.02);
      expect(emp, JSON.stringify(got)).toBeLessThan(0.08);
      expect(firms, JSON.stringify(got)).toBeGreaterThan(0.5);
      expect(firms, JSON.stringify(got)).toBeLessThan(3);
      expect(rnd, JSON.stringify(got)).toBeGreaterThan(0.05);
      expect(rnd, JSON.stringify(got)).toBeLessThan(0.3);
    });
  }

  test("zero policy, year 1: national sales grow between 0 and 12 % (the estimated intercept's 14 % log growth for every firm no longer sets the level)", () => {
    const y1 = ratio(0, 1, (r) => at(0, r, 1, "sales") / at(0, r, 0, "sales") - 1);
    expect(y1).toBeGreaterThan(0);
    expect(y1).toBeLessThan(0.12);
  });

  test("the status quo grows sales faster than no policy (the support terms of the estimated equation still act)", () => {
    expect(cagr(1, "sales")).toBeGreaterThan(cagr(0, "sales"));
  });
}, 120_000);

/** One growth observation: a seller's log sales before the year, its log growth and its covariates. */
interface Obs {
  ls: number;
  g: number;
  x: Float64Array;
  sector: number;
}

/** Runs the engine on the bundled data with no policy and the point estimates, collecting every seller-year. */
function simulatedPanel(structural: Partial<Structural>, years: number, replicates: number, seed: string) {
  const setup = buildSetup({ ...inputs, seed: "growth-panel" });
  const obs: Obs[] = [];
  let scale = null as ReturnType<typeof initState>["salesScale"] | null;
  for (let r = 0; r < replicates; r++) {
    const p = { ...replicateStructural(seed, r, false, ZERO), ...structural };
    const c = replicateCoefs(setup, seed, r, false);
    const pol = resolvePolicy(ZERO, setup, p);
    pol.budget.fill(0);
    const key = replicateKey(replicateSeed(seed, r));
    const s = initState(setup, p, key);
    scale = s.salesScale;
    const before = new Map<number, number>();
    const sink: PanelSink = {
      push(row) {
        const ls = before.get(row.firm);
        if (row.sales_growth !== null && ls !== undefined) obs.push({ ls, g: row.sales_growth, x: Float64Array.from(row.x), sector: row.sector });
      },
    };
    for (let t = 1; t <= years; t++) {
      before.clear();
      const f = s.firm;
      for (let i = 0; i < s.n; i++) if (f.alive[i] === 1 && f.preRevenue[i] === 0) before.set(firmId(f.idLo[i] as number, f.idHi[i] as number), Math.log(f.sales[i] as number));
      step(s, setup, p, pol, c, key, sink);
    }
  }
  return { obs, scale: scale!, setup };
}

/** OLS of growth on the catch-up regressor, the estimated equation's covariates and sector dummies (HC1). */
function fitCatchUp(panel: ReturnType<typeof simulatedPanel>) {
  const { obs, scale, setup } = panel;
  const eq = setup.equations.salesGrowth;
  const covariates = eq.names.filter((n) => (FEATURES as readonly string[]).includes(n));
  // Covariates constant in this panel (support flags under no policy) are left out.
  const used = covariates.filter((n) => {
    const j = FEATURES.indexOf(n as (typeof FEATURES)[number]);
    return new Set(obs.map((o) => o.x[j])).size > 1;
  });
  const rows = obs.map((o) => {
    const lc = Math.min(scale.hi, Math.max(scale.lo, o.ls));
    const row: Record<string, unknown> = { g: o.g, below: Math.max(0, scale.threshold - lc), sector: `s${o.sector}` };
    for (const n of used) row[n] = o.x[FEATURES.indexOf(n as (typeof FEATURES)[number])];
    return row;
  });
  const fit = estimate(rows, { model: "ols", y: "g", x: ["below", ...used, "sector"], categorical: { sector: "s0" }, cov: "HC1" });
  const j = fit.names.indexOf("below");
  return { value: fit.params[j] as number, se: Math.sqrt(fit.cov[j]![j] as number), n: fit.nobs };
}

describe("the sales process's anchors", () => {
  test("the growth shock is standard Laplace: the inverse CDF at every uniform, unit variance, excess kurtosis 3", () => {
    const cdf = (x: number) => (x < 0 ? 0.5 * Math.exp(Math.SQRT2 * x) : 1 - 0.5 * Math.exp(-Math.SQRT2 * x));
    let m2 = 0, m4 = 0, worst = 0;
    const N = 200_000;
    for (let k = 0; k < N; k++) {
      const u = (k + 0.5) / N; // a stratified uniform: moments by the midpoint rule
      const x = laplaceFromU(u);
      worst = Math.max(worst, Math.abs(cdf(x) - u));
      m2 += (x * x) / N;
      m4 += (x ** 4) / N;
    }
    expect(worst).toBeLessThan(1e-12);
    expect(m2).toBeCloseTo(1, 3);
    expect(m4 / (m2 * m2) - 3).toBeGreaterThan(2.9);
    expect(m4 / (m2 * m2) - 3).toBeLessThan(3.1);
  });

  test("the estimated equation at the sample means equals the survey sellers' mean growth (OLS with an intercept), so salesDrift replaces exactly that level", () => {
    const setup = buildSetup(inputs);
    const c = replicateCoefs(setup, "centre", 0, false);
    const sellers = inputs.survey.filter((f) => f.sales_growth !== null);
    const mean = sellers.reduce((a, f) => a + (f.sales_growth as number), 0) / sellers.length;
    expect(sellers.length).toBe(inputs.estimates.salesGrowth.nobs); // the estimation sample is the sellers
    expect(growthAtMeans(setup, c)).toBeCloseTo(mean, 10);
  });

  test("the Gibrat threshold is the gibratPercentile of sellers' log sales, pre-revenue firms and zero sales left out", () => {
    const sales = [Math.E, 0, Math.exp(2), Math.exp(3), 99, Math.exp(4), Math.exp(5)];
    const pre = [0, 0, 0, 0, 1, 0, 0];
    const sc = salesScale(pre, sales, sales.length, { ...DEFAULT_STRUCTURAL, gibratPercentile: 0.4, salesSdSize: 0.2 });
    expect(sc.threshold).toBeCloseTo(1 + 0.4 * 4, 12);
    expect(sc.mean).toBeCloseTo(3, 12);
    expect([sc.lo, sc.hi]).toEqual([1, 5]);
    // Normalised: the mean square of exp(−0.2 (s − 3)) / norm over the sellers is 1.
    const ms = [1, 2, 3, 4, 5].reduce((a, x) => a + Math.exp(-0.4 * (x - 3)), 0) / 5;
    expect(sc.norm).toBeCloseTo(Math.sqrt(ms), 12);
  });
});

describe("the sales process in a simulated panel (no policy, point estimates)", () => {
  test("small sellers grow faster than large ones, and growth varies less among large ones", () => {
    const { obs, scale } = simulatedPanel({}, 10, 3, "growth-facts");
    const small = obs.filter((o) => o.ls < scale.threshold);
    const large = obs.filter((o) => o.ls >= scale.threshold);
    expect(small.length).toBeGreaterThan(1000);
    expect(large.length).toBeGreaterThan(1000);
    const mean = (xs: Obs[]) => xs.reduce((a, o) => a + o.g, 0) / xs.length;
    const sd = (xs: Obs[]) => {
      const m = mean(xs);
      return Math.sqrt(xs.reduce((a, o) => a + (o.g - m) ** 2, 0) / (xs.length - 1));
    };
    expect(mean(small)).toBeGreaterThan(mean(large) + 0.02);
    // The s.d. by size tercile falls.
    const sorted = [...obs].sort((a, b) => a.ls - b.ls);
    const third = Math.floor(sorted.length / 3);
    const terciles = [sorted.slice(0, third), sorted.slice(third, 2 * third), sorted.slice(2 * third)];
    const sds = terciles.map(sd);
    expect(sds[0]).toBeGreaterThan(sds[1]!);
    expect(sds[1]).toBeGreaterThan(sds[2]!);
    // Fat tails within a size tercile (where the s.d. varies little): excess kurtosis well above a normal's 0.
    const mid = terciles[1]!;
    const m = mean(mid);
    const v = mid.reduce((a, o) => a + (o.g - m) ** 2, 0) / mid.length;
    const k4 = mid.reduce((a, o) => a + (o.g - m) ** 4, 0) / mid.length;
    expect(k4 / (v * v) - 3).toBeGreaterThan(1);
  }, 60_000);

  test("regressing growth on the log distance below the Gibrat threshold recovers salesCatchUp (0.03 and 0.06)", () => {
    const a = fitCatchUp(simulatedPanel({ salesCatchUp: 0.03 }, 8, 3, "growth-recovery"));
    const b = fitCatchUp(simulatedPanel({ salesCatchUp: 0.06 }, 8, 3, "growth-recovery"));
    for (const [fit, truth] of [[a, 0.03], [b, 0.06]] as const) {
      expect(fit.n).toBeGreaterThan(8000);
      expect(Math.abs(fit.value - truth), `estimate ${fit.value} ± ${fit.se}, truth ${truth}`).toBeLessThan(3 * fit.se);
    }
    // Precise enough to tell the two apart, and the default from no catch-up at all.
    expect(b.value - a.value).toBeGreaterThan(3 * Math.hypot(a.se, b.se));
    expect(a.value).toBeGreaterThan(3 * a.se);
  }, 60_000);
});

describe("the R&D rule", () => {
  test("after 30 years sellers' R&D intensity stays within 5–30 % of sales, start-ups and established firms alike; pre-revenue firms keep doing R&D", () => {
    const setup = buildSetup({ ...inputs, seed: "growth-rnd" });
    for (const [mix, r] of [[ZERO, 0], [STATUS_QUO, 1]] as const) {
      const p = replicateStructural("growth-rnd", r, false, mix);
      const c = replicateCoefs(setup, "growth-rnd", r, true);
      const pol = resolvePolicy(mix, setup, p);
      const shares = Float64Array.from(pol.budget);
      const key = replicateKey(replicateSeed("growth-rnd", r));
      const s = initState(setup, p, key);
      for (let t = 1; t <= YEARS; t++) {
        for (let k = 0; k < shares.length; k++) pol.budget[k] = mix.budget.krwBn as number * (shares[k] as number);
        step(s, setup, p, pol, c, key);
      }
      const f = s.firm;
      const agg = { startup: [0, 0], established: [0, 0], pre: [0, 0] };
      for (let i = 0; i < s.n; i++) {
        if (f.alive[i] === 0) continue;
        const cell = f.preRevenue[i] === 1 ? agg.pre : (f.age[i] as number) < STARTUP_AGE ? agg.startup : agg.established;
        cell[0] = cell[0]! + (f.rnd[i] as number);
        cell[1] = cell[1]! + (f.preRevenue[i] === 1 ? 1 : (f.sales[i] as number));
      }
      for (const k of ["startup", "established"] as const) {
        const intensity = agg[k][0]! / agg[k][1]!;
        expect(intensity, `${mix.name} ${k}`).toBeGreaterThan(0.05);
        expect(intensity, `${mix.name} ${k}`).toBeLessThan(0.3);
      }
      // Pre-revenue firms still do R&D above the floor on average (KRW m per firm).
      expect(agg.pre[0]! / agg.pre[1]!).toBeGreaterThan(p.rndFloor);
    }
  }, 60_000);
});
