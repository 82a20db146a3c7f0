/**
 * The rest of a policy mix's refusals (issue 18, mutation testing of policy.ts): every message names the field as
 * the user wrote it (an old or alternative instrument name stays recognisable), every refusal names the mix file and
 * says what to do, and a mix file that is not JSON says so. No simulation runs.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, test } from "vitest";
import { readMix, validateMix } from "../src/model/policy";
import { INSTRUMENT_TABLE, type InstrumentSpec } from "../src/model/instruments";
import { STRUCTURAL_KEYS, PARAMETERS } from "../src/model/params";
import { refusal } from "./helpers";

const CLUSTERS = ["osong", "daedeok", "songdo"];
const OK = { name: "ok", budget: { krwBn: 100 }, shares: { rnd_grants: 0.5, talent: 0.5 } };

const refuse = (json: unknown, table: readonly InstrumentSpec[] = INSTRUMENT_TABLE) => refusal(() => validateMix(json, "mix.json", CLUSTERS, table));

describe("refusals name the field, the file and what to do", () => {
  test("an empty budget path is a type error of the budget, not a path over the length limit", () => {
    expect(refuse({ ...OK, budget: { krwBn: [] } })).toEqual({
      message: "Policy mix field budget.krwBn: must be a number (KRW bn a year) or a list of numbers, one per year.",
      hint: "See the policy-mix format in docs/model.md.",
      file: "mix.json",
    });
  });
  test("an unknown instrument in targeting or in clusterShare names that field", () => {
    expect(refuse({ ...OK, targeting: { roads: { stage: { startup: 2 } } } })).toEqual({
      message: 'Unknown instrument "roads" in targeting.',
      hint: `Instruments: ${INSTRUMENT_TABLE.map((t) => t.id).join(", ")}.`,
      file: "mix.json",
    });
    expect(refuse({ ...OK, clusterShare: { roads: 0.5 } })).toEqual({
      message: 'Unknown instrument "roads" in clusterShare.',
      hint: `Instruments: ${INSTRUMENT_TABLE.map((t) => t.id).join(", ")}.`,
      file: "mix.json",
    });
  });
  test("a cluster share for a cluster instrument names it as written, under an alternative name too", () => {
    // An instrument table in which the (cluster-level) networking instrument is also called "nets".
    const table: InstrumentSpec[] = INSTRUMENT_TABLE.map((t): InstrumentSpec => (t.id === "networking" ? { ...t, aliases: ["nets"] } : t));
    const r = refuse({ ...OK, clusterShare: { nets: 0.5 } }, table);
    expect(r.message).toBe('clusterShare.nets: "networking" is a cluster instrument, so all of its money goes to cluster firms and it cannot have a cluster share.');
    expect(r.file).toBe("mix.json");
  });
  test("every cluster weighted 0: the file and the hint", () => {
    expect(refuse({ ...OK, targeting: { talent: { clusters: { osong: 0, songdo: 0 } } } })).toEqual({
      message: "targeting.talent.clusters gives every cluster a weight of 0, so no firm could receive this instrument and its budget would go unspent.",
      hint: "Give at least one cluster a positive weight, or set the instrument's share to 0.",
      file: "mix.json",
    });
  });
  test("an unknown structural parameter lists the known ones; one outside its range says what to do", () => {
    expect(refuse({ ...OK, structural: { gravity: 1 } })).toEqual({ message: 'Unknown structural parameter "gravity".', hint: `Parameters: ${STRUCTURAL_KEYS.join(", ")}.`, file: "mix.json" });
    const spec = PARAMETERS.additionality;
    expect(refuse({ ...OK, structural: { additionality: spec.range[1] + 1 } })).toEqual({
      message: `The structural parameter "additionality" is ${spec.range[1] + 1}, outside its documented range ${spec.range[0]} to ${spec.range[1]} (${spec.unit}).`,
      hint: "Use a value inside the range (docs/model.md lists every parameter with its range and source).",
      file: "mix.json",
    });
  });
  test("a mix file that is not JSON says so, with where the JSON breaks", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bc-mix-json-"));
    try {
      const bad = path.join(dir, "broken.json");
      fs.writeFileSync(bad, '{ "name": "x", ');
      const r = refusal(() => readMix(bad, CLUSTERS));
      expect(r.file).toBe(bad);
      expect(r.message).toMatch(/^The policy mix is not valid JSON \(.+\)\.$/);
    } finally {
      fs.rmSync(dir, { recursive: true });
    }
  });
});
