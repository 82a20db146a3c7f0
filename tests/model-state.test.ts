/**
 * The state module's formulas, each recomputed here from its documented form (issue 18): the sales process's size
 * scale (the Gibrat threshold by linear interpolation, the s.d. normaliser), starting cash, the growth equation at its
 * sample means, the cluster index (min-max 0–100 per indicator, averaged within and across the five pillars), the
 * base-year state (capacity, ids, cash from the documented draw, entrants' sector shares, the tie base that makes the
 * base density a steady state, the infrastructure score), the yearly aggregates and the arrays' growth.
 */
import { describe, expect, test } from "vitest";
import { DEFAULT_STRUCTURAL, type Structural } from "../src/model/params";
import { aggregate, grow, initState, updateIndex, type State } from "../src/model/engine";
import { INDEX_MIDPOINT, growthAtMeans, salesScale, startingCash } from "../src/model/state";
import { FEATURES, NF, NX, P_FEATURE, P_INTERACTION, P_INTERCEPT, P_SECTOR } from "../src/model/features";
import { block, PROCESS, u01 } from "../src/random/keyed";
import { SECTORS, STARTUP_AGE } from "../src/data/constants";
import { firms, handCoefs, key, NLOC, OUT, setup } from "./model-hand-state";

const P = DEFAULT_STRUCTURAL;

describe("salesScale: the base-year sellers' log sales", () => {
  // Sellers with positive sales only: the pre-revenue firm (50) and the seller without sales are left out.
  const pre = [0, 0, 1, 0, 0, 0], sales = [100, 0, 50, 5000, 10, 7];
  const L = [Math.log(10), Math.log(100), Math.log(5000)]; // not symmetric about their mean
  test("threshold at the percentile, interpolated between order statistics; mean, least, largest; the normaliser", () => {
    const p: Structural = { ...P, gibratPercentile: 0.6, salesSdSize: 0.3 };
    const sc = salesScale(pre, sales, 5, p); // the sixth firm is beyond n
    const [a, b, c] = L as [number, number, number];
    expect(sc.threshold).toBeCloseTo(b + 0.2 * (c - b), 12);
    expect(sc.mean).toBeCloseTo((a + b + c) / 3, 12);
    expect([sc.lo, sc.hi]).toEqual([a, c]);
    const ms = L.reduce((s, x) => s + Math.exp(-2 * 0.3 * (x - sc.mean)), 0) / 3;
    expect(sc.norm).toBeCloseTo(Math.sqrt(ms), 12);
    // The normaliser makes the s.d. factor's mean square 1 over the sellers.
    expect(L.reduce((s, x) => s + (Math.exp(-0.3 * (x - sc.mean)) / sc.norm) ** 2, 0) / 3).toBeCloseTo(1, 12);
  });
  test("percentiles 0 and 1 are the least and the largest; a single seller is every statistic", () => {
    expect(salesScale(pre, sales, 5, { ...P, gibratPercentile: 0 }).threshold).toBeCloseTo(L[0] as number, 12);
    expect(salesScale(pre, sales, 5, { ...P, gibratPercentile: 1 }).threshold).toBeCloseTo(L[2] as number, 12);
    const one = salesScale([0], [400], 1, { ...P, gibratPercentile: 0.4 });
    expect([one.threshold, one.mean, one.lo, one.hi, one.norm]).toEqual([Math.log(400), Math.log(400), Math.log(400), Math.log(400), 1]);
  });
  test("no seller: every size is at the threshold 0, the normaliser 1", () => {
    expect(salesScale([1, 0], [30, 0], 2, P)).toEqual({ threshold: 0, mean: 0, lo: 0, hi: 0, norm: 1 });
  });
});

test("startingCash: max(net burn, funding obtained, floor) × U(1 − spread, 1 + spread)", () => {
  const p: Structural = { ...P, overheadPerEmployee: 2, margin: 0.1, startingCashFloor: 10, startingCashSpread: 0.5 };
  const s = firms(p, [{ loc: 0, rnd: 100, employees: 20, sales: 300 }, { loc: 0, rnd: 0, employees: 1, sales: 1000 }]);
  // Net burn 100 + 40 − 30 = 110; the second firm earns more than it spends (burn −98): the floor or its funding.
  for (const u of [0, 0.25, 1]) {
    const m = 1 - 0.5 + 2 * 0.5 * u;
    expect(startingCash(p, s.firm, 0, 50, u)).toBeCloseTo(110 * m, 12);
    expect(startingCash(p, s.firm, 0, 400, u)).toBeCloseTo(400 * m, 12);
    expect(startingCash(p, s.firm, 1, 0, u)).toBeCloseTo(10 * m, 12);
    expect(startingCash(p, s.firm, 1, 25, u)).toBeCloseTo(25 * m, 12);
  }
});

test("growthAtMeans: intercept, features at their means, sectors at their shares, interactions at their products' means", () => {
  const gc = setup.growthCentre;
  const F = (f: (typeof FEATURES)[number]) => FEATURES.indexOf(f);
  const ab = F("exporter") * NX + F("log_employees");
  const c = handCoefs([[P_INTERCEPT, 0, 0]], [[P_INTERCEPT, 0, 0]], [[P_INTERCEPT, 0, 0.03], [P_FEATURE, F("log_employees"), 0.2], [P_FEATURE, F("age"), -0.01], [P_SECTOR, 2, 0.4], [P_SECTOR, 5, -0.3], [P_INTERACTION, ab, 0.7]]);
  const want = 0.03 + 0.2 * (gc.features[F("log_employees")] as number) - 0.01 * (gc.features[F("age")] as number) + 0.4 * (gc.sectors[2] as number) - 0.3 * (gc.sectors[5] as number) + 0.7 * (gc.products[ab] as number);
  expect(growthAtMeans(setup, c)).toBeCloseTo(want, 12);
  // Each term is non-zero at the means, so none can drop out unnoticed.
  for (const v of [gc.features[F("log_employees")], gc.features[F("age")], gc.sectors[2], gc.sectors[5], gc.products[ab]]) expect(v as number).toBeGreaterThan(0);
});

describe("updateIndex: min-max 0–100 per indicator, averaged within each pillar, then over the five pillars", () => {
  /** The documented index, computed here from the same stocks and flows. */
  function index(s: State): number[] {
    const C = s.nClusters, f = s.flows;
    const per = (a: Float64Array, b: Float64Array, c: number) => ((b[c] as number) > 0 ? (a[c] as number) / (b[c] as number) : 0);
    const pillars: Array<Array<(c: number) => number>> = [
      [(c) => s.infra[c] as number],
      [(c) => f.researchers[c] as number, (c) => s.talent[c] as number],
      [(c) => s.capital[c] as number],
      [(c) => per(f.collaborating, f.firms, c)],
      [(c) => f.firms[c] as number, (c) => f.employment[c] as number, (c) => f.sales[c] as number, (c) => per(f.patents, f.firms, c), (c) => per(f.innovators, f.firms, c), (c) => per(f.startups, f.firms, c)],
    ];
    const out = new Array<number>(C).fill(0);
    for (const inds of pillars) {
      let pillar = new Array<number>(C).fill(0);
      for (const ind of inds) {
        const v = Array.from({ length: C }, (_, c) => ind(c));
        const lo = Math.min(...v), hi = Math.max(...v);
        pillar = pillar.map((x, c) => x + (hi > lo ? (100 * ((v[c] as number) - lo)) / (hi - lo) : 50) / inds.length);
      }
      pillar.forEach((x, c) => (out[c] = (out[c] as number) + x / pillars.length));
    }
    return out;
  }
  const varied = (): State => {
    const s = initState(setup, P, key);
    const C = s.nClusters, f = s.flows;
    for (let c = 0; c <= C; c++) {
      s.infra[c] = 10 + ((c * 37) % 90);
      s.talent[c] = 5 + ((c * 11) % 40);
      s.capital[c] = (c * 53) % 70;
      f.firms[c] = c === 2 ? 0 : 3 + ((c * 7) % 30); // cluster 2 has no firm: its per-firm ratios are 0
      f.researchers[c] = (c * 13) % 25;
      f.employment[c] = 20 + ((c * 29) % 300);
      f.sales[c] = 100 + ((c * 71) % 900);
      f.collaborating[c] = Math.min(f.firms[c] as number, (c * 3) % 9);
      f.patents[c] = (c * 5) % 17;
      f.innovators[c] = Math.min(f.firms[c] as number, (c * 2) % 6);
      f.startups[c] = Math.min(f.firms[c] as number, c % 4);
    }
    return s;
  };
  test("varied clusters: every cluster's index as documented, outside clusters 50", () => {
    const s = varied();
    updateIndex(s);
    const want = index(s);
    for (let c = 0; c < s.nClusters; c++) expect(s.index[c] as number, `cluster ${c}`).toBeCloseTo(want[c] as number, 10);
    expect(s.index[s.nClusters]).toBe(INDEX_MIDPOINT);
    expect(Math.min(...want)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...want)).toBeLessThanOrEqual(100);
    expect(new Set(want.map((v) => v.toFixed(6))).size).toBe(s.nClusters);
  });
  test("an indicator equal in every cluster scores the midpoint 50 for all; the outside location's values count for nothing", () => {
    const s = varied();
    s.infra.fill(40);
    s.capital[OUT] = 1e9; // outside clusters: not part of the min-max
    s.flows.firms[OUT] = 1e9;
    updateIndex(s);
    const want = index(s);
    for (let c = 0; c < s.nClusters; c++) expect(s.index[c] as number, `cluster ${c}`).toBeCloseTo(want[c] as number, 10);
    const t = varied();
    t.infra.fill(40);
    updateIndex(t);
    expect(Array.from(s.index)).toEqual(Array.from(t.index));
  });
  test("every indicator equal in every cluster: 50 everywhere", () => {
    const s = initState(setup, P, key);
    for (const a of [s.infra, s.talent, s.capital, ...Object.values(s.flows)]) (a as Float64Array).fill(3);
    updateIndex(s);
    for (let l = 0; l < NLOC; l++) expect(s.index[l] as number, `location ${l}`).toBeCloseTo(50, 12);
  });
});

describe("initState: the base-year state", () => {
  // Density bounds between the bundled locations' base densities, so some are clamped at each bound.
  const dens = Array.from(setup.base.network).sort((a, b) => a - b);
  const dMin = ((dens[2] as number) + (dens[3] as number)) / 2, dMax = ((dens[dens.length - 3] as number) + (dens[dens.length - 4] as number)) / 2;
  const p: Structural = { ...P, tieDensityMin: dMin, tieDensityMax: dMax };
  const s = () => initState(setup, p, key);
  test("capacity: the population × 1.25 rounded up (entrants fill the rest); every base-year firm alive, with its row as id", () => {
    const st = s();
    const n = setup.population.size;
    expect(st.n).toBe(n);
    expect(st.cap).toBe(Math.ceil(n * 1.25));
    expect(initState(setup, p, key, 1).cap).toBe(n);
    for (let i = 0; i < st.cap; i++) {
      expect(st.firm.alive[i], `slot ${i}`).toBe(i < n ? 1 : 0);
      if (i < n) expect([st.firm.idLo[i], st.firm.idHi[i]]).toEqual([i, 0]);
    }
    expect(st.year).toBe(0);
    expect(Array.from(st.firm.employees.subarray(0, n))).toEqual(Array.from(setup.population.employees));
  });
  test("cash: each firm's startingCash with the uniform of its init block", () => {
    const st = s();
    const pop = setup.population;
    for (let i = 0; i < st.n; i++) {
      const u = u01(block(key, i, 0, 0, PROCESS.init, 0)[0] as number);
      const burn = (pop.rnd[i] as number) + p.overheadPerEmployee * (pop.employees[i] as number) - p.margin * (pop.sales[i] as number);
      const want = Math.max(burn, pop.fundingObtained[i] as number, p.startingCashFloor) * (1 - p.startingCashSpread + 2 * p.startingCashSpread * u);
      expect(st.firm.cash[i] as number, `firm ${i}`).toBeCloseTo(want, 9);
    }
  });
  test("entrants' sectors: the cumulative sector shares of each location's base-year firms (equal shares where there is none)", () => {
    const st = s();
    const NS = SECTORS.length;
    const counts = new Float64Array(NLOC * NS);
    for (let i = 0; i < st.n; i++) {
      const k = (st.firm.loc[i] as number) * NS + (st.firm.sector[i] as number);
      counts[k] = (counts[k] as number) + 1;
    }
    let empty = 0;
    for (let l = 0; l < NLOC; l++) {
      const row = Array.from(counts.subarray(l * NS, l * NS + NS));
      const tot = row.reduce((a, b) => a + b, 0);
      if (tot === 0) empty++;
      let acc = 0;
      for (let k = 0; k < NS; k++) {
        acc += tot > 0 ? (row[k] as number) / tot : 1 / NS;
        expect(st.sectorCum[l * NS + k] as number, `location ${l}, sector ${k}`).toBeCloseTo(acc, 12);
      }
      expect(st.sectorCum[l * NS + NS - 1] as number).toBeCloseTo(1, 12);
    }
    // The bundled base year has firms in every location, so the equal-shares branch is not reached from it.
    expect(empty).toBe(0);
  });
  test("entrants' sectors where the base year has no firm: equal shares", () => {
    // The bundled population with cluster 1's firms moved to cluster 0.
    const pop = { ...setup.population, loc: setup.population.loc.map((l) => (l === 1 ? 0 : l)) };
    const st = initState({ ...setup, population: pop }, p, key);
    const NS = SECTORS.length;
    for (let k = 0; k < NS; k++) expect(st.sectorCum[NS + k] as number, `sector ${k}`).toBeCloseTo((k + 1) / NS, 12);
    expect(st.sectorCum[0] as number).not.toBeCloseTo(1 / NS, 3);
  });
  test("tie base: the log-odds at which the base density (clamped to its bounds) is a steady state; the infrastructure score", () => {
    expect((p.tieDecay * dMax) / (1 - dMax), "the bounds chosen here keep formation below 1").toBeLessThan(1);
    const st = s();
    let low = 0, high = 0, inside = 0;
    for (let l = 0; l < NLOC; l++) {
      const raw = setup.base.network[l] as number;
      const d = Math.min(dMax, Math.max(dMin, raw));
      if (raw < dMin) low++;
      else if (raw > dMax) high++;
      else inside++;
      const form = (p.tieDecay * d) / (1 - d);
      expect(st.tieBase[l] as number, `location ${l}`).toBeCloseTo(Math.log(form / (1 - form)) - p.tieNetwork * d, 10);
      // Steady state: formation at the base log-odds plus the network term balances decay.
      const pf = 1 / (1 + Math.exp(-((st.tieBase[l] as number) + p.tieNetwork * d)));
      expect(pf * (1 - d)).toBeCloseTo(p.tieDecay * d, 12);
      expect(st.infraScore[l] as number).toBeCloseTo(1 - Math.exp(-(setup.base.infra[l] as number) / p.kappaInfra), 12);
    }
    expect([low, high, inside].every((k) => k > 0), `clamped below ${low}, above ${high}, inside ${inside}`).toBe(true);
  });
});

describe("aggregate and grow", () => {
  test("aggregate: per location sums over live firms only; start-ups are younger than STARTUP_AGE", () => {
    const st = firms(P, [
      { loc: 0, age: STARTUP_AGE - 1, employees: 10, researchers: 2, sales: 100, rnd: 5 },
      { loc: 0, age: STARTUP_AGE, employees: 30, researchers: 4, sales: 300, rnd: 7 },
      { loc: 1, age: 2, employees: 5, researchers: 1, sales: 0, rnd: 1 },
      { loc: 1, age: 20, employees: 1000, researchers: 100, sales: 1e5, rnd: 500 },
    ]);
    st.firm.collaborating.set([1, 0, 1, 1]);
    st.firm.alive[3] = 0; // exited: counts for nothing
    aggregate(st);
    const f = st.flows;
    expect([f.firms[0], f.employment[0], f.researchers[0], f.sales[0], f.rnd[0], f.collaborating[0], f.startups[0]]).toEqual([2, 40, 6, 400, 12, 1, 1]);
    expect([f.firms[1], f.employment[1], f.researchers[1], f.sales[1], f.rnd[1], f.collaborating[1], f.startups[1]]).toEqual([1, 5, 1, 0, 1, 1, 1]);
    for (let l = 2; l < NLOC; l++) expect(f.firms[l]).toBe(0);
  });
  test("grow doubles every firm array, keeping the values; the panel buffer only if it is in use", () => {
    const st = firms(P, [{ loc: 0, employees: 12 }, { loc: 1, employees: 34 }]);
    const cap = st.cap;
    st.free[0] = 1;
    st.carry[3] = 77;
    grow(st);
    expect(st.cap).toBe(2 * cap);
    expect(st.firm.employees.length).toBe(2 * cap);
    expect(st.firm.support.length).toBe(2 * cap * st.fx.nFirm);
    expect([st.firm.employees[0], st.firm.employees[1], st.firm.employees[cap]]).toEqual([12, 34, 0]);
    expect([st.free.length, st.free[0], st.carry.length, st.carry[3]]).toEqual([2 * cap, 1, 4 * cap, 77]);
    expect(st.x.length).toBe(0);
    expect(st.entrantPlan).toBe(null);
    st.x = new Float64Array(st.cap * NF).fill(2);
    grow(st);
    expect(st.x.length).toBe(4 * cap * NF);
    expect([st.x[0], st.x[2 * cap * NF - 1], st.x[2 * cap * NF]]).toEqual([2, 2, 0]);
  });
});
