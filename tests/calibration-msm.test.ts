/**
 * The method of simulated moments on tiny configurations: a resumed run gives
 * the bytes of an uninterrupted one; the worker count does not matter; the
 * hold-out years are never read (deleting them from a copy of the national
 * series leaves the output byte-identical); the J statistic and standard
 * errors follow their formulas from the reported pieces; and the
 * identification check recovers known parameter values within two standard
 * errors. Each test is slow for a unit test (the model runs), hence the
 * explicit timeouts.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import chisqCdf from "@stdlib/stats-base-dists-chisquare-cdf";
import { describe, expect, test } from "vitest";
import { calibrate, simulatedMomentsAt, type CalibrateOptions } from "../src/calibration/msm";
import { calibrationJson } from "../src/calibration/output";
import { UserError } from "../src/errors";
import { seriesWithoutHoldout } from "./calibration-helpers";

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), "calib-msm-"));
const TINY: CalibrateOptions = { years: 3, replicates: 2, design: 3, maxEvals: 6, parameters: ["entryRate", "exitBase"], seed: "tiny" };

describe("calibrate", () => {
  let reference = "";

  test("an uninterrupted run, with one worker and with two, gives the same bytes", async () => {
    const one = calibrationJson(await calibrate({ ...TINY, workers: 1 }));
    const two = calibrationJson(await calibrate({ ...TINY, workers: 2 }));
    expect(two).toBe(one);
    reference = one;
    const r = JSON.parse(one);
    expect(r.parameters.map((p: { name: string }) => p.name)).toEqual(["entryRate", "exitBase"]);
    expect(r.seeds.replicates).toEqual(["tiny/replicate/0", "tiny/replicate/1"]);
    expect(r.data.nationalSeries).toMatch(/^[0-9a-f]{64}$/);
  }, 120_000);

  test("an interrupted run resumes from its journal and ends with the same bytes", async () => {
    const journal = path.join(tmp(), "journal.jsonl");
    const stop = new AbortController();
    let seen = 0;
    await expect(calibrate({ ...TINY, workers: 1, journal, signal: stop.signal, onProgress: (n) => { seen = n; if (n >= 4) stop.abort(); } })).rejects.toThrow(/stopped; its completed evaluations are in the journal/);
    expect(seen).toBeGreaterThanOrEqual(4);
    const lines = fs.readFileSync(journal, "utf8").trim().split("\n");
    expect(lines.length - 1).toBeGreaterThanOrEqual(3);
    const before = lines.length - 1;
    const resumed = calibrationJson(await calibrate({ ...TINY, workers: 1, journal }));
    expect(resumed).toBe(reference);
    // The journal now holds every evaluated point once; the first points were not recomputed (same lines, same order).
    const after = fs.readFileSync(journal, "utf8").trim().split("\n");
    expect(after.slice(0, lines.length)).toEqual(lines);
    expect(after.length - 1).toBeGreaterThan(before);
    // A journal of other settings is refused rather than silently mixed in.
    await expect(calibrate({ ...TINY, seed: "other", journal })).rejects.toThrow(/belongs to a calibration with other settings/);
  }, 120_000);

  test("deleting the hold-out years from a copy of the national series leaves the output byte-identical", async () => {
    const files = seriesWithoutHoldout(tmp(), "delete");
    const cut = calibrationJson(await calibrate({ ...TINY, workers: 1, data: files }));
    expect(cut).toBe(reference);
  }, 120_000);

  test("J, its p-value and t-ratios follow from the reported moments", () => {
    const r = JSON.parse(reference);
    const R = r.settings.replicates;
    let Q = 0;
    for (const m of r.moments) {
      Q += ((m.target - m.simulated) / m.se) ** 2;
      expect(m.t).toBeCloseTo((m.simulated - m.target) / m.se, 12);
    }
    expect(r.objective).toBeCloseTo(Q, 10);
    expect(r.J).toBeCloseTo(Q / (1 + 1 / R), 10);
    expect(r.df).toBe(r.moments.length - 2);
    expect(r.pValue).toBeCloseTo(1 - chisqCdf(r.J, r.df), 12);
  });

  test("bad settings are one-sentence user errors", async () => {
    await expect(calibrate({ ...TINY, parameters: ["entryRate", "notAParameter" as never] })).rejects.toThrow(UserError);
    await expect(calibrate({ ...TINY, replicates: 1 })).rejects.toThrow(/replicates must be a whole number from 2/);
    await expect(calibrate({ ...TINY, targets: [{ name: "firms_growth", value: 0, se: 1 }] })).rejects.toThrow(/1 moments cannot identify 2 parameters/);
    const garbage = path.join(tmp(), "journal.jsonl");
    fs.writeFileSync(garbage, "not a journal\n");
    await expect(calibrate({ ...TINY, journal: garbage })).rejects.toThrow(/line 1: not a calibration journal/);
  }, 60_000);
});

describe("identification", () => {
  test.each([
    { entryRate: 0.07, exitBase: 0.03 },
    { entryRate: 0.04, exitBase: 0.045 },
  ])("moments simulated at %o are fitted back to those values within two standard errors", async (truth) => {
    const names = ["firms_growth", "entry_rate", "exit_rate"] as const;
    const Rt = 16;
    // The "observed" moments: simulated at the truth with other seeds than the calibration's, so they carry noise.
    const sim = await simulatedMomentsAt(truth, { years: 4, replicates: Rt, seed: "identification-truth", moments: names, workers: 1 });
    const targets = names.map((n, i) => ({ name: n, value: sim.mean[i] as number, se: (sim.sd[i] as number) / Math.sqrt(Rt) }));
    const r = await calibrate({ years: 4, replicates: 8, design: 8, maxEvals: 30, parameters: ["entryRate", "exitBase"], seed: "identification", targets, workers: 1 });
    for (const p of r.parameters) {
      expect(p.se).not.toBeNull();
      const z = (p.value - truth[p.name as keyof typeof truth]) / (p.se as number);
      expect(Math.abs(z)).toBeLessThan(2);
      // And the fit is informative: the standard error is well inside the range.
      expect(p.se as number).toBeLessThan((p.upper - p.lower) / 4);
    }
  }, 300_000);
});
