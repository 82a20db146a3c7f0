/**
 * Policy mixes as users write them (issue 18: the policy module's checks, fast enough for its mutation set): each
 * refusal of `validateMix` and `readMix` names the mix file, the field and what was expected, and says what to do;
 * a valid mix comes back with old instrument names rewritten. No simulation runs.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, test } from "vitest";
import { budgetIn, PRESETS, readMix, validateMix, type PolicyMix } from "../src/model/policy";
import { refusal } from "./helpers";
import { MAX_BUDGET_KRW_BN, MAX_TARGET_WEIGHT, MAX_YEARS } from "../src/limits";

const CLUSTERS = ["osong", "daedeok", "songdo"];
const OK = { name: "ok", budget: { krwBn: 100 }, shares: { rnd_grants: 0.5, talent: 0.5 } };

const refuse = (json: unknown) => refusal(() => validateMix(json, "mix.json", CLUSTERS));

describe("the schema's refusals, in words", () => {
  test("a negative budget", () => {
    expect(refuse({ ...OK, budget: { krwBn: -1 } })).toEqual({ message: "Policy mix field budget.krwBn: the budget cannot be negative.", hint: "See the policy-mix format in docs/model.md.", file: "mix.json" });
    expect(refuse({ ...OK, budget: { krwBn: [10, -1] } }).message).toBe("Policy mix field budget.krwBn[1]: the budget cannot be negative.");
  });
  test("a budget over the limit, and a budget path longer than the longest run", () => {
    expect(refuse({ ...OK, budget: { krwBn: MAX_BUDGET_KRW_BN + 1 } }).message).toBe(
      `Policy mix field budget.krwBn: is over the limit of ${MAX_BUDGET_KRW_BN.toLocaleString("en")} KRW bn a year (about a third of Korea's whole government R&D budget).`,
    );
    expect(refuse({ ...OK, budget: { krwBn: [5, MAX_BUDGET_KRW_BN + 1] } }).message).toMatch(/^Policy mix field budget\.krwBn\[1\]: is over the limit of/);
    expect(refuse({ ...OK, budget: { krwBn: new Array(MAX_YEARS + 1).fill(1) } }).message).toBe(`Policy mix field budget.krwBn: a budget path can list at most ${MAX_YEARS} years.`);
    expect(() => validateMix({ ...OK, budget: { krwBn: new Array(MAX_YEARS).fill(1) } }, "mix.json", CLUSTERS)).not.toThrow();
  });
  test("a budget that is not a number or a list of numbers", () => {
    expect(refuse({ ...OK, budget: { krwBn: "100" } }).message).toBe("Policy mix field budget.krwBn: must be a number (KRW bn a year) or a list of numbers, one per year.");
  });
  test("a targeting weight over its limit", () => {
    expect(refuse({ ...OK, targeting: { talent: { stage: { startup: MAX_TARGET_WEIGHT + 1 } } } }).message).toBe(
      `Policy mix field targeting.talent.stage.startup: is over the limit of ${MAX_TARGET_WEIGHT} for a targeting weight (a multiplier; 1 is neutral).`,
    );
  });
  test("a share or cluster share written as text or outside 0 to 1", () => {
    expect(refuse({ ...OK, shares: { rnd_grants: "0.5", talent: 0.5 } }).message).toBe("Policy mix field shares.rnd_grants: must be a number from 0 to 1 (written without quotes).");
    expect(refuse({ ...OK, clusterShare: { talent: 1.5 } }).message).toBe("Policy mix field clusterShare.talent: must be a number from 0 to 1 (written without quotes).");
    expect(refuse({ ...OK, clusterShare: { talent: -0.1 } }).message).toBe("Policy mix field clusterShare.talent: must be a number from 0 to 1 (written without quotes).");
  });
  test("other schema issues are described by the field's expectation", () => {
    expect(refuse({ ...OK, name: "Big Name" }).message).toBe("Policy mix field name: lower-case letters, digits, _ and -.");
    expect(refuse({ budget: OK.budget, shares: OK.shares }).message).toMatch(/^Policy mix field name: is missing/);
    expect(refuse({ ...OK, colour: "red" }).message).toMatch(/^Policy mix field \(top\): /);
    expect(refuse({ ...OK, targeting: { talent: { stage: { toddler: 2 } } } }).message).toMatch(/targeting\.talent\.stage: unknown category "toddler" \(known: startup, established\)/);
  });
});

describe("the checks after the schema", () => {
  test("a negative share and shares that do not sum to 1 (within 10⁻⁶)", () => {
    expect(validateMix({ ...OK, shares: { rnd_grants: 1, talent: 0 } }, "mix.json", CLUSTERS).shares).toEqual({ rnd_grants: 1, talent: 0 }); // 0 is a share
    expect(refuse({ ...OK, shares: { rnd_grants: 1.5, talent: -0.5 } })).toEqual({ message: 'The share of "talent" is -0.5; shares must be ≥ 0.', hint: "", file: "mix.json" });
    expect(refuse({ ...OK, shares: { rnd_grants: 0.5, talent: 0.4 } })).toEqual({ message: "The instrument shares add up to 0.9, not 1.", hint: "Make the shares sum to 1 (they split the budget).", file: "mix.json" });
    expect(refuse({ ...OK, shares: { rnd_grants: 0.5, talent: 0.500002 } }).message).toBe("The instrument shares add up to 1.000002, not 1.");
    expect(validateMix({ ...OK, shares: { rnd_grants: 0.5, talent: 0.5000009 } }, "mix.json", CLUSTERS).shares).toEqual({ rnd_grants: 0.5, talent: 0.5000009 });
  });
  test("an unknown instrument, and one named twice (old and new name)", () => {
    expect(refuse({ ...OK, shares: { rnd_grants: 0.5, roads: 0.5 } })).toEqual({ message: 'Unknown instrument "roads" in shares.', hint: "Instruments: infrastructure, rnd_grants, talent, finance, networking, commercialisation.", file: "mix.json" });
    expect(refuse({ ...OK, shares: { rndGrants: 0.5, rnd_grants: 0.5 } })).toEqual({ message: 'The instrument "rnd_grants" appears twice in shares (once as "rnd_grants").', hint: "Name each instrument once.", file: "mix.json" });
  });
  test("targeting that excludes every category of a dimension, or every cluster; an unknown cluster", () => {
    for (const [dim, w] of [["stage", { startup: 0, established: 0 }], ["size", { small: 0, medium: 0, large: 0 }]] as const) {
      expect(refuse({ ...OK, targeting: { rndGrants: { [dim]: w } } })).toEqual({
        message: `targeting.rndGrants.${dim} gives every ${dim} a weight of 0, so no firm could receive this instrument and its budget would go unspent.`,
        hint: "Give at least one category a positive weight, or set the instrument's share to 0.",
        file: "mix.json",
      });
    }
    // One category left out of the list keeps its weight 1: not every category is 0.
    expect(() => validateMix({ ...OK, targeting: { talent: { size: { small: 0, medium: 0 } } } }, "mix.json", CLUSTERS)).not.toThrow();
    expect(refuse({ ...OK, targeting: { talent: { clusters: { osong: 0 } } } }).hint).toBe("Give at least one cluster a positive weight, or set the instrument's share to 0.");
    expect(refuse({ ...OK, targeting: { talent: { clusters: { gotham: 1 } } } })).toEqual({ message: 'Unknown cluster "gotham" in targeting.talent.clusters.', hint: "Clusters: osong, daedeok, songdo.", file: "mix.json" });
    expect(() => validateMix({ ...OK, targeting: { talent: "survey-demand", rnd_grants: { clusters: {} } } }, "mix.json", CLUSTERS)).not.toThrow();
  });
  test("a cluster share for a cluster instrument", () => {
    expect(refuse({ ...OK, clusterShare: { networking: 0.5 } })).toEqual({
      message: 'clusterShare.networking: "networking" is a cluster instrument, so all of its money goes to cluster firms and it cannot have a cluster share.',
      hint: "Only national instruments reach firms outside clusters: rnd_grants, talent, finance. Remove this entry.",
      file: "mix.json",
    });
    const m = validateMix({ ...OK, clusterShare: { rndGrants: 0.4 } }, "mix.json", CLUSTERS);
    expect(m.clusterShare).toEqual({ rnd_grants: 0.4 });
  });
  test("structural parameters: unknown, or outside the documented range (the ends are allowed)", () => {
    expect(refuse({ ...OK, structural: { gravity: 1 } }).message).toBe('Unknown structural parameter "gravity".');
    expect(refuse({ ...OK, structural: { gravity: 1 } }).hint).toMatch(/^Parameters: .*additionality/);
    const r = refuse({ ...OK, structural: { additionality: 7 } });
    expect(r.message).toMatch(/^The structural parameter "additionality" is 7, outside its documented range [\d.]+ to [\d.]+ \(.+\)\.$/);
    const [lo, hi] = r.message.match(/range ([\d.]+) to ([\d.]+)/)!.slice(1).map(Number) as [number, number];
    expect(() => validateMix({ ...OK, structural: { additionality: lo } }, "mix.json", CLUSTERS)).not.toThrow();
    expect(() => validateMix({ ...OK, structural: { additionality: hi } }, "mix.json", CLUSTERS)).not.toThrow();
    expect(refuse({ ...OK, structural: { additionality: hi + 1e-9 } }).message).toMatch(/outside its documented range/);
    expect(refuse({ ...OK, structural: { additionality: lo - 1e-9 } }).message).toMatch(/outside its documented range/);
  });
  test("a valid mix: old names rewritten everywhere, survey-demand shares kept", () => {
    const m: PolicyMix = validateMix({ name: "old", budget: { krwBn: [10, 20] }, shares: { rndGrants: 1 }, targeting: { rndGrants: { stage: { startup: 2 } } } }, "old.json", CLUSTERS);
    expect(m.shares).toEqual({ rnd_grants: 1 });
    expect(m.targeting).toEqual({ rnd_grants: { stage: { startup: 2 } } });
    expect(validateMix({ ...OK, shares: "survey-demand" }, "mix.json", CLUSTERS).shares).toBe("survey-demand");
    expect([1, 2, 3].map((t) => budgetIn(m, t))).toEqual([10, 20, 20]);
  });
});

describe("reading a mix", () => {
  test("a preset by name, whatever the working directory holds", () => {
    for (const name of PRESETS) expect(readMix(name, ["osong"]).name).toBe(name);
  });
  test("a folder, a missing file, a file that is not a valid mix", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bc-mix-"));
    expect(refusal(() => readMix(dir, CLUSTERS))).toEqual({ message: "This is a folder, not a policy-mix file.", hint: `Give a JSON file or a preset: ${PRESETS.join(", ")}.`, file: dir });
    expect(refusal(() => readMix(path.join(dir, "nope.json"), CLUSTERS))).toEqual({ message: `"${path.join(dir, "nope.json")}" is neither a policy-mix file nor a preset.`, hint: `Presets: ${PRESETS.join(", ")}.`, file: "" });
    const bad = path.join(dir, "bad.json");
    fs.writeFileSync(bad, JSON.stringify({ ...OK, shares: { talent: 2 } }));
    expect(refusal(() => readMix(bad, CLUSTERS))).toMatchObject({ message: "The instrument shares add up to 2, not 1.", file: bad });
    const good = path.join(dir, "good.json");
    fs.writeFileSync(good, JSON.stringify(OK));
    expect(readMix(good, CLUSTERS).shares).toEqual(OK.shares);
    fs.rmSync(dir, { recursive: true });
  });
});
