/**
 * The year's first two phases on hand-built states (issue 18): each firm's funding need and policy cell, the cells'
 * firm counts and each location's demand — over live firms only —, and a cluster-level instrument whose money has no
 * location to go to (every location weighs 0): it buys nothing, and no stock becomes NaN.
 */
import { expect, test } from "vitest";
import { DEFAULT_STRUCTURAL, type Structural } from "../src/model/params";
import { N_CELLS, N_TYPES, typeIndex } from "../src/model/features";
import { firms, ID, NLOC, policy, runPhases } from "./model-hand-state";

test("funding need: burn × horizon − cash when the burn is positive and above cash; a burn of exactly 0 needs nothing, even with negative cash", () => {
  // Net burn = R&D + overhead × employees − margin × sales; overhead 0 makes a firm without R&D or sales burn exactly 0.
  const p: Structural = { ...DEFAULT_STRUCTURAL, overheadPerEmployee: 0, margin: 0.2, fundingHorizon: 1.5 };
  const s = firms(p, [
    { loc: 0, sector: 1, age: 3, employees: 10, rnd: 100, sales: 50, cash: 20 }, // burn 90 > cash: need 1.5 × 90 − 20
    { loc: 0, sector: 1, age: 3, employees: 10, rnd: 0, sales: 0, cash: -5 }, // burn exactly 0: no need
    { loc: 1, sector: 2, age: 12, employees: 80, rnd: 100, sales: 50, cash: 500 }, // burn 90 ≤ cash: no need
    { loc: 0, sector: 1, age: 3, employees: 10, rnd: 300, sales: 0, cash: 0 }, // exited below: counts for nothing
  ]);
  s.firm.alive[3] = 0;
  runPhases(s, p, policy({}), 1);
  const need = [1.5 * 90 - 20, 0, 0];
  need.forEach((v, i) => expect(s.firm.need[i] as number, `firm ${i}`).toBeCloseTo(v, 10));
  // Each live firm's cell: its type, in the constrained half when it has a need.
  const t = [typeIndex(1, 10, 3) + N_TYPES, typeIndex(1, 10, 3), typeIndex(2, 80, 12)];
  t.forEach((v, i) => expect(s.firm.ftype[i], `firm ${i}`).toBe(v));
  const cells = new Float64Array(NLOC * N_CELLS);
  [0, 0, 1].forEach((l, i) => (cells[l * N_CELLS + (t[i] as number)] = (cells[l * N_CELLS + (t[i] as number)] as number) + 1));
  expect(Array.from(s.cellCount)).toEqual(Array.from(cells));
  // Demand by location (the need of live firms) before the year's funding.
  expect(s.flows.unfunded[0] as number).toBeCloseTo(need[0] as number, 10);
  expect(s.flows.unfunded[1]).toBe(0);
});

test("a cluster-level instrument with money but no location to spend it in buys nothing: no stock becomes NaN", () => {
  const p: Structural = { ...DEFAULT_STRUCTURAL, deltaInfra: 0.1 };
  const s = firms(p, [{ loc: 0 }, { loc: 1 }]);
  const pol = policy({ infrastructure: 50, finance: 20 });
  const k = ID["infrastructure"] as number;
  pol.locW.fill(0, k * NLOC, (k + 1) * NLOC); // targeting that weighs every location 0
  const infra0 = s.infra.slice();
  runPhases(s, p, pol, 2);
  for (let l = 0; l < NLOC; l++) {
    expect(s.flows.spend[k * NLOC + l], `location ${l}`).toBe(0);
    expect(s.infra[l] as number, `location ${l}`).toBeCloseTo(0.9 * (infra0[l] as number), 10);
  }
  // The other instrument still places its money.
  const f = ID["finance"] as number;
  expect(Array.from({ length: NLOC }, (_, l) => s.flows.spend[f * NLOC + l] as number).reduce((a, b) => a + b, 0)).toBeCloseTo(20, 9);
});
