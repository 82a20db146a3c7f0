/**
 * `allocate` sums its budget identity over lists built once a year (the non-empty cells, or the eligible firms with
 * their need factors) instead of over every (location, cell) or every firm slot at each of the bisection's 60 steps:
 * a speed change that must not move a single bit. The reference below is the allocation rule as it was written
 * before (full loops, a power per firm per step); on states reached by real runs — every preset, need elasticity 0
 * and 0.3 (the grant amount's dependence on R&D, which switches from the cell sum to the firm sum), a population
 * scaled ×1 and ×3 — both give the same intensities, need normalisers and budgets to the last bit.
 */
import { describe, expect, test } from "vitest";
import { loadInputs, resolveMixes } from "../src/experiments/simulate";
import { buildSetup } from "../src/model/setup";
import { replicateCoefs, resolvePolicy } from "../src/model/run";
import { beginYear, initState, PHASES, step, type State } from "../src/model/engine";
import { allocate, placeBudgets } from "../src/model/allocate";
import { N_CELLS } from "../src/model/features";
import { budgetFor } from "../src/model/instruments";
import { DEFAULT_STRUCTURAL, type Structural } from "../src/model/params";
import { PRESETS } from "../src/model/policy";
import { replicateKey } from "../src/random/keyed";
import { KRW_M_PER_BN } from "../src/data/constants";
import type { YearPolicy } from "../src/model/state";

function spendRef(s: State, j: number, logZ: number, eps: number, S: number, cap: number, el: number, norm: number, floor: number): number {
  const NJ = s.fx.nFirm;
  const covW = s.cellAmount;
  const { alive, loc, ftype, rnd } = s.firm;
  const zc = Math.exp(eps * logZ);
  const za = Math.exp((1 - eps) * logZ) * S;
  let tot = 0;
  if (el === 0) {
    const a = Math.min(cap, za);
    for (let x = 0; x < s.nLoc * N_CELLS; x++) {
      const m = s.cellCount[x] as number;
      if (m === 0) continue;
      const q = covW[x * NJ + j] as number;
      if (q > 0) tot += m * Math.min(1, zc * q) * a;
    }
  } else {
    for (let i = 0; i < s.n; i++) {
      if (alive[i] === 0) continue;
      const q = covW[((loc[i] as number) * N_CELLS + (ftype[i] as number)) * NJ + j] as number;
      if (q > 0) tot += Math.min(1, zc * q) * Math.min(cap, za * Math.pow(Math.max(rnd[i] as number, floor), el) * norm);
    }
  }
  return tot;
}

/** The allocation rule with full loops (the code before the lists), on a state positioned where `allocate` runs. */
function allocateRef(s: State, p: Structural, pol: YearPolicy): void {
  const fx = s.fx;
  const NJ = fx.nFirm;
  const nLoc = s.nLoc;
  const { alive, loc, ftype, rnd } = s.firm;
  const covW = s.cellAmount;
  const eps = p.coverageElasticity;
  const floor = p.rndFloor;
  for (let j = 0; j < NJ; j++) {
    const k = fx.firmInstrument[j] as number;
    const S = fx.awardSize[j] as number;
    const c = (fx.coverage[j] as number) * (s.polN[k] as number);
    const el = fx.needElasticity[j] as number;
    for (let l = 0; l < nLoc; l++) {
      const lw = (pol.locW[k * nLoc + l] as number) * (s.polScale[k * nLoc + l] as number);
      for (let t = 0; t < N_CELLS; t++) covW[(l * N_CELLS + t) * NJ + j] = c * lw * (pol.typeW[k * N_CELLS + t] as number);
    }
    let norm = 1;
    if (el !== 0 && c > 0) {
      let m = 0;
      let wsum = 0;
      for (let i = 0; i < s.n; i++) {
        if (alive[i] === 0) continue;
        const q = covW[((loc[i] as number) * N_CELLS + (ftype[i] as number)) * NJ + j] as number;
        if (q > 0) {
          m += q * Math.pow(Math.max(rnd[i] as number, floor), el);
          wsum += q;
        }
      }
      norm = m > 0 ? wsum / m : 1;
    }
    s.allocNeed[j] = norm;
    s.allocAmt[j] = S > 0 && c > 0 ? spendRef(s, j, 40, eps, S, p.awardCap * S, el, norm, floor) / KRW_M_PER_BN : 0;
  }
  placeBudgets(s, pol);
  for (let j = 0; j < NJ; j++) {
    const k = fx.firmInstrument[j] as number;
    const S = fx.awardSize[j] as number;
    const el = fx.needElasticity[j] as number;
    const norm = s.allocNeed[j] as number;
    const B = KRW_M_PER_BN * (s.budgetNow[k] as number);
    const placeable = s.allocAmt[j] as number;
    s.allocCov[j] = 0;
    s.allocAmt[j] = 0;
    if (!(B > 0) || !(placeable > 0)) continue;
    const cap = p.awardCap * S;
    let logZ = 40;
    if (KRW_M_PER_BN * placeable > B) {
      let lo = -40;
      let hi = 40;
      for (let it = 0; it < 60; it++) {
        const mid = (lo + hi) / 2;
        if (spendRef(s, j, mid, eps, S, cap, el, norm, floor) < B) lo = mid;
        else hi = mid;
      }
      logZ = (lo + hi) / 2;
    }
    s.allocCov[j] = Math.exp(eps * logZ);
    s.allocAmt[j] = Math.exp((1 - eps) * logZ);
  }
}

const OUT = ["allocCov", "allocAmt", "allocNeed", "budgetNow", "realloc", "cellAmount"] as const;
const snapshot = (s: State) => OUT.map((k) => Array.from(s[k]));

const inputs = loadInputs();

describe("allocate's lists give the full loops' allocation to the last bit", () => {
  for (const scale of [1, 3])
    for (const el of [0, 0.3])
      test(`every preset, 5 years, population ×${scale}, grant need elasticity ${el}`, () => {
        const setup = buildSetup({ ...inputs, scale, seed: "alloc-lists" });
        const p: Structural = { ...DEFAULT_STRUCTURAL, grantNeedElasticity: el };
        const coefs = replicateCoefs(setup, "alloc-lists", 0, false);
        let bisected = 0;
        let firmSums = 0;
        for (const mix of resolveMixes([...PRESETS], setup.clusterIds)) {
          const key = replicateKey(`alloc-lists/${mix.name}`);
          const s = initState(setup, p, key);
          const pol = resolvePolicy(mix, setup, p);
          const shares = Float64Array.from(pol.budget);
          for (let t = 1; t <= 5; t++) {
            const b = budgetFor(mix.budget.krwBn, t);
            for (let k = 0; k < shares.length; k++) pol.budget[k] = b * (shares[k] as number);
            // Position the state where `allocate` runs (the policy phase calls it), then compare the two rules on it.
            beginYear(s);
            PHASES[0].run(s, setup, p, pol, coefs, key, null);
            s.year -= 1;
            const fast = snapshot(s);
            allocateRef(s, p, pol);
            const ref = snapshot(s);
            allocate(s, p, pol);
            expect(snapshot(s)).toEqual(fast); // allocate is a function of the state: rerunning it changes nothing
            OUT.forEach((k, i) => {
              const a = fast[i] as number[];
              const r = ref[i] as number[];
              expect(a.length, k).toBe(r.length);
              for (let x = 0; x < a.length; x++) if (!Object.is(a[x], r[x])) expect.fail(`${mix.name}, year ${t}: ${k}[${x}] is ${a[x]}, the full loops give ${r[x]}`);
            });
            for (let j = 0; j < s.fx.nFirm; j++) {
              if ((s.allocCov[j] as number) > 0 && (s.allocCov[j] as number) !== Math.exp(p.coverageElasticity * 40)) bisected++;
              if ((s.fx.needElasticity[j] as number) !== 0 && (s.allocCov[j] as number) > 0) firmSums++;
            }
            step(s, setup, p, pol, coefs, key); // the real year (the policy phase again, then the rest)
          }
        }
        // The comparison covered the bisection (budgets below what instruments can place) and, with el > 0, the firm sum.
        expect(bisected).toBeGreaterThan(20);
        if (el > 0) expect(firmSums).toBeGreaterThan(10);
        else expect(firmSums).toBe(0);
      });
});
