/**
 * The lab's Sobol and Morris analyses split into independent evaluations.
 *
 * `modelSobol` and `morris` (src/experiments/lab.ts) draw their design from
 * the seed and evaluate the model at each point in turn. Here the same design
 * is drawn the same way (same seed streams, same order of draws), each point
 * becomes a task any shard can evaluate, and the indices are computed from
 * the gathered values exactly as the lab computes them — so a sharded
 * analysis gives the same numbers, to the last bit, as the one-process call.
 * The tests compare the two.
 * One point is evaluated by the lab's own `evaluate`, so the two cannot drift.
 */
import { evaluate, type MorrisRow } from "../experiments/lab";
import type { ModelSetup } from "../model/types";
import { deriveSeed, rngFromSeed } from "../random";
import { saltelliDesign, sobolIndices, type SobolResult } from "../sensitivity/sobol";
import type { LabPlan, LhsPlan, MorrisPlan, SobolPlan } from "./plan";

/** The outcome at factor point u (agent replicate 0, coefficients at their estimates), as the lab evaluates it. */
export function evaluatePoint(setup: ModelSetup, plan: LabPlan, u: ArrayLike<number>): number {
  return evaluate(setup, plan.mix, { years: plan.years, seed: plan.seed, outcome: plan.outcome }, plan.factors, u, 0);
}

/** Saltelli design points in task order: the rows of A, of B, then of each A_B^(i). */
export function sobolPoints(plan: SobolPlan): Float64Array[] {
  const d = saltelliDesign(plan.n, plan.factors.length, rngFromSeed(deriveSeed(plan.seed, "model-sobol")));
  return [...d.A, ...d.B, ...d.AB.flat()];
}

/** Sobol indices from the values at `sobolPoints`, as `modelSobol` computes them. */
export function sobolFromValues(plan: SobolPlan, y: Float64Array): SobolResult & { runs: number } {
  const n = plan.n;
  const k = plan.factors.length;
  const yA = Array.from(y.subarray(0, n));
  const yB = Array.from(y.subarray(n, 2 * n));
  const yAB = Array.from({ length: k }, (_, i) => Array.from(y.subarray((2 + i) * n, (3 + i) * n)));
  const res = sobolIndices(yA, yB, yAB, plan.factors.map((x) => x.name), { bootstrap: plan.bootstrap, seed: plan.seed });
  return { ...res, runs: (k + 2) * n };
}

interface MorrisStep {
  factor: number;
  up: boolean;
}

/** Morris trajectories in task order (each: its start, then one point per factor moved), with the move that led to each point. */
export function morrisDesign(plan: MorrisPlan): { points: Float64Array[]; steps: Array<MorrisStep | null> } {
  const k = plan.factors.length;
  const p = plan.levels;
  const delta = p / (2 * (p - 1));
  const rng = rngFromSeed(deriveSeed(plan.seed, "morris"));
  const points: Float64Array[] = [];
  const steps: Array<MorrisStep | null> = [];
  for (let t = 0; t < plan.trajectories; t++) {
    const x = Float64Array.from({ length: k }, () => Math.floor(rng() * (p / 2)) / (p - 1));
    const order = Array.from({ length: k }, (_, i) => i).sort(() => rng() - 0.5);
    points.push(Float64Array.from(x));
    steps.push(null);
    for (const i of order) {
      const up = (x[i] as number) + delta <= 1;
      x[i] = (x[i] as number) + (up ? delta : -delta);
      points.push(Float64Array.from(x));
      steps.push({ factor: i, up });
    }
  }
  return { points, steps };
}

/** Morris μ*, μ and σ from the values at the design points, as `morris` computes them. */
export function morrisFromValues(plan: MorrisPlan, y: Float64Array): MorrisRow[] {
  const p = plan.levels;
  const delta = p / (2 * (p - 1));
  const { steps } = morrisDesign(plan);
  const effects: number[][] = plan.factors.map(() => []);
  let prev = 0;
  steps.forEach((s, j) => {
    const v = y[j] as number;
    if (s !== null) (effects[s.factor] as number[]).push((s.up ? v - prev : prev - v) / delta);
    prev = v;
  });
  return plan.factors.map((f, i) => {
    const e = effects[i] as number[];
    const mu = e.reduce((a, b) => a + b, 0) / e.length;
    return {
      factor: f.name,
      muStar: e.reduce((a, b) => a + Math.abs(b), 0) / e.length,
      mu,
      sigma: Math.sqrt(e.reduce((a, b) => a + (b - mu) ** 2, 0) / Math.max(1, e.length - 1)),
    };
  });
}

/** The design points of a lab plan, in task order (a Latin hypercube's are recorded in its plan). */
export function labPoints(plan: LabPlan): Float64Array[] {
  if (plan.kind === "lhs") return plan.design.map((u) => Float64Array.from(u));
  return plan.kind === "sobol" ? sobolPoints(plan) : morrisDesign(plan).points;
}

/** A Latin hypercube's results: one row per point, the factors' values in their units, then the outcome. */
export function lhsRows(plan: LhsPlan, y: Float64Array): Array<Record<string, number>> {
  return plan.design.map((u, i) => {
    const row: Record<string, number> = { point: i };
    plan.factors.forEach((f, j) => (row[f.name] = f.low + (f.high - f.low) * (u[j] as number)));
    row["value"] = y[i] as number;
    return row;
  });
}
