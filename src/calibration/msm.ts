/**
 * The method of simulated moments (McFadden 1989; Pakes & Pollard 1989; the
 * textbook treatment in Gourieroux & Monfort 1996, ch. 2):
 *
 *   θ̂ = argmin Q(θ),  Q(θ) = Σ_i ((m̂_i − m_i(θ)) / s_i)²
 *
 * over the free parameters θ (`CALIBRATED_PARAMETERS`, within their ranges),
 * where m̂_i are the observed moments with standard errors s_i
 * (data/calibration/moments.csv) and m_i(θ) the mean of the simulated moment
 * over R replicates with the same seeds at every θ (common random numbers).
 * The weighting matrix is diagonal, W = diag(1 / s_i²) (the inverse variances;
 * efficient when the moments' errors are uncorrelated, which is assumed).
 *
 * Global then local: a Latin hypercube of `design` points over the ranges,
 * then Nelder–Mead from the best of them, on coordinates scaled to [0, 1]
 * (points outside are evaluated at the nearest bound and pay a quadratic
 * penalty). Standard errors: V(θ̂) = (1 + 1/R) (G′WG)⁻¹ with G the Jacobian
 * of m(θ) at θ̂ by central differences (step `jacobianStep` of each range).
 * J = Q(θ̂) / (1 + 1/R) is χ² with (moments − parameters) degrees of freedom
 * under a correct model (Hansen 1982's test of over-identifying restrictions).
 */
import { createHash } from "node:crypto";
import chisqCdf from "@stdlib/stats-base-dists-chisquare-cdf";
import { inverse, Matrix } from "ml-matrix";
import { UserError } from "../errors";
import { inputHashes, loadInputs, resolveMixes, type InputFiles } from "../experiments/simulate";
import { buildSetup } from "../model/setup";
import { CALIBRATED_PARAMETERS, PARAMETERS, type ParameterId } from "../model/params";
import { replicateSeed } from "../model/run";
import { deriveSeed, stream } from "../random";
import { packageVersion } from "../paths";
import { Evaluator, Journal, type EvalSpec, type PointResult } from "./evaluate";
import { loadCalibrationData, type CalibrationDataFiles, type Moment } from "./moments";
import { latinHypercube, nelderMead } from "./optim";
import type { MomentName } from "./simulated";
import * as path from "node:path";

export interface CalibrateOptions {
  /** Model years per replicate (the moments' window, 2012–2018, is six years). */
  years?: number;
  replicates?: number;
  seed?: string;
  /** Points of the Latin hypercube. */
  design?: number;
  /** Most evaluations of the Nelder–Mead stage. */
  maxEvals?: number;
  workers?: number;
  /** The free parameters (default CALIBRATED_PARAMETERS). */
  parameters?: readonly ParameterId[];
  /** The policy mix in force over the calibration window (default the status quo preset). */
  mix?: string;
  /** Journal of completed evaluations (null: none, no resuming). */
  journal?: string | null;
  /** Central-difference step as a share of each parameter's range. */
  jacobianStep?: number;
  data?: CalibrationDataFiles;
  inputs?: InputFiles;
  /** Replace the targets (value and standard error by moment name): the identification check. */
  targets?: ReadonlyArray<{ name: MomentName; value: number; se: number }>;
  signal?: AbortSignal;
  onProgress?: (done: number, planned: number, stage: string) => void;
}

export interface CalibratedParameter {
  name: ParameterId;
  value: number;
  se: number | null;
  lower: number;
  upper: number;
  default: number;
  atBound: boolean;
}

export interface MomentRow {
  name: MomentName;
  target: number;
  se: number;
  simulated: number;
  /** Standard deviation of the moment over the replicates. */
  simulatedSd: number;
  /** (simulated − target) / se. */
  t: number;
}

export interface CalibrationResult {
  tool: string;
  method: string;
  parameters: CalibratedParameter[];
  /** Sampling covariance of the parameters (names order), (1 + 1/R)(G′WG)⁻¹; null when G′WG is singular. */
  covariance: number[][] | null;
  objective: number;
  J: number;
  df: number;
  pValue: number | null;
  moments: MomentRow[];
  settings: { years: number; replicates: number; design: number; maxEvals: number; jacobianStep: number; mix: string; paramUncertainty: false };
  seeds: { seed: string; populationSeed: string; replicates: string[] };
  optimiser: { designBest: number; nelderMead: { evaluations: number; iterations: number; converged: boolean }; evaluations: number };
  data: { moments: string; nationalSeries: string; inputs: Record<string, string> };
  warnings: string[];
}

const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

function checkWhole(name: string, v: number, min: number, max: number): void {
  if (!(Number.isInteger(v) && v >= min && v <= max)) throw new UserError(`${name} must be a whole number from ${min} to ${max}, not ${v}.`);
}

/** Everything a calibration's evaluations depend on, resolved and checked (`calibrate` and the sweep's calibration plans share it). */
export interface PreparedCalibration {
  years: number;
  R: number;
  seed: string;
  design: number;
  maxEvals: number;
  h: number;
  names: ParameterId[];
  lo: number[];
  hi: number[];
  moments: Moment[];
  data: ReturnType<typeof loadCalibrationData>;
  populationSeed: string;
  inputsSha: Record<string, string>;
  settings: CalibrationResult["settings"];
  /** The settings hash: a journal opened with another one belongs to another calibration. */
  config: string;
  spec: EvalSpec;
}

/** Resolves and checks a calibration's settings, data and model, as `calibrate` does before its first evaluation. */
export function prepareCalibration(o: CalibrateOptions = {}): PreparedCalibration {
  const years = o.years ?? 6;
  const R = o.replicates ?? 20;
  const seed = o.seed ?? "2018";
  const design = o.design ?? 40;
  const maxEvals = o.maxEvals ?? 400;
  const h = o.jacobianStep ?? 0.05;
  checkWhole("years", years, 2, 50);
  checkWhole("replicates", R, 2, 10_000);
  checkWhole("design", design, 1, 100_000);
  checkWhole("max-evals", maxEvals, 1, 100_000);
  if (!(h > 0 && h <= 0.25)) throw new UserError(`The Jacobian step must be a share of the range above 0 and at most 0.25, not ${h}.`);
  const names = [...(o.parameters ?? CALIBRATED_PARAMETERS.map((p) => p.name))] as ParameterId[];
  for (const n of names) if (!(n in PARAMETERS)) throw new UserError(`"${n}" is not a structural parameter.`, { hint: "See the parameter table in docs/model.md." });
  if (names.length === 0) throw new UserError("Give at least one parameter to calibrate.");
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice !== undefined) throw new UserError(`"${twice}" is given twice in the parameters to calibrate.`, { hint: "Give each parameter once." });
  const data = loadCalibrationData(o.data);
  let moments: Moment[] = data.moments;
  if (o.targets) {
    moments = o.targets.map((t) => {
      const m = data.moments.find((x) => x.name === t.name);
      if (!m) throw new UserError(`The target "${t.name}" is not a moment of the moments file.`);
      return { ...m, value: t.value, se: t.se };
    });
  }
  if (moments.length < names.length) throw new UserError(`${moments.length} moments cannot identify ${names.length} parameters.`, { hint: "Calibrate fewer parameters or add moments." });
  const inputs = loadInputs(o.inputs);
  const populationSeed = deriveSeed(seed, "population");
  const setup = buildSetup({ ...inputs, seed: populationSeed });
  const mixName = o.mix ?? "status_quo";
  const [mix] = resolveMixes([mixName], inputs.clusters.map((c) => c.id));
  const lo = names.map((n) => PARAMETERS[n].range[0]);
  const hi = names.map((n) => PARAMETERS[n].range[1]);
  const inputsSha = Object.fromEntries(Object.entries(inputHashes(inputs.files)).map(([k, v]) => [`${k} (${path.basename(v.file)})`, v.sha256]));
  const settings = { years, replicates: R, design, maxEvals, jacobianStep: h, mix: mixName, paramUncertainty: false as const };
  const config = sha256(JSON.stringify({ tool: packageVersion(), names, lo, hi, settings, seed, moments: moments.map((m) => [m.name, m.value, m.se]), data: data.hashes, inputsSha, mix }));
  const spec: EvalSpec = { setup, mix: mix as NonNullable<typeof mix>, years, seed, replicates: R, names, moments: moments.map((m) => m.name) };
  return { years, R, seed, design, maxEvals, h, names, lo, hi, moments, data, populationSeed, inputsSha, settings, config, spec };
}

/** Parameter values at a point u of the unit cube (clamped to it). */
export function thetaAt(c: Pick<PreparedCalibration, "names" | "lo" | "hi">, u: ArrayLike<number>): number[] {
  return c.names.map((_, j) => (c.lo[j] as number) + Math.min(1, Math.max(0, u[j] as number)) * ((c.hi[j] as number) - (c.lo[j] as number)));
}

/** The global stage's Latin hypercube on the unit cube, drawn from the seed. */
export function designPoints(c: Pick<PreparedCalibration, "design" | "names" | "seed">): Float64Array[] {
  // Stryker disable next-line StringLiteral: equivalent: the stream's labels only name it; any others give another, equally valid and reproducible design (streams of different names are independent: tests/random.test.ts)
  return latinHypercube(c.design, c.names.length, stream(c.seed, "calibration", "design"));
}

/** The parameter values of the design stage's points, in the order `calibrate` evaluates them. */
export function designThetas(c: PreparedCalibration): number[][] {
  return designPoints(c).map((u) => thetaAt(c, u));
}

/** The penalty of a point u outside the unit cube (evaluated at the nearest bound): 10⁴ × its squared distance to the cube. */
export function boundPenalty(u: ArrayLike<number>): number {
  let p = 0;
  for (let j = 0; j < u.length; j++) p += Math.max(0, -(u[j] as number), (u[j] as number) - 1) ** 2;
  return 1e4 * p;
}

/**
 * The parameters' sampling covariance (1 + 1/R)(G′WG)⁻¹, W = diag(1/s_i²), from the Jacobian G of the simulated
 * moments (moments × parameters) and the moments' standard errors s. A parameter whose variance is not a positive
 * finite number gets no standard error; the covariance is null unless every parameter has one, and when G′WG is
 * singular (the moments do not move with some combination of the parameters) nothing is returned.
 */
export function msmCovariance(G: Matrix, momentSe: readonly number[], R: number): { se: Array<number | null>; covariance: number[][] | null } {
  const W = Matrix.diag(momentSe.map((s) => 1 / s ** 2));
  let se: Array<number | null> = Array.from({ length: G.columns }, () => null);
  let covariance: number[][] | null = null;
  try {
    const A = G.transpose().mmul(W).mmul(G);
    const V = inverse(A).mul(1 + 1 / R);
    se = se.map((_, j) => {
      const v = V.get(j, j);
      // Stryker disable next-line EqualityOperator: equivalent: a diagonal element of the inverse of G′WG is never exactly 0 (positive when G′WG is positive definite, of either sign from rounding when it is nearly singular)
      return Number.isFinite(v) && v > 0 ? Math.sqrt(v) : null;
    });
    if (se.every((x) => x !== null)) covariance = V.to2DArray();
  } catch {
    // A singular G′WG: no standard errors (calibrate warns).
  }
  return { se, covariance };
}

/** Whether a calibrated value sits at a bound: within a thousandth of its range of either end (strictly). */
export function nearBound(t: number, lo: number, hi: number): boolean {
  return t - lo < 1e-3 * (hi - lo) || hi - t < 1e-3 * (hi - lo);
}

/** Runs the calibration; see the file comment for the method. */
export async function calibrate(o: CalibrateOptions = {}): Promise<CalibrationResult> {
  const c = prepareCalibration(o);
  const { years, R, seed, design, maxEvals, h, names, lo, hi, moments, data, populationSeed, inputsSha, settings, config, spec } = c;
  const journal = Journal.open(o.journal ?? null, config);
  const planned = design + maxEvals + names.length + 2 * names.length + 1; // Nelder–Mead may pass maxEvals by one shrink
  let stage = "design";
  // Stryker disable next-line LogicalOperator: equivalent: the Evaluator's own default is one worker, and the number of workers only spreads the replicates (the numbers do not depend on it)
  const ev = new Evaluator(spec, journal, { workers: o.workers ?? 1, signal: o.signal, onEvaluated: (n) => o.onProgress?.(n, planned, stage) });

  const toTheta = (u: ArrayLike<number>) => thetaAt(c, u);
  const Q = (r: PointResult) => moments.reduce((s, m, i) => s + ((m.value - (r.mean[i] as number)) / m.se) ** 2, 0);
  const objective = async (us: Float64Array[]) => (await ev.evaluate(us.map(toTheta))).map((r, i) => Q(r) + boundPenalty(us[i] as Float64Array));

  // Global: a Latin hypercube over the ranges.
  const points = designPoints(c);
  const fDesign = await objective(points);
  let best = 0;
  fDesign.forEach((f, i) => {
    if (f < (fDesign[best] as number)) best = i;
  });
  // Local: Nelder–Mead from the design's best point, first steps a tenth of each range towards the interior.
  stage = "Nelder–Mead";
  const u0 = points[best] as Float64Array;
  // Stryker disable next-line EqualityOperator: equivalent: a design point exactly at u = 0.9 is a continuous draw's probability-zero case; both steps stay in the cube there
  const nm = await nelderMead(objective, u0, { steps: Array.from(u0, (u) => (u <= 0.9 ? 0.1 : -0.1)), maxfev: maxEvals, xatol: 1e-3, fatol: 1e-2 });
  const theta = toTheta(nm.x);
  // Standard errors from the Jacobian of the simulated moments.
  stage = "Jacobian";
  const plus = theta.map((t, j) => Math.min(hi[j] as number, t + h * ((hi[j] as number) - (lo[j] as number))));
  const minus = theta.map((t, j) => Math.max(lo[j] as number, t - h * ((hi[j] as number) - (lo[j] as number))));
  const jacPoints: number[][] = [];
  names.forEach((_, j) => {
    jacPoints.push(theta.map((t, i) => (i === j ? (plus[j] as number) : t)));
    jacPoints.push(theta.map((t, i) => (i === j ? (minus[j] as number) : t)));
  });
  const [atHat, ...jac] = await ev.evaluate([theta, ...jacPoints]);
  const at = atHat as PointResult;
  const k = moments.length;
  const p = names.length;
  const G = new Matrix(k, p);
  names.forEach((_, j) => {
    const up = jac[2 * j] as PointResult;
    const dn = jac[2 * j + 1] as PointResult;
    for (let i = 0; i < k; i++) G.set(i, j, ((up.mean[i] as number) - (dn.mean[i] as number)) / ((plus[j] as number) - (minus[j] as number)));
  });
  const { se, covariance } = msmCovariance(G, moments.map((m) => m.se), R);
  const warnings: string[] = [];
  names.forEach((n, j) => {
    if (se[j] === null) warnings.push(`${n}: no standard error, because the moments barely move with it near the estimate (G′WG is singular): it is not identified by these moments.`);
  });
  const atBound = names.map((_, j) => nearBound(theta[j] as number, lo[j] as number, hi[j] as number));
  names.forEach((n, j) => {
    if (atBound[j]) warnings.push(`${n} sits at a bound of its range (${lo[j]} – ${hi[j]}); its standard error assumes an interior optimum and understates the uncertainty.`);
  });
  if (!nm.converged) warnings.push(`Nelder–Mead stopped at its limit of ${maxEvals} evaluations before meeting its tolerances; raise --max-evals for a tighter optimum.`);
  const objectiveValue = Q(at);
  const J = objectiveValue / (1 + 1 / R);
  const df = k - p;
  return {
    tool: `bioclusters ${packageVersion()}`,
    method: "method of simulated moments; diagonal inverse-variance weights; Latin hypercube then Nelder–Mead; SEs from the simulated-moments Jacobian",
    parameters: names.map((n, j) => ({ name: n, value: theta[j] as number, se: se[j] ?? null, lower: lo[j] as number, upper: hi[j] as number, default: PARAMETERS[n].value, atBound: atBound[j] as boolean })),
    covariance,
    objective: objectiveValue,
    J,
    df,
    pValue: df > 0 ? 1 - chisqCdf(J, df) : null,
    moments: moments.map((m, i) => ({ name: m.name, target: m.value, se: m.se, simulated: at.mean[i] as number, simulatedSd: at.sd[i] as number, t: ((at.mean[i] as number) - m.value) / m.se })),
    settings,
    seeds: { seed, populationSeed, replicates: Array.from({ length: R }, (_, r) => replicateSeed(seed, r)) },
    optimiser: { designBest: fDesign[best] as number, nelderMead: { evaluations: nm.nfev, iterations: nm.nit, converged: nm.converged }, evaluations: ev.evaluations },
    data: { moments: data.hashes.moments, nationalSeries: data.hashes.nationalSeries, inputs: inputsSha },
    warnings,
  };
}

/** The simulated moments at given parameter values (the identification check's "truth"). */
export async function simulatedMomentsAt(values: Partial<Record<ParameterId, number>>, o: { years?: number; replicates?: number; seed?: string; mix?: string; workers?: number; inputs?: InputFiles; moments?: readonly MomentName[] } = {}): Promise<PointResult & { names: MomentName[] }> {
  const seed = o.seed ?? "2018";
  const inputs = loadInputs(o.inputs);
  const setup = buildSetup({ ...inputs, seed: deriveSeed(seed, "population") });
  const [mix] = resolveMixes([o.mix ?? "status_quo"], inputs.clusters.map((c) => c.id));
  const names = Object.keys(values) as ParameterId[];
  const moments = [...(o.moments ?? loadCalibrationData().moments.map((m) => m.name))];
  // Stryker disable next-line StringLiteral: equivalent: a journal without a file keeps nothing, so its settings label is never compared
  const journal = Journal.open(null, "none");
  // Stryker disable next-line ObjectLiteral,LogicalOperator: equivalent: the workers only spread the replicates (the numbers do not depend on them) and the Evaluator's default is one
  const run = { workers: o.workers ?? 1 };
  const ev = new Evaluator({ setup, mix: mix as NonNullable<typeof mix>, years: o.years ?? 6, seed, replicates: o.replicates ?? 20, names, moments }, journal, run);
  const [r] = await ev.evaluate([names.map((n) => values[n] as number)]);
  return { ...(r as PointResult), names: moments };
}
