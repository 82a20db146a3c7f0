/**
 * The edges of how policy money reaches firms (issue 18, mutation testing of allocate.ts): the normalisation of
 * targeting weights when one side of a national instrument, or every cluster, has no eligible firm; which firms the
 * eligible count N includes; the reallocation of money an instrument cannot place when nothing is in excess, when a
 * firm-level instrument has no eligible firm, when a national instrument has no eligible firm either, and when what
 * is left after a round is below the tolerance (rounding, saved) or above it (money, placed); and the allocation
 * rule's lists on a state whose arrays grew past their first capacity. Expected values come from the rules as
 * docs/model.md states them, computed here, not read back from a run.
 */
import { describe, expect, test } from "vitest";
import { grow, initState, type State, type YearPolicy } from "../src/model/engine";
import { placeBudgets } from "../src/model/allocate";
import { instrumentEffects, INSTRUMENT_TABLE } from "../src/model/instruments";
import { DEFAULT_STRUCTURAL, type Structural } from "../src/model/params";
import { N_CELLS, N_TYPES } from "../src/model/features";
import { firms, ID, key, NLOC, OUT, policy, runPhases, setup } from "./model-hand-state";

const P: Structural = { ...DEFAULT_STRUCTURAL, grantNeedElasticity: 0 };
const G = ID.rnd_grants!;
const T = ID.talent!;

/** The normalising factors of instrument k at every location, and its normalised weight total. */
const scales = (s: State, k: number) => Array.from(s.polScale.subarray(k * NLOC, (k + 1) * NLOC));

describe("normaliseWeights: the targeting weights become shares of each instrument's money", () => {
  test("a cluster instrument with no weighted firm in any cluster: every factor and the total are 0, not 1/0", () => {
    // Talent reaches cluster firms only; the only firm is outside clusters.
    const s = runPhases(firms(P, [{ loc: OUT }, { loc: OUT, sector: 2 }]), P, policy({ talent: 1 }), 1);
    expect(scales(s, T).every((v) => v === 0)).toBe(true);
    expect(s.polW[T]).toBe(0);
    expect(s.polN[T]).toBe(0);
  });
  test("a national instrument without eligible outside firms sends all its money to the clusters: factor 1/(cluster weight), total 1", () => {
    // Three cluster firms weigh 3 together, so 1/weight (1/3) and weight (3) differ.
    const s = runPhases(firms(P, [{ loc: 0 }, { loc: 0, sector: 2 }, { loc: 1 }]), P, policy({ rnd_grants: 0.1 }, { clusterShare: { rnd_grants: 0.3 } }), 1);
    expect(scales(s, G).slice(0, OUT)).toEqual(new Array(OUT).fill(1 / 3));
    expect(s.polScale[G * NLOC + OUT]).toBe(0);
    expect(s.polW[G]).toBe(1);
    expect(s.polN[G]).toBe(3);
  });
  test("a national instrument without eligible cluster firms sends all its money outside: factor 1/(outside weight), total 1", () => {
    const s = runPhases(firms(P, [{ loc: OUT }, { loc: OUT, sector: 2 }, { loc: OUT, sector: 4 }, { loc: OUT }]), P, policy({ rnd_grants: 0.1 }, { clusterShare: { rnd_grants: 0.3 } }), 1);
    expect(scales(s, G).slice(0, OUT).every((v) => v === 0)).toBe(true);
    expect(s.polScale[G * NLOC + OUT]).toBe(1 / 4);
    expect(s.polW[G]).toBe(1);
  });
  test("a cluster share of exactly 0 with no eligible outside firm, or exactly 1 with no eligible cluster firm, places nothing (no 1/0)", () => {
    const zero = runPhases(firms(P, [{ loc: 0 }, { loc: 1 }]), P, policy({ rnd_grants: 0.1 }, { clusterShare: { rnd_grants: 0 } }), 1);
    expect(scales(zero, G).every((v) => v === 0)).toBe(true);
    expect(zero.polW[G]).toBe(0);
    expect(zero.polN[G]).toBe(0);
    const one = runPhases(firms(P, [{ loc: OUT }, { loc: OUT }]), P, policy({ rnd_grants: 0.1 }, { clusterShare: { rnd_grants: 1 } }), 1);
    expect(scales(one, G).every((v) => v === 0)).toBe(true);
    expect(one.polW[G]).toBe(0);
    expect(one.polN[G]).toBe(0);
  });
  test("the eligible count N includes only firms at a location with a positive weight and a positive factor", () => {
    // Targeting cluster 0 only: cluster 1's firms have a positive factor (the cluster side's) but a weight of 0.
    const pol = policy({ rnd_grants: 0.1 });
    pol.locW[G * NLOC + 1] = 0;
    const s = runPhases(firms(P, [{ loc: 0 }, { loc: 0, sector: 2 }, { loc: 1 }, { loc: 1 }, { loc: 1 }]), P, pol, 1);
    expect(s.polScale[G * NLOC + 1]).toBeGreaterThan(0);
    expect(s.polN[G]).toBe(2);
    // A cluster share of 1: outside firms have a weight of 1 but a factor of 0 (they get none of the money).
    const all = runPhases(firms(P, [{ loc: 0 }, { loc: 0, sector: 2 }, { loc: OUT }, { loc: OUT }, { loc: OUT }]), P, policy({ rnd_grants: 0.1 }, { clusterShare: { rnd_grants: 1 } }), 1);
    expect(all.polScale[G * NLOC + OUT]).toBe(0);
    expect(all.polN[G]).toBe(2);
  });
});

/** A state with only what placeBudgets reads: instruments by hand (firm-level slot or −1, national flags), limits and weights. */
function handBudgets(firmOf: number[], national: number[], limits: number[], polW: number[]): State {
  const fx = { ...instrumentEffects(INSTRUMENT_TABLE, P), n: firmOf.length, firmOf: Int32Array.from(firmOf), national: Uint8Array.from(national) };
  const n = firmOf.length;
  return { fx, budgetNow: new Float64Array(n), realloc: new Float64Array(n), allocAmt: Float64Array.from(limits), polW: Float64Array.from(polW) } as unknown as State;
}
const budgets = (b: number[]) => ({ budget: Float64Array.from(b), reallocate: true }) as unknown as YearPolicy;

describe("placeBudgets: money a firm-level instrument cannot place", () => {
  test("with nothing in excess, every budget is spent as set and every net move is exactly 0", () => {
    const s = handBudgets([0, -1], [1, 1], [10], [1, 1]);
    placeBudgets(s, budgets([2, 1]));
    expect(Array.from(s.budgetNow)).toEqual([2, 1]);
    expect(Array.from(s.realloc).map((v) => Object.is(v, 0))).toEqual([true, true]);
  });
  test("a firm-level instrument with no eligible firm (a limit of 0) gives all its budget away", () => {
    const s = handBudgets([0, -1], [1, 1], [0], [0, 1]);
    placeBudgets(s, budgets([2, 1]));
    expect(Array.from(s.budgetNow)).toEqual([0, 3]);
    expect(Array.from(s.realloc)).toEqual([-2, 2]);
  });
  test("a national instrument with no eligible firm (weight 0) receives nothing: the others take it all", () => {
    // 0: firm-level, 4 over its limit; 1 and 2: national cluster-level, 1 with no eligible firm.
    const s = handBudgets([0, -1, -1], [0, 1, 1], [1], [0, 0, 2]);
    placeBudgets(s, budgets([5, 1, 1]));
    expect(Array.from(s.budgetNow)).toEqual([1, 1, 5]);
    expect(Array.from(s.realloc)).toEqual([-4, 0, 4]);
  });
  test("what is left after a round is placed in the next if it is money, and saved if it is below 1e-12 of the excess (rounding)", () => {
    // 0 is 1000 over its limit; 1 (firm-level, budget 1) and 2 (national, budget 3) share it 1:3. 1's limit is just
    // below its share, so it passes on what is left: the next round gives that to 2 unless it is below 1e-12 × 1000.
    const run = (shortfall: number) => {
      const v1 = 1 + (1000 * 1) / 4; // 251, the first round's share of 1
      const limit1 = v1 - shortfall;
      const s = handBudgets([0, 1, -1], [0, 0, 1], [1, limit1], [0, 0, 1]);
      placeBudgets(s, budgets([1001, 1, 3]));
      return { s, left: v1 - limit1, limit1 };
    };
    const rounding = run(1e-10);
    expect(rounding.left).toBeGreaterThan(0);
    expect(rounding.left).toBeLessThan(1e-12 * 1000);
    expect(Array.from(rounding.s.budgetNow)).toEqual([1, rounding.limit1, 3 + (1000 * 3) / 4]);
    expect(rounding.s.realloc[0]).toBe(-1000 * ((1000 - rounding.left) / 1000));
    const money = run(1e-6);
    expect(money.left).toBeGreaterThan(1e-12 * 1000);
    expect(Array.from(money.s.budgetNow)).toEqual([1, money.limit1, 3 + (1000 * 3) / 4 + (money.left * 3) / 3]);
    expect(money.s.realloc[0]).toBe(-1000);
  });
});

describe("an instrument with no eligible firm", () => {
  test("keeps a need normaliser of 1, places nothing and has intensity 0 (no 0/0, no e^40), whether its money is moved or saved", () => {
    // Grants need-weighted, targeted at the biotech sector only (sector 0); the two firms are in other sectors.
    const p: Structural = { ...DEFAULT_STRUCTURAL, grantNeedElasticity: 0.3 };
    const pol = policy({ rnd_grants: 1, talent: 1 }, { typeW: (k, cell) => (k === G && cell % N_TYPES >= 6 ? 0 : 1) });
    const s = runPhases(firms(p, [{ loc: 0, sector: 2 }, { loc: 1, sector: 4 }]), p, pol, 1);
    expect(s.polN[G]).toBe(0);
    expect(s.allocNeed[0]).toBe(1);
    expect(s.allocCov[0]).toBe(0);
    expect(s.allocAmt[0]).toBe(0);
    expect(s.budgetNow[G]).toBe(0); // all of it moved to talent
    expect(s.budgetNow[T]).toBe(2);
    // Saved instead of moved: the budget stays, and still nothing is placed.
    const saved = runPhases(firms(p, [{ loc: 0, sector: 2 }, { loc: 1, sector: 4 }]), p, { ...pol, reallocate: false }, 1);
    expect(saved.budgetNow[G]).toBe(1);
    expect(saved.allocCov[0]).toBe(0);
    expect(saved.allocAmt[0]).toBe(0);
  });
});

describe("the allocation rule's lists on a state that grew past its first capacity", () => {
  /** N firms (more than the first capacity), spread over clusters, sectors and sizes. */
  const N = 2100;
  const fill = (s: State): State => {
    const f = s.firm;
    f.alive.fill(0);
    for (let i = 0; i < N; i++) {
      f.alive[i] = 1;
      f.loc[i] = i % OUT;
      f.sector[i] = i % 7;
      f.age[i] = 1 + (i % 13);
      f.employees[i] = 3 + ((i * 7) % 400);
      f.researchers[i] = 1;
      f.sales[i] = 100 + i;
      f.rnd[i] = 5 + ((i * 11) % 300);
      f.cash[i] = 1e6;
      f.preRevenue[i] = 0;
    }
    s.n = N;
    return s;
  };
  test("need-weighted grants give the same intensities, normalisers and budgets as on a state built large enough", () => {
    const p: Structural = { ...DEFAULT_STRUCTURAL, grantNeedElasticity: 0.3 };
    const grown = initState(setup, p, key, 2); // capacity 1,986 …
    expect(grown.cap).toBeLessThan(N);
    grow(grown); // … then 3,972: the allocation lists must grow with it
    const large = initState(setup, p, key, 2.2); // capacity 2,185 ≥ N from the start
    expect(large.cap).toBeGreaterThanOrEqual(N);
    const pol = policy({ rnd_grants: 0.5, networking: 0.05, commercialisation: 0.05, talent: 1 });
    const a = runPhases(fill(grown), p, pol, 1);
    const b = runPhases(fill(large), p, pol, 1);
    // The need normaliser from its definition, over every eligible firm: Σ ω / Σ ω × max(R&D, floor)^elasticity.
    let wsum = 0;
    let sum = 0;
    for (let i = 0; i < N; i++) {
      const w = a.cellAmount[((a.firm.loc[i] as number) * N_CELLS + (a.firm.ftype[i] as number)) * a.fx.nFirm] as number;
      wsum += w;
      sum += w * Math.pow(Math.max(a.firm.rnd[i] as number, p.rndFloor), 0.3);
    }
    expect(wsum).toBeGreaterThan(0);
    expect(a.allocNeed[0]).toBeCloseTo(wsum / sum, 12);
    expect(a.allocNeed[0]).not.toBe(1);
    for (const k of ["allocCov", "allocAmt"] as const) expect(Array.from(a[k]).every((v) => Number.isFinite(v) && v > 0), k).toBe(true);
    for (const k of ["allocCov", "allocAmt", "allocNeed", "budgetNow", "realloc"] as const) expect(Array.from(a[k]), k).toEqual(Array.from(b[k]));
  });
});
