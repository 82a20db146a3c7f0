/**
 * Variance-based sensitivity indices (Sobol) by Monte Carlo with Saltelli's
 * sampling scheme.
 *
 * Two independent N × k matrices A and B of inputs on [0, 1)^k are drawn; for
 * each factor i, A_B^(i) is A with column i taken from B. With f evaluated on
 * A, B and every A_B^(i) — (k + 2)·N runs —
 * - first-order index (Saltelli et al. 2010, Table 2 (b)):
 *   S_i = mean(f(B)·(f(A_B^i) − f(A))) / V
 * - total-order index (Jansen 1999):
 *   S_Ti = mean((f(A) − f(A_B^i))²) / 2 / V
 * where V is the variance of f over A and B together. Intervals come from a
 * percentile bootstrap over the N rows. Estimates can stray outside [0, 1]
 * when N is small; `warnings` says when an interval does.
 */
import { stream, type Rng } from "../random";
import { quantile } from "../stats";

export interface SaltelliDesign {
  n: number;
  k: number;
  A: Float64Array[];
  B: Float64Array[];
  /** AB[i][r] = row r of A with column i from B. */
  AB: Float64Array[][];
}

/** Draws the Saltelli design: N rows of k uniforms for A and B, and the k mixed matrices. */
export function saltelliDesign(n: number, k: number, rng: Rng): SaltelliDesign {
  const row = () => Float64Array.from({ length: k }, () => rng());
  const A = Array.from({ length: n }, row);
  const B = Array.from({ length: n }, row);
  const AB = Array.from({ length: k }, (_, i) =>
    A.map((a, r) => {
      const x = Float64Array.from(a);
      x[i] = (B[r] as Float64Array)[i] as number;
      return x;
    }),
  );
  return { n, k, A, B, AB };
}

export interface SobolIndex {
  factor: string;
  first: number;
  firstLow: number;
  firstHigh: number;
  total: number;
  totalLow: number;
  totalHigh: number;
}

export interface SobolResult {
  indices: SobolIndex[];
  variance: number;
  n: number;
  /** Plain-language cautions: intervals outside [0, 1], too few samples, no variance. */
  warnings: string[];
}

function estimate(yA: ArrayLike<number>, yB: ArrayLike<number>, yAB: ReadonlyArray<ArrayLike<number>>, rows: ArrayLike<number>): { s: number[]; st: number[]; v: number } {
  const n = rows.length;
  let m = 0;
  for (let t = 0; t < n; t++) m += (yA[rows[t] as number] as number) + (yB[rows[t] as number] as number);
  m /= 2 * n;
  let v = 0;
  for (let t = 0; t < n; t++) v += ((yA[rows[t] as number] as number) - m) ** 2 + ((yB[rows[t] as number] as number) - m) ** 2;
  v /= 2 * n - 1;
  const s: number[] = [];
  const st: number[] = [];
  for (const y of yAB) {
    let a = 0;
    let b = 0;
    for (let t = 0; t < n; t++) {
      const r = rows[t] as number;
      const fA = yA[r] as number;
      const fAB = y[r] as number;
      a += (yB[r] as number) * (fAB - fA);
      b += (fA - fAB) ** 2;
    }
    s.push(v > 0 ? a / n / v : 0);
    st.push(v > 0 ? b / (2 * n) / v : 0);
  }
  return { s, st, v };
}

/**
 * Sobol indices from model outputs on a Saltelli design.
 *
 * @param yA f on the rows of A; @param yB f on B; @param yAB f on each A_B^(i)
 * @param factors names of the k factors
 */
export function sobolIndices(
  yA: ArrayLike<number>,
  yB: ArrayLike<number>,
  yAB: ReadonlyArray<ArrayLike<number>>,
  factors: readonly string[],
  options: { bootstrap?: number; seed?: string | number; level?: number } = {},
): SobolResult {
  const n = yA.length;
  const all = Array.from({ length: n }, (_, i) => i);
  const point = estimate(yA, yB, yAB, all);
  const reps = options.bootstrap ?? 500;
  const level = options.level ?? 0.9;
  const rng = stream(options.seed ?? "sobol", "bootstrap");
  const bs: number[][] = factors.map(() => []);
  const bt: number[][] = factors.map(() => []);
  const rows = new Int32Array(n);
  for (let b = 0; b < reps; b++) {
    for (let t = 0; t < n; t++) rows[t] = Math.floor(rng() * n);
    const e = estimate(yA, yB, yAB, rows);
    e.s.forEach((x, i) => bs[i]?.push(x));
    e.st.forEach((x, i) => bt[i]?.push(x));
  }
  const lo = (1 - level) / 2;
  const hi = 1 - lo;
  const indices = factors.map((factor, i) => ({
    factor,
    first: point.s[i] as number,
    firstLow: quantile(bs[i] as number[], lo),
    firstHigh: quantile(bs[i] as number[], hi),
    total: point.st[i] as number,
    totalLow: quantile(bt[i] as number[], lo),
    totalHigh: quantile(bt[i] as number[], hi),
  }));
  const warnings: string[] = [];
  if (!(point.v > 0)) warnings.push("The output does not vary over the samples, so no factor can be said to matter.");
  for (const x of indices) {
    // No test of totalLow < -0.05: total-order estimates are never negative (a mean of squares over a positive
    // variance, or 0), so neither is any quantile of them.
    if (x.firstLow < -0.05 || x.firstHigh > 1.05 || x.totalHigh > 1.05) {
      warnings.push(`The interval for "${x.factor}" reaches outside [0, 1], which indices cannot take: use more samples (now N = ${n}).`);
    }
  }
  if (n < 500) warnings.push(`N = ${n} is small; first-order indices typically need N ≥ 1,000 to be stable within ± 0.05.`);
  return { indices, variance: point.v, n, warnings };
}

/**
 * The whole procedure for a scalar function of k uniforms on [0, 1):
 * draws the design, evaluates f (N·(k + 2) times) and estimates the indices.
 */
export function sobol(f: (u: Float64Array) => number, factors: readonly string[], n: number, seed: string | number, bootstrap = 500): SobolResult {
  const d = saltelliDesign(n, factors.length, stream(seed, "saltelli"));
  const yA = d.A.map(f);
  const yB = d.B.map(f);
  const yAB = d.AB.map((m) => m.map(f));
  return sobolIndices(yA, yB, yAB, factors, { bootstrap, seed });
}
