/**
 * The allocation's bisection skips the steps that two certified points already decide (`certainBracket`): the
 * points must be sound (spending below the budget at `below`, at least the budget at `above`, each clear of it by
 * more than spendAt's rounding), tight (around the intensity the bisection finds) and save most of the 60
 * evaluations. That the allocation is unchanged to the last bit is tests/allocate-lists.test.ts, against the plain
 * 60-step bisection, on every preset.
 */
import { describe, expect, test } from "vitest";
import { loadInputs, resolveMixes } from "../src/experiments/simulate";
import { buildSetup } from "../src/model/setup";
import { replicateCoefs, resolvePolicy } from "../src/model/run";
import { beginYear, initState, PHASES, step } from "../src/model/engine";
import { certainBracket, eligible, lastCertainBracket, spendAt, spendEvaluations } from "../src/model/allocate";
import { budgetFor } from "../src/model/instruments";
import { DEFAULT_STRUCTURAL, type Structural } from "../src/model/params";
import { PRESETS } from "../src/model/policy";
import { replicateKey } from "../src/random/keyed";
import { KRW_M_PER_BN } from "../src/data/constants";

const inputs = loadInputs();

describe("the allocation's certain bracket", () => {
  for (const el of [0, 0.3])
    test(`is sound, tight and saves evaluations: every preset, 4 years, grant need elasticity ${el}`, () => {
      const setup = buildSetup({ ...inputs, seed: "alloc-certain" });
      const p: Structural = { ...DEFAULT_STRUCTURAL, grantNeedElasticity: el };
      const coefs = replicateCoefs(setup, "alloc-certain", 0, false);
      const eps = p.coverageElasticity;
      let bisections = 0;
      let evaluations = 0;
      for (const mix of resolveMixes([...PRESETS], setup.clusterIds)) {
        const key = replicateKey(`alloc-certain/${mix.name}`);
        const s = initState(setup, p, key);
        const pol = resolvePolicy(mix, setup, p);
        const shares = Float64Array.from(pol.budget);
        for (let t = 1; t <= 4; t++) {
          const b = budgetFor(mix.budget.krwBn, t);
          for (let k = 0; k < shares.length; k++) pol.budget[k] = b * (shares[k] as number);
          beginYear(s);
          const before = spendEvaluations();
          PHASES[0].run(s, setup, p, pol, coefs, key, null); // the policy phase: runs allocate
          const used = spendEvaluations() - before;
          let bisected = 0;
          for (let j = 0; j < s.fx.nFirm; j++) {
            const k = s.fx.firmInstrument[j] as number;
            const S = s.fx.awardSize[j] as number;
            const cap = p.awardCap * S;
            const norm = s.allocNeed[j] as number;
            const B = KRW_M_PER_BN * (s.budgetNow[k] as number);
            const m = eligible(s, j, s.fx.needElasticity[j] as number, p.rndFloor);
            // An instrument bisects when its budget is below what it can place (every eligible firm at the cap).
            if (!(B > 0) || !(spendAt(s, m, 40, eps, S, cap, s.fx.needElasticity[j] as number, norm) > B)) continue;
            bisected++;
            certainBracket(s, m, eps, S, cap, s.fx.needElasticity[j] as number, norm, B);
            const { below, above } = lastCertainBracket();
            const logZ = Math.log(s.allocCov[j] as number) / eps; // the bisection's result (to rounding)
            const where = `${mix.name}, year ${t}, instrument ${j}`;
            expect(spendAt(s, m, below, eps, S, cap, s.fx.needElasticity[j] as number, norm), where).toBeLessThan(B);
            expect(spendAt(s, m, above, eps, S, cap, s.fx.needElasticity[j] as number, norm), where).toBeGreaterThanOrEqual(B);
            expect(below, where).toBeLessThan(logZ + 1e-9);
            expect(above, where).toBeGreaterThan(logZ - 1e-9);
            expect(above - below, where).toBeLessThan(1e-8);
          }
          bisections += bisected;
          evaluations += used - s.fx.nFirm; // pass 1 evaluates once per instrument
          s.year -= 1;
          step(s, setup, p, pol, coefs, key);
        }
      }
      expect(bisections).toBeGreaterThan(20);
      // The plain bisection evaluates 60 times; with the certain bracket (secant steps included) under 30 on average.
      const perBisection = evaluations / bisections;
      console.log(`grant need elasticity ${el}: ${bisections} bisections, ${perBisection.toFixed(1)} evaluations each (the plain bisection: 60)`);
      expect(perBisection).toBeLessThan(30);
    });

  test("decides nothing when spending need not rise with the intensity (a coverage elasticity outside [0, 1])", () => {
    const setup = buildSetup({ ...inputs, seed: "alloc-certain" });
    const p = DEFAULT_STRUCTURAL;
    const key = replicateKey("alloc-certain/elasticity");
    const s = initState(setup, p, key);
    const mix = resolveMixes(["status_quo"], setup.clusterIds)[0]!;
    const pol = resolvePolicy(mix, setup, p);
    beginYear(s);
    PHASES[0].run(s, setup, p, pol, replicateCoefs(setup, "alloc-certain", 0, false), key, null);
    const m = eligible(s, 0, 0, p.rndFloor);
    const S = s.fx.awardSize[0] as number;
    for (const eps of [-0.1, 1.1, Number.NaN]) {
      certainBracket(s, m, eps, S, p.awardCap * S, 0, 1, 1);
      expect(lastCertainBracket(), `ε = ${eps}`).toEqual({ below: -Infinity, above: Infinity });
    }
    // In range, the same call finds points (a budget of 1 KRW m is spent somewhere between the bracket's ends).
    for (const eps of [0, 1]) {
      certainBracket(s, m, eps, S, p.awardCap * S, 0, 1, 1);
      const { below, above } = lastCertainBracket();
      expect(Number.isFinite(below) || Number.isFinite(above), `ε = ${eps}`).toBe(true);
    }
  });
});
