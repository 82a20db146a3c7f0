/**
 * The robustness of the study's conclusions, rule by rule: each claim on
 * hand-built national rows (every condition made false in turn, ties and the
 * years that must not count included), the "deciders" on hand-built draws
 * (shares of the two halves against two pooled standard errors, worked by
 * hand), and a small run recomputed from its documented draw scheme (the
 * uncertain parameters and — without a calibration — the calibrated ones
 * uniform over their ranges, each set from its own stream; all six mixes on the same
 * seeds). calibration-conclusions.test.ts runs the CLI and is not in the
 * mutation test set.
 */
import { describe, expect, test } from "vitest";
import { claimsHold, conclusionRobustness, decidersOf, ROBUST_SHARE } from "../src/calibration/conclusions";
import { drawCalibrated } from "../src/calibration/validate";
import { calibrationInUse } from "../src/experiments/calibrated";
import { loadInputs, resolveMixes } from "../src/experiments/simulate";
import { metricLayout } from "../src/model/collect";
import { CALIBRATED_PARAMETERS, DEFAULT_STRUCTURAL, PARAMETERS, UNCERTAIN_PARAMETERS, type ParameterId, type Structural } from "../src/model/params";
import { replicateStructural, runReplicate } from "../src/model/run";
import { buildSetup } from "../src/model/setup";
import { deriveSeed, stream } from "../src/random";
import { UserError } from "../src/errors";

const layout = metricLayout(["infra", "talent"]);
const nLoc = 1;
const years = 2;
type Row = Partial<Record<"unfunded_demand" | "unfilled_vacancies" | "innovators" | "sales", number>>;
/** A cube whose national row at year t is rows[t]; the location row holds a large decoy everywhere. */
function cube(rows: Row[]): Float64Array {
  const c = new Float64Array((years + 1) * (nLoc + 1) * layout.nm).fill(1e9);
  rows.forEach((row, t) => {
    for (const [m, v] of Object.entries(row)) c[(t * (nLoc + 1) + nLoc) * layout.nm + (layout[m as keyof Row] as number)] = v;
  });
  return c;
}
/** Six mixes (SQ, ES, CU, FF, TF, UN): innovators per year 1 and 2, and last-year demand, vacancies, sales. */
function mixes(inn: number[][], last: Row[]): Float64Array[] {
  // Year 0 carries values that would reverse every innovators comparison if it were counted.
  return inn.map((v, i) => cube([{ innovators: 1000 - 100 * i }, { innovators: v[0] as number }, { innovators: v[1] as number, ...(last[i] as Row) }]));
}
const LAST: Row[] = [
  { unfunded_demand: 10, unfilled_vacancies: 5, sales: 100 },
  { unfunded_demand: 10, unfilled_vacancies: 5, sales: 100 },
  { unfunded_demand: 10, unfilled_vacancies: 5, sales: 120 },
  { unfunded_demand: 8, unfilled_vacancies: 5, sales: 100 },
  { unfunded_demand: 10, unfilled_vacancies: 4, sales: 100 },
  { unfunded_demand: 10, unfilled_vacancies: 5, sales: 110 },
];
// Innovators summed over years 1–2: SQ 10, ES 12, CU 14, UN 13.
const INN = [[5, 5], [6, 6], [7, 7], [5, 5], [5, 5], [6, 7]];
const ALL_HOLD = { "funds-and-people": true, efficiency: true, customised: true, "targeting-innovators": true, "targeting-sales": true };

describe("claimsHold", () => {
  test("all five claims hold on the base rows", () => {
    expect(claimsHold(mixes(INN, LAST), layout, nLoc, years)).toEqual(ALL_HOLD);
  });

  test.each([
    ["no unfunded demand under the status quo", 0, { unfunded_demand: 0 }],
    ["no unfilled vacancies under the status quo", 0, { unfilled_vacancies: 0 }],
    ["finance first not lowering unfunded demand (a tie)", 3, { unfunded_demand: 10 }],
    ["talent first not lowering vacancies (a tie)", 4, { unfilled_vacancies: 5 }],
  ] as Array<[string, number, Row]>)("funds-and-people fails with %s", (_what, mix, change) => {
    const last = LAST.map((r, i) => (i === mix ? { ...r, ...change } : r));
    expect(claimsHold(mixes(INN, last), layout, nLoc, years)).toEqual({ ...ALL_HOLD, "funds-and-people": false });
  });

  test("each innovators comparison fails on a tie over years 1 to T, whatever year 0 says", () => {
    const tie = (i: number, v: number[]) => INN.map((x, j) => (j === i ? v : x));
    expect(claimsHold(mixes(tie(1, [4, 6]), LAST), layout, nLoc, years)).toEqual({ ...ALL_HOLD, efficiency: false });
    expect(claimsHold(mixes(tie(2, [6, 6]), LAST), layout, nLoc, years)).toEqual({ ...ALL_HOLD, customised: false, "targeting-innovators": false });
    expect(claimsHold(mixes(tie(5, [7, 7]), LAST), layout, nLoc, years)).toEqual({ ...ALL_HOLD, "targeting-innovators": false });
    // The sum runs to the last year: innovators only in year 2 decide it.
    expect(claimsHold(mixes(tie(1, [10, 1]), LAST), layout, nLoc, years)).toEqual({ ...ALL_HOLD, efficiency: true });
    expect(claimsHold(mixes(tie(1, [20, 1]), LAST), layout, nLoc, years).efficiency).toBe(true);
    expect(claimsHold(mixes(tie(1, [1, 8]), LAST), layout, nLoc, years).efficiency).toBe(false);
  });

  test("targeting-sales compares the last year's sales of the customised mix and its untargeted twin", () => {
    const last = LAST.map((r, i) => (i === 5 ? { ...r, sales: 120 } : r));
    expect(claimsHold(mixes(INN, last), layout, nLoc, years)).toEqual({ ...ALL_HOLD, "targeting-sales": false });
  });
});

describe("decidersOf", () => {
  const draws = (a: number[], b: number[]): Structural[] => a.map((x, i) => ({ ...DEFAULT_STRUCTURAL, entryRate: x, exitBase: b[i] as number }));
  const names: ParameterId[] = ["entryRate", "exitBase"];

  test("a parameter whose halves differ by more than two pooled standard errors is listed", () => {
    // Low half of entryRate (1–4): 1 of 4 holds; high half: 4 of 4. share 5/8, gap 0.75 > 2·√(5/8·3/8·(1/4 + 1/4)) = 0.685.
    const h = [false, false, true, false, true, true, true, true];
    const v = draws([1, 2, 3, 4, 5, 6, 7, 8], [3, 8, 1, 6, 2, 5, 7, 4]);
    expect(decidersOf(names, v, h)).toEqual([{ parameter: "entryRate", shareLow: 0.25, shareHigh: 1 }]);
    // Reversed: the parameter decides the other way round, with the same gap.
    expect(decidersOf(names, draws([8, 7, 6, 5, 4, 3, 2, 1], [3, 8, 1, 6, 2, 5, 7, 4]), h)).toEqual([{ parameter: "entryRate", shareLow: 1, shareHigh: 0.25 }]);
  });

  test("a gap within two standard errors is not", () => {
    // Low half 2 of 4, high half 4 of 4: share 6/8, gap 0.5 < 2·√(6/8·2/8·(1/2)) = 0.612.
    const h = [true, false, true, false, true, true, true, true];
    expect(decidersOf(names, draws([1, 2, 3, 4, 5, 6, 7, 8], [1, 2, 3, 4, 5, 6, 7, 8]), h)).toEqual([]);
  });

  test("draws at the median go to the lower half; a constant parameter decides nothing", () => {
    // entryRate: 1,1,1,1,1,2,2,2 (median 1): the lower half is the five 1s.
    const h = [false, false, false, false, false, true, true, true];
    const v = draws([1, 1, 1, 1, 1, 2, 2, 2], [5, 5, 5, 5, 5, 5, 5, 5]);
    expect(decidersOf(names, v, h)).toEqual([{ parameter: "entryRate", shareLow: 0, shareHigh: 1 }]);
  });

  test("largest gap first, ties by name, at most three; a claim that always holds has none", () => {
    const h = [false, false, false, false, true, true, true, true];
    const base = [1, 2, 3, 4, 5, 6, 7, 8];
    const v = base.map((x, i) => ({ ...DEFAULT_STRUCTURAL, exitBase: x, entryRate: x, margin: x, salesDrift: [1, 2, 3, 5, 4, 6, 7, 8][i] as number, revenueBase: x }));
    const all: ParameterId[] = ["salesDrift", "revenueBase", "margin", "entryRate", "exitBase"];
    expect(decidersOf(all, v, h)).toEqual([
      { parameter: "entryRate", shareLow: 0, shareHigh: 1 },
      { parameter: "exitBase", shareLow: 0, shareHigh: 1 },
      { parameter: "margin", shareLow: 0, shareHigh: 1 },
    ]);
    // salesDrift's halves hold 1 of 4 and 3 of 4: a gap of 0.5 within 2·√(½·½·½) = 0.707, so it is not listed.
    expect(decidersOf(["salesDrift", "exitBase"], v, h)).toEqual([{ parameter: "exitBase", shareLow: 0, shareHigh: 1 }]);
    expect(decidersOf(all, v, h.map(() => true))).toEqual([]);
  });
});

describe("conclusionRobustness", () => {
  test("recomputed from its draw scheme: each claim's share over the draws, robust from 80 %", async () => {
    const o = { draws: 4, years: 2, seed: "rules", calibration: null };
    const rows = await conclusionRobustness(o);
    const inputs = loadInputs();
    const setup = buildSetup({ ...inputs, seed: deriveSeed("rules", "population") });
    const ids = inputs.clusters.map((c) => c.id);
    const named = resolveMixes(["status_quo", "efficiency_shift", "customised", "finance_first", "talent_first"], ids);
    const { targeting: _t, ...untargeted } = named[2]!;
    const all = [...named, ...resolveMixes([{ ...untargeted, name: "customised_untargeted", label: "x" }], ids)];
    const L = metricLayout(setup.instruments.map((i) => i.id));
    const counts: Record<string, number> = {};
    const values: Structural[] = [];
    const holds: Record<string, boolean[]> = {};
    for (let d = 0; d < 4; d++) {
      const p = replicateStructural("rules", d, true);
      const u = stream("rules", "calibrated", d);
      for (const n of CALIBRATED_PARAMETERS) p[n.name] = PARAMETERS[n.name].range[0] + (PARAMETERS[n.name].range[1] - PARAMETERS[n.name].range[0]) * u();
      values.push(p);
      const cubes = all.map((m) => runReplicate(setup, m, { years: 2, seed: "rules", replicate: d, paramUncertainty: true, structural: p }).cube);
      for (const [k, v] of Object.entries(claimsHold(cubes, L, setup.nLoc, 2))) {
        counts[k] = (counts[k] ?? 0) + (v ? 1 : 0);
        (holds[k] ??= []).push(v);
      }
    }
    const drawn = [...new Set<ParameterId>([...UNCERTAIN_PARAMETERS, ...CALIBRATED_PARAMETERS.map((q) => q.name)])];
    expect(rows.map((r) => r.key)).toEqual(["funds-and-people", "efficiency", "customised", "targeting-innovators", "targeting-sales"]);
    for (const r of rows) {
      expect(r.deciders).toEqual(decidersOf(drawn, values, holds[r.key] as boolean[]));
      expect(r.share).toBe((counts[r.key] as number) / 4);
      expect(r.draws).toBe(4);
      expect(r.robust).toBe(r.share >= 0.8);
      expect(r.claim.length).toBeGreaterThan(40);
    }
    expect(ROBUST_SHARE).toBe(0.8);
    expect(new Set(rows.map((r) => r.claim)).size).toBe(5);
  }, 60_000);

  test("with a calibration, its parameters are drawn from their sampling distribution", async () => {
    const cal = calibrationInUse();
    if (cal === null || cal.covariance === null) return; // nothing to compare without a committed calibration
    const rows = await conclusionRobustness({ draws: 4, years: 2, seed: "rules-cal" });
    const inputs = loadInputs();
    const setup = buildSetup({ ...inputs, seed: deriveSeed("rules-cal", "population") });
    const ids = inputs.clusters.map((c) => c.id);
    const named = resolveMixes(["status_quo", "efficiency_shift", "customised", "finance_first", "talent_first"], ids);
    const { targeting: _t, ...untargeted } = named[2]!;
    const all = [...named, ...resolveMixes([{ ...untargeted, name: "customised_untargeted", label: "x" }], ids)];
    const L = metricLayout(setup.instruments.map((i) => i.id));
    const counts: Record<string, number> = {};
    for (let d = 0; d < 4; d++) {
      const p = { ...replicateStructural("rules-cal", d, true), ...drawCalibrated(cal, "rules-cal", d) };
      const cubes = all.map((m) => runReplicate(setup, m, { years: 2, seed: "rules-cal", replicate: d, paramUncertainty: true, structural: p }).cube);
      for (const [k, v] of Object.entries(claimsHold(cubes, L, setup.nLoc, 2))) counts[k] = (counts[k] ?? 0) + (v ? 1 : 0);
    }
    for (const r of rows) expect(r.share).toBe((counts[r.key] as number) / 4);
  }, 60_000);

  test("draws must be a whole number from 4 to 100000", async () => {
    for (const draws of [3, 4.5, 100_001]) {
      await expect(conclusionRobustness({ draws, years: 2, calibration: null })).rejects.toThrow(UserError);
      await expect(conclusionRobustness({ draws, years: 2, calibration: null })).rejects.toThrow(`draws must be a whole number from 4 to 100000, not ${draws}.`);
    }
  });
});

describe("conclusionRobustness's range of draws", () => {
  test("100000 draws are accepted (the refusal that follows is about the calibration file, checked after the draws)", async () => {
    const err = await conclusionRobustness({ draws: 100_000, years: 2, calibration: "/nonexistent/calibrated.json" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as Error).message).not.toMatch(/draws must be/);
    expect((err as Error).message).toMatch(/nonexistent\/calibrated\.json/);
  });
});
