/**
 * Money an instrument cannot place: a firm-level instrument pays each selected firm at most awardCap × its typical
 * award, so beyond what its eligible firms absorb its budget cannot be spent on it. By default that money moves,
 * within the year, to the mix's other firm-level and national instruments in proportion to their shares
 * (`placeBudgets`, recorded as the realloc_ metrics); with `"unplacedMoney": "save"` it stays unspent and
 * `unspentBudgets` names it.
 */
import { describe, expect, test } from "vitest";
import { loadInputs, resolveMixes } from "../src/experiments/simulate";
import { cubeValue, runExperiment, type ExperimentResult } from "../src/experiments/runner";
import { pairedDifferences, unspentBudgets } from "../src/experiments/summary";
import { PRESETS, validateMix, type PolicyMix } from "../src/model/policy";
import { INSTRUMENTS } from "../src/model/instruments";
import { DEFAULT_STRUCTURAL } from "../src/model/params";
import { userError } from "./helpers";

const inputs = loadInputs();
const ids = inputs.clusters.map((c) => c.id);
const presets = resolveMixes([...PRESETS], ids);
const saving = (m: PolicyMix): PolicyMix => ({ ...m, name: `${m.name}_save`, unplacedMoney: "save" });
const YEARS = 3;
const REPS = 4;

/** Mean over replicates of a metric summed over the years, nationally. */
function horizon(res: ExperimentResult, m: number, metric: string): number {
  const cubes = res.cubes[m] as Float64Array[];
  let s = 0;
  for (const c of cubes) for (let y = 1; y <= res.years; y++) s += cubeValue(res, c, y, "all", metric);
  return s / cubes.length;
}

describe("money an instrument cannot place", () => {
  const all = [...presets, ...presets.map(saving)];
  const run = runExperiment(inputs, all, { years: YEARS, replicates: REPS, seed: "unspent", paramUncertainty: false });

  test("is reallocated by default: every preset spends its budget within 1 %, and nothing is reported unspent", async () => {
    const res = await run;
    presets.forEach((mix, m) => {
      const budget = YEARS * (mix.budget.krwBn as number);
      const spent = horizon(res, m, "spend");
      expect(Math.abs(spent / budget - 1), `${mix.name}: spent ${spent} of ${budget}`).toBeLessThan(0.01);
    });
    expect(unspentBudgets(res).filter((r) => !r.scenario.endsWith("_save"))).toEqual([]);
  }, 60_000);

  test("moves to the other firm-level and national instruments in proportion to their shares, never to infrastructure; the moves sum to zero", async () => {
    const res = await run;
    const nf = presets.findIndex((m) => m.name === "network_first");
    const shares = presets[nf]!.shares as Record<string, number>;
    const moved = Object.fromEntries(INSTRUMENTS.map((i) => [i, horizon(res, nf, `realloc_${i}`)]));
    expect(moved.networking!).toBeLessThan(-0.5 * YEARS * shares.networking! * (presets[nf]!.budget.krwBn as number));
    expect(moved.infrastructure).toBe(0);
    expect(Object.values(moved).reduce((a, b) => a + b, 0)).toBeCloseTo(0, 6);
    // Receivers below their own limit get the excess in proportion to their budgets: R&D grants twice talent's, talent as finance.
    expect(moved.rnd_grants! / moved.talent!).toBeCloseTo(shares.rnd_grants! / shares.talent!, 6);
    expect(moved.finance! / moved.talent!).toBeCloseTo(shares.finance! / shares.talent!, 6);
    // Each instrument's spend follows its budget plus what it received (cluster-level instruments exactly).
    for (const i of ["talent", "finance"]) expect(horizon(res, nf, `spend_${i}`)).toBeCloseTo(YEARS * shares[i]! * (presets[nf]!.budget.krwBn as number) + moved[i]!, 6);
    // The status quo has nothing to place: reallocation changes none of its numbers.
    const sq = presets.findIndex((m) => m.name === "status_quo");
    const sqSave = presets.length + sq;
    (res.cubes[sq] as Float64Array[]).forEach((c, r) => expect(Array.from(c)).toEqual(Array.from((res.cubes[sqSave] as Float64Array[])[r]!)));
  }, 60_000);

  test("network-first still differs from the status quo: more collaboration, its networking at the absorption limit", async () => {
    const res = await run;
    const d = pairedDifferences(res, "status_quo").filter((x) => x.scenario === "network_first" && x.year === YEARS && x.cluster === "all");
    const col = d.find((x) => x.metric === "collaborating_share")!;
    expect(col.ciLow).toBeGreaterThan(0);
    const net = d.find((x) => x.metric === "spend_networking")!;
    expect(net.ciLow).toBeGreaterThan(0);
  }, 60_000);

  test("with \"unplacedMoney\": \"save\" the old behaviour holds: networking beyond its absorption is reported unspent, nothing moves", async () => {
    const res = await run;
    const rows = unspentBudgets(res).filter((r) => r.scenario.endsWith("_save"));
    const nfSave = presets.length + presets.findIndex((m) => m.name === "network_first");
    const nf = res.mixes[nfSave]!;
    for (const i of INSTRUMENTS) expect(horizon(res, nfSave, `realloc_${i}`)).toBe(0);
    const net = rows.find((r) => r.scenario === "network_first_save" && r.instrument === "networking");
    expect(net).toBeDefined();
    const shares = nf.shares as Record<string, number>;
    expect(net!.budget).toBeCloseTo(YEARS * (nf.budget.krwBn as number) * (shares.networking as number), 9);
    expect(net!.reallocated).toBe(0);
    // At most every cluster firm at the cap each year (entrants add a few firms): the absorption bound.
    const clusterFirms = inputs.clusters.reduce((a, c) => a + c.firms, 0);
    const cap = (YEARS * 1.1 * clusterFirms * DEFAULT_STRUCTURAL.awardCap * DEFAULT_STRUCTURAL.networkSupportSize) / 1000;
    expect(net!.spent).toBeGreaterThan(0);
    expect(net!.spent).toBeLessThan(cap);
    expect(net!.spent).toBeLessThan(0.95 * net!.budget);
    // The mix then spends less than its budget: a saving.
    expect(horizon(res, nfSave, "spend")).toBeLessThan(0.9 * YEARS * (nf.budget.krwBn as number));
    // A stricter threshold can only add rows; a threshold of 0 reports nothing.
    expect(unspentBudgets(res, 0)).toEqual([]);
    expect(unspentBudgets(res, 0.999).length).toBeGreaterThanOrEqual(unspentBudgets(res).length);
  }, 60_000);

  test("a mix's unplacedMoney is \"reallocate\" or \"save\"; anything else is refused with the field named", () => {
    const base = { name: "m", budget: { krwBn: 10 }, shares: { rnd_grants: 1 } };
    expect(validateMix({ ...base, unplacedMoney: "save" }, "m.json", ids).unplacedMoney).toBe("save");
    expect(userError(() => validateMix({ ...base, unplacedMoney: "keep" }, "m.json", ids))).toMatch(/Policy mix field unplacedMoney/);
  });
});
