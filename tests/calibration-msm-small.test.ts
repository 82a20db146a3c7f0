/**
 * The method of simulated moments, checked piece by piece on a calibration
 * small enough for a unit test (two parameters, two model years, two
 * replicates, about 20 evaluations, under a second here):
 *
 * - the objective, J, its degrees of freedom and p-value from the reported moments;
 * - the standard errors and covariance against an independent computation: the
 *   Jacobian recomputed by central differences from `simulatedMomentsAt` (the same
 *   seeds, common random numbers) and (1 + 1/R)(G′WG)⁻¹ inverted by hand;
 * - the order of evaluations (journal): the Latin hypercube, then Nelder–Mead's
 *   first simplex from the design's best point with steps of a tenth of each range,
 *   then θ̂ and the Jacobian's points;
 * - the settings' defaults and each setting's accepted range, exactly at its ends;
 * - the bound warnings and the penalty outside the unit cube.
 *
 * calibration-msm.test.ts covers resuming, workers and the identification check
 * (slow, so it is not in the mutation test set).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import chisqCdf from "@stdlib/stats-base-dists-chisquare-cdf";
import { describe, expect, test } from "vitest";
import { Matrix } from "ml-matrix";
import { boundPenalty, calibrate, designPoints, designThetas, msmCovariance, prepareCalibration, simulatedMomentsAt, thetaAt, type CalibrateOptions, type CalibrationResult } from "../src/calibration/msm";
import { nelderMead } from "../src/calibration/optim";
import { MOMENT_NAMES } from "../src/calibration/simulated";
import { CALIBRATED_PARAMETERS, PARAMETERS } from "../src/model/params";
import { UserError } from "../src/errors";

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), "calib-small-"));
const SMALL: CalibrateOptions = { years: 2, replicates: 2, design: 3, maxEvals: 6, parameters: ["entryRate", "exitBase"], seed: "small", workers: 1 };
const NAMES = ["entryRate", "exitBase"] as const;

/**
 * The small calibration, run afresh by each test that needs it (half a second): results computed once in a
 * beforeAll would count, for mutation testing, as covered by no test in particular, and every mutant of the
 * calibration would then rerun the whole test set.
 */
async function smallRun(): Promise<{ r: CalibrationResult; journal: Array<{ theta: number[]; mean: number[]; sd: number[] }>; stages: string[]; planned: Set<number> }> {
  const stages: string[] = [];
  const planned = new Set<number>();
  const file = path.join(tmp(), "journal.jsonl");
  const r = await calibrate({ ...SMALL, journal: file, onProgress: (_n, p, s) => { planned.add(p); if (stages[stages.length - 1] !== s) stages.push(s); } });
  const journal = fs.readFileSync(file, "utf8").trim().split("\n").slice(1).map((l) => JSON.parse(l));
  return { r, journal, stages, planned };
}

describe("a small calibration", { timeout: 30_000 }, () => {

  test("objective, J, degrees of freedom, p-value and t-ratios follow from the reported moments", async () => {
    const { r } = await smallRun();
    const R = 2;
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

  test("the reported moments are those simulated at θ̂ with the calibration's seeds", async () => {
    const { r } = await smallRun();
    const theta = Object.fromEntries(r.parameters.map((p) => [p.name, p.value]));
    const at = await simulatedMomentsAt(theta, { years: 2, replicates: 2, seed: "small", moments: r.moments.map((m) => m.name) });
    r.moments.forEach((m, i) => {
      expect(m.simulated).toBe(at.mean[i]);
      expect(m.simulatedSd).toBe(at.sd[i]);
    });
    expect(r.moments.map((m) => m.name)).toEqual(at.names);
  });

  test("standard errors and covariance equal (1 + 1/R)(G′WG)⁻¹ with G recomputed by central differences", async () => {
    const { r } = await smallRun();
    const h = 0.05;
    const G: number[][] = r.moments.map(() => [0, 0]);
    for (let j = 0; j < 2; j++) {
      const p = r.parameters[j]!;
      const step = h * (p.upper - p.lower);
      const up = Math.min(p.upper, p.value + step);
      const dn = Math.max(p.lower, p.value - step);
      const at = (v: number) => simulatedMomentsAt({ [NAMES[0]]: r.parameters[0]!.value, [NAMES[1]]: r.parameters[1]!.value, [p.name]: v }, { years: 2, replicates: 2, seed: "small", moments: r.moments.map((m) => m.name) });
      const [a, b] = [await at(up), await at(dn)];
      r.moments.forEach((_, i) => ((G[i] as number[])[j] = ((a.mean[i] as number) - (b.mean[i] as number)) / (up - dn)));
    }
    // A = G′WG, W = diag(1/se²), inverted by hand.
    let [a11, a12, a22] = [0, 0, 0];
    r.moments.forEach((m, i) => {
      const [g1, g2] = G[i] as [number, number];
      const w = 1 / m.se ** 2;
      a11 += g1 * g1 * w;
      a12 += g1 * g2 * w;
      a22 += g2 * g2 * w;
    });
    const det = a11 * a22 - a12 * a12;
    const c = 1 + 1 / 2;
    const V = [[(c * a22) / det, (-c * a12) / det], [(-c * a12) / det, (c * a11) / det]];
    expect(r.covariance).not.toBeNull();
    for (let i = 0; i < 2; i++) {
      expect(r.parameters[i]!.se! / Math.sqrt(V[i]![i]!)).toBeCloseTo(1, 8);
      for (let j = 0; j < 2; j++) expect(r.covariance![i]![j]! / V[i]![j]!).toBeCloseTo(1, 8);
    }
  }, 30_000);

  test("evaluations run in order: the design, Nelder–Mead from its best point, then θ̂ and the Jacobian's points", async () => {
    const { r, journal } = await smallRun();
    const c = prepareCalibration(SMALL);
    const design = designThetas(c);
    expect(journal.slice(0, 3).map((e) => e.theta)).toEqual(design);
    // Q of each design point from its journal line; designBest is the smallest.
    const Q = (mean: number[]) => r.moments.reduce((s, m, i) => s + ((m.target - (mean[i] as number)) / m.se) ** 2, 0);
    const fs3 = journal.slice(0, 3).map((e) => Q(e.mean));
    expect(r.optimiser.designBest).toBe(Math.min(...fs3));
    const best = fs3.indexOf(Math.min(...fs3));
    // The first simplex: the best point (already in the journal), then a tenth of each range towards the interior.
    const u0 = Array.from(designPoints(c)[best] as Float64Array);
    const moved = (j: number) => thetaAt(c, u0.map((u, i) => (i === j ? u + (u <= 0.9 ? 0.1 : -0.1) : u)));
    expect(journal[3]!.theta).toEqual(moved(0));
    expect(journal[4]!.theta).toEqual(moved(1));
    // The last evaluations: the Jacobian's points around θ̂ (θ̂ itself was met by Nelder–Mead and not recomputed).
    const theta = r.parameters.map((p) => p.value);
    const pm = r.parameters.flatMap((p, j) => [+1, -1].map((s) => theta.map((t, i) => (i === j ? Math.min(p.upper, Math.max(p.lower, t + s * 0.05 * (p.upper - p.lower))) : t))));
    const fresh = pm.filter((q, i) => pm.findIndex((x) => x.join() === q.join()) === i);
    expect(journal.slice(-fresh.length).map((e) => e.theta)).toEqual(fresh);
    expect(journal.some((e) => e.theta.join() === theta.join())).toBe(true);
    expect(r.optimiser.evaluations).toBe(3 + r.optimiser.nelderMead.evaluations + 1 + 4);
  });

  test("progress names each stage in turn and plans design + maxEvals + 3 × parameters + 1 evaluations", async () => {
    const { stages, planned } = await smallRun();
    expect(stages).toEqual(["design", "Nelder–Mead", "Jacobian"]);
    expect([...planned]).toEqual([3 + 6 + 2 + 4 + 1]);
  });

  test("what the result records: settings, seeds, parameters with their ranges and defaults, the method", async () => {
    const { r } = await smallRun();
    expect(r.settings).toEqual({ years: 2, replicates: 2, design: 3, maxEvals: 6, jacobianStep: 0.05, mix: "status_quo", paramUncertainty: false });
    expect(r.seeds).toEqual({ seed: "small", populationSeed: "small/population", replicates: ["small/replicate/0", "small/replicate/1"] });
    for (const [j, p] of r.parameters.entries()) {
      const n = NAMES[j]!;
      expect(p.name).toBe(n);
      expect([p.lower, p.upper]).toEqual(PARAMETERS[n].range);
      expect(p.default).toBe(PARAMETERS[n].value);
      expect(p.atBound).toBe(p.value - p.lower < 1e-3 * (p.upper - p.lower) || p.upper - p.value < 1e-3 * (p.upper - p.lower));
    }
    expect(r.tool).toMatch(/^bioclusters \d+\.\d+\.\d+/);
    expect(r.method).toBe("method of simulated moments; diagonal inverse-variance weights; Latin hypercube then Nelder–Mead; SEs from the simulated-moments Jacobian");
    expect(Object.keys(r.data.inputs).length).toBeGreaterThan(0);
    for (const v of [r.data.moments, r.data.nationalSeries, ...Object.values(r.data.inputs)]) expect(v).toMatch(/^[0-9a-f]{64}$/);
    // Six evaluations are too few for the tolerances: the result says so.
    expect(r.optimiser.nelderMead.converged).toBe(false);
    // Every parameter has a standard error here, so the warnings are the bound warnings and the limit's, in that order.
    expect(r.parameters.every((p) => p.se !== null)).toBe(true);
    expect(r.warnings).toEqual([
      ...r.parameters.filter((p) => p.atBound).map((p) => `${p.name} sits at a bound of its range (${p.lower} – ${p.upper}); its standard error assumes an interior optimum and understates the uncertainty.`),
      "Nelder–Mead stopped at its limit of 6 evaluations before meeting its tolerances; raise --max-evals for a tighter optimum.",
    ]);
  });
});

describe("settings", { timeout: 30_000 }, () => {
  test("the defaults: six years, 20 replicates, seed 2018, 40 design points, 400 evaluations, steps of 5 %, the calibrated parameters, the status quo", () => {
    const c = prepareCalibration();
    expect(c.settings).toEqual({ years: 6, replicates: 20, design: 40, maxEvals: 400, jacobianStep: 0.05, mix: "status_quo", paramUncertainty: false });
    expect([c.years, c.R, c.seed, c.design, c.maxEvals, c.h]).toEqual([6, 20, "2018", 40, 400, 0.05]);
    expect(c.names).toEqual(CALIBRATED_PARAMETERS.map((p) => p.name));
    expect(c.lo).toEqual(c.names.map((n) => PARAMETERS[n].range[0]));
    expect(c.hi).toEqual(c.names.map((n) => PARAMETERS[n].range[1]));
    expect(c.populationSeed).toBe("2018/population");
    expect(c.spec.moments).toEqual(c.moments.map((m) => m.name));
    expect([c.spec.years, c.spec.replicates, c.spec.seed]).toEqual([6, 20, "2018"]);
  });

  test.each([
    ["years", { years: 1 }, "years must be a whole number from 2 to 50, not 1."],
    ["years", { years: 51 }, "years must be a whole number from 2 to 50, not 51."],
    ["years", { years: 2.5 }, "years must be a whole number from 2 to 50, not 2.5."],
    ["replicates", { replicates: 1 }, "replicates must be a whole number from 2 to 10000, not 1."],
    ["replicates", { replicates: 10_001 }, "replicates must be a whole number from 2 to 10000, not 10001."],
    ["an unknown parameter", { parameters: ["entryRate", "nope"] }, '"nope" is not a structural parameter.'],
    ["too few moments", { parameters: ["entryRate", "exitBase"], targets: [{ name: "entry_rate", value: 0.1, se: 0.01 }] }, "1 moments cannot identify 2 parameters."],
    ["design", { design: 0 }, "design must be a whole number from 1 to 100000, not 0."],
    ["design", { design: 100_001 }, "design must be a whole number from 1 to 100000, not 100001."],
    ["max-evals", { maxEvals: 0 }, "max-evals must be a whole number from 1 to 100000, not 0."],
    ["max-evals", { maxEvals: 100_001 }, "max-evals must be a whole number from 1 to 100000, not 100001."],
    ["the Jacobian step", { jacobianStep: 0 }, "The Jacobian step must be a share of the range above 0 and at most 0.25, not 0."],
    ["the Jacobian step", { jacobianStep: 0.2500001 }, "The Jacobian step must be a share of the range above 0 and at most 0.25, not 0.2500001."],
    ["no parameters", { parameters: [] }, "Give at least one parameter to calibrate."],
    ["an unknown target", { targets: [{ name: "entry_rate", value: 0.1, se: 0.01 }, { name: "nope" as never, value: 0, se: 1 }], parameters: ["entryRate"] }, 'The target "nope" is not a moment of the moments file.'],
  ] as Array<[string, CalibrateOptions, string]>)("refuses %s out of range (%o)", (_what, o, message) => {
    expect(() => prepareCalibration(o)).toThrow(UserError);
    expect(() => prepareCalibration(o)).toThrow(message);
  });

  test("accepts each setting exactly at the ends of its range", () => {
    for (const o of [{ years: 2 }, { years: 50 }, { replicates: 2 }, { replicates: 10_000 }, { design: 1 }, { design: 100_000 }, { maxEvals: 1 }, { maxEvals: 100_000 }, { jacobianStep: 0.25 }, { jacobianStep: 1e-9 }]) {
      expect(() => prepareCalibration({ ...o, parameters: ["entryRate"] })).not.toThrow();
    }
    // As many moments as parameters is enough (J then has no degrees of freedom).
    const c = prepareCalibration({ parameters: ["entryRate"], targets: [{ name: "entry_rate", value: 0.1, se: 0.01 }] });
    expect(c.moments.map((m) => [m.name, m.value, m.se])).toEqual([["entry_rate", 0.1, 0.01]]);
    expect(c.moments[0]!.derivation).toBe(prepareCalibration().moments.find((m) => m.name === "entry_rate")!.derivation);
  });

  test("the settings hash changes with anything the evaluations depend on", () => {
    const base = prepareCalibration(SMALL).config;
    expect(prepareCalibration(SMALL).config).toBe(base);
    for (const o of [{ seed: "other" }, { years: 3 }, { replicates: 3 }, { parameters: ["exitBase", "entryRate"] }, { targets: [{ name: "entry_rate", value: 0.1, se: 0.01 }, { name: "exit_rate", value: 0.04, se: 0.01 }] }] as CalibrateOptions[]) {
      expect(prepareCalibration({ ...SMALL, ...o }).config).not.toBe(base);
    }
  });
});

describe("the unit cube", () => {
  const c = { names: ["entryRate", "exitBase"] as Array<"entryRate" | "exitBase">, lo: [0.03, 0.02], hi: [0.09, 0.05] };
  test("maps u to the ranges and clamps outside them", () => {
    expect(thetaAt(c, [0, 1])).toEqual([0.03, 0.05]);
    expect(thetaAt(c, [0.5, 0.25])).toEqual([0.03 + 0.5 * 0.06, 0.02 + 0.25 * 0.03]);
    expect(thetaAt(c, [-0.2, 1.3])).toEqual([0.03, 0.05]);
  });
  test("a point outside pays 10⁴ × its squared distance to the cube; inside it pays nothing", () => {
    expect(boundPenalty([0, 1])).toBe(0);
    expect(boundPenalty([0.5, 0.999])).toBe(0);
    expect(boundPenalty([-0.1, 0.5])).toBeCloseTo(1e4 * 0.01, 9);
    expect(boundPenalty([0.5, 1.2])).toBeCloseTo(1e4 * 0.04, 9);
    expect(boundPenalty([-0.1, 1.2, 0.3])).toBeCloseTo(1e4 * 0.05, 9);
  });
});

describe("a parameter pushed to its bound", () => {
  test("is flagged, and warned of, with the bound named", async () => {
    // An entry rate far above anything the range can give pushes entryRate to its upper bound.
    const r = await calibrate({ ...SMALL, parameters: ["entryRate"], maxEvals: 12, targets: [{ name: "entry_rate", value: 0.5, se: 0.001 }, { name: "exit_rate", value: 0.035, se: 1 }] });
    const p = r.parameters[0]!;
    expect(p.value).toBe(0.09);
    expect(p.atBound).toBe(true);
    expect(r.warnings).toContain("entryRate sits at a bound of its range (0.03 – 0.09); its standard error assumes an interior optimum and understates the uncertainty.");
    expect(r.df).toBe(1);
  }, 30_000);
});

describe("the sampling covariance (1 + 1/R)(G′WG)⁻¹", () => {
  test("three moments, two parameters: against the 2 × 2 inverse by hand", () => {
    const G = new Matrix([[0.5, -1], [2, 0.25], [-0.75, 1.5]]);
    const s = [0.1, 0.4, 0.2];
    const w = s.map((x) => 1 / x ** 2);
    const a11 = w.reduce((t, wi, i) => t + wi * G.get(i, 0) ** 2, 0);
    const a22 = w.reduce((t, wi, i) => t + wi * G.get(i, 1) ** 2, 0);
    const a12 = w.reduce((t, wi, i) => t + wi * G.get(i, 0) * G.get(i, 1), 0);
    const det = a11 * a22 - a12 * a12;
    const c = 1 + 1 / 5;
    const { se, covariance } = msmCovariance(G, s, 5);
    expect(se[0]).toBeCloseTo(Math.sqrt((c * a22) / det), 14);
    expect(se[1]).toBeCloseTo(Math.sqrt((c * a11) / det), 14);
    expect(covariance![0]![1]).toBeCloseTo((-c * a12) / det, 14);
    expect(covariance![1]![0]).toBeCloseTo((-c * a12) / det, 14);
    expect(covariance![0]![0]).toBeCloseTo(se[0]! ** 2, 14);
  });

  test("three parameters: V · G′WG = (1 + 1/R) I", () => {
    const G = new Matrix([[1, 0.2, -0.3], [0.1, 2, 0.5], [-0.4, 0.3, 1.5], [0.7, -0.2, 0.1]]);
    const s = [0.5, 1, 2, 0.25];
    const { se, covariance } = msmCovariance(G, s, 20);
    const A = G.transpose().mmul(Matrix.diag(s.map((x) => 1 / x ** 2))).mmul(G);
    const VA = new Matrix(covariance!).mmul(A);
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) expect(VA.get(i, j)).toBeCloseTo(i === j ? 1.05 : 0, 12);
      expect(se[i]).toBe(Math.sqrt(covariance![i]![i]!));
    }
  });

  test("moments that do not move with a parameter: no standard errors, no covariance", () => {
    expect(msmCovariance(new Matrix([[1, 0], [2, 0], [0.5, 0]]), [1, 1, 1], 10)).toEqual({ se: [null, null], covariance: null });
    // Collinear columns whose rounding leaves G′WG numerically invertible but with negative variances.
    expect(msmCovariance(new Matrix([[3, 3.0000001], [1, 1.0000000333]]), [1, 1], 10)).toEqual({ se: [null, null], covariance: null });
  });
});

describe("Nelder–Mead's part of a small calibration", () => {
  test("replaying Nelder–Mead on the journal's values gives the reported optimum, evaluations and iterations", async () => {
    const file = path.join(tmp(), "journal.jsonl");
    const r = await calibrate({ ...SMALL, maxEvals: 10, journal: file });
    const c = prepareCalibration({ ...SMALL, maxEvals: 10 });
    const lines = fs.readFileSync(file, "utf8").trim().split("\n").slice(1).map((l) => JSON.parse(l) as { theta: number[]; mean: number[] });
    const Q = (mean: number[]) => r.moments.reduce((t, m, i) => t + ((m.target - (mean[i] as number)) / m.se) ** 2, 0);
    const lookup = (u: Float64Array) => {
      const theta = thetaAt(c, u);
      const e = lines.find((l) => l.theta.every((v, i) => v === theta[i]));
      if (!e) throw new Error(`no journal line for ${theta.join(", ")}`);
      return Q(e.mean) + boundPenalty(u);
    };
    const design = designPoints(c);
    const fd = design.map(lookup);
    const u0 = design[fd.indexOf(Math.min(...fd))] as Float64Array;
    const nm = await nelderMead(async (us) => us.map(lookup), u0, { steps: Array.from(u0, (u) => (u <= 0.9 ? 0.1 : -0.1)), maxfev: 10, xatol: 1e-3, fatol: 1e-2 });
    expect(r.parameters.map((p) => p.value)).toEqual(thetaAt(c, nm.x));
    expect(r.optimiser.nelderMead).toEqual({ evaluations: nm.nfev, iterations: nm.nit, converged: nm.converged });
  }, 30_000);
});

describe("more small calibrations", () => {
  test("a parameter pushed to its lower bound is flagged too", async () => {
    const r = await calibrate({ ...SMALL, parameters: ["entryRate"], maxEvals: 12, targets: [{ name: "entry_rate", value: -0.5, se: 0.001 }, { name: "exit_rate", value: 0.035, se: 1 }] });
    expect(r.parameters[0]!.value).toBe(0.03);
    expect(r.parameters[0]!.atBound).toBe(true);
    expect(r.warnings).toContain("entryRate sits at a bound of its range (0.03 – 0.09); its standard error assumes an interior optimum and understates the uncertainty.");
  }, 30_000);

  test("as many moments as parameters: J has no degrees of freedom and no p-value", async () => {
    const r = await calibrate({ ...SMALL, parameters: ["entryRate"], maxEvals: 4, targets: [{ name: "entry_rate", value: 0.05, se: 0.01 }] });
    expect(r.df).toBe(0);
    expect(r.pValue).toBeNull();
    expect(r.J).toBeCloseTo(r.objective / 1.5, 12);
  }, 30_000);

  test("simulatedMomentsAt's defaults: every moment of the file, six years, 20 replicates, seed 2018, the status quo", async () => {
    const d = await simulatedMomentsAt({ entryRate: 0.05 });
    expect(d.names).toEqual([...MOMENT_NAMES]);
    const e = await simulatedMomentsAt({ entryRate: 0.05 }, { years: 6, replicates: 20, seed: "2018", mix: "status_quo", moments: [...MOMENT_NAMES] });
    expect(d).toEqual(e);
  }, 60_000);

  test("the inputs are recorded by role and file name", () => {
    const c = prepareCalibration(SMALL);
    for (const [k, v] of Object.entries(c.inputsSha)) {
      expect(k).toMatch(/^\w+ \([^/]+\.\w+\)$/);
      expect(v).toMatch(/^[0-9a-f]{64}$/);
    }
  });
});

describe("the settings' refusals say what to do", () => {
  test("an unknown parameter, too few moments", () => {
    expect(() => prepareCalibration({ parameters: ["nope" as never] })).toThrow('"nope" is not a structural parameter. See the parameter table in docs/model.md.');
    expect(() => prepareCalibration({ parameters: ["entryRate", "exitBase"], targets: [{ name: "entry_rate", value: 0.1, se: 0.01 }] })).toThrow("1 moments cannot identify 2 parameters. Calibrate fewer parameters or add moments.");
  });
});

describe("a parameter the moments do not move", () => {
  test("gets no standard error, the covariance is null, and each parameter is warned of", async () => {
    // The number of graduates per university feeds the talent pool; over two years it moves none of the firm-count
    // moments (the same seeds at both ends of its range give the same numbers), so G has a zero column.
    const moments = ["firms_growth", "entry_rate", "exit_rate"] as const;
    const [lo, hi] = PARAMETERS.graduatesPerUniversity.range;
    const at = (v: number) => simulatedMomentsAt({ graduatesPerUniversity: v }, { years: 2, replicates: 2, seed: "small", moments: [...moments] });
    expect((await at(lo)).mean, "precondition: graduatesPerUniversity must not move these moments over two years").toEqual((await at(hi)).mean);
    const targets = moments.map((name) => ({ name, value: 0.05, se: 0.01 }));
    const r = await calibrate({ ...SMALL, parameters: ["entryRate", "graduatesPerUniversity"], targets });
    expect(r.parameters.map((p) => p.se)).toEqual([null, null]);
    expect(r.covariance).toBeNull();
    for (const n of ["entryRate", "graduatesPerUniversity"]) {
      expect(r.warnings).toContain(`${n}: no standard error, because the moments barely move with it near the estimate (G′WG is singular): it is not identified by these moments.`);
    }
  }, 30_000);
});

describe("a parameter given twice", () => {
  // Before this check the second value overwrote the first at every point: a two-dimensional search over one
  // parameter, a singular G′WG and the parameter twice in calibrated.json.
  test("is refused", () => {
    expect(() => prepareCalibration({ parameters: ["entryRate", "exitBase", "entryRate"] })).toThrow('"entryRate" is given twice in the parameters to calibrate. Give each parameter once.');
  });
});
