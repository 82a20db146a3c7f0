/**
 * The composite indicator's methods as small pure functions on arrays, one
 * value per unit. Definitions follow the OECD/JRC Handbook on Constructing
 * Composite Indicators (2008) and COINr.
 */
import { EigenvalueDecomposition, Matrix } from "ml-matrix";
import { UserError } from "../errors";
import type { Normalisation } from "./recipe";
import { mean, quantile, sd as sampleSd, sum } from "../stats";

export type Vec = Float64Array;

function range(x: Vec): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of x) {
    // Stryker disable next-line EqualityOperator: equivalent: on a tie the same value is assigned
    if (v < lo) lo = v;
    // Stryker disable next-line EqualityOperator: equivalent: on a tie the same value is assigned
    if (v > hi) hi = v;
  }
  return [lo, hi];
}

/**
 * Ranks with ties averaged, 1 = smallest.
 *
 * @example averageRanks([10, 30, 20, 30]) // [1, 3.5, 2, 3.5]
 */
export function averageRanks(x: ArrayLike<number>): Float64Array {
  const idx = Array.from({ length: x.length }, (_, i) => i).sort((a, b) => (x[a] as number) - (x[b] as number));
  const r = new Float64Array(x.length);
  let i = 0;
  // Stryker disable next-line EqualityOperator: equivalent: i = n ranks idx[n], which is undefined: the write goes to no element of the result
  while (i < idx.length) {
    let j = i;
    // Stryker disable next-line ConditionalExpression,EqualityOperator,ArithmeticOperator: equivalent: past the last unit idx[j + 1] is undefined and the value comparison is false anyway
    while (j + 1 < idx.length && x[idx[j + 1] as number] === x[idx[i] as number]) j++;
    const avg = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) r[idx[k] as number] = avg;
    i = j + 1;
  }
  return r;
}

/**
 * Competition ranks of scores, 1 = highest, ties share the best rank (1, 2, 2, 4).
 */
export function competitionRanks(scores: ArrayLike<number>): Int32Array {
  // Sort once (O(n log n)): a unit's rank is 1 + the number of strictly higher scores.
  const idx = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => (scores[b] as number) - (scores[a] as number));
  const r = new Int32Array(scores.length);
  // Stryker disable next-line EqualityOperator: equivalent: k = n ranks idx[n], which is undefined: the write goes to no element of the result
  for (let k = 0; k < idx.length; k++) {
    const i = idx[k] as number;
    // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent: at k = 0, idx[−1] is undefined, and the tie test below is false for it as for −1
    const prev = k > 0 ? (idx[k - 1] as number) : -1;
    // Stryker disable next-line ConditionalExpression: equivalent: prev = −1 only at k = 0, where scores[−1] is undefined and equals no score
    r[i] = prev >= 0 && scores[prev] === scores[i] ? (r[prev] as number) : k + 1;
  }
  return r;
}

export interface NormaliseOptions {
  method: Normalisation;
  /** minmax output range, default [0, 100]. */
  range?: [number, number];
  /** 1: higher is better; −1: lower is better (flips the indicator first). */
  direction: 1 | -1;
  /** distance_to_target: the target value. */
  target?: number;
  /** Indicator id, for error messages. */
  id: string;
}

/**
 * Normalises one indicator across units:
 * - `minmax`: (x − min)/(max − min), mapped to `range` (default 0–100);
 * - `zscore`: (x − mean)/sd with the sample sd (n − 1): mean 0, sd 1;
 * - `rank`: average ranks, 1 = worst … n = best;
 * - `distance_to_best`: 100 × x / best (the leader scores 100); needs positive values;
 * - `distance_to_target`: 100 × min(1, x / target), capped at the target; needs positive values.
 * Direction −1 flips the indicator first (for the distance methods: best = smallest, 100 × best / x).
 * A constant indicator carries no information and is refused.
 */
export function normalise(raw: Vec, o: NormaliseOptions): Vec {
  const [lo, hi] = range(raw);
  if (!(hi > lo)) {
    throw new UserError(`Indicator "${o.id}" has the same value (${lo}) for every unit, so it cannot rank them and cannot be normalised.`, {
      hint: "Drop it from the recipe.",
    });
  }
  const n = raw.length;
  const out = new Float64Array(n);
  const x = o.direction === 1 ? raw : raw.map((v) => -v);
  switch (o.method) {
    case "minmax": {
      const [a, b] = o.range ?? [0, 100];
      const [l, h] = range(x);
      // Stryker disable next-line EqualityOperator: equivalent: out[n] is past the end of a typed array, so the extra write is ignored
      for (let i = 0; i < n; i++) out[i] = a + (((x[i] as number) - l) / (h - l)) * (b - a);
      return out;
    }
    case "zscore": {
      const m = mean(x);
      const sd = sampleSd(x);
      // Stryker disable next-line EqualityOperator: equivalent: out[n] is past the end of a typed array, so the extra write is ignored
      for (let i = 0; i < n; i++) out[i] = ((x[i] as number) - m) / sd;
      return out;
    }
    case "rank":
      return averageRanks(x);
    case "distance_to_best":
    case "distance_to_target": {
      if (lo <= 0) {
        throw new UserError(`Indicator "${o.id}" has values ≤ 0 (smallest ${lo}); "${o.method}" divides by them and needs positive values.`, {
          hint: 'Use normalise.method "minmax" or "rank" for this recipe.',
        });
      }
      if (o.method === "distance_to_best") {
        // Stryker disable next-line EqualityOperator: equivalent: out[n] is past the end of a typed array, so the extra write is ignored
        for (let i = 0; i < n; i++) out[i] = o.direction === 1 ? (100 * (raw[i] as number)) / hi : (100 * lo) / (raw[i] as number);
        return out;
      }
      const t = o.target as number;
      if (!(t > 0)) throw new UserError(`Indicator "${o.id}" has target ${t}; "distance_to_target" needs a positive target.`);
      // Stryker disable next-line EqualityOperator: equivalent: out[n] is past the end of a typed array, so the extra write is ignored
      for (let i = 0; i < n; i++) {
        const v = raw[i] as number;
        out[i] = 100 * Math.min(1, o.direction === 1 ? v / t : t / v);
      }
      return out;
    }
  }
}

/**
 * Weights normalised to sum to 1. Negative weights, or weights that are all
 * zero, are refused with a message naming `what` ("pillar weights", …).
 */
export function normaliseWeights(w: readonly number[], what: string, names: readonly string[]): number[] {
  w.forEach((v, i) => {
    if (!(v >= 0) || !Number.isFinite(v)) {
      throw new UserError(`The weight of ${names[i]} in the ${what} is ${v}; weights must be numbers ≥ 0.`, { hint: "Use 0 to leave something out." });
    }
  });
  const s = sum(w);
  if (!(s > 0)) throw new UserError(`The ${what} are all zero, so nothing would count.`, { hint: "Give at least one a positive weight." });
  return w.map((v) => v / s);
}

/** Saaty's random consistency index for n = 1…10. */
export const RANDOM_INDEX = [0, 0, 0, 0.58, 0.9, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49];

export interface AhpResult {
  weights: number[];
  lambdaMax: number;
  /** Consistency index (λmax − n)/(n − 1). */
  ci: number;
  /** Consistency ratio CI / RI(n); above 0.1 the judgements are conventionally too inconsistent. */
  cr: number;
}

/**
 * Weights from an AHP pairwise-comparison matrix (Saaty): the principal
 * eigenvector, normalised to sum to 1, with the consistency ratio.
 * `m[i][j]` says how much more important item i is than item j (1/9 … 9);
 * the matrix must be positive and reciprocal (m[j][i] = 1 / m[i][j]).
 */
export function ahpWeights(m: readonly (readonly number[])[], names: readonly string[], what: string): AhpResult {
  const n = m.length;
  if (n !== names.length || m.some((row) => row.length !== n)) {
    throw new UserError(`The AHP matrix for the ${what} must be ${names.length} × ${names.length} (one row and column per item: ${names.join(", ")}).`);
  }
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      const a = m[i]?.[j] as number;
      const b = m[j]?.[i] as number;
      if (!(a > 0)) throw new UserError(`AHP matrix for the ${what}: entry [${i}][${j}] is ${a}; every entry must be positive.`);
      // Stryker disable next-line EqualityOperator: equivalent in practice: > and ≥ differ only when |a·b − 1| is exactly 1e-6 in floating point
      if (Math.abs(a * b - 1) > 1e-6) {
        throw new UserError(`AHP matrix for the ${what} is not reciprocal: [${i}][${j}] = ${a} but [${j}][${i}] = ${b} (should be ${1 / a}).`);
      }
    }
  if (n === 1) return { weights: [1], lambdaMax: 1, ci: 0, cr: 0 };
  const evd = new EigenvalueDecomposition(new Matrix(m.map((r) => [...r])));
  const re = evd.realEigenvalues;
  let k = 0;
  // Stryker disable next-line EqualityOperator: equivalent: re[n] is undefined and never larger; a positive matrix's largest eigenvalue is simple (Perron), so ≥ ends at the same index
  for (let i = 1; i < re.length; i++) if ((re[i] as number) > (re[k] as number)) k = i;
  const v = evd.eigenvectorMatrix.getColumn(k).map(Math.abs);
  const s = sum(v);
  const lambdaMax = re[k] as number;
  const ci = (lambdaMax - n) / (n - 1);
  const ri = RANDOM_INDEX[Math.min(n, RANDOM_INDEX.length - 1)] as number;
  return { weights: v.map((x) => x / s), lambdaMax, ci, cr: ri > 0 ? ci / ri : 0 };
}

/**
 * Data-driven weights: squared loadings of the first principal component of
 * the indicators' correlation matrix, normalised to sum to 1 (the OECD
 * handbook's factor-analysis weights, with one factor). One indicator → [1].
 */
export function pcaWeights(columns: readonly Vec[]): number[] {
  const k = columns.length;
  // Stryker disable next-line ConditionalExpression: equivalent: with one indicator the 1 × 1 correlation matrix's eigenvector is [1], so the weights are [1] anyway
  if (k === 1) return [1];
  const z = columns.map((c) => {
    const m = mean(c);
    const sd = sampleSd(c);
    return Array.from(c, (v) => (sd > 0 ? (v - m) / sd : 0));
  });
  const n = (columns[0] as Vec).length;
  const corr = Matrix.zeros(k, k);
  for (let a = 0; a < k; a++)
    // Stryker disable next-line EqualityOperator: equivalent: corr.set(a, k, …) writes past the end of ml-matrix's typed row, which is ignored
    for (let b = 0; b < k; b++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += (z[a]?.[i] as number) * (z[b]?.[i] as number);
      // Stryker disable next-line ArithmeticOperator: equivalent: scaling the whole matrix by a constant leaves its eigenvectors, so the weights, unchanged
      corr.set(a, b, s / (n - 1));
    }
  // Stryker disable next-line ObjectLiteral,BooleanLiteral: equivalent: the general algorithm finds the same eigenvectors of a symmetric matrix, and the weights (normalised squares) ignore their scale and sign
  const evd = new EigenvalueDecomposition(corr, { assumeSymmetric: true });
  const re = evd.realEigenvalues;
  let top = 0;
  // Stryker disable next-line EqualityOperator,ConditionalExpression: equivalent with ml-matrix: its symmetric decomposition lists eigenvalues in ascending order, so the last is the largest (the search guards against a change of library)
  for (let i = 1; i < re.length; i++) if ((re[i] as number) > (re[top] as number)) top = i;
  const load = evd.eigenvectorMatrix.getColumn(top).map((v) => v * v);
  const s = sum(load);
  // Stryker disable next-line ArithmeticOperator: equivalent: the eigenvector has unit length, so the squared loadings sum to s = 1
  return load.map((v) => v / s);
}

/** Weighted arithmetic mean over columns, per unit. */
export function arithmetic(columns: readonly Vec[], w: readonly number[]): Vec {
  const n = (columns[0] as Vec).length;
  const out = new Float64Array(n);
  columns.forEach((c, j) => {
    const wj = w[j] as number;
    // Stryker disable next-line EqualityOperator: equivalent: out[n] is past the end of a typed array, so the extra write is ignored
    for (let i = 0; i < n; i++) out[i] = (out[i] as number) + wj * (c[i] as number);
  });
  return out;
}

/**
 * Weighted geometric mean over columns, per unit: Π x_j^w_j. Needs positive
 * values; a zero or negative value is refused with the remedy.
 */
export function geometric(columns: readonly Vec[], w: readonly number[], names: readonly string[]): Vec {
  const n = (columns[0] as Vec).length;
  const out = new Float64Array(n);
  columns.forEach((c, j) => {
    for (let i = 0; i < n; i++) {
      if (!((c[i] as number) > 0)) {
        throw new UserError(`The geometric mean needs positive values, but "${names[j]}" has ${c[i]} for a unit.`, {
          hint: 'Normalise with "minmax" and a range that starts above zero, e.g. "range": [1, 100], or use "aggregate": {"method": "arithmetic"}.',
        });
      }
      out[i] = (out[i] as number) + (w[j] as number) * Math.log(c[i] as number);
    }
  });
  return out.map(Math.exp);
}

/** Caps values at the given quantiles (winsorising); returns the capped copy and how many values moved. */
export function winsorise(x: Vec, lower: number, upper: number): { values: Vec; changed: number } {
  const lo = quantile(x, lower);
  const hi = quantile(x, upper);
  let changed = 0;
  const values = x.map((v) => {
    const c = Math.min(hi, Math.max(lo, v));
    if (c !== v) changed++;
    return c;
  });
  return { values, changed };
}
