/**
 * Instruments are data: an instrument defined only here — a firm-level
 * "regulatory fast-track" that raises a pre-revenue firm's odds of a first
 * revenue — runs through the unchanged engine, with targeting, outputs and
 * the lab's instrument count following the table.
 */
import { describe, expect, test } from "vitest";
import { optimiseShares, withInfrastructureShare } from "../src/experiments/lab";
import { runExperiment, cubeValue } from "../src/experiments/runner";
import { loadInputs } from "../src/experiments/simulate";
import { INSTRUMENT_TABLE, instrumentEffects, checkInstrumentTable, type InstrumentSpec } from "../src/model/instruments";
import { DEFAULT_STRUCTURAL } from "../src/model/params";
import { validateMix } from "../src/model/policy";
import { METRICS } from "../src/model/collect";
import { buildSetup } from "../src/model/setup";
import { userError } from "./helpers";

const inputs = loadInputs();
const ids = inputs.clusters.map((c) => c.id);

function fastTrack(logOdds: number): InstrumentSpec {
  return { id: "fast_track", label: "Regulatory fast-track", level: "firm", demand: "commercialisation", surveyColumn: null, feature: null, awardSize: 50, coverage: 0.2, dosePeak: "supportDosePeak", effects: [{ on: "revenueOdds", logOdds }], aliases: ["fastTrack"] };
}
const tableWith = (logOdds: number): InstrumentSpec[] => [...INSTRUMENT_TABLE, fastTrack(logOdds)];

/** Half the budget (KRW 5 bn, below what start-ups in clusters can absorb at the cap) to the fast-track, targeted at start-ups; the rest to infrastructure (no other firm-level money). */
const mixJson = { name: "fast", budget: { krwBn: 10 }, shares: { infrastructure: 0.5, fastTrack: 0.5 }, targeting: { fast_track: { stage: { established: 0 } } } };

describe("an instrument defined outside the engine", () => {
  const table = tableWith(1.5);
  const mix = validateMix(mixJson, "fast.json", ids, table);

  test("mixes name it by id or alias; the default table refuses it", () => {
    expect(Object.keys(mix.shares as Record<string, number>).sort()).toEqual(["fast_track", "infrastructure"]);
    expect(userError(() => validateMix(mixJson, "fast.json", ids))).toMatch(/Unknown instrument "fastTrack" in shares/);
  });

  test("it is spent, only on its target, and appears in the outputs", async () => {
    const res = await runExperiment({ ...inputs, instruments: table }, [mix], { years: 3, replicates: 2, seed: "fast" });
    expect(res.metrics).toContain("spend_fast_track");
    expect(res.metrics).toContain("realloc_fast_track");
    expect(res.metrics.length).toBe(METRICS.length + 2);
    let total = 0;
    for (const c of res.cubes[0]!) {
      for (let y = 1; y <= 3; y++) {
        const spend = cubeValue(res, c, y, "all", "spend_fast_track");
        total += spend;
        // Recipients drawn with the allocation rule's probabilities (some tens a year): spend matches the KRW 5 bn in
        // expectation, each year within binomial noise.
        expect(spend).toBeGreaterThan(0.7 * 5);
        expect(spend).toBeLessThan(1.3 * 5);
        expect(cubeValue(res, c, y, "all", "spend_established")).toBe(0);
        expect(cubeValue(res, c, y, "all", "spend_startup")).toBeCloseTo(spend, 9);
        expect(cubeValue(res, c, y, "all", "spend_rnd_grants")).toBe(0);
      }
    }
    expect(total / 6).toBeGreaterThan(0.9 * 5);
    expect(total / 6).toBeLessThan(1.1 * 5);
  });

  test("its effect acts through first revenue: same draws, more sales than with a zero effect", async () => {
    const zero = tableWith(0);
    const o = { years: 3, replicates: 4, seed: "fast-effect", paramUncertainty: false };
    const withEffect = await runExperiment({ ...inputs, instruments: table }, [mix], o);
    const without = await runExperiment({ ...inputs, instruments: zero }, [validateMix(mixJson, "fast.json", ids, zero)], o);
    for (let r = 0; r < 4; r++) {
      const a = withEffect.cubes[0]![r]!;
      const b = without.cubes[0]![r]!;
      // Same uniform draws, higher first-revenue probability: every firm that starts selling without the effect also does with it.
      expect(cubeValue(withEffect, a, 1, "all", "sales")).toBeGreaterThan(cubeValue(without, b, 1, "all", "sales"));
      // Before any first revenue can differ, everything is identical.
      expect(cubeValue(withEffect, a, 0, "all", "sales")).toBe(cubeValue(without, b, 0, "all", "sales"));
    }
  });

  test("the lab counts it: the infrastructure lever and the optimiser spread over seven instruments", () => {
    const names = table.map((t) => t.id);
    const m = withInfrastructureShare({ name: "infra", budget: { krwBn: 300 }, shares: { infrastructure: 1 } }, 0.4, names);
    const s = m.shares as Record<string, number>;
    expect(Object.keys(s)).toEqual(names);
    for (const k of names.filter((n) => n !== "infrastructure")) expect(s[k]).toBeCloseTo(0.6 / 6, 12);
    const setup = buildSetup({ ...inputs, instruments: table });
    const r = optimiseShares(setup, [mix], { years: 2, seed: "opt", outcome: { metric: "sales" }, replicates: 1, finalReplicates: 2, random: 0, minStep: 0.25 });
    expect(Object.keys(r.shares)).toEqual(names);
  }, 60_000);
});

describe("the instrument table", () => {
  test("the standard table is valid and resolves to the parameters it names", () => {
    checkInstrumentTable(INSTRUMENT_TABLE);
    const e = instrumentEffects(INSTRUMENT_TABLE, { ...DEFAULT_STRUCTURAL, grantSize: 111, additionality: 0.7, networkEffect: 0.9, commEffect: 0.4, commSalesDamping: 8, costPerTrained: 25, leverage: 2 });
    expect(Array.from(e.firmInstrument)).toEqual([1, 4, 5]);
    expect(e.awardSize[0]).toBe(111);
    expect(e.rndShare[0]).toBe(0.7);
    expect(Array.from(e.isRnd)).toEqual([1, 0, 0]);
    // Per firm-level instrument (R&D grants, networking, commercialisation): effects per unit of dose.
    expect(Array.from(e.tieOdds)).toEqual([0, 0.9, 0]);
    expect(Array.from(e.revenueOdds)).toEqual([0, 0, 0.4]);
    expect(Array.from(e.growthBump)).toEqual([0, 0, 0.05]);
    expect(Array.from(e.grantFeature)).toEqual([1, 0, 0]);
    expect(Array.from(e.networkingFeature)).toEqual([0, 1, 0]);
    expect(Array.from(e.commercialisationFeature)).toEqual([0, 0, 1]);
    expect(Array.from(e.coverage)).toEqual([DEFAULT_STRUCTURAL.grantCoverage, DEFAULT_STRUCTURAL.networkCoverage, DEFAULT_STRUCTURAL.commCoverage]);
    expect(Array.from(e.national)).toEqual([0, 1, 1, 1, 0, 0]);
    expect(e.talentCost[2]).toBe(25);
    expect(e.capitalPerBn[3]).toBe(2);
    expect(e.infraPerBn[0]).toBe(1);
  });

  test("a second revenue-odds instrument has its own log-odds per unit of dose", () => {
    const e = instrumentEffects(tableWith(1.5), DEFAULT_STRUCTURAL);
    // Commercialisation is firm-level instrument 2, the fast-track instrument 3; a firm receiving both adds the two.
    expect(Array.from(e.revenueOdds)).toEqual([0, 0, DEFAULT_STRUCTURAL.commEffect, 1.5]);
    expect(e.awardSize[3]).toBe(50);
    expect(e.coverage[3]).toBe(0.2);
  });

  test("a malformed table is refused", () => {
    expect(() => checkInstrumentTable([...INSTRUMENT_TABLE, { ...fastTrack(1), id: "talent" }])).toThrow(/"talent" is used twice/);
    expect(() => checkInstrumentTable([{ ...fastTrack(1), awardSize: null }])).toThrow(/needs an award size/);
    expect(() => checkInstrumentTable([{ ...fastTrack(1), coverage: undefined }])).toThrow(/needs a 2018 coverage and a dose peak/);
    expect(() => checkInstrumentTable([{ ...fastTrack(1), level: "cluster" }])).toThrow(/cluster-level but acts on revenueOdds/);
  });

  test("old mix keys are rewritten to the one name; naming an instrument twice is an error", () => {
    const m = validateMix({ name: "old", budget: { krwBn: 10 }, shares: { rndGrants: 1 }, targeting: { rndGrants: { stage: { startup: 2 } } } }, "old.json", ids);
    expect(m.shares).toEqual({ rnd_grants: 1 });
    expect(Object.keys(m.targeting ?? {})).toEqual(["rnd_grants"]);
    expect(userError(() => validateMix({ name: "twice", budget: { krwBn: 10 }, shares: { rndGrants: 0.5, rnd_grants: 0.5 } }, "twice.json", ids))).toMatch(/"rnd_grants" appears twice in shares/);
  });
});

test("targeting that gives every listed cluster a weight of 0 is refused (the budget would go unspent)", () => {
  expect(userError(() => validateMix({ name: "z", budget: { krwBn: 10 }, shares: { talent: 1 }, targeting: { talent: { clusters: { osong: 0, daedeok: 0 } } } }, "z.json", ids))).toMatch(
    /targeting\.talent\.clusters gives every cluster a weight of 0/,
  );
  // One positive weight is enough.
  expect(() => validateMix({ name: "ok", budget: { krwBn: 10 }, shares: { talent: 1 }, targeting: { talent: { clusters: { osong: 0, daedeok: 2 } } } }, "ok.json", ids)).not.toThrow();
});
