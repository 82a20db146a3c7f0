/**
 * What the firm pass records after the equations (issue 18: analytic checks on hand-built states): the per-type
 * tallies the outputs' firm-type columns come from, the cumulative patent stock, the panel row's innovation, a first
 * revenue that needs in-house research (exactly one researcher counts), and support's effect on sales growth as a
 * deviation that decays (this year's effect added, 1 − ρ of last year's undone). No simulation runs: one or two
 * years of 30 (or a few) firms set by hand, with hand-set coefficient tables.
 */
import { describe, expect, test } from "vitest";
import { FEATURES, NF, P_FEATURE, P_INTERCEPT } from "../src/model/features";
import { DEFAULT_STRUCTURAL, type Structural } from "../src/model/params";
import { beginYear, initState, PHASES, type PanelSink, type State, type YearPolicy } from "../src/model/engine";
import type { Coefs } from "../src/model/coefs";
import { SECTORS, STARTUP_AGE, sizeClassIndex } from "../src/data/constants";
import { firms, handCoefs, key, NLOC, OUT, policy, setup, type Firm } from "./model-hand-state";

type Term = [number, number, number];
const F = (f: (typeof FEATURES)[number]) => FEATURES.indexOf(f);
/** No exits, no entry, no catch-up; sales s.d. 0 (the hand growth equation's σ). */
const P: Structural = { ...DEFAULT_STRUCTURAL, entryRate: 0, exitBase: 1e-12, exitCash: 0, exitYoung: 0, exitFalling: 0, exitInfra: 0, salesCatchUp: 0 };
const NEVER: Term[] = [[P_INTERCEPT, 0, -500]];
const NO_PATENTS: Term[] = [[P_INTERCEPT, 0, -50]];
const FLAT: Term[] = [[P_INTERCEPT, 0, 0]];

/** 30 firms in every location, of every age and size class, sellers and pre-revenue. */
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

/** A panel row; `i` is the firm's id, which for a base-year firm is its slot. */
interface Row { i: number; x: Float64Array; innov: number; pats: number; g: number | null; loc: number }

/** Runs one year on s with these coefficients, recording each firm's panel row (a copy of its features). */
function year(s: State, p: Structural, pol: YearPolicy, c: Coefs): Row[] {
  const rows: Row[] = [];
  const panel: PanelSink = { push: (r) => rows.push({ i: r.firm, x: Float64Array.from(r.x), innov: r.product_innovation, pats: r.patent_apps, g: r.sales_growth, loc: r.loc }) };
  beginYear(s);
  for (const ph of PHASES) ph.run(s, setup, p, pol, c, key, panel);
  return rows;
}

describe("the tallies after the equations", () => {
  // Innovation with probability ½, about 1.6 patents a firm: both outcomes in every tally.
  const c = handCoefs([[P_INTERCEPT, 0, 0]], [[P_INTERCEPT, 0, 0.5]], FLAT);
  const run = () => {
    const s = firms(P, LIST);
    LIST.forEach((_, i) => (s.firm.patents[i] = 2 * i + 1));
    const rows = year(s, P, policy({}), c);
    expect(rows.map((r) => r.i)).toEqual(LIST.map((_, i) => i));
    return { s, rows };
  };

  test("firms and innovators by type: start-up or not (age at the equations) and size class (employees after hiring), per location", () => {
    const { s, rows } = run();
    const firmsWant = new Float64Array(5 * NLOC), innovWant = new Float64Array(5 * NLOC);
    for (const r of rows) {
      const age = r.x[F("age")] as number, emp = r.x[F("employees")] as number;
      expect(r.x[F("startup")], `firm ${r.i}`).toBe(age < STARTUP_AGE ? 1 : 0);
      for (const k of [r.loc * 5 + (age < STARTUP_AGE ? 0 : 1), r.loc * 5 + 2 + sizeClassIndex(emp)]) {
        firmsWant[k] = (firmsWant[k] as number) + 1;
        innovWant[k] = (innovWant[k] as number) + r.innov;
      }
    }
    expect(Array.from(s.flows.typeFirms)).toEqual(Array.from(firmsWant));
    expect(Array.from(s.flows.typeInnovators)).toEqual(Array.from(innovWant));
    // Every type occurs, and some but not all of its firms innovate somewhere: the tallies are not all 0 or all equal.
    for (let t = 0; t < 5; t++) {
      const locs = Array.from({ length: NLOC }, (_, l) => l * 5 + t);
      expect(locs.reduce((a, k) => a + (firmsWant[k] as number), 0), `type ${t}`).toBeGreaterThan(0);
    }
    const innovators = rows.reduce((a, r) => a + r.innov, 0);
    expect(innovators).toBeGreaterThan(0);
    expect(innovators).toBeLessThan(rows.length);
    // Each firm is counted once by stage and once by size.
    for (let l = 0; l < NLOC; l++) {
      const t = (k: number) => s.flows.typeFirms[l * 5 + k] as number;
      expect(t(0) + t(1), `location ${l}`).toBe(t(2) + t(3) + t(4));
      expect(t(0) + t(1), `location ${l}`).toBe(rows.filter((r) => r.loc === l).length);
    }
  });

  test("the patent stock adds the year's applications to what the firm had", () => {
    const { s, rows } = run();
    for (const r of rows) {
      expect(s.firm.newPatents[r.i], `firm ${r.i}`).toBe(r.pats);
      expect(s.firm.patents[r.i], `firm ${r.i}`).toBe(2 * r.i + 1 + r.pats);
    }
    expect(rows.some((r) => r.pats > 0)).toBe(true);
    for (let l = 0; l < NLOC; l++) expect(s.flows.patents[l], `location ${l}`).toBe(rows.filter((r) => r.loc === l).reduce((a, r) => a + r.pats, 0));
  });

  test("the panel row's product_innovation feature is the firm's innovation this year", () => {
    const { rows } = run();
    for (const r of rows) expect(r.x[F("product_innovation")], `firm ${r.i}`).toBe(r.innov);
    expect(new Set(rows.map((r) => r.innov)).size).toBe(2);
  });
});

test("a first revenue's infrastructure effect needs in-house research: exactly one researcher counts, none does not", () => {
  // The base hazard is nil (log-odds −50) and infrastructure adds +100 × score for firms with researchers only, so a
  // first revenue is certain with them and impossible without. No turnover and no R&D: nobody hires.
  const q: Structural = { ...P, revenueBase: -50, revenueInnovation: 0, revenueInfra: 200, infraNoResearchShare: 0, researcherTurnover: 0 };
  const list: Firm[] = [0, 1, 2].map((r) => ({ loc: 0, sales: 0, preRevenue: 1, rnd: 0, researchers: r }));
  const s = firms(q, list);
  expect(s.infraScore[0] as number).toBeGreaterThan(0.5); // a hazard of at least softplus(50): certain
  year(s, q, policy({}), handCoefs(NEVER, NO_PATENTS, FLAT));
  expect(Array.from(s.firm.researchers.subarray(0, 3))).toEqual([0, 1, 2]);
  expect(Array.from(s.firm.preRevenue.subarray(0, 3))).toEqual([1, 0, 0]);
  expect(s.firm.sales[0]).toBe(0);
  expect(s.firm.sales[1] as number).toBeGreaterThan(0);
});

describe("support's effect on sales growth: a deviation of log sales that decays at rate 1 − ρ", () => {
  // Every cluster firm gets each firm-level instrument with certainty in the first year (as in model-equations):
  // half a typical grant, 1.5 typical networking and commercialisation awards. Nobody innovates (no bump).
  const CERTAIN: Structural = { ...P, grantNeedElasticity: 0, coverageElasticity: 0, grantCoverage: 1, networkCoverage: 1, commCoverage: 1, supportPersistence: 0.6 };
  const inCluster = LIST.filter((f) => f.loc !== OUT).length;
  const money = policy({ rnd_grants: (0.5 * CERTAIN.grantSize * inCluster) / 1000, networking: (1.5 * CERTAIN.networkSupportSize * inCluster) / 1000, commercialisation: (1.5 * CERTAIN.commSupportSize * inCluster) / 1000 });
  const gamma = { support_rnd_grant: 0.05, support_networking: 0.03, support_commercialisation: 0.02 } as const;
  const c = handCoefs(NEVER, NO_PATENTS, [[P_INTERCEPT, 0, 0.01], ...Object.entries(gamma).map(([f, v]): Term => [P_FEATURE, F(f as keyof typeof gamma), v])]);
  const effect = (r: Row) => Object.entries(gamma).reduce((a, [f, v]) => a + v * (r.x[F(f as keyof typeof gamma)] as number), 0);

  test("this year's support terms enter growth and the deviation; next year 1 − ρ of them is undone (against the same firms without support)", () => {
    const a = firms(CERTAIN, LIST), b = firms(CERTAIN, LIST);
    for (let i = 0; i < LIST.length; i++) expect([a.firm.salesDev[i], b.firm.salesDev[i]]).toEqual([0, 0]);
    // Support in both years for a (a second award on top of the first one's deviation), none for b.
    const a1 = year(a, CERTAIN, money, c), b1 = year(b, CERTAIN, policy({}), c);
    const a2 = year(a, CERTAIN, money, c), b2 = year(b, CERTAIN, policy({}), c);
    const rho = CERTAIN.supportPersistence;
    let checked = 0;
    for (let i = 0; i < LIST.length; i++) {
      const [ra1, rb1, ra2, rb2] = [a1, b1, a2, b2].map((rows) => rows[i] as Row) as [Row, Row, Row, Row];
      expect(effect(rb1), `firm ${i} without support`).toBe(0);
      if (ra1.g === null || rb1.g === null || ra2.g === null || rb2.g === null) continue;
      const pi1 = effect(ra1), pi2 = effect(ra2);
      expect(ra1.g - rb1.g, `firm ${i}, year 1`).toBeCloseTo(pi1, 12);
      expect(a.firm.salesDev[i] as number, `firm ${i}`).toBeCloseTo(rho * pi1 + pi2, 12);
      expect(ra2.g - rb2.g, `firm ${i}, year 2`).toBeCloseTo(pi2 - (1 - rho) * pi1, 12);
      if (LIST[i]!.loc !== OUT) {
        // The networking and commercialisation doses are each 1, the grant's below 1: all three terms count.
        expect(ra1.x[F("support_networking")]).toBe(1);
        expect(pi1).toBeGreaterThan(0.05);
        expect(pi2).toBeGreaterThan(0.05);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(10);
  });
});

test("at full capacity the pass visits exactly the live firms, and once entrants grow the arrays every panel row is whole", () => {
  // The base year with no spare slot (n = cap): entrants beyond this year's exits must grow the arrays, and the
  // panel's feature buffer with them.
  const p: Structural = { ...DEFAULT_STRUCTURAL, entryRate: 0.3 };
  const s = initState(setup, p, key, 1);
  expect(s.n).toBe(s.cap);
  const c = handCoefs([[P_INTERCEPT, 0, 0]], [[P_INTERCEPT, 0, 0.3]], FLAT);
  const live = () => s.firm.alive.subarray(0, s.n).reduce((a, v) => a + v, 0);
  const cap0 = s.cap;
  for (let y = 0; y < 2; y++) {
    const n = live();
    const rows = year(s, p, policy({}), c);
    expect(rows.length, `year ${y + 1}`).toBe(n);
    // The first year's entrants outnumber its exits: the arrays have grown before the second year's rows.
    if (y === 0) expect(s.cap).toBeGreaterThan(cap0);
    for (const r of rows) {
      expect(r.x.length).toBe(NF);
      expect(r.x[F("employees")] as number).toBeGreaterThanOrEqual(1);
      expect(r.x[F("log_employees")] as number).toBeCloseTo(Math.log(r.x[F("employees")] as number), 12);
    }
  }
  expect(s.cap).toBeGreaterThan(cap0);
});
