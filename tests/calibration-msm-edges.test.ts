/**
 * The method of simulated moments at its edges: the settings hash and the moments' values, the bound rule exactly at
 * a thousandth of the range, the sampling covariance when only some parameters have a variance, a calibration that
 * converges (no limit warning), and Nelder–Mead's first step from a design point in the last tenth of the cube,
 * replayed with the penalty outside it.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Matrix } from "ml-matrix";
import { describe, expect, test } from "vitest";
import { boundPenalty, calibrate, designPoints, msmCovariance, nearBound, prepareCalibration, thetaAt, type CalibrateOptions } from "../src/calibration/msm";
import { nelderMead } from "../src/calibration/optim";

const readJournal = (file: string) => fs.readFileSync(file, "utf8").trim().split("\n").slice(1).map((l) => JSON.parse(l) as { theta: number[]; mean: number[] });
const journalFile = () => path.join(fs.mkdtempSync(path.join(os.tmpdir(), "calib-edges-")), "journal.jsonl");

describe("the settings hash", () => {
  test("changes with a target's value or standard error, not only with which moments are targeted", () => {
    const o: CalibrateOptions = { parameters: ["entryRate"], targets: [{ name: "entry_rate", value: 0.1, se: 0.01 }] };
    const base = prepareCalibration(o).config;
    expect(prepareCalibration(o).config).toBe(base);
    expect(prepareCalibration({ ...o, targets: [{ name: "entry_rate", value: 0.11, se: 0.01 }] }).config).not.toBe(base);
    expect(prepareCalibration({ ...o, targets: [{ name: "entry_rate", value: 0.1, se: 0.02 }] }).config).not.toBe(base);
    expect(prepareCalibration({ ...o, targets: [{ name: "exit_rate", value: 0.1, se: 0.01 }] }).config).not.toBe(base);
  });
});

describe("the bound rule", () => {
  test("within a thousandth of the range of either end, strictly", () => {
    // Range 0–1000: a thousandth is exactly 1.
    expect(nearBound(0.999, 0, 1000)).toBe(true);
    expect(nearBound(1, 0, 1000)).toBe(false);
    expect(nearBound(999.001, 0, 1000)).toBe(true);
    expect(nearBound(999, 0, 1000)).toBe(false);
    expect(nearBound(500, 0, 1000)).toBe(false);
    // entryRate's range 0.03–0.09: a thousandth is 6e-5 (not 1e-3 × (hi + lo) = 1.2e-4).
    expect(nearBound(0.03 + 5e-5, 0.03, 0.09)).toBe(true);
    expect(nearBound(0.03 + 9e-5, 0.03, 0.09)).toBe(false);
    expect(nearBound(0.09 - 5e-5, 0.03, 0.09)).toBe(true);
    expect(nearBound(0.09 - 9e-5, 0.03, 0.09)).toBe(false);
  });
});

describe("the sampling covariance", () => {
  test("when some parameters have a variance and others not: their standard errors, but no covariance", () => {
    // Two nearly collinear columns (rounding leaves negative variances) and one column of their own.
    const { se, covariance } = msmCovariance(new Matrix([[3, 3.0000001, 0], [1, 1.0000000333, 0], [0, 0, 1]]), [1, 1, 1], 10);
    expect(se[0]).toBeNull();
    expect(se[1]).toBeNull();
    // The third parameter is orthogonal to the others: its variance is (1 + 1/10) / 1².
    expect(se[2]).toBeCloseTo(Math.sqrt(1.1), 6);
    expect(covariance).toBeNull();
  });
});

describe("small calibrations at the edges", { timeout: 60_000 }, () => {
  test("a calibration that meets its tolerances has no limit warning", async () => {
    // graduatesPerUniversity moves none of these moments over two years (calibration-msm-ties.test.ts checks this):
    // the objective is flat, every step shrinks the simplex, and it meets xatol 1e-3 well within 40 evaluations.
    const targets = (["firms_growth", "entry_rate", "exit_rate"] as const).map((name) => ({ name, value: 0.05, se: 0.01 }));
    const r = await calibrate({ years: 2, replicates: 2, design: 3, maxEvals: 40, parameters: ["graduatesPerUniversity"], seed: "ties", workers: 1, targets });
    expect(r.optimiser.nelderMead.converged).toBe(true);
    expect(r.optimiser.nelderMead.evaluations).toBeLessThan(40);
    expect(r.warnings).toEqual(["graduatesPerUniversity: no standard error, because the moments barely move with it near the estimate (G′WG is singular): it is not identified by these moments."]);
  });

  test("from a design point in the last tenth of the cube, Nelder–Mead's first step goes a tenth back inside; replayed with the penalty outside the cube", async () => {
    // Ten design points: the Latin hypercube puts exactly one in [0.9, 1]. An entry rate far above what the range
    // can give makes the objective fall with entryRate, so that point is the design's best.
    const o: CalibrateOptions = { years: 2, replicates: 2, design: 10, maxEvals: 12, parameters: ["entryRate"], seed: "small", workers: 1, targets: [{ name: "entry_rate", value: 0.5, se: 0.001 }, { name: "exit_rate", value: 0.035, se: 1 }] };
    const file = journalFile();
    const r = await calibrate({ ...o, journal: file });
    const journal = readJournal(file);
    const c = prepareCalibration(o);
    const design = designPoints(c);
    const Q = (mean: number[]) => r.moments.reduce((t, m, i) => t + ((m.target - (mean[i] as number)) / m.se) ** 2, 0);
    const fd = journal.slice(0, 10).map((e) => Q(e.mean));
    const best = fd.indexOf(Math.min(...fd));
    const u0 = design[best]![0]!;
    expect(u0, "precondition: the best design point is the one in the last tenth").toBeGreaterThan(0.9);
    expect(journal[10]!.theta).toEqual(thetaAt(c, [u0 - 0.1]));
    // Replay: the objective of a point is Q at the clamped parameters plus the penalty for leaving the cube.
    const lookup = (u: Float64Array) => {
      const theta = thetaAt(c, u);
      const e = journal.find((l) => l.theta.every((v, i) => v === theta[i]));
      if (!e) throw new Error(`no journal line for ${theta.join(", ")}`);
      return Q(e.mean) + boundPenalty(u);
    };
    const nm = await nelderMead(async (us) => us.map(lookup), Float64Array.of(u0), { steps: [-0.1], maxfev: 12, xatol: 1e-3, fatol: 1e-2 });
    expect(r.optimiser.nelderMead).toEqual({ evaluations: nm.nfev, iterations: nm.nit, converged: nm.converged });
    expect(r.parameters[0]!.value).toBe(thetaAt(c, nm.x)[0]);
    // The search did leave the cube (so the penalty was in play): some point it tried lies above u = 1.
    const tried: number[] = [];
    await nelderMead(async (us) => { tried.push(...us.map((u) => u[0]!)); return us.map(lookup); }, Float64Array.of(u0), { steps: [-0.1], maxfev: 12, xatol: 1e-3, fatol: 1e-2 });
    expect(Math.max(...tried)).toBeGreaterThan(1);
  });
});
