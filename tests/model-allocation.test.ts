/**
 * Analytic checks of how policy money reaches firms (issue 18), on hand-built states of one to three firms: the
 * targeting weights' normalisation with national instruments' cluster share, the allocation rule of firm-level
 * instruments (selection probability min(1, z^ε × coverage × N × ω), amount min(cap, z^(1−ε) × S × ν), z solving
 * expected spending = budget), the reallocation of money an instrument cannot place, the year's exit, tie and
 * first-revenue tables, the dose, talent rationing at its edges, the coefficient tables and the firm-type index.
 * Every expected value is computed here from the formula docs/model.md states, never read back from a run.
 * No simulation runs: each test is a few microseconds of arithmetic (these tests are in the model's mutation set).
 */
import { describe, expect, test } from "vitest";
import type { State, YearPolicy } from "../src/model/engine";
import { placeBudgets, revenueHazard, softplus, yearTables } from "../src/model/allocate";
import { budgetFor, dose, instrumentEffects, checkInstrumentTable, INSTRUMENT_TABLE, type InstrumentSpec } from "../src/model/instruments";
import { rationTalent, unfilledAfter } from "../src/model/talent";
import { makeCoefs, interactionSum } from "../src/model/coefs";
import { N_CELLS, N_TYPES, NF, NX, P_ALPHA, P_FEATURE, P_INTERACTION, P_INTERCEPT, P_SECTOR, X_ONE, X_SECTOR, X_SIZE, typeIndex, type Equation } from "../src/model/features";
import { DEFAULT_STRUCTURAL, type Structural } from "../src/model/params";
import { logistic } from "../src/random";
import { SECTORS } from "../src/data/constants";
import { firms, ID, NI, NLOC, OUT, policy, runPhases, type Firm } from "./model-hand-state";

/** Runs the year's first phase (needs, weights, allocation) on the state. */
const allocateYear = (s: State, p: Structural, pol: YearPolicy): State => runPhases(s, p, pol, 1);

/** The coverage weight of firm i for firm-level instrument j (its selection probability at z = 1). */
const q = (s: State, i: number, j: number) => s.cellAmount[((s.firm.loc[i] as number) * N_CELLS + (s.firm.ftype[i] as number)) * s.fx.nFirm + j] as number;

const P: Structural = { ...DEFAULT_STRUCTURAL, grantNeedElasticity: 0 };
const G = 0; // R&D grants: firm-level instrument 0
const S = P.grantSize;
const COV = P.grantCoverage;

describe("the allocation rule of a firm-level instrument (R&D grants, two cluster firms)", () => {
  const two: Firm[] = [{ loc: 0, age: 2, employees: 10 }, { loc: 0, sector: 3, age: 12, employees: 400 }];
  /** The budget (KRW bn) that buys the 2018 policy for n equally weighted firms: coverage × n firms × the typical award. */
  const at2018 = (n: number) => (COV * n * S) / 1000;

  test("each firm's coverage weight is coverage × eligible firms × its share of the weight; the 2018 budget gives z = 1", () => {
    const s = allocateYear(firms(P, two), P, policy({ rnd_grants: at2018(2) }));
    expect(s.polN[ID.rnd_grants!]).toBe(2);
    expect(s.polScale[ID.rnd_grants! * NLOC]).toBe(0.5);
    expect(q(s, 0, G)).toBeCloseTo(COV, 14);
    expect(q(s, 1, G)).toBeCloseTo(COV, 14);
    expect(s.allocCov[G]).toBeCloseTo(1, 12);
    expect(s.allocAmt[G]).toBeCloseTo(1, 12);
    expect(s.budgetNow[ID.rnd_grants!]).toBe(at2018(2));
    // Instruments without money select nobody.
    expect(s.allocCov[1]).toBe(0);
    expect(s.allocAmt[1]).toBe(0);
  });

  test("four times the 2018 budget: z = 4, so coverage and amount each double (coverageElasticity ½), and expected spending is the budget", () => {
    const s = allocateYear(firms(P, two), P, policy({ rnd_grants: 4 * at2018(2) }));
    expect(s.allocCov[G]).toBeCloseTo(2, 11);
    expect(s.allocAmt[G]).toBeCloseTo(2, 11);
    const spend = [0, 1].reduce((a, i) => a + Math.min(1, (s.allocCov[G] as number) * q(s, i, G)) * Math.min(P.awardCap * S, (s.allocAmt[G] as number) * S), 0);
    expect(spend).toBeCloseTo(1000 * 4 * at2018(2), 8);
  });

  test("with coverageElasticity 0.2 the intensity goes to the amount: z^0.2 and z^0.8", () => {
    const p = { ...P, coverageElasticity: 0.2 };
    const s = allocateYear(firms(p, two), p, policy({ rnd_grants: 3 * at2018(2) }));
    expect(s.allocCov[G]).toBeCloseTo(Math.pow(3, 0.2), 11);
    expect(s.allocAmt[G]).toBeCloseTo(Math.pow(3, 0.8), 11);
  });

  test("targeting weight 3 for the start-up's cell: it gets three quarters of the expected money, exactly", () => {
    const s0 = firms(P, two);
    const pol = policy({ rnd_grants: at2018(2) }, { typeW: (k, cell) => (k === ID.rnd_grants && cell % N_TYPES === typeIndex(0, 10, 2) ? 3 : 1) });
    const s = allocateYear(s0, P, pol);
    expect(q(s, 0, G)).toBeCloseTo(COV * 2 * 0.75, 14);
    expect(q(s, 1, G)).toBeCloseTo(COV * 2 * 0.25, 14);
    expect(s.allocCov[G]).toBeCloseTo(1, 12); // the same total weight buys the same intensity
  });

  test("a selection probability reaches 1 and stops there: z solves the budget identity with the cap on coverage", () => {
    // Weight 9:1, budget 4× the 2018 one: the start-up's z^½ × 0.612 would be 1.22 at z = 4, so it is certain and
    // z^½ solves 0.068 y² + y − 2.72 = 0 (y = 2.3458…, below the amount cap of 3).
    const pol = policy({ rnd_grants: 4 * at2018(2) }, { typeW: (k, cell) => (k === ID.rnd_grants && cell % N_TYPES === typeIndex(0, 10, 2) ? 9 : 1) });
    const s = allocateYear(firms(P, two), P, pol);
    const zc = s.allocCov[G] as number, za = s.allocAmt[G] as number;
    expect(zc * q(s, 0, G)).toBeGreaterThan(1);
    expect(zc * q(s, 1, G)).toBeLessThan(1);
    // Budget identity by hand: (1 + zc q₁) × za × S = budget, with zc = za = √z.
    expect((1 + zc * q(s, 1, G)) * za * S).toBeCloseTo(1000 * 4 * at2018(2), 8);
    expect(zc).toBeCloseTo(za, 12);
    expect(zc).toBeCloseTo((-1 + Math.sqrt(1 + 4 * 0.068 * 2.72)) / (2 * 0.068), 10);
  });

  test("need elasticity: amounts scale with R&D^ε normalised to a weighted mean of 1, and expected spending is still the budget", () => {
    const p = { ...P, grantNeedElasticity: 0.5 };
    const list: Firm[] = [{ loc: 0, rnd: 16 }, { loc: 0, rnd: 64 }, { loc: 0, rnd: 0.25 }]; // the floor (rndFloor 1) lifts the last one to 1
    const s = allocateYear(firms(p, list), p, policy({ rnd_grants: 0.5 * at2018(3) }));
    const nu = [4, 8, 1].map((v) => v / ((4 + 8 + 1) / 3));
    expect(s.allocNeed[G]).toBeCloseTo(3 / 13, 14);
    let spend = 0;
    for (let i = 0; i < 3; i++) spend += Math.min(1, (s.allocCov[G] as number) * q(s, i, G)) * Math.min(p.awardCap * S, (s.allocAmt[G] as number) * S * (nu[i] as number));
    expect(spend).toBeCloseTo(1000 * 0.5 * at2018(3), 8);
    expect(s.allocCov[G]).toBeCloseTo(Math.sqrt(0.5), 11); // no cap binds: spending is linear in z
  });

  test("a budget beyond every eligible firm at the cap (awardCap × S) cannot be placed: z stays at its bracket's end and the excess is saved without reallocation", () => {
    const s = allocateYear(firms(P, two), P, policy({ rnd_grants: 10 }, { reallocate: false }));
    expect(s.allocCov[G]).toBeCloseTo(Math.exp(20), 0);
    expect(s.allocAmt[G]).toBeCloseTo(Math.exp(20), 0);
    expect(s.budgetNow[ID.rnd_grants!]).toBe(10);
    expect(Array.from(s.realloc)).toEqual(new Array(NI).fill(0));
  });
});

describe("national instruments: the cluster share splits the money between cluster firms and firms outside clusters", () => {
  const inOut: Firm[] = [{ loc: 0 }, { loc: OUT }];
  test("cluster share 0.3: the cluster firm gets 0.3 of the weight, the outside firm 0.7", () => {
    const s = allocateYear(firms(P, inOut), P, policy({ rnd_grants: 0.1 }, { clusterShare: { rnd_grants: 0.3 } }));
    expect(q(s, 0, G)).toBeCloseTo(COV * 2 * 0.3, 14);
    expect(q(s, 1, G)).toBeCloseTo(COV * 2 * 0.7, 14);
    expect(s.polW[ID.rnd_grants!]).toBeCloseTo(1, 14);
  });
  test("no cluster share (a cluster-only instrument): the outside firm gets nothing and is not counted", () => {
    const s = allocateYear(firms(P, inOut), P, policy({ rnd_grants: 0.1 }));
    expect(q(s, 0, G)).toBeCloseTo(COV, 14);
    expect(q(s, 1, G)).toBe(0);
    expect(s.polN[ID.rnd_grants!]).toBe(1);
  });
  test("one side without eligible firms: all the money goes to the other, unless the share gives it exactly nothing", () => {
    const onlyOut = allocateYear(firms(P, [{ loc: OUT }]), P, policy({ rnd_grants: 0.1 }, { clusterShare: { rnd_grants: 0.3 } }));
    expect(q(onlyOut, 0, G)).toBeCloseTo(COV, 14);
    const onlyIn = allocateYear(firms(P, [{ loc: 0 }]), P, policy({ rnd_grants: 0.1 }, { clusterShare: { rnd_grants: 0.3 } }));
    expect(q(onlyIn, 0, G)).toBeCloseTo(COV, 14);
    const shareOne = allocateYear(firms(P, [{ loc: OUT }]), P, policy({ rnd_grants: 0.1 }, { clusterShare: { rnd_grants: 1 } }));
    expect(q(shareOne, 0, G)).toBe(0);
    expect(shareOne.polW[ID.rnd_grants!]).toBe(0);
    const shareZero = allocateYear(firms(P, [{ loc: 0 }]), P, policy({ rnd_grants: 0.1 }, { clusterShare: { rnd_grants: 0 } }));
    expect(q(shareZero, 0, G)).toBe(0);
  });
});

describe("money an instrument cannot place moves to the mix's other firm-level and national instruments", () => {
  const two: Firm[] = [{ loc: 0 }, { loc: 0, sector: 2 }];
  const cap = (P.awardCap * S * 2) / 1000; // R&D grants' limit: both firms at the cap (KRW bn)
  const netCap = (P.awardCap * P.networkSupportSize * 2) / 1000;
  test("the excess goes to talent and finance in proportion to their budgets; infrastructure gets none; the net moves sum to zero", () => {
    const s = allocateYear(firms(P, two), P, policy({ rnd_grants: 2, talent: 1, finance: 3, infrastructure: 1 }));
    const excess = 2 - cap;
    expect(s.budgetNow[ID.rnd_grants!]).toBeCloseTo(cap, 12);
    expect(s.budgetNow[ID.talent!]).toBeCloseTo(1 + excess / 4, 12);
    expect(s.budgetNow[ID.finance!]).toBeCloseTo(3 + (3 * excess) / 4, 12);
    expect(s.budgetNow[ID.infrastructure!]).toBe(1);
    expect(s.realloc[ID.rnd_grants!]).toBeCloseTo(-excess, 12);
    expect(s.realloc[ID.talent!]).toBeCloseTo(excess / 4, 12);
    expect(s.realloc[ID.infrastructure!]).toBe(0);
    expect(Array.from(s.realloc).reduce((a, b) => a + b, 0)).toBeCloseTo(0, 12);
  });
  test("a receiver that reaches its own limit passes the rest on in the next round", () => {
    const s = allocateYear(firms(P, two), P, policy({ rnd_grants: 2, networking: 0.06, talent: 0.06 }));
    const excess = 2 - cap;
    expect(s.budgetNow[ID.networking!]).toBeCloseTo(netCap, 12);
    expect(s.budgetNow[ID.talent!]).toBeCloseTo(0.06 + excess - (netCap - 0.06), 12);
    expect(s.realloc[ID.networking!]).toBeCloseTo(netCap - 0.06, 12);
  });
  test("with nowhere to go the excess is saved: the donor is cut to its limit and nothing is recorded as moved", () => {
    const s = allocateYear(firms(P, two), P, policy({ rnd_grants: 2, infrastructure: 1 }));
    expect(s.budgetNow[ID.rnd_grants!]).toBeCloseTo(cap, 12);
    expect(Array.from(s.realloc).every((v) => v === 0)).toBe(true);
  });
  test("placeBudgets on its own: a partly placed excess is charged to the donor in proportion to the part placed", () => {
    // Two firm-level instruments by hand: 0 over its limit by 4, 1 with room for 1; no national instrument.
    const fx = { ...instrumentEffects(INSTRUMENT_TABLE, P), n: 2, firmOf: Int32Array.from([0, 1]), national: Uint8Array.from([0, 0]) };
    const s = { fx, budgetNow: new Float64Array(2), realloc: new Float64Array(2), allocAmt: Float64Array.from([1, 3]), polW: Float64Array.from([1, 1]) } as unknown as State;
    placeBudgets(s, { budget: Float64Array.from([5, 2]), reallocate: true } as unknown as YearPolicy);
    expect(Array.from(s.budgetNow)).toEqual([1, 3]);
    expect(s.realloc[1]).toBe(1);
    expect(s.realloc[0]).toBeCloseTo(-1, 14); // −4 × (1 placed of 4)
  });
});

describe("the funding need and the policy cells", () => {
  test("need: fundingHorizon years of net burn less cash when cash is below a year's burn; the need puts a firm in the constrained half of the cells", () => {
    const burn = (r: number, e: number, sales: number) => r + P.overheadPerEmployee * e - P.margin * sales;
    const list: Firm[] = [
      { loc: 0, rnd: 100, employees: 10, sales: 100, cash: 50 }, // burn 230 > cash 50: need 1.5 × 230 − 50
      { loc: 0, rnd: 100, employees: 10, sales: 100, cash: 230 }, // cash exactly a year's burn: no need
      { loc: 0, rnd: 10, employees: 10, sales: 10000, cash: -5 }, // negative burn: no need, even with negative cash
    ];
    const s = allocateYear(firms(P, list), P, policy({}));
    expect(burn(100, 10, 100)).toBe(230);
    expect(s.firm.need[0]).toBeCloseTo(1.5 * 230 - 50, 12);
    expect(s.firm.need[1]).toBe(0);
    expect(s.firm.need[2]).toBe(0);
    expect(s.firm.ftype[0]).toBe(typeIndex(0, 10, 10) + N_TYPES);
    expect(s.firm.ftype[1]).toBe(typeIndex(0, 10, 10));
    expect(s.flows.unfunded[0]).toBeCloseTo(1.5 * 230 - 50, 12);
    expect(s.cellCount[typeIndex(0, 10, 10)]).toBe(2);
    expect(s.cellCount[typeIndex(0, 10, 10) + N_TYPES]).toBe(1);
  });
});

describe("the year's tables: exit probabilities, tie and first-revenue hazards", () => {
  const p: Structural = { ...DEFAULT_STRUCTURAL, exitBase: 0.05, exitCash: 1.1, exitYoung: 0.4, exitFalling: 0.3, exitInfra: 0.7, infraNoResearchShare: 0.25 };
  /** The tables of a one-firm state with hand-set infrastructure scores, densities and tie bases (built inside each test, so Stryker's per-test coverage sees the code run for it). */
  const tables = () => {
    const s = firms(p, [{ loc: 0 }]);
    for (let l = 0; l < NLOC; l++) {
      s.infraScore[l] = 0.1 + 0.05 * l;
      s.network[l] = 0.02 * l;
      s.tieBase[l] = -2 + 0.1 * l;
    }
    yearTables(s, p);
    return s;
  };
  const W1 = INSTRUMENT_TABLE.filter((t) => t.level === "firm").length + 1;
  test("exit: logistic(log-odds of exitBase + each flag's effect − infrastructure's, a firm without researchers getting infraNoResearchShare of it)", () => {
    const s = tables();
    for (let l = 0; l < NLOC; l++)
      for (let k = 0; k < 16; k++) {
        const logOdds = Math.log(0.05 / 0.95) + (k & 1 ? 1.1 : 0) + (k & 2 ? 0.4 : 0) + (k & 4 ? 0.3 : 0) - (k & 8 ? 1 : 0.25) * 0.7 * (s.infraScore[l] as number);
        expect(s.pExit[l * 16 + k], `location ${l}, case ${k}`).toBeCloseTo(logistic(logOdds), 14);
      }
  });
  test("ties: 1 − exp(−hazard) is the logistic of the base log-odds; a typical award of instrument j adds exactly its log-odds effect", () => {
    const s = tables();
    for (let l = 0; l < NLOC; l++) {
      const tb = (s.tieBase[l] as number) + p.tieNetwork * (s.network[l] as number);
      const h = s.pTie[l * W1] as number;
      expect(1 - Math.exp(-h)).toBeCloseTo(logistic(tb), 14);
      for (let j = 0; j < s.fx.nFirm; j++) expect(1 - Math.exp(-h - (s.pTie[l * W1 + 1 + j] as number))).toBeCloseTo(logistic(tb + (s.fx.tieOdds[j] as number)), 14);
    }
    expect(s.pTie[1 + 1]).toBeGreaterThan(0); // networking (j = 1) has an effect
  });
  test("first revenue: base + innovation + infrastructure (full with in-house research, the share without), per instrument its log-odds", () => {
    const s = tables();
    for (let l = 0; l < NLOC; l++)
      for (let r = 0; r < 2; r++)
        for (let k = 0; k < 2; k++) {
          const rb = p.revenueBase + (k === 1 ? p.revenueInnovation : 0) + (r === 1 ? 1 : 0.25) * p.revenueInfra * (s.infraScore[l] as number);
          const o = ((l * 2 + r) * 2 + k) * W1;
          expect(1 - Math.exp(-(s.pRevenue[o] as number)), `l ${l} r ${r} k ${k}`).toBeCloseTo(logistic(rb), 14);
          for (let j = 0; j < s.fx.nFirm; j++) expect(1 - Math.exp(-(s.pRevenue[o] as number) - (s.pRevenue[o + 1 + j] as number))).toBeCloseTo(logistic(rb + (s.fx.revenueOdds[j] as number)), 14);
        }
  });
  test("revenueHazard: the base plus each paid instrument's dose × its hazard; unpaid instruments add nothing", () => {
    const tab = Float64Array.from([9, 0.5, 0.25, 2, 0.1, 0.2, 0.3, 0.4]); // offset 4: base 0.1, κ = 0.2, 0.3, 0.4
    const size = Float64Array.from([100, 10, 50]);
    const peak = Float64Array.from([6, 8, 8]);
    const support = Float64Array.from([0, 0, 0, 200, 0, 50]); // firm 1: 200 of instrument 0, 50 of instrument 2
    const want = 0.1 + 0.2 * dose(200, 100, 6) + 0.4 * dose(50, 50, 8);
    expect(revenueHazard(tab, 4, support, 1, 3, 0b101, size, peak)).toBeCloseTo(want, 14);
    expect(revenueHazard(tab, 4, support, 1, 3, 0, size, peak)).toBe(0.1);
    expect(revenueHazard(tab, 4, support, 0, 3, 0b1, size, peak)).toBe(0.1);
  });
  test("softplus is log(1 + e^x) without overflow: log 2 at 0, softplus(x) − softplus(−x) = x, finite at ±800", () => {
    expect(softplus(0)).toBe(Math.LN2);
    for (const x of [1e-3, 0.5, 3, 30, 300]) {
      expect(softplus(x) - softplus(-x)).toBeCloseTo(x, 12);
      expect(softplus(-x)).toBeCloseTo(Math.log1p(Math.exp(-x)), 14);
    }
    expect(softplus(800)).toBe(800);
    expect(softplus(-800)).toBe(0);
    expect(softplus(-30)).toBeCloseTo(Math.exp(-30), 25);
  });
});

describe("the dose, the budget path and the instrument table's limits", () => {
  test("dose r(2P − r)/(2P − 1) with r = a / S: 1 at the typical award, 0 at 0 or without an award size", () => {
    expect(dose(100, 100, 6)).toBe(1);
    expect(dose(200, 100, 6)).toBeCloseTo((2 * 10) / 11, 14);
    expect(dose(50, 100, 8)).toBeCloseTo((0.5 * 15.5) / 15, 14);
    expect(dose(0, 100, 6)).toBe(0);
    expect(dose(-5, 100, 6)).toBe(0);
    expect(dose(100, 0, 6)).toBe(0);
    expect(dose(Number.NaN, 100, 6)).toBe(0);
  });
  test("budgetFor: a number every year; a path year by year, its last value repeating", () => {
    expect(budgetFor(7, 1)).toBe(7);
    expect(budgetFor(7, 30)).toBe(7);
    expect([1, 2, 3, 4, 9].map((t) => budgetFor([10, 20, 30], t))).toEqual([10, 20, 30, 30, 30]);
  });
  test("a table may have at most 8 firm-level instruments (supportBits has 8 bits)", () => {
    const firm = (n: number): InstrumentSpec => ({ id: `f${n}`, label: "f", level: "firm", demand: "rnd", surveyColumn: null, feature: null, awardSize: 10, coverage: 0.1, dosePeak: 8, effects: [{ on: "tieOdds", logOdds: 1 }], aliases: [] });
    expect(() => checkInstrumentTable(Array.from({ length: 8 }, (_, n) => firm(n)))).not.toThrow();
    expect(() => checkInstrumentTable(Array.from({ length: 9 }, (_, n) => firm(n)))).toThrow(/at most 8 firm-level instruments/);
    expect(() => checkInstrumentTable([firm(0), { ...firm(1), aliases: ["f0"] }])).toThrow(/"f0" is used twice/);
    // Two effects on the same channel add; a fixed number is a magnitude too.
    const e = instrumentEffects([{ ...firm(0), needElasticity: 0.3, effects: [{ on: "tieOdds", logOdds: 1 }, { on: "tieOdds", logOdds: 0.5 }, { on: "innovatorSalesGrowth", value: 0.6, divisor: 4 }, { on: "innovatorSalesGrowth", value: 0.2, divisor: 2 }] }], P);
    expect(e.tieOdds[0]).toBe(1.5);
    expect(e.growthBump[0]).toBeCloseTo(0.25, 15);
    expect(e.needElasticity[0]).toBe(0.3);
    expect(e.dosePeak[0]).toBe(8);
    expect(Array.from(e.firmOf)).toEqual([0]);
  });
});

describe("talent rationing at its edges", () => {
  const ration = (T: number, v: number[], ws: number, wm: number, o = 0) => {
    const V = new Float64Array(o + 3);
    V.set(v, o);
    const r = new Float64Array(o + 3);
    const hires = rationTalent(T, V, r, o, ws, wm);
    return { r: Array.from(r.subarray(o)), hires, unfilled: unfilledAfter(V, r, o) };
  };
  test("a pool exactly equal to the vacancies fills them all; no vacancies give ratios 0 and no hires", () => {
    expect(ration(100, [40, 20, 40], 0.5, 0.75)).toEqual({ r: [1, 1, 1], hires: 100, unfilled: 0 });
    expect(ration(5, [0, 0, 0], 0.5, 0.75)).toEqual({ r: [0, 0, 0], hires: 0, unfilled: 0 });
  });
  test("priorities above 1: small firms fill completely first, the rest is shared by medium and large (offset 3)", () => {
    // θ (10·3 + 20·1.5 + 30) = 40 → θ = 4/9: small 3θ = 4/3 > 1 saturates; then θ (20·1.5 + 30) = 30 → 0.5: medium 0.75, large 0.5.
    // (Without the saturation small would keep θ = 4/9 for the others and 3.3 researchers would go unhired.)
    const { r, hires, unfilled } = ration(40, [10, 20, 30], 3, 1.5, 3);
    expect(r[0]).toBe(1);
    expect(r[1]).toBeCloseTo(0.75, 14);
    expect(r[2]).toBeCloseTo(0.5, 14);
    expect(hires).toBeCloseTo(40, 12);
    expect(unfilled).toBeCloseTo(20, 12);
  });
  test("medium firms saturate alone: the pool's rest is shared by small and large at their priorities", () => {
    // Medium need 1 at priority 10; θ (10·1 + 1·10 + 10) = 12 → θ = 0.4: medium 4 ≥ 1 saturates; then θ (10 + 10) = 11 → 0.55.
    const { r, hires } = ration(12, [10, 1, 10], 1, 10);
    expect(r[1]).toBe(1);
    expect(r[0]).toBeCloseTo(0.55, 14);
    expect(r[2]).toBeCloseTo(0.55, 14);
    expect(hires).toBeCloseTo(12, 12);
  });
  test("an empty pool fills nothing; a class without vacancies does not saturate (its share stays min(1, θ w))", () => {
    expect(ration(0, [10, 5, 5], 0.5, 0.75)).toEqual({ r: [0, 0, 0], hires: 0, unfilled: 20 });
    // θ × 10 × 0.5 = 5 → θ = 1: small 0.5; medium and large have no vacancies, their shares are θ w: 0.75 and 1.
    const { r, hires } = ration(5, [10, 0, 0], 0.5, 0.75);
    expect(r).toEqual([0.5, 0.75, 1]);
    expect(hires).toBe(5);
  });
});

describe("the coefficient tables and the firm-type index", () => {
  /** An equation by hand: names, kinds, targets and one value each. */
  function eq(model: Equation["model"], terms: Array<[number, number, number]>, sigma = 0): Equation {
    return {
      model, outcome: "y", names: terms.map((_, i) => `t${i}`), estimate: Float64Array.from(terms, (t) => t[2]), chol: new Float64Array(terms.length * terms.length),
      kind: Int8Array.from(terms, (t) => t[0]), target: Int32Array.from(terms, (t) => t[1]), sigma, diagonalCov: true,
    };
  }
  const eqs = [
    eq("logit", [[P_INTERCEPT, 0, -1.5], [P_FEATURE, 3, 0.4], [P_FEATURE, 0, 0], [P_SECTOR, 2, 0.7], [P_INTERACTION, 4 * NX + X_SECTOR + 2, 0.25]]),
    eq("negbin", [[P_INTERCEPT, 0, 0.3], [P_FEATURE, 1, -0.2], [P_FEATURE, 5, 0.9], [P_ALPHA, 0, 1e-9], [P_INTERACTION, X_ONE * NX + X_SIZE + 1, -0.6]]),
    eq("ols", [[P_INTERCEPT, 0, 0.02], [P_SECTOR, 6, -0.1], [P_INTERACTION, 0 * NX + 1, 2], [P_INTERACTION, 7 * NX + 8, 3]], 0.7),
  ];
  /** Built inside each test, so Stryker's per-test coverage sees makeCoefs run for it. */
  const coefs = () => makeCoefs(eqs, eqs.map((e) => e.estimate));
  test("intercepts, features, sectors and the active feature lists per equation", () => {
    const c = coefs();
    expect(Array.from(c.intercept)).toEqual([-1.5, 0.3, 0.02]);
    expect(c.feat[3]).toBe(0.4);
    expect(c.feat[NF + 1]).toBe(-0.2);
    expect(c.feat[NF + 5]).toBe(0.9);
    expect(c.sector[2]).toBe(0.7);
    expect(c.sector[2 * SECTORS.length + 6]).toBe(-0.1);
    expect(Array.from(c.nActive)).toEqual([1, 2, 0]); // a zero coefficient is not active
    expect(Array.from(c.active.subarray(0, 1))).toEqual([3]);
    expect(Array.from(c.active.subarray(NF, NF + 2))).toEqual([1, 5]);
    expect(c.alpha).toBe(1e-6); // NB2's α floored
    expect(c.sigma).toBe(0.7);
  });
  test("interaction terms: factor pairs decoded from a × NX + b, grouped per equation, and summed over a filled factor vector", () => {
    const c = coefs();
    expect(Array.from(c.interStart)).toEqual([0, 1, 2, 4]);
    expect(Array.from(c.interA)).toEqual([4, X_ONE, 0, 7]);
    expect(Array.from(c.interB)).toEqual([X_SECTOR + 2, X_SIZE + 1, 1, 8]);
    expect(c.xf[X_ONE]).toBe(1);
    c.xf.fill(0);
    c.xf[X_ONE] = 1;
    c.xf[4] = 2; c.xf[X_SECTOR + 2] = 1; c.xf[X_SIZE + 1] = 1; c.xf[0] = 3; c.xf[1] = 5; c.xf[7] = 0.5; c.xf[8] = 4;
    expect(interactionSum(c, 0)).toBe(0.25 * 2);
    expect(interactionSum(c, 1)).toBe(-0.6);
    expect(interactionSum(c, 2)).toBe(2 * 15 + 3 * 2);
  });
  test("a Poisson patents equation has α 0; a larger α is kept", () => {
    const pois = makeCoefs([eqs[0]!, eq("poisson", [[P_INTERCEPT, 0, 1]]), eqs[2]!], [eqs[0]!.estimate, Float64Array.of(1), eqs[2]!.estimate]);
    expect(pois.alpha).toBe(0);
    const nb = makeCoefs(eqs, [eqs[0]!.estimate, Float64Array.from([0.3, -0.2, 0.9, 0.8, -0.6]), eqs[2]!.estimate]);
    expect(nb.alpha).toBe(0.8);
  });
  test("typeIndex: sector × 6 + size class × 2 + stage, start-ups below age 7, size classes at 50 and 300 employees", () => {
    expect(typeIndex(0, 49.9, 6.9)).toBe(0);
    expect(typeIndex(0, 49.9, 7)).toBe(1);
    expect(typeIndex(0, 50, 0)).toBe(2);
    expect(typeIndex(2, 300, 12)).toBe(2 * 6 + 4 + 1);
    expect(typeIndex(SECTORS.length - 1, 299.9, 3)).toBe((SECTORS.length - 1) * 6 + 2);
  });
});

describe("targeting weight 0 excludes a firm type", () => {
  test("the excluded cell's firm has no coverage and is not counted among the eligible; the other takes the whole weight", () => {
    const two: Firm[] = [{ loc: 0, age: 2, employees: 10 }, { loc: 0, sector: 3, age: 12, employees: 400 }];
    const startup = typeIndex(0, 10, 2);
    const pol = policy({ rnd_grants: 0.05 }, { typeW: (k, cell) => (k === ID.rnd_grants && cell % N_TYPES === startup ? 0 : 1) });
    const s = allocateYear(firms(P, two), P, pol);
    expect(s.polN[ID.rnd_grants!]).toBe(1);
    expect(q(s, 0, G)).toBe(0);
    expect(q(s, 1, G)).toBeCloseTo(COV, 14);
    // Other instruments still count both firms.
    expect(s.polN[ID.networking!]).toBe(2);
  });
});

describe("the instrument table's firm-level fields", () => {
  const fastTrack: InstrumentSpec = { id: "fast", label: "f", level: "firm", demand: "rnd", surveyColumn: null, feature: null, awardSize: 10, coverage: 0.1, dosePeak: 8, effects: [{ on: "revenueOdds", logOdds: 1 }], aliases: [] };
  test("a firm-level instrument without a feature sets none of the three support features", () => {
    const e = instrumentEffects([...INSTRUMENT_TABLE, fastTrack], DEFAULT_STRUCTURAL);
    expect([e.grantFeature[3], e.networkingFeature[3], e.commercialisationFeature[3]]).toEqual([0, 0, 0]);
    expect(Array.from(e.commercialisationFeature)).toEqual([0, 0, 1, 0]);
  });
  test("a firm-level instrument needs a dose peak as well as a coverage", () => {
    expect(() => checkInstrumentTable([{ ...fastTrack, dosePeak: undefined }])).toThrow(/"fast" needs a 2018 coverage and a dose peak/);
    expect(() => checkInstrumentTable([{ ...fastTrack, coverage: undefined }])).toThrow(/"fast" needs a 2018 coverage and a dose peak/);
    expect(() => checkInstrumentTable([{ ...fastTrack, level: "cluster", awardSize: null, coverage: undefined, dosePeak: undefined, effects: [{ on: "infraStock" }] }])).not.toThrow();
  });
});

test("a Poisson patents equation has no dispersion even if its artefact lists an alpha (the sampler then draws Poisson counts)", () => {
  const eq = (model: Equation["model"], terms: Array<[number, number, number]>): Equation => ({
    model, outcome: "y", names: terms.map((_, i) => `t${i}`), estimate: Float64Array.from(terms, (t) => t[2]), chol: new Float64Array(terms.length ** 2),
    kind: Int8Array.from(terms, (t) => t[0]), target: Int32Array.from(terms, (t) => t[1]), sigma: 0.5, diagonalCov: true,
  });
  const eqs = [eq("logit", [[P_INTERCEPT, 0, 0]]), eq("poisson", [[P_INTERCEPT, 0, 1], [P_ALPHA, 0, 0.5]]), eq("ols", [[P_INTERCEPT, 0, 0]])];
  expect(makeCoefs(eqs, eqs.map((e) => e.estimate)).alpha).toBe(0);
  const nb = [eqs[0]!, { ...eqs[1]!, model: "negbin" as const }, eqs[2]!];
  expect(makeCoefs(nb, nb.map((e) => e.estimate)).alpha).toBe(0.5);
});

describe("talent rationing: the shares it reports", () => {
  const ration = (T: number, v: number[], ws: number, wm: number) => {
    const r = new Float64Array(3);
    const hires = rationTalent(T, Float64Array.from(v), r, 0, ws, wm);
    return { r: Array.from(r), hires };
  };
  test("a pool that covers every vacancy reports share 1 for every class, with vacancies or without", () => {
    expect(ration(100, [10, 0, 0], 0.5, 0.75)).toEqual({ r: [1, 1, 1], hires: 10 });
  });
  test("a class with priority 0 gets nothing while the pool is short, even when it is the only one with vacancies", () => {
    expect(ration(5, [10, 0, 0], 0, 0.75)).toEqual({ r: [0, 0, 0], hires: 0 });
    const { r, hires } = ration(5, [10, 0, 4], 0, 0.75);
    expect(r[0]).toBe(0);
    expect(r[2]).toBe(1);
    expect(hires).toBe(4);
  });
});

test("talent rationing: large firms saturating strictly inside the pool leave the rest to small and medium at their priorities", () => {
  // θ (80·0.5 + 40·0.75 + 5) = 80 → θ = 16/15 > 1: large saturate; then θ (40 + 30) = 75 → θ = 15/14: small 15/28, medium 45/56.
  const r = new Float64Array(3);
  const hires = rationTalent(80, Float64Array.from([80, 40, 5]), r, 0, 0.5, 0.75);
  expect(r[2]).toBe(1);
  expect(r[0]).toBeCloseTo(15 / 28, 14);
  expect(r[1]).toBeCloseTo(45 / 56, 14);
  expect(hires).toBeCloseTo(80, 12);
});
