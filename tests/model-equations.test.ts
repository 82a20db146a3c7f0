/**
 * The firm pass's three equations, term by term (issue 18: "a firm with known features gets exactly the probability
 * the coefficients imply"), on a hand-built state of 30 varied firms and hand-set coefficient tables that give ONE
 * feature (or one sector) a coefficient — so terms whose coefficient is zero in the shipped estimates are checked too.
 *
 * - innovation: a firm innovates exactly when u < logistic(b + β x_f), u the uniform of word 1 of its firm block
 *   (`PROCESS.firm`, documented in random/keyed.ts), x_f its feature as the year's panel row records it;
 * - patents: exactly the count the documented inversion gives for η = b + β x_f (+ β_PI × innovation);
 * - sales growth (σ = 0, no catch-up): g − γ x_f is the same for every seller.
 * The panel row's features are checked against the firm's state (logs of the counts, cluster, start-up, age …), so
 * a term cannot be right only because its feature is wrong in the same way. No simulation runs.
 */
import { describe, expect, test } from "vitest";
import { FEATURES, NF, NX, P_FEATURE, P_INTERACTION, P_INTERCEPT, P_SECTOR } from "../src/model/features";
import { DEFAULT_STRUCTURAL, type Structural } from "../src/model/params";
import { beginYear, PHASES, type PanelSink, type State } from "../src/model/engine";
import type { Coefs } from "../src/model/coefs";
import { block, PROCESS, u01 } from "../src/random/keyed";
import { negBinomialFromEta } from "../src/random/fast";
import { SECTORS, STARTUP_AGE } from "../src/data/constants";
import { firms, handCoefs, key, NLOC, OUT, policy, setup, type Firm } from "./model-hand-state";

type Term = [number, number, number];
const F = (f: (typeof FEATURES)[number]) => FEATURES.indexOf(f);
/** No exits, no entry, no support: the year only hires, updates ties and runs the equations. Sales s.d. 0, no catch-up. */
const P: Structural = { ...DEFAULT_STRUCTURAL, entryRate: 0, exitBase: 1e-12, exitCash: 0, exitYoung: 0, exitFalling: 0, exitInfra: 0, salesCatchUp: 0 };
const NEVER: Term[] = [[P_INTERCEPT, 0, -500]];
const NO_PATENTS: Term[] = [[P_INTERCEPT, 0, -50]];
const FLAT: Term[] = [[P_INTERCEPT, 0, 0]];

/** 30 firms that differ in every feature: location (clusters and outside), sector, age, size, researchers, R&D, sales, exporting, pre-revenue. */
const LIST: Firm[] = Array.from({ length: 30 }, (_, i) => ({
  loc: i % 4 === 3 ? OUT : i % 3,
  sector: i % SECTORS.length,
  age: 1 + ((i * 7) % 19),
  employees: 1 + ((i * 37) % 420),
  researchers: (i * 5) % 23,
  rnd: i % 5 === 0 ? 0 : 3 + ((i * 53) % 700),
  sales: i % 6 === 5 ? 0 : 50 + ((i * 211) % 9000),
  preRevenue: i % 6 === 5 ? 1 : 0,
}));

interface Row { i: number; x: Float64Array; innov: number; pats: number; g: number | null; sector: number }

/** The whole year with these coefficients, recording each firm's panel row. */
function year(c: Coefs, p: Structural = P, pol = policy({})): { s: State; rows: Row[] } {
  const s = firms(p, LIST);
  LIST.forEach((_, i) => {
    s.firm.exporter[i] = i % 2;
    s.firm.collaborating[i] = i % 3 === 0 ? 1 : 0;
  });
  const rows: Row[] = [];
  let next = 0;
  const panel: PanelSink = { push: (r) => rows.push({ i: next++, x: Float64Array.from(r.x), innov: r.product_innovation, pats: r.patent_apps, g: r.sales_growth, sector: r.sector }) };
  beginYear(s);
  for (const ph of PHASES) ph.run(s, setup, p, pol, c, key, panel);
  expect(rows.length).toBe(LIST.length);
  return { s, rows };
}

/** The firm's uniform for word w of its firm block this year (the documented draw). */
const uFirm = (s: State, i: number, w: number) => u01(block(key, s.firm.idLo[i] as number, s.firm.idHi[i] as number, s.year, PROCESS.firm, 0)[w] as number);
const logistic = (x: number) => 1 / (1 + Math.exp(-x));

/** The features the equations can use (product_innovation is an outcome: it enters patents and growth only). */
const INPUTS = FEATURES.filter((f) => f !== "product_innovation");
/** A coefficient of a size that moves the outcome for these firms (counts and ages are in the tens to hundreds). */
const beta = (f: string) => (f === "employees" || f === "researchers" || f === "age" ? 0.02 : 0.7);

describe("the panel row holds the firm's features", () => {
  test("logs of researchers, employees and R&D; cluster, start-up, exporter, pre-revenue and age from the state", () => {
    const { s, rows } = year(handCoefs(NEVER, NO_PATENTS, FLAT));
    for (const r of rows) {
      const f = LIST[r.i] as Firm;
      const x = r.x;
      expect(x[F("researchers")], `firm ${r.i}`).toBe(s.firm.researchers[r.i]);
      expect(x[F("log_researchers")] as number).toBeCloseTo(Math.log1p(x[F("researchers")] as number), 14);
      expect(x[F("log_employees")] as number).toBeCloseTo(Math.log(x[F("employees")] as number), 14);
      expect(x[F("employees")] as number).toBeGreaterThanOrEqual(1);
      expect(x[F("log_rnd")] as number).toBeCloseTo(Math.log1p(s.firm.rnd[r.i] as number), 14);
      expect(x[F("in_cluster")]).toBe(f.loc < NLOC - 1 ? 1 : 0);
      expect(x[F("startup")]).toBe((f.age as number) < STARTUP_AGE ? 1 : 0);
      expect(x[F("age")]).toBe(f.age);
      expect(x[F("exporter")]).toBe(r.i % 2);
      expect(x[F("pre_revenue")]).toBe(f.preRevenue);
      expect(x[F("collaborating")]).toBe(s.firm.collaborating[r.i]);
      expect([x[F("support_rnd_grant")], x[F("support_networking")], x[F("support_commercialisation")]]).toEqual([0, 0, 0]);
      expect(r.sector).toBe(f.sector);
    }
    // The list has both values of every dummy, and researchers from 0 up.
    for (const d of ["in_cluster", "startup", "exporter", "pre_revenue", "collaborating"] as const) expect(new Set(rows.map((r) => r.x[F(d)])).size, d).toBe(2);
  });
});

describe("innovation: the firm innovates exactly when u < logistic(b + β x_f)", () => {
  const check = (term: Term, value: (r: Row) => number) => {
    const b = -0.3;
    const { s, rows } = year(handCoefs([[P_INTERCEPT, 0, b], term], NO_PATENTS, FLAT));
    let flips = 0;
    for (const r of rows) {
      const want = uFirm(s, r.i, 1) < logistic(b + term[2] * value(r)) ? 1 : 0;
      expect(r.innov, `firm ${r.i}`).toBe(want);
      if (want !== (uFirm(s, r.i, 1) < logistic(b) ? 1 : 0)) flips++;
    }
    expect(flips, "the term decides some firm's outcome").toBeGreaterThan(0);
  };
  for (const f of INPUTS.filter((f) => !f.startsWith("support_"))) {
    test(`${f}`, () => check([P_FEATURE, F(f), f === "log_employees" || f === "log_researchers" || f === "log_rnd" ? 1.5 : 3 * beta(f)], (r) => r.x[F(f)] as number));
  }
  test("a sector's dummy", () => check([P_SECTOR, 2, 3], (r) => (r.sector === 2 ? 1 : 0)));
});

describe("patents: the count the inversion of word 2 gives for η = b + β x_f (+ β_PI × innovation)", () => {
  const check = (patents: Term[], value: (r: Row) => number, innovation: Term[] = NEVER) => {
    const { s, rows } = year(handCoefs(innovation, patents, FLAT));
    let moved = 0;
    for (const r of rows) {
      const eta = value(r);
      expect(r.pats, `firm ${r.i}`).toBe(negBinomialFromEta(uFirm(s, r.i, 2), eta, 0));
      if (r.pats !== negBinomialFromEta(uFirm(s, r.i, 2), (patents[0] as Term)[2], 0)) moved++;
    }
    expect(moved, "the term changes some firm's count").toBeGreaterThan(0);
  };
  for (const f of INPUTS.filter((f) => !f.startsWith("support_"))) {
    test(`${f}`, () => check([[P_INTERCEPT, 0, 0.2], [P_FEATURE, F(f), beta(f)]], (r) => 0.2 + beta(f) * (r.x[F(f)] as number)));
  }
  test("a sector's dummy", () => check([[P_INTERCEPT, 0, 0.2], [P_SECTOR, 3, 1.5]], (r) => 0.2 + (r.sector === 3 ? 1.5 : 0)));
  test("product innovation (this year's outcome) enters the count", () => {
    check([[P_INTERCEPT, 0, 0.2], [P_FEATURE, F("product_innovation"), 1.2]], (r) => 0.2 + 1.2 * r.innov, [[P_INTERCEPT, 0, 0]]);
  });
});

describe("sales growth (σ = 0): g − γ x_f is the same for every seller", () => {
  const check = (term: Term, value: (r: Row) => number, innovation: Term[] = NEVER) => {
    const { rows } = year(handCoefs(innovation, NO_PATENTS, [[P_INTERCEPT, 0, 0.01], term]));
    const sellers = rows.filter((r) => r.g !== null);
    expect(sellers.length).toBe(LIST.filter((f) => f.preRevenue === 0).length);
    const rest = sellers.map((r) => (r.g as number) - term[2] * value(r));
    for (const [k, v] of rest.entries()) expect(v, `seller ${sellers[k]!.i}`).toBeCloseTo(rest[0] as number, 10);
    const spread = Math.max(...sellers.map((r) => term[2] * value(r))) - Math.min(...sellers.map((r) => term[2] * value(r)));
    expect(spread, "the term differs between sellers").toBeGreaterThan(1e-3);
  };
  for (const f of INPUTS.filter((f) => !f.startsWith("support_") && f !== "pre_revenue")) {
    test(`${f}`, () => check([P_FEATURE, F(f), 0.01 * beta(f)], (r) => r.x[F(f)] as number));
  }
  test("a sector's dummy", () => check([P_SECTOR, 1, 0.05], (r) => (r.sector === 1 ? 1 : 0)));
  test("product innovation (this year's outcome)", () => check([P_FEATURE, F("product_innovation"), 0.04], (r) => r.innov, [[P_INTERCEPT, 0, 0]]));
});

describe("support features (this year's awards as doses, pro rata up to the typical award) and interaction terms", () => {
  // Every cluster firm gets each firm-level instrument with certainty and an equal share of its budget: half the
  // typical award of grants, 1.5 times that of networking and commercialisation support; outside firms get none.
  const CERTAIN: Structural = { ...P, grantNeedElasticity: 0, coverageElasticity: 0, grantCoverage: 1, networkCoverage: 1, commCoverage: 1 };
  const inCluster = LIST.filter((f) => f.loc !== OUT).length;
  const money = policy({ rnd_grants: (0.5 * CERTAIN.grantSize * inCluster) / 1000, networking: (1.5 * CERTAIN.networkSupportSize * inCluster) / 1000, commercialisation: (1.5 * CERTAIN.commSupportSize * inCluster) / 1000 });
  const SUPPORT = ["support_rnd_grant", "support_networking", "support_commercialisation"] as const;
  test("the panel row's support features: the dose of half a typical grant (below 1), 1 for more than a typical award, 0 outside clusters", () => {
    const { rows } = year(handCoefs(NEVER, NO_PATENTS, FLAT), CERTAIN, money);
    for (const r of rows) {
      const got = SUPPORT.map((f) => r.x[F(f)] as number);
      if (LIST[r.i]!.loc === OUT) expect(got, `firm ${r.i}`).toEqual([0, 0, 0]);
      else {
        expect(got[0] as number).toBeCloseTo((0.5 * (2 * CERTAIN.grantDosePeak - 0.5)) / (2 * CERTAIN.grantDosePeak - 1), 12);
        expect(got.slice(1)).toEqual([1, 1]);
      }
    }
  });
  for (const f of SUPPORT) {
    test(`${f}: innovation, patents and growth`, () => {
      const b = -0.3;
      const r1 = year(handCoefs([[P_INTERCEPT, 0, b], [P_FEATURE, F(f), 2]], NO_PATENTS, FLAT), CERTAIN, money);
      for (const r of r1.rows) expect(r.innov, `firm ${r.i}`).toBe(uFirm(r1.s, r.i, 1) < logistic(b + 2 * (r.x[F(f)] as number)) ? 1 : 0);
      const r2 = year(handCoefs(NEVER, [[P_INTERCEPT, 0, 0.2], [P_FEATURE, F(f), 1.3]], FLAT), CERTAIN, money);
      for (const r of r2.rows) expect(r.pats, `firm ${r.i}`).toBe(negBinomialFromEta(uFirm(r2.s, r.i, 2), 0.2 + 1.3 * (r.x[F(f)] as number), 0));
      expect(r2.rows.some((r) => r.pats !== negBinomialFromEta(uFirm(r2.s, r.i, 2), 0.2, 0))).toBe(true);
    });
  }
  test("an interaction term (exporter × in cluster) in each equation", () => {
    const ab = F("exporter") * NX + F("in_cluster");
    const v = (r: Row) => (r.x[F("exporter")] as number) * (r.x[F("in_cluster")] as number);
    expect(year(handCoefs(NEVER, NO_PATENTS, FLAT)).rows.some((r) => v(r) === 1)).toBe(true);
    const r1 = year(handCoefs([[P_INTERCEPT, 0, -0.3], [P_INTERACTION, ab, 2]], NO_PATENTS, FLAT));
    for (const r of r1.rows) expect(r.innov, `firm ${r.i}`).toBe(uFirm(r1.s, r.i, 1) < logistic(-0.3 + 2 * v(r)) ? 1 : 0);
    const r2 = year(handCoefs(NEVER, [[P_INTERCEPT, 0, 0.2], [P_INTERACTION, ab, 1.3]], FLAT));
    for (const r of r2.rows) expect(r.pats, `firm ${r.i}`).toBe(negBinomialFromEta(uFirm(r2.s, r.i, 2), 0.2 + 1.3 * v(r), 0));
    const r3 = year(handCoefs(NEVER, NO_PATENTS, [[P_INTERCEPT, 0, 0.01], [P_INTERACTION, ab, 0.05]]));
    const sellers = r3.rows.filter((r) => r.g !== null);
    for (const r of sellers) expect((r.g as number) - 0.05 * v(r)).toBeCloseTo((sellers[0]!.g as number) - 0.05 * v(sellers[0]!), 10);
  });
});

describe("exit: a firm exits exactly when u < logistic(logit(exitBase) + its case's log-odds), u word 3 of its firm block", () => {
  test("each firm's case (cash below 0, young, falling sales, in-house researchers) sets its probability", () => {
    const q: Structural = { ...P, exitBase: 0.3, exitCash: 1.5, exitYoung: 1.0, exitFalling: 0.8, exitInfra: 1.0, exitYoungAge: 6, infraNoResearchShare: 0.25 };
    const s = firms(q, LIST.map((f, i) => ({ ...f, cash: i % 4 < 2 ? 1 : 1e6 })));
    LIST.forEach((_, i) => (s.firm.exporter[i] = i % 2));
    const age0 = Float64Array.from(LIST, (f) => f.age as number);
    // Sales growth 0.4 higher for exporters than for others: some sellers grow, some fall.
    const c = handCoefs(NEVER, NO_PATENTS, [[P_INTERCEPT, 0, -0.2], [P_FEATURE, F("exporter"), 0.4]]);
    beginYear(s);
    for (const ph of PHASES) ph.run(s, setup, q, policy({}), c, key, null);
    const cases = new Set<number>();
    let exits = 0;
    LIST.forEach((f, i) => {
      const dead = s.firm.alive[i] === 0;
      // Survivors have aged a year; the exit test used the age before.
      expect(s.firm.age[i], `firm ${i}`).toBe(dead ? age0[i] : (age0[i] as number) + 1);
      const cash = s.firm.cash[i] as number, g = s.firm.growth[i] as number, res = s.firm.researchers[i] as number;
      const k = (cash < 0 ? 1 : 0) + ((age0[i] as number) < 6 ? 2 : 0) + (g < 0 ? 4 : 0) + (res >= 1 ? 8 : 0);
      cases.add(k);
      const logOdds = Math.log(0.3 / 0.7) + (cash < 0 ? 1.5 : 0) + ((age0[i] as number) < 6 ? 1.0 : 0) + (g < 0 ? 0.8 : 0) - (res >= 1 ? 1 : 0.25) * 1.0 * (s.infraScore[f.loc] as number);
      expect(dead, `firm ${i} (case ${k})`).toBe(uFirm(s, i, 3) < logistic(logOdds));
      if (dead) exits++;
    });
    // Every trait takes both values, and both outcomes occur.
    for (const bit of [1, 2, 4, 8]) expect([...cases].some((k) => k & bit) && [...cases].some((k) => !(k & bit)), `case bit ${bit}`).toBe(true);
    expect(exits).toBeGreaterThan(0);
    expect(exits).toBeLessThan(LIST.length);
    expect(s.flows.exits.reduce((a, b) => a + b, 0)).toBe(exits);
  });
});

describe("exit cases at their boundaries (certain: a base of 10⁻¹², the case's log-odds +60)", () => {
  const Q: Structural = { ...P, exitBase: 1e-12, exitCash: 0, exitYoung: 0, exitFalling: 0, exitInfra: 0, salesDrift: 0 };
  const alive = (q: Structural, list: Firm[], growth: Term[] = FLAT) => {
    const s = firms(q, list);
    beginYear(s);
    for (const ph of PHASES) ph.run(s, setup, q, policy({}), handCoefs(NEVER, NO_PATENTS, growth), key, null);
    return list.map((_, i) => s.firm.alive[i]);
  };
  test("young means younger than exitYoungAge: ages 5 exits, 6 and 7 stay (exitYoungAge 6)", () => {
    expect(alive({ ...Q, exitYoung: 60, exitYoungAge: 6 }, [{ loc: 0, age: 5 }, { loc: 0, age: 6 }, { loc: 0, age: 7 }])).toEqual([0, 1, 1]);
  });
  test("falling sales means growth below 0: sellers at exactly 0 and pre-revenue firms (growth recorded as 0) stay", () => {
    const list: Firm[] = [{ loc: 0, sales: 1000 }, { loc: 1, sales: 50 }, { loc: 0, sales: 0, preRevenue: 1 }];
    const q: Structural = { ...Q, exitFalling: 60, revenueBase: -500, revenueInfra: 0, revenueInnovation: 0 };
    // σ 0, no coefficients, salesDrift 0: every seller's growth is exactly 0.
    expect(alive(q, list)).toEqual([1, 1, 1]);
    // salesDrift −0.1: the sellers fall and exit; the pre-revenue firm stays.
    expect(alive({ ...q, salesDrift: -0.1 }, list)).toEqual([0, 0, 1]);
  });
  test("cash below 0, not at 0: a firm that ends the year with exactly 0 stays, one with −1 exits", () => {
    // Pre-revenue, no R&D, no overhead, no funding, no first revenue: the year's cash flow is exactly 0.
    const q: Structural = { ...Q, exitCash: 60, overheadPerEmployee: 0, rndFloor: 0, fundAttractBase: 0, fundAttractInnovator: 0, fundAttractMature: 0, fundAttractLarge: 0, revenueBase: -500, revenueInfra: 0, revenueInnovation: 0 };
    const f: Firm = { loc: 0, sales: 0, preRevenue: 1, rnd: 0, researchers: 0 };
    expect(alive(q, [{ ...f, cash: 0 }, { ...f, cash: -1 }])).toEqual([1, 0]);
  });
  test("in-house research means at least one researcher: exactly 1 counts, 0 does not (infrastructure's effect needs it)", () => {
    // Exit is certain (base 1 − 10⁻¹²) unless infrastructure's −1,000 × score applies. No turnover and no R&D last
    // year: the target stays at the researchers the firm has, so it hires nobody and keeps exactly 1 (or 0).
    const q: Structural = { ...Q, exitBase: 1 - 1e-12, exitInfra: 1000, infraNoResearchShare: 0, researcherTurnover: 0 };
    const s = firms(q, [{ loc: 0, rnd: 0, researchers: 1 }, { loc: 0, rnd: 0, researchers: 0 }]);
    expect(s.infraScore[0] as number).toBeGreaterThan(0.1);
    beginYear(s);
    for (const ph of PHASES) ph.run(s, setup, q, policy({}), handCoefs(NEVER, NO_PATENTS, FLAT), key, null);
    expect(s.firm.researchers[0]).toBe(1);
    expect([s.firm.alive[0], s.firm.alive[1]]).toEqual([1, 0]);
  });
});

test("NF features in each panel row", () => expect(NF).toBe(FEATURES.length));
