import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, test } from "vitest";
import { loadInputs, resolveMixes } from "../src/experiments/simulate";
import { runExperiment, cubeValue, type ExperimentResult } from "../src/experiments/runner";
import { writeExperiment } from "../src/experiments/output";
import { pairedDifferences, costEffectiveness, summarise } from "../src/experiments/summary";
import { validateMix, readMix, type PolicyMix } from "../src/model/policy";
import { buildSetup } from "../src/model/setup";
import { DEFAULT_STRUCTURAL } from "../src/model/params";
import { DEFAULT_MODELS, estimate } from "../src/estimation";
import { FEATURES } from "../src/model/features";
import { userError, asyncUserError } from "./helpers";
import { stream } from "../src/random";

const inputs = loadInputs();
const ids = inputs.clusters.map((c) => c.id);
const preset = (n: string) => readMix(n, ids);
const base: PolicyMix = preset("status_quo");


const OUTCOMES = ["firms", "entries", "exits", "employment", "researchers", "sales", "rnd", "innovators", "patents", "collaborating_share", "unfunded_demand", "unfilled_vacancies", "infra", "talent", "capital", "knowledge", "index"];

function cube(res: ExperimentResult, mix: number, rep: number): Float64Array {
  return res.cubes[mix]![rep]!;
}

describe("base year and conservation", async () => {
  const res = await runExperiment(inputs, [base, preset("efficiency_shift")], { years: 8, replicates: 3, seed: "conservation" });

  test("the base year reproduces the clusters' firms, employees and researchers", () => {
    for (const c of inputs.clusters) {
      expect(cubeValue(res, cube(res, 0, 0), 0, c.id, "firms")).toBe(c.firms);
      expect(cubeValue(res, cube(res, 0, 0), 0, c.id, "employment")).toBe(c.employees);
      expect(cubeValue(res, cube(res, 0, 0), 0, c.id, "researchers")).toBe(c.researchers);
    }
    expect(cubeValue(res, cube(res, 0, 0), 0, "all", "firms")).toBe(993);
    expect(cubeValue(res, cube(res, 0, 0), 0, "all", "employment")).toBe(47047);
  });

  test("firms(t+1) = firms(t) + entries − exits in every location, year, replicate and mix", () => {
    for (let k = 0; k < 2; k++)
      for (let r = 0; r < 3; r++)
        for (const loc of res.locations)
          for (let y = 1; y <= res.years; y++) {
            const c = cube(res, k, r);
            const v = (m: string, yy: number) => cubeValue(res, c, yy, loc, m);
            expect(v("firms", y), `${loc} ${y}`).toBe(v("firms", y - 1) + v("entries", y) - v("exits", y));
          }
  });

  test("summaries and paired differences have the documented shape", () => {
    const s = summarise(res, { metrics: ["firms"], locations: ["all"] });
    expect(s).toHaveLength(2 * 9);
    for (const r of s) expect(r.p05 <= r.p50 && r.p50 <= r.p95).toBe(true);
    const d = pairedDifferences(res, "status_quo", { metrics: ["firms"], locations: ["all"] });
    expect(d.every((r) => r.scenario === "efficiency_shift" && r.baseline === "status_quo")).toBe(true);
    expect(d.find((r) => r.year === 0)?.mean).toBe(0); // same base year under common random numbers
    const ce = costEffectiveness(res, "status_quo");
    // ≈ budget × years: efficiency_shift's networking 7.5 % (KRW 26 bn) is above what cluster firms take at the
    // award cap (about KRW 14 bn), and the rest moves to its other instruments (placeBudgets).
    const B = 8 * (res.mixes[0]!.budget.krwBn as number);
    expect(ce.every((r) => r.spend <= B * 1.01 && r.spend > B * 0.95)).toBe(true);
  });
});

describe("no NaN and no negative stock under any valid mix (fuzzed)", () => {
  const rng = stream("fuzz");
  const instruments = ["infrastructure", "rndGrants", "talent", "finance", "networking", "commercialisation"];
  const mixes: PolicyMix[] = [
    { name: "zero", budget: { krwBn: 0 }, shares: { infrastructure: 1 } },
    { name: "tenfold", budget: { krwBn: 3000 }, shares: base.shares as Record<string, number> },
    ...instruments.map((i) => ({ name: `all-${i.toLowerCase()}`, budget: { krwBn: 600 }, shares: { [i]: 1 } })),
    ...Array.from({ length: 4 }, (_, j) => {
      const w = instruments.map(() => rng() ** 3);
      const s = w.reduce((a, b) => a + b, 0);
      return {
        name: `random-${j}`,
        budget: { krwBn: Array.from({ length: 5 }, () => Math.round(2000 * rng())) },
        shares: Object.fromEntries(instruments.map((i, k) => [i, w[k]! / s])),
        targeting: { rndGrants: { stage: { startup: 5 * rng() }, size: { large: 0 } }, talent: { clusters: { osong: 3, daedeok: 1 } } },
        structural: { additionality: 0.2 + rng(), leverage: 0.5 + 2.5 * rng() },
      } as PolicyMix;
    }),
  ].map((m) => validateMix(m, m.name, ids));
  test.each(mixes.map((m) => [m.name, m] as const))("%s", async (_n, mix) => {
    const res = await runExperiment(inputs, [mix], { years: 5, replicates: 2, seed: "fuzz", structuralUncertainty: true });
    for (const c of res.cubes[0]!) {
      for (const v of c) expect(Number.isFinite(v)).toBe(true);
      for (const loc of res.locations)
        for (let y = 0; y <= 5; y++)
          for (const m of ["firms", "employment", "researchers", "sales", "talent", "capital", "infra", "knowledge", "unfunded_demand", "unfilled_vacancies"]) {
            expect(cubeValue(res, c, y, loc, m), `${mix.name} ${loc} ${y} ${m}`).toBeGreaterThanOrEqual(0);
          }
    }
  });
});

describe("common random numbers", () => {
  test("a mix equal to the baseline (under another name) reproduces it exactly", async () => {
    const twin = { ...base, name: "twin" };
    const res = await runExperiment(inputs, [base, twin], { years: 6, replicates: 3, seed: 11 });
    for (let r = 0; r < 3; r++) expect(Array.from(cube(res, 1, r))).toEqual(Array.from(cube(res, 0, r)));
  });

  test("a change with zero effect (networking budget when networking has no effect) leaves every outcome unchanged", async () => {
    const noNet = { networkEffect: 0 };
    const a = validateMix({ ...base, name: "a", structural: noNet }, "a", ids);
    const shares = { ...(base.shares as Record<string, number>) };
    shares["networking"] = (shares["networking"] ?? 0) + 0.05;
    shares["rndGrants"] = (shares["rndGrants"] ?? 0) - 0.05;
    const B = base.budget.krwBn as number;
    const b0 = validateMix({ ...base, name: "b", shares: { ...(base.shares as Record<string, number>) }, structural: noNet, budget: { krwBn: B } }, "b", ids);
    // Same budget for every other instrument; extra networking money funded by a larger total budget, so only networking
    // changes. KRW 10 bn more stays below networking's absorption (about KRW 14 bn a year: cluster firms × awardCap ×
    // the typical award), so none of it is reallocated to other instruments (placeBudgets).
    const b = validateMix({ ...b0, budget: { krwBn: B + 10 }, shares: Object.fromEntries(Object.entries(base.shares as Record<string, number>).map(([k, v]) => [k, k === "networking" ? (v * B + 10) / (B + 10) : (v * B) / (B + 10)])) }, "b", ids);
    const res = await runExperiment(inputs, [a, b], { years: 6, replicates: 3, seed: 12 });
    for (let r = 0; r < 3; r++)
      for (const loc of res.locations)
        for (let y = 0; y <= 6; y++)
          for (const m of OUTCOMES) expect(cubeValue(res, cube(res, 1, r), y, loc, m), `${loc} ${y} ${m}`).toBe(cubeValue(res, cube(res, 0, r), y, loc, m));
    expect(cubeValue(res, cube(res, 1, 0), 3, "all", "spend_networking")).toBeGreaterThan(cubeValue(res, cube(res, 0, 0), 3, "all", "spend_networking"));
  });
});

describe("reproducibility", () => {
  const read = (dir: string) => fs.readFileSync(path.join(dir, "runs.csv"), "utf8");
  test("the same seed gives byte-identical runs.csv for 1, 2 and 4 workers; another seed changes it", async () => {
    const mixes = [base, preset("talent_first")];
    const outs: string[] = [];
    for (const workers of [1, 2, 4]) {
      const res = await runExperiment(inputs, mixes, { years: 4, replicates: 5, seed: "repro", workers });
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), `bc-sim-${workers}-`));
      writeExperiment(dir, res, { baseline: "status_quo" });
      outs.push(read(dir));
    }
    expect(outs[1]).toBe(outs[0]);
    expect(outs[2]).toBe(outs[0]);
    const other = await runExperiment(inputs, mixes, { years: 4, replicates: 5, seed: "other" });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bc-sim-o-"));
    writeExperiment(dir, other, { baseline: "status_quo" });
    expect(read(dir)).not.toBe(outs[0]);
    // The seed is in every row.
    const rows = outs[0]!.trim().split("\n").slice(1);
    expect(rows.every((l) => /^[a-z_]+,\d+,repro\/replicate\/\d+,/.test(l))).toBe(true);
  }, 60_000);

  test("outputs appear whole or not at all, with a manifest", async () => {
    const res = await runExperiment(inputs, [base], { years: 2, replicates: 2, seed: 1, firmPanel: true });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bc-out-"));
    const w = writeExperiment(dir, res, { baseline: "status_quo", manifest: { data: { note: "test" } } });
    expect(fs.readdirSync(dir).sort()).toEqual(["differences.csv", "manifest.json", "panel.csv", "runs.csv", "summary.csv"]);
    const man = JSON.parse(fs.readFileSync(path.join(dir, "manifest.json"), "utf8"));
    expect(man.replicateSeeds).toEqual(["1/replicate/0", "1/replicate/1"]);
    expect(man.mixes[0].name).toBe("status_quo");
    expect(w.runRows).toBeGreaterThan(0);
  });

  test("cancellation stops a run with a clear message", async () => {
    const ac = new AbortController();
    const p = runExperiment(inputs, [base], { years: 10, replicates: 50, seed: 1, signal: ac.signal, onProgress: (d) => d === 2 && ac.abort() });
    expect(await asyncUserError(p)).toBe("The simulation was cancelled.");
  });
});

describe("recovery: estimating the innovation logit on the simulated panel recovers the artefact", () => {
  test("coefficients lie within their confidence intervals", async () => {
    const res = await runExperiment(inputs, [base], { years: 3, replicates: 1, seed: "recovery", paramUncertainty: false, firmPanel: true });
    const eq = buildSetup(inputs).equations.innovation;
    const rows = res.panel.map((r) => {
      const o: Record<string, unknown> = { product_innovation: r.product_innovation, sector: ["bio_pharma", "bio_food", "bio_chem_energy", "bio_services", "bio_devices", "bio_equipment", "bio_other"][r.sector] };
      FEATURES.forEach((f, i) => f !== "product_innovation" && (o[f] = r.x[i]));
      return o;
    });
    expect(rows.length).toBeGreaterThan(2900);
    // The artefact's own specification, interactions included (estimation builds "a:b" from the recorded features).
    const spec = DEFAULT_MODELS.find((m) => m.role === "innovation")!.spec;
    const fit = estimate(rows, { model: "logit", y: "product_innovation", x: spec.x, categorical: { sector: "bio_pharma" } });
    let outside = 0;
    eq.names.forEach((n, i) => {
      const j = fit.names.indexOf(n);
      const [lo, hi] = fit.confInt[j]!;
      if (!(lo <= eq.estimate[i]! && eq.estimate[i]! <= hi)) outside++;
    });
    // 17 coefficients at 95 %: at most two may miss by chance.
    expect(eq.names).toHaveLength(17);
    expect(outside).toBeLessThanOrEqual(2);
  }, 60_000);
});

describe("direction of policy effects (paired, common random numbers)", async () => {
  const shiftTo = (inst: string, name: string) =>
    validateMix({ ...base, name, shares: Object.fromEntries(Object.entries(base.shares as Record<string, number>).map(([k, v]) => [k, k === "infrastructure" ? v - 0.3 : k === inst ? v + 0.3 : v])) }, name, ids);
  const res = await runExperiment(inputs, [base, shiftTo("talent", "more_talent"), shiftTo("finance", "more_finance")], { years: 6, replicates: 12, seed: "direction" });
  const total = (k: number, m: string) => res.cubes[k]!.reduce((a, c) => a + [1, 2, 3, 4, 5, 6].reduce((s, y) => s + cubeValue(res, c, y, "all", m), 0), 0);

  test("more talent budget lowers unfilled vacancies", () => {
    expect(total(1, "unfilled_vacancies")).toBeLessThan(total(0, "unfilled_vacancies"));
  });
  test("more finance budget lowers unfunded demand", () => {
    expect(total(2, "unfunded_demand")).toBeLessThan(total(0, "unfunded_demand"));
  });
  test("infrastructure spending has diminishing returns as the stock grows", () => {
    const k = DEFAULT_STRUCTURAL.kappaInfra;
    const gain = (stock: number) => (1 - Math.exp(-(stock + 50) / k)) - (1 - Math.exp(-stock / k));
    expect(gain(0)).toBeGreaterThan(gain(200));
    expect(gain(200)).toBeGreaterThan(gain(600));
    // In the model: the same extra infrastructure money raises the national index less once stocks are large.
    expect(total(0, "infra")).toBeGreaterThan(total(1, "infra"));
  });
});

describe("bad input is refused before any run", () => {
  const bad = (m: Record<string, unknown>) => userError(() => validateMix({ name: "bad", budget: { krwBn: 100 }, shares: { infrastructure: 1 }, ...m }, "bad.json", ids));
  test.each([
    ["shares not summing to 1", { shares: { infrastructure: 0.5, talent: 0.4 } }, /bad\.json: The instrument shares add up to 0\.9, not 1/],
    ["negative budget", { budget: { krwBn: -5 } }, /bad\.json: Policy mix field budget\.krwBn: the budget cannot be negative/],
    ["unknown instrument", { shares: { infrastructure: 0.5, bribes: 0.5 } }, /Unknown instrument "bribes" in shares/],
    ["unknown firm type", { targeting: { talent: { stage: { teenager: 2 } } } }, /unknown category "teenager"/],
    ["unknown cluster", { targeting: { talent: { clusters: { atlantis: 1 } } } }, /Unknown cluster "atlantis" in targeting\.talent\.clusters/],
    ["unknown structural parameter", { structural: { magic: 1 } }, /Unknown structural parameter "magic"/],
  ])("%s", (_n, m, msg) => expect(bad(m)).toMatch(msg));

  test("an unknown preset", () => {
    expect(userError(() => resolveMixes(["utopia"], ids))).toMatch(/"utopia" is neither a policy-mix file nor a preset\. Presets: status_quo/);
  });

  test("estimates whose variables are not in the codebook", async () => {
    const innovation = JSON.parse(JSON.stringify(inputs.estimates.innovation).replace(/"log_researchers"/g, '"brain_power"'));
    const msg = await asyncUserError(runExperiment({ ...inputs, estimates: { ...inputs.estimates, innovation } }, [base], { years: 1, replicates: 1, seed: 1 }));
    expect(msg).toMatch(/innovation estimates.*"brain_power" is not in the codebook/);
  });

  test("estimates using a codebook variable the simulator cannot compute", async () => {
    const patents = JSON.parse(JSON.stringify(inputs.estimates.patents).replace(/"in_cluster"/g, '"support_talent"'));
    const msg = await asyncUserError(runExperiment({ ...inputs, estimates: { ...inputs.estimates, patents } }, [base], { years: 1, replicates: 1, seed: 1 }));
    expect(msg).toMatch(/The patents estimates use "support_talent", which the simulator cannot compute/);
  });

  test("impossible options", async () => {
    expect(await asyncUserError(runExperiment(inputs, [base], { years: 0, replicates: 1, seed: 1 }))).toMatch(/years must be a whole number from 1 to 100/);
    expect(await asyncUserError(runExperiment(inputs, [base, base], { years: 1, replicates: 1, seed: 1 }))).toMatch(/Two mixes are named "status_quo"/);
  });
});

test("every preset is valid and budget-neutral against the status quo", () => {
  for (const n of ["status_quo", "efficiency_shift", "talent_first", "finance_first", "network_first", "customised"]) {
    const m = preset(n);
    expect(m.budget.krwBn).toBe(base.budget.krwBn);
  }
});
