/**
 * Edge cases of the step's small formulas (issue 18) where the general tests leave a guard untested: each is a
 * property the code states, checked at the one input where a weaker guard would give a different number.
 */
import { describe, expect, test } from "vitest";
import { checkInstrumentTable, dose, type InstrumentSpec } from "../src/model/instruments";
import { rationTalent, unfilledAfter } from "../src/model/talent";

describe("dose(a, S, P) = r (2P − r) / (2P − 1), r = a / S, and 0 without an amount", () => {
  test("no amount has no effect even at the degenerate peak P = ½, where the formula itself would be 0 / 0", () => {
    expect(dose(0, 230, 0.5)).toBe(0);
    expect(Number.isNaN((0 * (2 * 0.5 - 0)) / (2 * 0.5 - 1))).toBe(true); // what the formula alone gives
  });
});

describe("rationTalent: a pool that covers every vacancy fills them all", () => {
  test("a pool exactly equal to the vacancies: shares exactly 1, nothing unfilled, the hires are the vacancies", () => {
    const V = Float64Array.of(0.1, 0.7, 0.3);
    const T = 0.1 + 0.7 + 0.3;
    const ratio = new Float64Array(3);
    const hires = rationTalent(T, V, ratio, 0, 2, 1.5);
    expect(Array.from(ratio)).toEqual([1, 1, 1]);
    expect(hires).toBe(T);
    // Computing θ through the priorities instead would leave a rounding residue of about 1e-17 unfilled.
    expect(unfilledAfter(V, ratio, 0)).toBe(0);
  });
});

describe("checkInstrumentTable: at most 8 firm-level instruments (supportBits has 8 bits); cluster-level ones do not count", () => {
  const firm = (n: number): InstrumentSpec => ({ id: `f${n}`, label: "f", level: "firm", demand: "rnd", surveyColumn: null, feature: null, awardSize: 10, coverage: 0.1, dosePeak: 8, effects: [{ on: "tieOdds", logOdds: 1 }], aliases: [] });
  const cluster = (n: number): InstrumentSpec => ({ id: `c${n}`, label: "c", level: "cluster", demand: "infrastructure", surveyColumn: null, feature: null, awardSize: null, effects: [{ on: "infraStock" }], aliases: [] });
  test("8 firm-level and 3 cluster-level instruments (11 in all) pass; a 9th firm-level one is refused", () => {
    const eight = Array.from({ length: 8 }, (_, n) => firm(n));
    const three = Array.from({ length: 3 }, (_, n) => cluster(n));
    expect(() => checkInstrumentTable([...eight, ...three])).not.toThrow();
    expect(() => checkInstrumentTable([...eight, firm(8), ...three])).toThrow("Instrument table: at most 8 firm-level instruments.");
  });
});
