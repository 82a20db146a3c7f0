/**
 * The calibration's global stage when design points tie: Nelder–Mead starts from the first of the best points, in
 * the design's order. A parameter that moves none of the moments makes every design point's objective equal:
 * the number of graduates per university feeds the talent pool, which over two model years moves none of the
 * firm-count moments (checked below on the design's own evaluations, from the journal).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, test } from "vitest";
import { calibrate, designPoints, prepareCalibration, thetaAt, type CalibrateOptions } from "../src/calibration/msm";

describe("ties in the design", () => {
  test("Nelder–Mead starts from the first of the tied best points", async () => {
    const targets = (["firms_growth", "entry_rate", "exit_rate"] as const).map((name) => ({ name, value: 0.05, se: 0.01 }));
    const o: CalibrateOptions = { years: 2, replicates: 2, design: 3, maxEvals: 3, parameters: ["graduatesPerUniversity"], seed: "ties", workers: 1, targets };
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "calib-ties-")), "journal.jsonl");
    const r = await calibrate({ ...o, journal: file });
    const journal = fs.readFileSync(file, "utf8").trim().split("\n").slice(1).map((l) => JSON.parse(l) as { theta: number[]; mean: number[] });
    const c = prepareCalibration(o);
    const design = designPoints(c);
    expect(journal.slice(0, 3).map((e) => e.theta)).toEqual(design.map((u) => thetaAt(c, u)));
    // Precondition: the three design points give the same moments, so the same objective.
    expect(journal[1]!.mean, "precondition: graduatesPerUniversity must not move these moments").toEqual(journal[0]!.mean);
    expect(journal[2]!.mean).toEqual(journal[0]!.mean);
    // Nelder–Mead's first new point is the first design point moved a tenth of the range towards the interior.
    const u0 = design[0]![0]!;
    expect(journal[3]!.theta).toEqual(thetaAt(c, [u0 + (u0 <= 0.9 ? 0.1 : -0.1)]));
    const Q = r.moments.reduce((s, m, i) => s + ((m.target - journal[0]!.mean[i]!) / m.se) ** 2, 0);
    expect(r.optimiser.designBest).toBe(Q);
  }, 30_000);
});
