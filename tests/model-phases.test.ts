/**
 * Analytic checks of the yearly step's first phases (issue 18) on hand-built states of a few firms, run phase by
 * phase: the cluster stocks with this year's cluster-level money (infrastructure, talent, risk capital), certain
 * awards and what they do to R&D and the spending records, and investors' funding decisions made certain by the
 * parameters (attractiveness 0 or 1 by one firm trait, capital ample or absent). No draw is replayed: every case is
 * one where the stated rule leaves nothing to chance. No simulation runs (these tests are in the model's mutation set).
 */
import { describe, expect, test } from "vitest";
import { dose } from "../src/model/instruments";
import { DEFAULT_STRUCTURAL, type Structural } from "../src/model/params";
import { firms, ID, NLOC, policy, runPhases, setup, type Firm } from "./model-hand-state";

const P: Structural = { ...DEFAULT_STRUCTURAL, grantNeedElasticity: 0 };

describe("cluster stocks: this year's cluster-level money, split over clusters by their firms' weights", () => {
  const p: Structural = { ...P, deltaInfra: 0.1, kappaInfra: 150, talentOutflow: 0.4, talentRenewal: 0.5, graduatesPerUniversity: 12, costPerTrained: 40, leverage: 1.5, vcKnowledge: 0.5 };
  // Three firms in cluster 0, one in cluster 1, none in cluster 2: cluster 0 gets ¾ of each instrument, cluster 1 ¼.
  const list: Firm[] = [{ loc: 0 }, { loc: 0 }, { loc: 0 }, { loc: 1 }];
  const budget = { infrastructure: 2, talent: 3, finance: 4 };
  /** The year's stocks, computed inside each test (so Stryker's per-test coverage sees the code run for it). */
  const year = () => {
    const s0 = firms(p, list);
    const before = { infra: Float64Array.from(s0.infra), talent: Float64Array.from(s0.talent) };
    s0.knowledge[1] = 4 * (setup.base.knowledge[1] as number); // knowledge 4× the base year: capital × 4^vcKnowledge = 2×
    return { before, s: runPhases(s0, p, policy(budget), 2) };
  };
  const share = [0.75, 0.25, 0];
  test("infrastructure: (1 − deltaInfra) × last year's stock + its money; the score is 1 − exp(−stock / kappaInfra)", () => {
    const { before, s } = year();
    for (let l = 0; l < 3; l++) {
      const want = 0.9 * (before.infra[l] as number) + 2 * (share[l] as number);
      expect(s.infra[l] as number, `location ${l}`).toBeCloseTo(want, 12);
      expect(s.infraScore[l] as number).toBeCloseTo(1 - Math.exp(-want / 150), 14);
      expect(s.flows.spend[ID.infrastructure! * NLOC + l] as number).toBeCloseTo(2 * (share[l] as number), 14);
    }
  });
  test("talent: (1 − outflow) × last year's pool + renewal × the base pool + graduates per university + 1,000 × money / cost per trained person", () => {
    const { before, s } = year();
    for (let l = 0; l < 3; l++) {
      const inflow = 0.5 * (setup.base.talent[l] as number) + 12 * (setup.base.universities[l] as number);
      const want = 0.6 * (before.talent[l] as number) + inflow + (1000 * 3 * (share[l] as number)) / 40;
      expect(s.talent[l] as number, `location ${l}`).toBeCloseTo(want, 9);
      expect(s.flows.spend[ID.talent! * NLOC + l] as number).toBeCloseTo(3 * (share[l] as number), 14);
    }
  });
  test("risk capital: the base year's × (knowledge ratio)^vcKnowledge + leverage × money", () => {
    const { s } = year();
    expect(s.capital[0] as number).toBeCloseTo((setup.base.capital[0] as number) + 1.5 * 4 * 0.75, 9);
    expect(s.capital[1] as number).toBeCloseTo(2 * (setup.base.capital[1] as number) + 1.5 * 4 * 0.25, 9);
    expect(s.capital[2] as number).toBeCloseTo(setup.base.capital[2] as number, 9);
    expect(s.flows.spend[ID.finance! * NLOC] as number).toBeCloseTo(3, 14);
  });
  test("a knowledge stock at zero counts as a ratio of 10⁻⁶, not 0 (capital never vanishes entirely)", () => {
    const z = firms(p, list);
    z.knowledge[0] = 0;
    runPhases(z, p, policy({}), 2);
    expect(z.capital[0] as number).toBeCloseTo((setup.base.capital[0] as number) * Math.sqrt(1e-6), 12);
  });
});

describe("certain awards: selection probability at least 1, amount the budget's share", () => {
  // Two equally weighted cluster firms and KRW 1.36 bn of R&D grants: z^½ × coverage ≥ 1, so both are selected without
  // a draw, and each receives half the budget (KRW 680 m, below the cap of 3 × 230).
  const list: Firm[] = [{ loc: 0, age: 2, employees: 10, sales: 500, rnd: 40 }, { loc: 0, sector: 4, age: 12, employees: 400, sales: 5000, rnd: 300 }];
  const year = () => runPhases(firms(P, list), P, policy({ rnd_grants: 1.36 }), 3);
  const award = 680;
  test("each firm gets the award, and the spending is recorded by instrument, stage and size class", () => {
    const s = year();
    expect(s.firm.support[0]).toBeCloseTo(award, 9);
    expect(s.firm.support[s.fx.nFirm]).toBeCloseTo(award, 9);
    expect(s.firm.supportBits[0]).toBe(1);
    expect(s.firm.supportBits[1]).toBe(1);
    expect(s.flows.spend[ID.rnd_grants! * NLOC] as number).toBeCloseTo(1.36, 12);
    // [loc × 5 + k]: start-up, established, small, medium, large.
    expect(Array.from(s.flows.spendType.subarray(0, 5)).map((v) => +v.toFixed(9))).toEqual([0.68, 0.68, 0.68, 0, 0.68]);
  });
  test("R&D: own spending by the firm's rule, plus additionality × S × dose(award) of new R&D; rndOwn excludes the grant", () => {
    const s = year();
    const newRnd = P.additionality * P.grantSize * dose(award, P.grantSize, P.grantDosePeak);
    for (const [i, f] of list.entries()) {
      const intensity = (f.age as number) < 7 ? P.rndIntensityStartup : P.rndIntensityEstablished;
      const own = Math.max(P.rndFloor, (f.rnd as number) + P.rndAdjustment * (intensity * (f.sales as number) - (f.rnd as number)));
      expect(s.firm.rnd[i] as number, `firm ${i}`).toBeCloseTo(own + newRnd, 9);
      expect(s.firm.rndOwn[i] as number, `firm ${i}`).toBeCloseTo(own + newRnd - award, 9);
    }
  });
  test("an award lifts researchers' target by the elasticity of the R&D change", () => {
    const s = year();
    for (let i = 0; i < 2; i++) {
      const old = list[i]!.rnd as number;
      const target = 5 * Math.pow((s.firm.rnd[i] as number) / old, P.rndElasticity);
      expect(s.firm.vacancy[i] as number).toBeCloseTo(Math.max(0, target - 5 * (1 - P.researcherTurnover)), 9);
    }
  });
  test("without money nobody is supported and no spending is recorded", () => {
    const n = runPhases(firms(P, list), P, policy({}), 3);
    expect(Array.from(n.firm.supportBits.subarray(0, 2))).toEqual([0, 0]);
    expect(Array.from(n.firm.support.subarray(0, 2 * n.fx.nFirm)).every((v) => v === 0)).toBe(true);
    expect(Array.from(n.flows.spendType).every((v) => v === 0)).toBe(true);
  });
});

describe("funding: probability min(1, capital / demand) × attractiveness, amount need × U(low, low + width)", () => {
  /** Firms short of cash (need > 0), funded with width 0 so the amount is exactly fundedShareLow × need. */
  const needy = (f: Partial<Firm>): Firm => ({ loc: 0, cash: 1, rnd: 100, employees: 10, sales: 100, ...f });
  const none = { fundAttractBase: 0, fundAttractInnovator: 0, fundAttractMature: 0, fundAttractPreRevenue: 0, fundAttractLarge: 0, fundedShareLow: 0.8, fundedShareWidth: 0 };
  /** Funded amounts of the firms with ample risk capital (or none), after the funding pass. */
  function funded(p: Partial<Structural>, list: Firm[], capital = 1e9): { got: number[]; need: number[]; s: ReturnType<typeof runPhases> } {
    const q = { ...P, ...none, ...p };
    const s0 = firms(q, list);
    s0.vcBase.fill(capital);
    const s = runPhases(s0, q, policy({}), 3);
    return { got: list.map((_, i) => s.firm.fundedAmt[i] as number), need: list.map((_, i) => s.firm.need[i] as number), s };
  }
  test("attractiveness 1 and ample capital: every firm in need is funded with exactly fundedShareLow of its need", () => {
    const { got, need, s } = funded({ fundAttractBase: 1 }, [needy({}), needy({ rnd: 200 })]);
    expect(need.every((v) => v > 0)).toBe(true);
    got.forEach((g, i) => expect(g).toBeCloseTo(0.8 * (need[i] as number), 9));
    expect(s.flows.funded[0] as number).toBeCloseTo(0.8 * ((need[0] as number) + (need[1] as number)), 9);
    expect(s.flows.unfunded[0] as number).toBeCloseTo(0.2 * ((need[0] as number) + (need[1] as number)), 9);
  });
  test("no risk capital: nobody is funded, however attractive", () => {
    const { got, s } = funded({ fundAttractBase: 1 }, [needy({}), needy({ innovated: 1 })], 0);
    expect(got).toEqual([0, 0]);
    expect(s.flows.funded[0]).toBe(0);
  });
  test("innovators: attractiveness fundAttractInnovator from a base of 0", () => {
    expect(funded({ fundAttractInnovator: 1 }, [needy({ innovated: 1 }), needy({ innovated: 0 })]).got.map((v) => v > 0)).toEqual([true, false]);
  });
  test("mature firms: fundAttractMature from age fundMatureAge on (age 3 is mature, 2 is not)", () => {
    expect(funded({ fundAttractMature: 1, fundMatureAge: 3 }, [needy({ age: 3 }), needy({ age: 2 })]).got.map((v) => v > 0)).toEqual([true, false]);
  });
  test("pre-revenue firms lose fundAttractPreRevenue", () => {
    expect(funded({ fundAttractBase: 1, fundAttractPreRevenue: 1 }, [needy({ preRevenue: 1, sales: 0 }), needy({})]).got.map((v) => v > 0)).toEqual([false, true]);
  });
  test("large firms (300 employees or more) gain fundAttractLarge", () => {
    const r = funded({ fundAttractLarge: 1 }, [needy({ employees: 300, rnd: 5000 }), needy({ employees: 299, rnd: 5000 })]);
    expect(r.need.every((v) => v > 0)).toBe(true);
    expect(r.got.map((v) => v > 0)).toEqual([true, false]);
  });
  test("a firm without need gets nothing even when attractive", () => {
    const { got, need } = funded({ fundAttractBase: 1 }, [needy({ cash: 1e6 })]);
    expect(need).toEqual([0]);
    expect(got).toEqual([0]);
  });
});
