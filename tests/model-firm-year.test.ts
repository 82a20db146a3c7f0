/**
 * Analytic checks of the firm pass of the yearly step (issue 18) on hand-built states with hand-set coefficient
 * tables: how an award's dose enters the equations' support features (pro rata up to the typical award, then 1),
 * tie formation and decay, the commercialisation growth bump and the decaying support effect on log sales, a first
 * revenue, and exit with what it returns to the talent pool. Each case is made certain by its parameters (a
 * log-odds of ±hundreds, a hazard of 100 or e^−100, a sales s.d. of 0), so no draw is replayed. No simulation runs.
 */
import { describe, expect, test } from "vitest";
import { dose } from "../src/model/instruments";
import { FEATURES, P_FEATURE, P_INTERCEPT } from "../src/model/features";
import { DEFAULT_STRUCTURAL, type Structural } from "../src/model/params";
import { POPULATION_CEILING_MULTIPLE } from "../src/limits";
import { entrantIdHigh } from "../src/random/keyed";
import { SECTORS } from "../src/data/constants";
import { firms, handCoefs, NLOC, policy, runYear, setup, type Firm } from "./model-hand-state";

const F = (f: (typeof FEATURES)[number]) => FEATURES.indexOf(f);
/** Firm-level instruments are certain for every eligible firm, and each gets the budget's equal share (coverage 1, coverageElasticity 0). */
const CERTAIN: Structural = { ...DEFAULT_STRUCTURAL, grantNeedElasticity: 0, coverageElasticity: 0, grantCoverage: 1, networkCoverage: 1, commCoverage: 1, entryRate: 0, exitBase: 1e-12, exitCash: 0, exitYoung: 0, exitFalling: 0, exitInfra: 0 };
const NEVER: Array<[number, number, number]> = [[P_INTERCEPT, 0, -500]];
const NO_PATENTS: Array<[number, number, number]> = [[P_INTERCEPT, 0, -50]];
const FLAT: Array<[number, number, number]> = [[P_INTERCEPT, 0, 0]];

describe("an award's dose in the equations' support features: pro rata up to the typical award, 1 beyond", () => {
  // Innovation's logit: 1,000 × the grant feature + intercept, so a firm innovates exactly when the feature exceeds −intercept / 1,000.
  const innovates = (awardM: number, intercept: number): number => {
    const c = handCoefs([[P_INTERCEPT, 0, intercept], [P_FEATURE, F("support_rnd_grant"), 1000]], NO_PATENTS, FLAT);
    const s = runYear(firms(CERTAIN, [{ loc: 0 }]), CERTAIN, policy({ rnd_grants: awardM / 1000 }), c);
    expect(s.firm.support[0]).toBeCloseTo(awardM, 9);
    return s.firm.innovated[0] as number;
  };
  const S = CERTAIN.grantSize;
  test("half the typical award enters as its dose (0.52), not as 1", () => {
    const d = dose(S / 2, S, CERTAIN.grantDosePeak);
    expect(d).toBeCloseTo(0.5227, 4);
    expect(innovates(S / 2, -1000 * d + 50)).toBe(1);
    expect(innovates(S / 2, -1000 * d - 50)).toBe(0);
  });
  test("three times the typical award enters as 1, not as its dose (2.4)", () => {
    expect(dose(3 * S, S, CERTAIN.grantDosePeak)).toBeGreaterThan(2);
    expect(innovates(3 * S, -950)).toBe(1);
    expect(innovates(3 * S, -1050)).toBe(0);
  });
  test("networking and commercialisation support enter their own features", () => {
    for (const [id, feature, size] of [["networking", "support_networking", CERTAIN.networkSupportSize], ["commercialisation", "support_commercialisation", CERTAIN.commSupportSize]] as const) {
      const c = handCoefs([[P_INTERCEPT, 0, -500], [P_FEATURE, F(feature), 1000]], NO_PATENTS, FLAT);
      const s = runYear(firms(CERTAIN, [{ loc: 0 }]), CERTAIN, policy({ [id]: size / 1000 }), c);
      expect(s.firm.innovated[0], id).toBe(1);
      const none = runYear(firms(CERTAIN, [{ loc: 0 }]), CERTAIN, policy({ rnd_grants: 0.2 }), c);
      expect(none.firm.innovated[0], id).toBe(0);
    }
  });
});

describe("collaboration ties", () => {
  const c = handCoefs(NEVER, NO_PATENTS, FLAT);
  /** Collaboration after a year, for a firm that did (1) or did not (0) collaborate, with the location's tie base log-odds set by hand. */
  const after = (col: number, tieBase: number, p: Structural, budget: Record<string, number> = {}) => {
    const s = firms(p, [{ loc: 0 }]);
    s.firm.collaborating[0] = col;
    s.tieBase.fill(tieBase);
    s.network.fill(0);
    return runYear(s, p, policy(budget), c, 4).firm.collaborating[0];
  };
  test("an existing tie decays with probability tieDecay (1: always, 0: never)", () => {
    expect(after(1, 0, { ...CERTAIN, tieDecay: 1 })).toBe(0);
    expect(after(1, 0, { ...CERTAIN, tieDecay: 0 })).toBe(1);
  });
  test("a new tie forms with the hazard softplus(base); networking support adds its log-odds effect × dose", () => {
    const p = { ...CERTAIN, tieNetwork: 0, networkEffect: 200 };
    expect(after(0, 100, p)).toBe(1);
    expect(after(0, -100, p)).toBe(0);
    expect(after(0, -100, p, { networking: CERTAIN.networkSupportSize / 1000 })).toBe(1);
    expect(after(0, -100, p, { rnd_grants: 0.2 })).toBe(0);
  });
});

describe("sales: the commercialisation bump and the decaying support effect (s.d. 0, no catch-up)", () => {
  const p: Structural = { ...CERTAIN, salesCatchUp: 0, supportPersistence: 0.5, commEffect: 0.8, commSalesDamping: 10 };
  const always = handCoefs([[P_INTERCEPT, 0, 500]], NO_PATENTS, FLAT);
  const size = CERTAIN.commSupportSize;
  /** Growth and the support deviation after a year of KRW `commM` m of commercialisation support, last year's deviation dv. */
  const year = (f: Firm, commM: number, dv: number, c = always) => {
    const s = firms(p, [f]);
    s.firm.salesDev[0] = dv;
    const after = runYear(s, p, policy(commM > 0 ? { commercialisation: commM / 1000 } : { rnd_grants: 0.2 }), c, 4);
    return { g: after.firm.growth[0] as number, dev: after.firm.salesDev[0] as number, threshold: after.salesScale.threshold };
  };
  test("an innovator at or below the Gibrat threshold gains commEffect / commSalesDamping × dose in log sales", () => {
    const d = dose(size, size, p.supportDosePeak);
    const r = year({ loc: 0, sales: 1 }, size, 0);
    expect(Math.log(1)).toBeLessThan(r.threshold);
    expect(r.g).toBeCloseTo(p.salesDrift + 0.08 * d, 12);
    expect(r.dev).toBeCloseTo(0.08 * d, 12);
  });
  test("above the threshold the same award buys the same KRW of sales: the rate falls as threshold ÷ sales", () => {
    const sales = 1e7;
    const r = year({ loc: 0, sales }, 2 * size, 0);
    const want = 0.08 * dose(2 * size, size, p.supportDosePeak) * Math.exp(r.threshold - Math.log(sales));
    expect(Math.log(sales)).toBeGreaterThan(r.threshold);
    expect(r.g).toBeCloseTo(p.salesDrift + want, 12);
  });
  test("no bump without innovation", () => {
    const r = year({ loc: 0, sales: 1 }, size, 0, handCoefs(NEVER, NO_PATENTS, FLAT));
    expect(r.g).toBeCloseTo(p.salesDrift, 12);
  });
  test("last year's support effect decays: ρ × dv stays in the deviation, (1 − ρ) × dv is undone in this year's growth", () => {
    const r = year({ loc: 0, sales: 1 }, 0, 0.3);
    expect(r.dev).toBeCloseTo(0.15, 12);
    expect(r.g).toBeCloseTo(p.salesDrift - 0.15, 12);
  });
  test("the support features' growth coefficients add to this year's effect", () => {
    const c = handCoefs([[P_INTERCEPT, 0, 500]], NO_PATENTS, [[P_INTERCEPT, 0, 0], [P_FEATURE, F("support_commercialisation"), 0.05]]);
    const r = year({ loc: 0, sales: 1 }, size, 0, c);
    // The growth centre subtracts the coefficient × the survey's mean support share (growthAtMeans), so compare with and without support.
    const base = year({ loc: 0, sales: 1 }, 0, 0, c);
    expect(r.g - base.g).toBeCloseTo(0.05 + 0.08 * dose(size, size, p.supportDosePeak), 12);
    expect(r.dev).toBeCloseTo(0.05 + 0.08 * dose(size, size, p.supportDosePeak), 12);
  });
});

describe("a first revenue", () => {
  const c = (innov: number) => handCoefs([[P_INTERCEPT, 0, innov]], NO_PATENTS, FLAT);
  const pre: Firm = { loc: 0, preRevenue: 1, sales: 0 };
  const first = (p: Structural, innov: number, budget: Record<string, number> = {}) => {
    const s = runYear(firms(p, [pre]), p, policy(budget), c(innov), 4);
    return { pre: s.firm.preRevenue[0], sales: s.firm.sales[0], g: s.firm.growth[0] };
  };
  const p: Structural = { ...CERTAIN, revenueBase: -100, revenueInfra: 0, revenueInnovation: 200, firstRevenue: 300, firstRevenueSpread: 0, commEffect: 200 };
  test("with a certain hazard the firm starts selling firstRevenue (spread 0), and its growth is recorded as 0", () => {
    expect(first(p, 500)).toEqual({ pre: 0, sales: 300, g: 0 });
  });
  test("innovation adds revenueInnovation to the log-odds; without it the firm stays pre-revenue", () => {
    expect(first(p, -500)).toEqual({ pre: 1, sales: 0, g: 0 });
  });
  test("commercialisation support adds its log-odds × dose", () => {
    expect(first(p, -500, { commercialisation: CERTAIN.commSupportSize / 1000 }).pre).toBe(0);
  });
});

describe("exit", () => {
  const c = handCoefs(NEVER, NO_PATENTS, FLAT);
  test("a certain exit: the firm dies, its researchers return to the talent pool, the slot is freed and counted", () => {
    const p = { ...CERTAIN, exitBase: 1 - 1e-12 };
    const s0 = firms(p, [{ loc: 0, researchers: 7 }, { loc: 1, researchers: 3 }]);
    const s = runYear(s0, p, policy({}), c, 4);
    expect(Array.from(s.firm.alive.subarray(0, 2))).toEqual([0, 0]);
    expect(s.flows.exits[0]).toBe(1);
    expect(s.flows.exits[1]).toBe(1);
    expect(s.nFree).toBe(2);
    expect(Array.from(s.free.subarray(0, 2))).toEqual([0, 1]);
    // The pool is the one the same year leaves without the exit, plus the leaver's researchers (after turnover and hires).
    const t = runYear(firms(CERTAIN, [{ loc: 0, researchers: 7 }, { loc: 1, researchers: 3 }]), CERTAIN, policy({}), c, 4);
    expect(s.firm.researchers[0] as number).toBeGreaterThan(6);
    for (const l of [0, 1]) expect((s.talent[l] as number) - (t.talent[l] as number)).toBeCloseTo(s.firm.researchers[l] as number, 9);
  });
  test("survivors age by a year; no exit with a base of 10⁻¹²", () => {
    const s = runYear(firms(CERTAIN, [{ loc: 0, age: 4 }, { loc: 2, age: 0 }]), CERTAIN, policy({}), c, 4);
    expect(Array.from(s.firm.age.subarray(0, 2))).toEqual([5, 1]);
    expect(Array.from(s.flows.exits).every((v) => v === 0)).toBe(true);
    expect(s.nFree).toBe(0);
    expect(NLOC).toBeGreaterThan(2);
  });
});

describe("entry: the population ceiling, slots, and what an entrant starts with", () => {
  const c = handCoefs(NEVER, NO_PATENTS, FLAT);
  const SECTOR_3 = [0, 0, 0, 1, 1, 1, 1];
  /**
   * A year with an entry rate so high that the population ceiling decides the count: location 0 has room for
   * `room` firms beyond last year's count less this year's exits, every other location none. Firms with negative
   * cash exit (exitCash 60 on a base of 10⁻¹²).
   */
  function entryYear(list: Firm[], room: number, cum: number[], edit?: (s: ReturnType<typeof firms>) => void, budget: Record<string, number> = {}) {
    const p: Structural = { ...CERTAIN, entryRate: 1e4, exitBase: 1e-12, exitCash: 60 };
    const s = firms(p, list);
    for (let l = 0; l < NLOC; l++) s.flows.firms[l] = POPULATION_CEILING_MULTIPLE * (setup.base.firms[l] as number) - (l === 0 ? room : 0);
    for (let k = 0; k < SECTORS.length; k++) s.sectorCum[k] = cum[k] as number;
    edit?.(s);
    const before = { n: s.n, cap: s.cap };
    runYear(s, p, policy(budget), c);
    return { s, p, before };
  }
  test("the count fills the room left under POPULATION_CEILING_MULTIPLE × the base-year firms, exits freeing room; freed slots are reused first", () => {
    // R&D grants for all three firms (certain awards), so the freed slots held support when their firms left.
    const { s, before } = entryYear([{ loc: 0, cash: -1e9 }, { loc: 0, cash: -1e9 }, { loc: 1 }], 3, SECTOR_3, undefined, { rnd_grants: 0.3 });
    expect(s.firm.support[2 * s.fx.nFirm]).toBeCloseTo(100, 9); // the survivor's award: a third of the budget
    expect(s.flows.exits[0]).toBe(2);
    expect(s.flows.entries[0]).toBe(5);
    expect(Array.from(s.flows.entries).reduce((a, b) => a + b, 0)).toBe(5);
    // Slots 1 and 0 (the free stack, last freed first), then new slots 3, 4, 5.
    expect(s.n).toBe(before.n + 3);
    expect(s.nFree).toBe(0);
    // Entrant e's id is (e, entrantIdHigh): entrants 0 and 1 in slots 1 and 0, 2 … 4 in slots 3 … 5.
    expect([0, 1, 3, 4, 5].map((i) => s.firm.idLo[i])).toEqual([1, 0, 2, 3, 4]);
    expect([s.firm.idLo[2], s.firm.idHi[2]]).toEqual([2, 0]); // the surviving base-year firm keeps its slot and id
    for (const i of [0, 1, 3, 4, 5]) expect(s.firm.idHi[i]).toBe(entrantIdHigh(0, 1));
    // An entrant in a freed slot starts without its predecessor's support.
    for (const i of [0, 1]) {
      expect(s.firm.supportBits[i]).toBe(0);
      for (let j = 0; j < s.fx.nFirm; j++) expect(s.firm.support[i * s.fx.nFirm + j], `slot ${i}, instrument ${j}`).toBe(0);
    }
  });
  test("an entrant is a copy of a donor of its sector (drawn from the location's sector shares), age 0, with the entry values reset and cash in its band", () => {
    const { s, p } = entryYear([{ loc: 0 }], 4, SECTOR_3);
    const dn = setup.donors;
    const ds = Array.from(setup.donorsBySector[3] as Int32Array);
    let entrants = 0;
    for (let i = 1; i < s.n; i++) {
      entrants++;
      expect(s.firm.alive[i]).toBe(1);
      expect(s.firm.sector[i]).toBe(3);
      expect(s.firm.loc[i]).toBe(0);
      expect(s.firm.age[i]).toBe(0);
      const d = ds.find((k) => dn.employees[k] === s.firm.employees[i] && dn.researchers[k] === s.firm.researchers[i] && dn.rnd[k] === s.firm.rnd[i] && dn.exporter[k] === s.firm.exporter[i] && dn.preRevenue[k] === s.firm.preRevenue[i]);
      expect(d, `entrant ${i} matches no sector-3 donor`).toBeDefined();
      expect(s.firm.sales[i]).toBe(s.firm.preRevenue[i] === 1 ? 0 : dn.sales[d as number]);
      for (const col of [s.firm.collaborating, s.firm.innovated, s.firm.patents, s.firm.supportBits, s.firm.fundedAmt, s.firm.need, s.firm.vacancy, s.firm.growth, s.firm.salesDev, s.firm.newPatents]) expect(col[i]).toBe(0);
      for (let j = 0; j < s.fx.nFirm; j++) expect(s.firm.support[i * s.fx.nFirm + j]).toBe(0);
      const burn = (s.firm.rnd[i] as number) + p.overheadPerEmployee * (s.firm.employees[i] as number) - p.margin * (s.firm.sales[i] as number);
      const base = Math.max(burn, dn.fundingObtained[d as number] as number, p.startingCashFloor);
      expect(s.firm.cash[i] as number).toBeGreaterThanOrEqual(base * (1 - p.startingCashSpread) - 1e-9);
      expect(s.firm.cash[i] as number).toBeLessThanOrEqual(base * (1 + p.startingCashSpread) + 1e-9);
    }
    expect(entrants).toBe(4);
  });
  test("sector shares that never exceed the uniform give the last sector (the search stops at its end)", () => {
    const { s } = entryYear([{ loc: 0 }], 2, [0, 0, 0, 0, 0, 0, 0]);
    expect(Array.from(s.firm.sector.subarray(1, 3))).toEqual([SECTORS.length - 1, SECTORS.length - 1]);
  });
  test("entry beyond the allocated slots doubles the capacity and keeps every firm's columns", () => {
    const { s, before } = entryYear([{ loc: 1, employees: 33, rnd: 77 }], 3, SECTOR_3, (s) => {
      s.n = s.cap - 1; // slots 1 … cap − 2 are dead: the next entrant takes the last slot, the one after grows the arrays
    });
    expect(s.cap).toBe(2 * before.cap);
    expect(s.n).toBe(before.cap + 2);
    expect(s.firm.employees.length).toBe(2 * before.cap);
    expect(s.firm.support.length).toBe(2 * before.cap * s.fx.nFirm);
    expect(s.carry.length).toBe(4 * before.cap);
    expect(s.free.length).toBe(2 * before.cap);
    expect(s.firm.employees[0]).toBeGreaterThan(30); // the base-year firm, grown with its sales
    expect(s.firm.loc[0]).toBe(1);
    for (const i of [before.cap - 1, before.cap, before.cap + 1]) {
      expect(s.firm.alive[i]).toBe(1);
      expect(s.firm.sector[i]).toBe(3);
    }
  });
});
