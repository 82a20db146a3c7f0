import { describe, expect, test } from "vitest";
import { loadSources } from "../src/data/loaders";
import { dataSetup, dataSetups } from "../src/experiments/data-uncertainty";
import { varianceSources } from "../src/experiments/lab";
import { loadInputs, resolveMixes } from "../src/experiments/simulate";
import { runExperiment, cubeValue } from "../src/experiments/runner";
import { buildSetup } from "../src/model/setup";
import { userError } from "./helpers";

const inputs = loadInputs();
const sources = loadSources(undefined, { clusters: inputs.clusters });
const ids = inputs.clusters.map((c) => c.id);
const base = buildSetup(inputs);

describe("data uncertainty: each replicate on its own draw of the baseline", () => {
  test("the draw depends on (seed, replicate) only, and moves imputed stocks but not observed ones", () => {
    const a = dataSetup(inputs, sources, "d", 0);
    const again = dataSetup(inputs, sources, "d", 0);
    const b = dataSetup(inputs, sources, "d", 1);
    expect(Array.from(again.base.infra)).toEqual(Array.from(a.base.infra));
    expect(Array.from(b.base.infra)).not.toEqual(Array.from(a.base.infra));
    // Every cell whose provenance is observed or derived keeps its value in every draw.
    const fixed = sources.filter((s) => (s.status === "observed" || s.status === "derived") && s.field === "infra_krw_bn");
    expect(fixed.length).toBeGreaterThan(0);
    for (const s of fixed) {
      const l = ids.indexOf(s.cluster);
      expect(a.base.infra[l]).toBe(base.base.infra[l]);
      expect(b.base.infra[l]).toBe(base.base.infra[l]);
    }
  });

  test("a fourth source in the variance split, kept apart from the other three", () => {
    const mix = resolveMixes(["status_quo"], ids)[0]!;
    const o = { years: 3, seed: "vs", outcome: { metric: "firms" }, replicates: 8 };
    const without = varianceSources(base, mix, o);
    const withData = varianceSources(base, mix, { ...o, data: dataSetups(inputs, sources, "vs") });
    expect(without.data).toBe(0);
    expect(withData.data).toBeGreaterThan(0);
    // The three other sources are computed exactly as without data uncertainty.
    expect(withData.coefficients).toBe(without.coefficients);
    expect(withData.agents).toBe(without.agents);
    expect(withData.structural).toBe(without.structural);
    const sh = withData.shares;
    expect(sh.coefficients + sh.agents + sh.structural + sh.data).toBeCloseTo(1, 12);
  }, 60_000);

  test("without a provenance table it says what is missing", () => {
    expect(userError(() => dataSetup(inputs, [], "x", 0))).toMatch(/needs the provenance table with ranges \(data\/sources\.csv\)/);
  });
});

describe("--data-uncertainty through the runner", () => {
  const mixes = resolveMixes(["status_quo", "efficiency_shift"], ids);
  test("same numbers for 1 and 2 workers; replicates differ in their base year; mixes share each replicate's draw", async () => {
    const o = { years: 2, replicates: 3, seed: "du", dataUncertainty: { sources } };
    const one = await runExperiment(inputs, mixes, o);
    const two = await runExperiment(inputs, mixes, { ...o, workers: 2 });
    expect(one.options.dataUncertainty).toBe(true);
    for (let m = 0; m < 2; m++) for (let r = 0; r < 3; r++) expect(Array.from(two.cubes[m]![r]!)).toEqual(Array.from(one.cubes[m]![r]!));
    const infra0 = (m: number, r: number) => cubeValue(one, one.cubes[m]![r]!, 0, "all", "infra");
    expect(infra0(0, 1)).not.toBe(infra0(0, 0));
    // The base year is the drawn baseline, the same for both mixes of a replicate.
    for (let r = 0; r < 3; r++) expect(infra0(1, r)).toBe(infra0(0, r));
    const plain = await runExperiment(inputs, mixes, { years: 2, replicates: 1, seed: "du" });
    expect(plain.options.dataUncertainty).toBe(false);
  }, 120_000);
});
