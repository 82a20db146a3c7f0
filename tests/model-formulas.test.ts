/**
 * Analytic checks of the simulator's yearly formulas (issue 18): one year from the base year through the public
 * `initState` / `step`, with hand-set estimates artefacts whose every feature coefficient is non-zero (the shipped
 * estimates leave log R&D, networking and commercialisation support, exporter, age and the raw counts at zero, so
 * no other test sees those terms) and structural parameters that make an outcome a function of the firm's state:
 *
 * - innovation: the logit's coefficients are scaled by 1,000, so a firm innovates exactly when its linear
 *   predictor, computed by hand from the features it recorded, is positive (|η| > 40: p is 0 or 1 in doubles);
 * - patents: a Poisson mean above e^7 is beyond the inversion's precision and the sampler returns the rounded
 *   mean, so the count shows the patents equation's mean exp(η) itself;
 * - exit: a log-odds effect of +60 for one flag and a base of 1e-12 make the exit a function of that flag; with
 *   moderate values the exit frequency of a flag's firms matches the stated probability;
 * - sales, employment, cash and the firm-type breakdown: recomputed from the firm's state before and after.
 *
 * These test the formulas' behaviour, not the code's layout: the draws are never replayed.
 */
import { describe, expect, test } from "vitest";
import { loadInputs, resolveMixes } from "../src/experiments/simulate";
import { artefactFromTable } from "../src/estimation/artefact";
import { buildSetup, FEATURES } from "../src/model/setup";
import { N_TYPES } from "../src/model/features";
import { replicateCoefs, resolvePolicy } from "../src/model/run";
import { initState, step, type State } from "../src/model/engine";
import { growthAtMeans } from "../src/model/state";
import { DEFAULT_STRUCTURAL, type Structural } from "../src/model/params";
import { budgetFor } from "../src/model/instruments";
import { replicateKey } from "../src/random/keyed";
import { SECTORS } from "../src/data/constants";
import { logistic } from "../src/random";

const inputs = loadInputs();
const F = (f: string) => FEATURES.indexOf(f as (typeof FEATURES)[number]);
const mix = resolveMixes(["status_quo"], inputs.clusters.map((c) => c.id))[0]!;

/** Non-zero coefficients on every feature the simulator computes (the equation's own outcome left out), and on every sector dummy. */
const FEATURE_COEFS: Record<string, number> = {
  log_researchers: 0.31, log_employees: -0.22, log_rnd: 0.17, collaborating: 0.41, support_rnd_grant: 0.52, support_networking: 0.37,
  support_commercialisation: -0.44, in_cluster: 0.29, startup: -0.33, exporter: 0.26, pre_revenue: -0.48, product_innovation: 0.23,
  age: -0.011, researchers: 0.0041, employees: -0.0013,
};
const SECTOR_COEFS = Object.fromEntries(SECTORS.slice(1).map((s, k) => [`sector_${s}`, 0.05 * (k + 1) * (k % 2 === 0 ? 1 : -1)]));
function rows(intercept: number, scale: number, without: string) {
  return [
    { name: "(Intercept)", coef: intercept * scale, se: 0.1 },
    ...Object.entries({ ...FEATURE_COEFS, ...SECTOR_COEFS })
      .filter(([n]) => n !== without)
      .map(([name, coef]) => ({ name, coef: coef * scale, se: 0.1 })),
  ];
}
/** The linear predictor by hand: intercept + sector dummy + Σ coefficient × the feature the firm recorded. */
function eta(x: Float64Array, sector: number, intercept: number, scale: number, without: string): number {
  let v = intercept;
  const sec = SECTOR_COEFS[`sector_${SECTORS[sector]}`];
  if (sec !== undefined) v += sec;
  for (const [f, b] of Object.entries(FEATURE_COEFS)) if (f !== without) v += b * (x[F(f)] as number);
  return v * scale;
}

const INNOV_SCALE = 1000;
const SIGMA = 1e-9;
/** Estimates with every term non-zero: innovation's logit scaled to a threshold at `innovCut`, patents' Poisson mean above e^7, growth's OLS with a negligible residual s.d. */
function estimates(innovCut: number) {
  return {
    innovation: artefactFromTable({ model: "logit", outcome: "product_innovation", rows: rows(-innovCut, INNOV_SCALE, "product_innovation"), nobs: 500, source: "test: hand-set, every term non-zero" }),
    patents: artefactFromTable({ model: "poisson", outcome: "patent_apps", rows: rows(12, 1, "patent_apps"), nobs: 500, source: "test: hand-set, every term non-zero" }),
    salesGrowth: artefactFromTable({ model: "ols", outcome: "sales_growth", rows: rows(0.01, 0.1, "sales_growth"), nobs: 500, source: "test: hand-set, every term non-zero", sigma: SIGMA }),
  };
}

interface PanelRow { firm: number; x: Float64Array; sector: number; loc: number; product_innovation: number; patent_apps: number; sales_growth: number | null }
interface Year { before: State; after: State; rows: PanelRow[]; p: Structural; shift: number }

/** The firm columns of a state, copied (the step writes the state in place). */
function snapshot(s: State): State {
  const firm = Object.fromEntries(Object.entries(s.firm).map(([k, v]) => [k, (v as Float64Array).slice()])) as unknown as State["firm"];
  const copy = (o: object) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, v instanceof Float64Array ? v.slice() : v]));
  return { ...(copy(s) as unknown as State), firm, flows: copy(s.flows) as unknown as State["flows"] };
}

/** One year of the status quo from the base year, with these estimates, structural values and hand edits of the state. */
function oneYear(est: ReturnType<typeof estimates>, structural: Partial<Structural>, edit?: (s: State) => void, noBudget = false): Year {
  const setup = buildSetup({ ...inputs, estimates: est, seed: "formulas-population" });
  const p = { ...DEFAULT_STRUCTURAL, entryRate: 0, ...structural };
  const key = replicateKey("formulas");
  const pol = resolvePolicy(mix, setup, p);
  for (let k = 0; k < pol.budget.length; k++) pol.budget[k] = noBudget ? 0 : budgetFor(mix.budget.krwBn, 1) * (pol.budget[k] as number);
  const s = initState(setup, p, key);
  edit?.(s);
  const before = snapshot(s);
  const out: PanelRow[] = [];
  const coefs = replicateCoefs(setup, "formulas", 0, false);
  step(s, setup, p, pol, coefs, key, { push: (r) => out.push({ ...r, x: Float64Array.from(r.x) }) });
  return { before, after: s, rows: out, p, shift: p.salesDrift - growthAtMeans(setup, coefs) };
}

/** The median of the innovation predictor's raw values (intercept 0) over the firms of a first run: the cut that splits them. */
const probe = oneYear(estimates(0), {});
const raw = probe.rows.map((r) => eta(r.x, r.sector, 0, 1, "product_innovation")).sort((a, b) => a - b);
const CUT = raw[Math.floor(raw.length / 2)] as number;
const year = oneYear(estimates(CUT), {});

describe("the equations' linear predictors, every term non-zero", () => {
  test("base-year firms are the panel's rows, slot = id, and every feature varies across them", () => {
    expect(year.rows.length).toBe(year.before.n);
    year.rows.forEach((r, i) => expect(r.firm).toBe(i));
    for (const f of FEATURES) {
      const v = new Set(year.rows.map((r) => r.x[F(f)]));
      expect(v.size, f).toBeGreaterThan(1);
    }
  });

  test("a firm innovates exactly when the logit's linear predictor from its recorded features is positive", () => {
    let yes = 0, no = 0;
    for (const r of year.rows) {
      const e = eta(r.x, r.sector, -CUT, INNOV_SCALE, "product_innovation");
      if (Math.abs(e) < 40) continue; // within 4e-5 of the cut in raw units: p is not yet 0 or 1
      expect(r.product_innovation, `firm ${r.firm}: η = ${e}`).toBe(e > 0 ? 1 : 0);
      expect(year.after.firm.innovated[r.firm], `firm ${r.firm}`).toBe(r.product_innovation);
      if (e > 0) yes++;
      else no++;
    }
    expect(yes).toBeGreaterThan(200);
    expect(no).toBeGreaterThan(200);
  });

  test("at moderate values the innovation probability is the logistic of the predictor (frequency within 4 s.e.)", () => {
    const moderate = oneYear(
      { ...estimates(0), innovation: artefactFromTable({ model: "logit", outcome: "product_innovation", rows: rows(-CUT, 1, "product_innovation"), nobs: 500, source: "test" }) },
      {},
    );
    let expected = 0, variance = 0, observed = 0;
    for (const r of moderate.rows) {
      const pr = logistic(eta(r.x, r.sector, -CUT, 1, "product_innovation"));
      expected += pr;
      variance += pr * (1 - pr);
      observed += r.product_innovation;
    }
    expect(Math.abs(observed - expected)).toBeLessThan(4 * Math.sqrt(variance));
  });

  test("a firm's patents are the Poisson mean exp(η) of its features, its innovation included", () => {
    for (const r of year.rows) {
      const mu = Math.exp(eta(r.x, r.sector, 12, 1, "patent_apps"));
      expect(mu).toBeGreaterThan(Math.exp(7));
      expect(Math.abs(r.patent_apps - mu), `firm ${r.firm}`).toBeLessThanOrEqual(0.5 + 1e-9 * mu);
      expect(year.after.firm.newPatents[r.firm]).toBe(r.patent_apps);
      expect(year.after.firm.patents[r.firm]).toBe((year.before.firm.patents[r.firm] as number) + r.patent_apps);
    }
  });
});

describe("sales, employment and cash", () => {
  const { before, after, p, shift } = year;
  const sc = after.salesScale;
  test("a seller's growth is the equation's predictor, recentred on salesDrift, plus the catch-up below the Gibrat threshold", () => {
    let below = 0, above = 0, clamped = 0;
    for (const r of year.rows) {
      if (r.sales_growth === null) continue;
      if ((r.x[F("support_commercialisation")] as number) > 0 && r.product_innovation === 1) continue; // the growth bump: below
      const ls = Math.log(before.firm.sales[r.firm] as number);
      const lc = Math.min(sc.hi, Math.max(sc.lo, ls));
      const catchUp = lc < sc.threshold ? p.salesCatchUp * (sc.threshold - lc) : 0;
      const g = eta(r.x, r.sector, 0.01, 0.1, "sales_growth") + shift + catchUp;
      expect(Math.abs(r.sales_growth - g), `firm ${r.firm}`).toBeLessThan(1e-6);
      expect(after.firm.growth[r.firm]).toBe(r.sales_growth);
      expect((after.firm.sales[r.firm] as number) / (before.firm.sales[r.firm] as number)).toBeCloseTo(Math.exp(r.sales_growth), 12);
      if (catchUp > 0) below++;
      else above++;
      if (lc !== ls) clamped++;
    }
    expect(below).toBeGreaterThan(50);
    expect(above).toBeGreaterThan(50);
    expect(clamped).toBe(0); // the base-year sellers define lo and hi, so none is outside them in year 1
  });

  test("employment follows sales with elasticity ½ (non-researchers only), and with any other elasticity", () => {
    const check = (y: Year, el: number) => {
      let n = 0;
      for (const r of y.rows) {
        const emp = r.x[F("employees")] as number;
        const res = r.x[F("researchers")] as number;
        const g = r.sales_growth ?? 0;
        const want = r.sales_growth === null ? emp : Math.max(1, res + (emp - res) * Math.exp(el * g));
        if ((y.before.firm.preRevenue[r.firm] as number) === 1 && (y.after.firm.preRevenue[r.firm] as number) === 0) continue; // first revenue this year
        expect(y.after.firm.employees[r.firm] as number, `firm ${r.firm}`).toBeCloseTo(want, 9);
        n++;
      }
      expect(n).toBeGreaterThan(500);
    };
    check(year, 0.5);
    check(oneYear(estimates(CUT), { employmentElasticity: 0.8 }), 0.8);
  });

  test("cash: last year's plus the margin on this year's sales, less own R&D and overhead, plus new funding", () => {
    let negative = 0;
    for (let i = 0; i < before.n; i++) {
      const want = (before.firm.cash[i] as number) + p.margin * (after.firm.sales[i] as number) - (after.firm.rndOwn[i] as number) - p.overheadPerEmployee * (after.firm.employees[i] as number) + (after.firm.fundedAmt[i] as number);
      expect(after.firm.cash[i] as number, `firm ${i}`).toBeCloseTo(want, 6);
      if (want < 0) negative++;
    }
    expect(negative).toBeGreaterThan(10);
  });
});

describe("exit: the stated hazard of each case", () => {
  const tiny = 1e-12;
  const none = { exitCash: 0, exitYoung: 0, exitFalling: 0, exitInfra: 0 };
  /** Every base-year firm: did it exit, and its state at the exit draw. */
  const exits = (y: Year) =>
    Array.from({ length: y.before.n }, (_, i) => ({
      i,
      exited: y.after.firm.alive[i] === 0,
      cash: y.after.firm.cash[i] as number,
      age: y.before.firm.age[i] as number,
      growth: y.after.firm.growth[i] as number,
      researchers: y.after.firm.researchers[i] as number,
      loc: y.after.firm.loc[i] as number,
    }));
  const est = estimates(CUT);

  test("negative cash: exit exactly when the year ends with cash below zero", () => {
    const f = exits(oneYear(est, { ...none, exitBase: tiny, exitCash: 60 }));
    for (const x of f) expect(x.exited, `firm ${x.i}: cash ${x.cash}`).toBe(x.cash < 0);
    expect(f.filter((x) => x.exited).length).toBeGreaterThan(10);
  });

  test("young: exit exactly when the firm is younger than exitYoungAge at the start of the year (age 5 is not young)", () => {
    const f = exits(oneYear(est, { ...none, exitBase: tiny, exitYoung: 60, exitYoungAge: 5 }));
    for (const x of f) expect(x.exited, `firm ${x.i}: age ${x.age}`).toBe(x.age < 5);
    expect(f.filter((x) => x.age === 5).length).toBeGreaterThan(0);
    expect(f.filter((x) => x.exited).length).toBeGreaterThan(10);
  });

  test("falling sales: exit exactly when this year's growth is negative (firms without sales do not fall)", () => {
    const f = exits(oneYear(est, { ...none, exitBase: tiny, exitFalling: 60, salesDrift: -0.1 }));
    for (const x of f) expect(x.exited, `firm ${x.i}: growth ${x.growth}`).toBe(x.growth < 0);
    expect(f.filter((x) => x.exited).length).toBeGreaterThan(10);
    expect(f.filter((x) => !x.exited).length).toBeGreaterThan(10);
  });

  test("infrastructure: only firms with at least one researcher get its effect (infraNoResearchShare 0)", () => {
    const y = oneYear(est, { ...none, exitBase: tiny, exitInfra: -1e4, infraNoResearchShare: 0 });
    let withRes = 0;
    for (const x of exits(y)) {
      const logOdds = Math.log(tiny / (1 - tiny)) + (x.researchers >= 1 ? 1e4 * (y.after.infraScore[x.loc] as number) : 0);
      if (Math.abs(logOdds) < 40) continue;
      expect(x.exited, `firm ${x.i}`).toBe(logOdds > 0);
      if (x.researchers >= 1) withRes++;
    }
    expect(withRes).toBeGreaterThan(10);
  });

  test("moderate values: the exit frequency of each cash case is logistic(base + effect), within 4 s.e.", () => {
    const p0 = 0.1;
    const f = exits(oneYear(est, { ...none, exitBase: p0, exitCash: Math.log(4.5) }));
    for (const [neg, prob] of [[false, p0], [true, 1 / (1 + 2)]] as const) {
      const g = f.filter((x) => x.cash < 0 === neg);
      const k = g.filter((x) => x.exited).length;
      expect(g.length).toBeGreaterThan(50);
      expect(Math.abs(k - g.length * prob), `negative cash: ${neg}`).toBeLessThan(4 * Math.sqrt(g.length * prob * (1 - prob)));
    }
  });
});

describe("the firm-type breakdown, at the size and stage thresholds", () => {
  // No researcher turnover and no R&D response, so nobody hires or quits and employment stays as set until sales move.
  const setEmployment = [49, 49.999, 50, 50.001, 299, 299.999, 300, 300.5];
  const y = oneYear(estimates(CUT), { researcherTurnover: 0, rndElasticity: 0 }, (s) => {
    for (let i = 0; i < s.n; i++) if (i % 10 === 0) s.firm.employees[i] = setEmployment[(i / 10) % setEmployment.length] as number;
  });
  const size = (emp: number) => (emp < 50 ? 0 : emp < 300 ? 1 : 2);
  const stage = (age: number) => (age < 7 ? 0 : 1);
  test("each firm's type is sector × size (small < 50, medium < 300, large) × stage (start-up under 7 years), plus N_TYPES when it seeks funding", () => {
    const { before, after } = y;
    let constrained = 0;
    for (let i = 0; i < before.n; i++) {
      const emp = before.firm.employees[i] as number;
      const cell = after.firm.ftype[i] as number;
      expect(cell % N_TYPES, `firm ${i}: ${emp} employees`).toBe((before.firm.sector[i] as number) * 6 + size(emp) * 2 + stage(before.firm.age[i] as number));
      // The policy cell's second half: cash-constrained this year, i.e. the firm seeks funding (need > 0).
      expect(cell >= N_TYPES, `firm ${i}: need ${after.firm.need[i]}`).toBe((after.firm.need[i] as number) > 0);
      constrained += Number(cell >= N_TYPES);
    }
    expect(constrained).toBeGreaterThan(0);
    expect(constrained).toBeLessThan(before.n);
  });
  test("firms and innovators per location by stage and size class count each firm once in each", () => {
    const { before, after } = y;
    const firms = new Float64Array(after.nLoc * 5);
    const innov = new Float64Array(after.nLoc * 5);
    let atFifty = 0;
    for (const r of y.rows) {
      const emp = r.x[F("employees")] as number;
      expect(emp).toBe(before.firm.employees[r.firm]);
      if (emp === 50 || emp === 300) atFifty++;
      for (const k of [r.loc * 5 + stage(before.firm.age[r.firm] as number), r.loc * 5 + 2 + size(emp)]) {
        firms[k] = (firms[k] as number) + 1;
        innov[k] = (innov[k] as number) + r.product_innovation;
      }
    }
    expect(atFifty).toBeGreaterThan(10);
    expect(Array.from(after.flows.typeFirms)).toEqual(Array.from(firms));
    expect(Array.from(after.flows.typeInnovators)).toEqual(Array.from(innov));
  });
});

describe("funding need, funding, R&D and researchers", () => {
  const { before, after, p } = year;
  const burn = (i: number) => (before.firm.rnd[i] as number) + p.overheadPerEmployee * (before.firm.employees[i] as number) - p.margin * (before.firm.sales[i] as number);
  test("a firm needs fundingHorizon years of net burn less its cash when its cash is below a year's burn, else nothing", () => {
    let needy = 0, covered = 0;
    for (let i = 0; i < before.n; i++) {
      const b = burn(i);
      const cash = before.firm.cash[i] as number;
      const want = b > 0 && cash < b ? b * p.fundingHorizon - cash : 0;
      expect(after.firm.need[i] as number, `firm ${i}`).toBeCloseTo(want, 9);
      if (want > 0) needy++;
      else if (b > 0) covered++;
    }
    expect(needy).toBeGreaterThan(50);
    expect(covered).toBeGreaterThan(50);
  });

  test("with ample capital and full attractiveness every firm in need is funded, between fundedShareLow and + fundedShareWidth of its need", () => {
    const y = oneYear(estimates(CUT), { fundAttractBase: 1, fundAttractInnovator: 0, fundAttractMature: 0, fundAttractPreRevenue: 0, fundAttractLarge: 0, fundedShareLow: 0.6, fundedShareWidth: 0.3 }, (s) => s.vcBase.fill(1e9));
    let funded = 0;
    const share: number[] = [];
    for (let i = 0; i < y.before.n; i++) {
      const need = y.after.firm.need[i] as number;
      const got = y.after.firm.fundedAmt[i] as number;
      if (need > 0) {
        funded++;
        share.push(got / need);
      } else expect(got).toBe(0);
    }
    expect(funded).toBeGreaterThan(50);
    expect(Math.min(...share)).toBeGreaterThanOrEqual(0.6);
    expect(Math.max(...share)).toBeLessThan(0.9);
    expect(Math.max(...share) - Math.min(...share)).toBeGreaterThan(0.2); // the uniform spreads over the width
    // Funding per location is the sum of its firms' funding.
    for (let l = 0; l < y.after.nLoc; l++) {
      let s = 0;
      for (let i = 0; i < y.before.n; i++) if (y.after.firm.loc[i] === l) s += y.after.firm.fundedAmt[i] as number;
      expect(y.after.flows.funded[l] as number).toBeCloseTo(s, 6);
    }
  });

  test("without attractiveness nobody is funded, however much capital", () => {
    const y = oneYear(estimates(CUT), { fundAttractBase: 0, fundAttractInnovator: 0, fundAttractMature: 0, fundAttractLarge: 0 }, (s) => s.vcBase.fill(1e9));
    expect(Array.from(y.after.firm.fundedAmt.subarray(0, y.before.n)).every((v) => v === 0)).toBe(true);
  });

  test("own R&D of a firm without awards: sellers close rndAdjustment of the gap to their target intensity, pre-revenue firms grow it by rndUpFactor, capped at rndDownFactor × last year's when funds fall short of the burn", () => {
    let seller = 0, pre = 0, short = 0;
    for (let i = 0; i < before.n; i++) {
      if ((after.firm.supportBits[i] as number) !== 0) continue;
      const old = before.firm.rnd[i] as number;
      const sales = before.firm.sales[i] as number;
      const isSeller = (before.firm.preRevenue[i] as number) === 0;
      const intensity = (before.firm.age[i] as number) < 7 ? p.rndIntensityStartup : p.rndIntensityEstablished;
      const desired = isSeller ? old + p.rndAdjustment * (intensity * sales - old) : old * p.rndUpFactor;
      const up = (before.firm.cash[i] as number) + (after.firm.fundedAmt[i] as number) >= burn(i);
      const own = Math.max(p.rndFloor, up ? desired : Math.min(desired, old * p.rndDownFactor));
      expect(after.firm.rnd[i] as number, `firm ${i}`).toBeCloseTo(own, 9);
      expect(after.firm.rndOwn[i] as number).toBeCloseTo(own, 9);
      if (isSeller) seller++;
      else pre++;
      if (!up && desired > old * p.rndDownFactor) short++;
    }
    expect(seller).toBeGreaterThan(100);
    expect(pre).toBeGreaterThan(50);
    expect(short).toBeGreaterThan(5);
  });

  test("researchers: turnover leaves, the R&D change sets the target (elasticity), the talent pool fills the vacancies at the location's rate for the firm's size", () => {
    let hired = 0;
    for (let i = 0; i < before.n; i++) {
      const res0 = before.firm.researchers[i] as number;
      const old = before.firm.rnd[i] as number;
      const total = after.firm.rnd[i] as number;
      const target = old > 0 ? res0 * Math.pow(total / old, p.rndElasticity) : res0;
      const stay = res0 * (1 - p.researcherTurnover);
      const vac = target > stay ? target - stay : 0;
      expect(after.firm.vacancy[i] as number, `firm ${i}`).toBeCloseTo(vac, 9);
      const size = ((after.firm.ftype[i] as number) % 6) >> 1;
      const want = stay + vac * (after.hireRatio[(after.firm.loc[i] as number) * 3 + size] as number);
      expect(after.firm.researchers[i] as number, `firm ${i}`).toBeCloseTo(want, 9);
      if (vac > 0) hired++;
    }
    expect(hired).toBeGreaterThan(100);
  });
});

describe("location stocks", () => {
  const { before, after, p } = year;
  test("knowledge: (1 − deltaKnowledge) × last year's + this year's innovators and patents + institutional output per anchor", () => {
    const setup = buildSetup({ ...inputs, estimates: estimates(CUT), seed: "formulas-population" });
    for (let l = 0; l < after.nLoc; l++) {
      const anchors = (setup.base.universities[l] as number) + (setup.base.hospitals[l] as number) + (setup.base.institutes[l] as number);
      const want = (1 - p.deltaKnowledge) * (before.knowledge[l] as number) + (after.flows.innovators[l] as number) + (after.flows.patents[l] as number) + p.institutionalOutput * anchors;
      expect(after.knowledge[l] as number).toBeCloseTo(want, 6);
    }
  });
  test("innovators and patents per location are the sums of their firms'", () => {
    for (let l = 0; l < after.nLoc; l++) {
      const mine = year.rows.filter((r) => r.loc === l);
      expect(after.flows.innovators[l]).toBe(mine.reduce((a, r) => a + r.product_innovation, 0));
      expect(after.flows.patents[l]).toBe(mine.reduce((a, r) => a + r.patent_apps, 0));
    }
  });
  test("infrastructure score is 1 − exp(−stock / kappaInfra), and the stock depreciates at deltaInfra without new money", () => {
    const y = oneYear(estimates(CUT), {}, undefined, true);
    for (let l = 0; l < y.after.nLoc; l++) {
      expect(y.after.infra[l] as number).toBeCloseTo((1 - y.p.deltaInfra) * (y.before.infra[l] as number), 9);
      expect(y.after.infraScore[l] as number).toBeCloseTo(1 - Math.exp(-(y.after.infra[l] as number) / y.p.kappaInfra), 12);
    }
    for (let l = 0; l < after.nLoc; l++) expect(after.infraScore[l] as number).toBeCloseTo(1 - Math.exp(-(after.infra[l] as number) / p.kappaInfra), 12);
  });
});

describe("the base-year state (initState)", () => {
  const { before: s, p } = year;
  const setup = buildSetup({ ...inputs, estimates: estimates(CUT), seed: "formulas-population" });
  test("starting cash: max(a year of net burn, the funding obtained, startingCashFloor) × U(1 − spread, 1 + spread)", () => {
    const ratios: number[] = [];
    for (let i = 0; i < s.n; i++) {
      const burn = (s.firm.rnd[i] as number) + p.overheadPerEmployee * (s.firm.employees[i] as number) - p.margin * (s.firm.sales[i] as number);
      const base = Math.max(burn, setup.population.fundingObtained[i] as number, p.startingCashFloor);
      ratios.push((s.firm.cash[i] as number) / base);
    }
    expect(Math.min(...ratios)).toBeGreaterThanOrEqual(1 - p.startingCashSpread);
    expect(Math.max(...ratios)).toBeLessThanOrEqual(1 + p.startingCashSpread);
    // Uniform over the band: its mean is 1 and each half holds about half the firms.
    const mean = ratios.reduce((a, b) => a + b, 0) / ratios.length;
    expect(Math.abs(mean - 1)).toBeLessThan((4 * p.startingCashSpread) / Math.sqrt(3 * ratios.length));
    expect(Math.min(...ratios)).toBeLessThan(1 - 0.9 * p.startingCashSpread);
    expect(Math.max(...ratios)).toBeGreaterThan(1 + 0.9 * p.startingCashSpread);
  });

  test("the sales scale: the sellers' log-sales percentile (linear interpolation), mean, least and largest, and the s.d. normaliser", () => {
    const xs: number[] = [];
    for (let i = 0; i < s.n; i++) if (s.firm.preRevenue[i] === 0 && (s.firm.sales[i] as number) > 0) xs.push(Math.log(s.firm.sales[i] as number));
    xs.sort((a, b) => a - b);
    const h = p.gibratPercentile * (xs.length - 1);
    const k = Math.floor(h);
    expect(h).not.toBe(k); // the interpolation is exercised
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const sc = s.salesScale;
    expect(sc.threshold).toBeCloseTo((xs[k] as number) + (h - k) * ((xs[k + 1] as number) - (xs[k] as number)), 12);
    expect(sc.mean).toBeCloseTo(mean, 12);
    expect([sc.lo, sc.hi]).toEqual([xs[0], xs[xs.length - 1]]);
    const ms = xs.reduce((a, x) => a + Math.exp(-2 * p.salesSdSize * (x - mean)), 0) / xs.length;
    expect(sc.norm).toBeCloseTo(Math.sqrt(ms), 12);
  });

  test("aggregates per location are the sums over its firms; start-ups are firms under 7 years", () => {
    const f = s.firm;
    for (let l = 0; l < s.nLoc; l++) {
      const at = Array.from({ length: s.n }, (_, i) => i).filter((i) => f.loc[i] === l);
      const sumOf = (a: ArrayLike<number>) => at.reduce((acc, i) => acc + (a[i] as number), 0);
      expect(s.flows.firms[l]).toBe(at.length);
      expect(s.flows.employment[l] as number).toBeCloseTo(sumOf(f.employees), 6);
      expect(s.flows.researchers[l] as number).toBeCloseTo(sumOf(f.researchers), 6);
      expect(s.flows.sales[l] as number).toBeCloseTo(sumOf(f.sales), 6);
      expect(s.flows.rnd[l] as number).toBeCloseTo(sumOf(f.rnd), 6);
      expect(s.flows.collaborating[l]).toBe(sumOf(f.collaborating));
      expect(s.flows.startups[l]).toBe(at.filter((i) => (f.age[i] as number) < 7).length);
    }
  });

  test("the cluster index: five pillars of min-max (0-100 across clusters) indicators, equal weights; outside clusters 50", () => {
    const { after } = year;
    const C = after.nClusters;
    const fl = after.flows;
    const per = (a: Float64Array, c: number) => ((fl.firms[c] as number) > 0 ? (a[c] as number) / (fl.firms[c] as number) : 0);
    const pillars: Array<Array<(c: number) => number>> = [
      [(c) => after.infra[c] as number],
      [(c) => fl.researchers[c] as number, (c) => after.talent[c] as number],
      [(c) => after.capital[c] as number],
      [(c) => per(fl.collaborating, c)],
      [(c) => fl.firms[c] as number, (c) => fl.employment[c] as number, (c) => fl.sales[c] as number, (c) => per(fl.patents, c), (c) => per(fl.innovators, c), (c) => per(fl.startups, c)],
    ];
    const cs = Array.from({ length: C }, (_, c) => c);
    const want = cs.map((c) =>
      pillars.reduce((acc, inds) => {
        const pillar = inds.reduce((a, ind) => {
          const v = cs.map(ind);
          const lo = Math.min(...v), hi = Math.max(...v);
          return a + (hi > lo ? (100 * (ind(c) - lo)) / (hi - lo) : 50);
        }, 0) / inds.length;
        return acc + pillar / pillars.length;
      }, 0),
    );
    cs.forEach((c) => expect(after.index[c] as number).toBeCloseTo(want[c] as number, 9));
    expect(after.index[C]).toBe(50);
    expect(Math.min(...cs.map((c) => after.index[c] as number))).toBeLessThan(20);
    expect(Math.max(...cs.map((c) => after.index[c] as number))).toBeGreaterThan(60);
  });
});

describe("entry", () => {
  // Many entrants (entryRate 1: about one per base-year firm) so the Poisson count is measured to a few per cent; a strong
  // infrastructure effect on a stock halving in the year (entryInfra 2, deltaInfra 0.5), so the score change moves λ visibly.
  // The shipped patents equation: the hand-set one's counts of e^7 and more would swell knowledge, so entry, to the ceiling.
  const y = oneYear({ ...estimates(CUT), patents: inputs.estimates.patents }, { entryRate: 1, entryInfra: 2, deltaInfra: 0.5 });
  const { before, after, p } = y;
  const setup = buildSetup({ ...inputs, estimates: estimates(CUT), seed: "formulas-population" });
  test("entrants: age 0 in their location, a donor's sales unless pre-revenue, starting cash in its band, counted per location", () => {
    const f = after.firm;
    const count = new Float64Array(after.nLoc);
    for (let i = 0; i < after.n; i++) {
      if (f.alive[i] === 0 || (i < before.n && f.idHi[i] === 0)) continue;
      const l = f.loc[i] as number;
      count[l] = (count[l] as number) + 1;
      expect(f.age[i]).toBe(0);
      if (f.preRevenue[i] === 1) expect(f.sales[i]).toBe(0);
      else expect(f.sales[i] as number).toBeGreaterThan(0);
      const burn = (f.rnd[i] as number) + p.overheadPerEmployee * (f.employees[i] as number) - p.margin * (f.sales[i] as number);
      expect(f.cash[i] as number).toBeGreaterThanOrEqual((1 - p.startingCashSpread) * Math.max(burn, p.startingCashFloor) - 1e-9);
    }
    expect(Array.from(after.flows.entries)).toEqual(Array.from(count));
  });
  test("the entrant count per location is Poisson with λ = entryRate × base firms × the knowledge, capital, infrastructure and index factors", () => {
    let lamTotal = 0;
    for (let l = 0; l < after.nLoc; l++) {
      const b = setup.base;
      const score0 = 1 - Math.exp(-(b.infra[l] as number) / p.kappaInfra);
      const ratio = (v: number, v0: number) => (v0 > 0 ? Math.max(1e-6, v / v0) : 1);
      const lam =
        p.entryRate * (b.firms[l] as number) *
        Math.pow(ratio(after.knowledge[l] as number, b.knowledge[l] as number), p.entryKnowledge) *
        Math.pow(ratio(after.capital[l] as number, b.capital[l] as number), p.entryCapital) *
        Math.max(0, 1 + p.entryInfra * ((after.infraScore[l] as number) - score0)) *
        Math.pow(l < after.nClusters ? Math.max(1e-6, (before.index[l] as number) / 50) : 1, p.entryIndex);
      lamTotal += lam;
    }
    const total = Array.from(after.flows.entries).reduce((a, b) => a + b, 0);
    expect(lamTotal).toBeGreaterThan(500);
    expect(Math.abs(total - lamTotal)).toBeLessThan(4 * Math.sqrt(lamTotal));
  });
});
