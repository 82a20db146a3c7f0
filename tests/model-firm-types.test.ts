/**
 * Structural channels that bind differently by firm type (issue 14): talent
 * rationing by size class, investors' rationing by stage and size, and the
 * infrastructure effects that need in-house research (absorptive capacity).
 */
import { describe, expect, test } from "vitest";
import { loadInputs } from "../src/experiments/simulate";
import { buildSetup } from "../src/model/setup";
import { DEFAULT_STRUCTURAL, type Structural } from "../src/model/params";
import { replicateCoefs, resolvePolicy } from "../src/model/run";
import { initState, step, type State } from "../src/model/engine";
import { rationTalent } from "../src/model/talent";
import { budgetFor } from "../src/model/instruments";
import { readMix } from "../src/model/policy";
import { replicateKey } from "../src/random/keyed";

const inputs = loadInputs();
const setup = buildSetup({ ...inputs, scale: 4 });
const mix = readMix("status_quo", setup.clusterIds);

/** One year of the status quo from the base year, with the given structural parameters. */
function oneYear(p: Structural, seed = "firm-types"): { before: State; after: State } {
  const key = replicateKey(seed);
  const pol = resolvePolicy(mix, setup, p);
  const shares = Float64Array.from(pol.budget);
  for (let k = 0; k < shares.length; k++) pol.budget[k] = budgetFor(mix.budget.krwBn, 1) * (shares[k] as number);
  const before = initState(setup, p, key);
  const after = initState(setup, p, key);
  step(after, setup, p, pol, replicateCoefs(setup, seed, 0, false), key);
  return { before, after };
}

describe("talent rationing by size class", () => {
  const ration = (T: number, v: number[], ws: number, wm: number) => {
    const r = new Float64Array(3);
    const hires = rationTalent(T, Float64Array.from(v), r, 0, ws, wm);
    return { r: Array.from(r), hires };
  };
  test("equal priorities are pro-rata rationing, min(1, T / V) for every class", () => {
    const { r, hires } = ration(30, [40, 20, 40], 1, 1);
    for (const x of r) expect(x).toBeCloseTo(0.3, 12);
    expect(hires).toBeCloseTo(30, 12);
  });
  test("a pool that covers every vacancy fills them all", () => {
    expect(ration(200, [40, 20, 40], 0.5, 0.75)).toEqual({ r: [1, 1, 1], hires: 100 });
  });
  test("a short pool is used up, small firms filled at half and medium at three quarters of large firms' rate", () => {
    // θ (40·0.5 + 20·0.75 + 40) = 30 → θ = 0.4: rates 0.2, 0.3, 0.4.
    const { r, hires } = ration(30, [40, 20, 40], 0.5, 0.75);
    expect(r[0]).toBeCloseTo(0.2, 12);
    expect(r[1]).toBeCloseTo(0.3, 12);
    expect(r[2]).toBeCloseTo(0.4, 12);
    expect(hires).toBeCloseTo(30, 12);
  });
  test("large firms fill completely first; the rest is shared by priority", () => {
    // Large need 10 < θ: they take 10; 70 left over small and medium: θ (80·0.5 + 40·0.75) = 70 → θ = 1, rates 0.5, 0.75.
    const { r, hires } = ration(80, [80, 40, 10], 0.5, 0.75);
    expect(r[2]).toBe(1);
    expect(r[0]).toBeCloseTo(0.5, 12);
    expect(r[1]).toBeCloseTo(0.75, 12);
    expect(hires).toBeCloseTo(80, 12);
  });
  test("in the model, small firms fill a smaller share of their vacancies than large firms where talent is short", () => {
    const { after } = oneYear({ ...DEFAULT_STRUCTURAL, talentRenewal: 0.1 });
    let short = 0;
    for (let l = 0; l < after.nLoc; l++) {
      const r = after.hireRatio;
      if ((r[l * 3 + 2] as number) < 1 && (after.vacBySize[l * 3] as number) > 0 && (after.vacBySize[l * 3 + 2] as number) > 0) {
        short++;
        expect(r[l * 3] as number).toBeCloseTo(0.5 * (r[l * 3 + 2] as number), 12);
      }
      // Unfilled vacancies are the vacancies less the hires, whatever the priorities.
      const v = [0, 1, 2].reduce((a, z) => a + (after.vacBySize[l * 3 + z] as number), 0);
      expect(after.flows.vacancies[l] as number).toBeCloseTo(v, 6);
    }
    expect(short).toBeGreaterThan(0);
  });
});

describe("investors ration pre-revenue firms more and large firms less", () => {
  test("among firms seeking funds in year 1, pre-revenue firms are funded less often and large firms more often", () => {
    const { after } = oneYear(DEFAULT_STRUCTURAL);
    const f = after.firm;
    const share = (pick: (i: number) => boolean) => {
      let n = 0, k = 0;
      for (let i = 0; i < after.n; i++) {
        if ((f.need[i] as number) <= 0 || !pick(i)) continue;
        n++;
        k += (f.fundedAmt[i] as number) > 0 ? 1 : 0;
      }
      return { n, share: k / n };
    };
    const size = (i: number) => ((f.ftype[i] as number) % 6) >> 1;
    // pre_revenue is read at the start of the year: firms that start selling this year still count as pre-revenue here.
    const pre = share((i) => f.preRevenue[i] === 1 || (f.sales[i] as number) === 0);
    const rev = share((i) => !(f.preRevenue[i] === 1 || (f.sales[i] as number) === 0));
    const large = share((i) => size(i) === 2);
    const small = share((i) => size(i) === 0);
    expect(pre.n).toBeGreaterThan(100);
    expect(rev.n).toBeGreaterThan(100);
    expect(pre.share).toBeLessThan(rev.share);
    expect(large.n).toBeGreaterThan(10);
    expect(large.share).toBeGreaterThan(small.share);
  });
});

describe("infrastructure needs in-house research (absorptive capacity)", () => {
  test("with infraNoResearchShare 0, the infrastructure exit effect changes no exit of a firm without researchers and lowers exits of the others", () => {
    // No entry, so no exited firm's slot is reused; year 1 is then identical in both runs up to the exit draw
    // (same draws, same state), and exits can be compared firm by firm.
    const a = oneYear({ ...DEFAULT_STRUCTURAL, entryRate: 0 });
    const b = oneYear({ ...DEFAULT_STRUCTURAL, entryRate: 0, exitInfra: 0 });
    let noRes = 0, differ = 0, fewerExits = 0;
    const fa = a.after.firm, fb = b.after.firm;
    for (let i = 0; i < a.before.n; i++) {
      const res = fa.researchers[i] as number;
      expect(fb.researchers[i]).toBe(res);
      if (res < 1) {
        noRes++;
        expect(fa.alive[i], `firm ${i}`).toBe(fb.alive[i]);
      } else if (fa.alive[i] !== fb.alive[i]) {
        differ++;
        if ((fa.alive[i] as number) > (fb.alive[i] as number)) fewerExits++;
      }
    }
    expect(noRes).toBeGreaterThan(50);
    expect(differ).toBeGreaterThan(0);
    expect(fewerExits).toBe(differ);
  });
});
