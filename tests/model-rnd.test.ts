/**
 * Own R&D and the researchers' target in the yearly step's phase "awards, funding, R&D" (issue 18), at the edges the
 * general tests miss: funds exactly equal to the net burn, own R&D held at its floor, and a firm without R&D last
 * year. Hand-built one- and two-firm states, no money from policy and no funding (attractiveness 0), phases run one
 * by one; every expected value is computed from the rule in docs/model.md. No simulation runs.
 */
import { describe, expect, test } from "vitest";
import { DEFAULT_STRUCTURAL, type Structural } from "../src/model/params";
import { netBurn } from "../src/model/state";
import { firms, policy, runPhases, type Firm } from "./model-hand-state";

const P: Structural = {
  ...DEFAULT_STRUCTURAL, fundAttractBase: 0, fundAttractInnovator: 0, fundAttractMature: 0, fundAttractLarge: 0, fundAttractPreRevenue: 0,
  rndUpFactor: 1.05, rndDownFactor: 0.9, rndFloor: 1, rndElasticity: 0.8, researcherTurnover: 0.1,
};
const year = (list: Firm[], p: Structural = P) => runPhases(firms(p, list), p, policy({}), 3);

describe("funds against the net burn: at least the burn keeps the desired R&D, less caps it at old × rndDownFactor", () => {
  test("a pre-revenue firm whose cash equals its burn exactly grows R&D by rndUpFactor; one KRW 1 m short is cut to × rndDownFactor", () => {
    const f: Firm = { loc: 0, preRevenue: 1, sales: 0, rnd: 100, employees: 10, researchers: 5 };
    const burn = netBurn(P, 100, 10, 0);
    expect(burn).toBe(100 + P.overheadPerEmployee * 10);
    const s = year([{ ...f, cash: burn }, { ...f, cash: burn - 1 }]);
    expect(s.firm.fundedAmt[1]).toBe(0); // short, but nobody funds it
    expect(s.firm.rnd[0] as number).toBeCloseTo(100 * 1.05, 9);
    expect(s.firm.rnd[1] as number).toBeCloseTo(100 * 0.9, 9);
  });
});

describe("the researchers' target: before × (R&D now / R&D last year)^elasticity", () => {
  test("a pre-revenue firm held at the R&D floor: the ratio is floor / old, not rndDownFactor", () => {
    // Old R&D 1.05, cut to 0.945 but held at the floor of 1: the ratio is 1 / 1.05.
    const s = year([{ loc: 0, preRevenue: 1, sales: 0, rnd: 1.05, cash: 0, employees: 10, researchers: 10 }]);
    expect(s.firm.rnd[0] as number).toBe(1);
    const target = 10 * Math.pow(1 / 1.05, 0.8);
    expect(s.firm.vacancy[0] as number).toBeCloseTo(target - 10 * 0.9, 12);
    // The precomputed rndDownFactor^elasticity would give 10 × 0.9^0.8 − 9 (0.19, not 0.62).
    expect(Math.abs(10 * Math.pow(0.9, 0.8) - 9 - (s.firm.vacancy[0] as number))).toBeGreaterThan(0.4);
  });
  test("above the floor the same firm's ratio is rndDownFactor (short of funds) or rndUpFactor (funded)", () => {
    const s = year([{ loc: 0, preRevenue: 1, sales: 0, rnd: 50, cash: 0, employees: 10, researchers: 10 }, { loc: 0, preRevenue: 1, sales: 0, rnd: 50, cash: 1e6, employees: 10, researchers: 10 }]);
    expect(s.firm.vacancy[0] as number).toBeCloseTo(10 * Math.pow(0.9, 0.8) - 9, 12);
    expect(s.firm.vacancy[1] as number).toBeCloseTo(10 * Math.pow(1.05, 0.8) - 9, 12);
  });
  test("a firm without R&D last year keeps its researchers' target: it only replaces those who quit", () => {
    // A seller with sales starts R&D (old 0, new > 0): the ratio is undefined, so the target stays at the researchers it had.
    const s = year([{ loc: 0, sales: 5000, rnd: 0, cash: 1e6, employees: 30, researchers: 4 }]);
    expect(s.firm.rnd[0] as number).toBeGreaterThan(1);
    expect(s.firm.vacancy[0] as number).toBeCloseTo(4 * 0.1, 12);
    expect(s.firm.researchers[0] as number).toBeCloseTo(4 * 0.9, 12);
  });
});
