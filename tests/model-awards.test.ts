/**
 * Analytic checks of the firm-level awards (the first part of the yearly step's phase "awards, funding, R&D",
 * issue 18) on hand-built states of a few firms, run phase by phase: amounts that follow the firm's need, firms that
 * have exited, and selection that is uncertain. Every expected value is computed from the rule as documented in
 * docs/model.md and allocate.ts; where the selection is uncertain, the test checks the stated rule (instrument j's
 * uniform is word j mod 4 of the firm's awards block ⌊j/4⌋) rather than replaying a stored outcome.
 * No simulation runs (these tests are in the model's mutation set).
 */
import { describe, expect, test } from "vitest";
import { DEFAULT_STRUCTURAL, type Structural } from "../src/model/params";
import { N_CELLS } from "../src/model/features";
import { block, PROCESS, u01 } from "../src/random/keyed";
import { firms, ID, key, NLOC, policy, runPhases, type Firm } from "./model-hand-state";

// Coverage elasticity 1: a bigger budget buys only coverage (z^1), the amount multiplier is z^0 = 1, so a selected
// firm's award is exactly S × its need factor (capped at awardCap × S).
const P: Structural = { ...DEFAULT_STRUCTURAL, coverageElasticity: 1, grantNeedElasticity: 0 };
const S = P.grantSize;

describe("award amounts follow need: S × max(R&D, floor)^ε / mean over eligible firms of max(R&D, floor)^ε", () => {
  // A budget far beyond what three firms can take: every firm is selected with certainty (z at its upper bound).
  const el = 0.3;
  const p: Structural = { ...P, grantNeedElasticity: el, rndFloor: 1 };
  const list: Firm[] = [{ loc: 0, rnd: 40 }, { loc: 0, rnd: 300 }, { loc: 1, rnd: 0.2 }];
  const year = () => runPhases(firms(p, list), p, policy({ rnd_grants: 100 }, { reallocate: false }), 3);
  test("each firm's grant is S × its need relative to the mean need (the R&D below the floor counts as the floor)", () => {
    const s = year();
    const need = list.map((f) => Math.pow(Math.max(f.rnd as number, 1), el));
    const mean = need.reduce((a, b) => a + b, 0) / need.length;
    const NJ = s.fx.nFirm;
    const j = s.fx.firmOf[ID.rnd_grants!] as number;
    list.forEach((_, i) => {
      const want = (S * (need[i] as number)) / mean;
      expect(want).toBeLessThan(P.awardCap * S); // the cap does not bind here
      expect(s.firm.support[i * NJ + j] as number, `firm ${i}`).toBeCloseTo(want, 9);
    });
    // The amounts differ (40 vs 300 of R&D): with elasticity 0 every firm would get exactly S.
    expect(Math.abs((s.firm.support[j] as number) - S)).toBeGreaterThan(10);
    // Spending recorded: the sum of the awards (KRW bn), split over the two clusters.
    expect(s.flows.spend[ID.rnd_grants! * NLOC] as number).toBeCloseTo(((s.firm.support[j] as number) + (s.firm.support[NJ + j] as number)) / 1000, 12);
    expect(s.flows.spend[ID.rnd_grants! * NLOC + 1] as number).toBeCloseTo((s.firm.support[2 * NJ + j] as number) / 1000, 12);
  });
  test("a need far above the mean is capped at awardCap × S", () => {
    const q: Structural = { ...p, grantNeedElasticity: 0.5 };
    // sqrt(R&D): 1000, 1, 1, 1, mean 250.75: the first firm's factor 3.99 exceeds the cap of 3.
    const big: Firm[] = [{ loc: 0, rnd: 1e6 }, { loc: 0, rnd: 1 }, { loc: 0, rnd: 1 }, { loc: 0, rnd: 1 }];
    const s = runPhases(firms(q, big), q, policy({ rnd_grants: 100 }, { reallocate: false }), 3);
    const NJ = s.fx.nFirm;
    const j = s.fx.firmOf[ID.rnd_grants!] as number;
    expect(s.firm.support[j] as number).toBeCloseTo(P.awardCap * S, 9);
    for (let i = 1; i < 4; i++) expect(s.firm.support[i * NJ + j] as number).toBeCloseTo(S / 250.75, 9);
  });
});

describe("firms that have exited", () => {
  test("a dead firm in a selected cell gets no award, no funding and no spending record; the live ones are unaffected", () => {
    const p: Structural = { ...P, fundAttractBase: 1, fundAttractInnovator: 0, fundAttractMature: 0, fundAttractPreRevenue: 0, fundAttractLarge: 0 };
    const list: Firm[] = [{ loc: 0, cash: 1 }, { loc: 0, cash: 1 }, { loc: 0, cash: 1 }];
    const s0 = firms(p, list);
    s0.firm.alive[1] = 0;
    const NJ = s0.fx.nFirm;
    s0.firm.support.fill(0);
    s0.firm.supportBits.fill(0);
    s0.firm.fundedAmt.fill(0);
    s0.vcBase.fill(1e9);
    const s = runPhases(s0, p, policy({ rnd_grants: 100, networking: 100, commercialisation: 100 }, { reallocate: false }), 3);
    for (let j = 0; j < NJ; j++) {
      expect(s.firm.support[NJ + j], `instrument ${j}`).toBe(0);
      // Both live firms are selected with certainty and get S_j each (need elasticity 0); the dead one adds nothing.
      const k = s.fx.firmInstrument[j] as number;
      const Sj = s.fx.awardSize[j] as number;
      expect(s.firm.support[j] as number).toBeCloseTo(Sj, 9);
      expect(s.firm.support[2 * NJ + j] as number).toBeCloseTo(Sj, 9);
      expect(s.flows.spend[k * NLOC] as number, `instrument ${j}`).toBeCloseTo((2 * Sj) / 1000, 12);
    }
    expect(s.firm.supportBits[1]).toBe(0);
    expect(s.firm.fundedAmt[1]).toBe(0);
    expect(s.firm.fundedAmt[0] as number).toBeGreaterThan(0);
    expect(s.flows.vacancies[0] as number).toBeCloseTo((s.firm.vacancy[0] as number) + (s.firm.vacancy[2] as number), 9);
  });
});

describe("uncertain selection: a firm wins instrument j when word j mod 4 of its awards block ⌊j/4⌋ is below its probability", () => {
  // 40 equally weighted firms and a budget of half of 40 grants of S: each is selected with probability ½.
  const list: Firm[] = Array.from({ length: 40 }, () => ({ loc: 0 }));
  const year = () => runPhases(firms(P, list), P, policy({ rnd_grants: (0.5 * 40 * S) / 1000 }, { reallocate: false }), 3);
  test("winners get S and their bit, losers nothing and no bit; who wins is the documented draw", () => {
    const s = year();
    const NJ = s.fx.nFirm;
    const j = s.fx.firmOf[ID.rnd_grants!] as number;
    let winners = 0;
    for (let i = 0; i < list.length; i++) {
      const cell = ((s.firm.loc[i] as number) * N_CELLS + (s.firm.ftype[i] as number)) * NJ + j;
      const pc = (s.allocCov[j] as number) * (s.cellAmount[cell] as number);
      expect(pc).toBeCloseTo(0.5, 9);
      const w = block(key, s.firm.idLo[i] as number, s.firm.idHi[i] as number, s.year, PROCESS.awards, j >> 2);
      const won = u01(w[j & 3] as number) < pc;
      expect(s.firm.support[i * NJ + j], `firm ${i}`).toBe(won ? S : 0);
      expect((s.firm.supportBits[i] as number) & (1 << j), `firm ${i}`).toBe(won ? 1 << j : 0);
      if (won) winners++;
    }
    // Both outcomes occur (with probability ½ each, all 40 alike would be a 2⁻³⁹ event).
    expect(winners).toBeGreaterThan(0);
    expect(winners).toBeLessThan(list.length);
    expect(s.flows.spend[ID.rnd_grants! * NLOC] as number).toBeCloseTo((winners * S) / 1000, 12);
  });
});
