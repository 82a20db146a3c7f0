/**
 * The few matrix operations the estimators need, on row-major Float64Arrays
 * (n × k), with ml-matrix for decompositions.
 */
import { CholeskyDecomposition, Matrix, QrDecomposition, inverse } from "ml-matrix";

/** X'WX for row-major X (n × k) and weights w (all ones when omitted). */
export function crossprod(X: Float64Array, n: number, k: number, w?: ArrayLike<number>): Matrix {
  const m = new Float64Array(k * k);
  for (let i = 0; i < n; i++) {
    const wi = w ? (w[i] as number) : 1;
    // Stryker disable next-line ConditionalExpression: skipping a zero weight only saves work; the matrices passed in are finite (the design refuses other values), so adding 0 · x changes no sum
    if (wi === 0) continue;
    const o = i * k;
    // Stryker disable next-line EqualityOperator: equivalent: with a = k the inner loop (b from k while b < k) never runs
    for (let a = 0; a < k; a++) {
      const xa = (X[o + a] as number) * wi;
      // Stryker disable next-line ConditionalExpression: as above, a zero term only saves work
      if (xa === 0) continue;
      // Stryker disable next-line EqualityOperator: equivalent: b = k writes m[(a + 1)·k], below the diagonal, which is never read (or past the end, which a typed array ignores)
      for (let b = a; b < k; b++) m[a * k + b] = (m[a * k + b] as number) + xa * (X[o + b] as number);
    }
  }
  const M = new Matrix(k, k);
  for (let a = 0; a < k; a++)
    for (let b = a; b < k; b++) {
      M.set(a, b, m[a * k + b] as number);
      M.set(b, a, m[a * k + b] as number);
    }
  return M;
}

/** X'v. */
export function crossvec(X: Float64Array, n: number, k: number, v: ArrayLike<number>): Float64Array {
  const out = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    const vi = v[i] as number;
    const o = i * k;
    // Stryker disable next-line EqualityOperator: equivalent: out[k] is past the end of a typed array, so the write is ignored
    for (let a = 0; a < k; a++) out[a] = (out[a] as number) + (X[o + a] as number) * vi;
  }
  return out;
}

/** Xβ. */
export function linearPredictor(X: Float64Array, n: number, k: number, beta: ArrayLike<number>): Float64Array {
  const eta = new Float64Array(n);
  // Stryker disable next-line EqualityOperator: equivalent: eta[n] is past the end of a typed array, so the write is ignored
  for (let i = 0; i < n; i++) {
    let s = 0;
    const o = i * k;
    for (let a = 0; a < k; a++) s += (X[o + a] as number) * (beta[a] as number);
    eta[i] = s;
  }
  return eta;
}

export function toMatrix(X: Float64Array, n: number, k: number): Matrix {
  const M = new Matrix(n, k);
  // Stryker disable next-line EqualityOperator: equivalent: ml-matrix stores rows as typed arrays, so M.set(i, k, …) is ignored (the mark also covers the row bound's i ≤ n, which would throw)
  for (let i = 0; i < n; i++) for (let a = 0; a < k; a++) M.set(i, a, X[i * k + a] as number);
  return M;
}

/** Inverse of a symmetric positive-definite matrix via Cholesky; null if it is not positive definite. */
export function spdInverse(A: Matrix): Matrix | null {
  const c = new CholeskyDecomposition(A);
  if (!c.isPositiveDefinite()) return null;
  return c.solve(Matrix.eye(A.rows));
}

/** Solves A x = b for symmetric positive-definite A; null if A is not positive definite. */
export function spdSolve(A: Matrix, b: ArrayLike<number>): Float64Array | null {
  const c = new CholeskyDecomposition(A);
  if (!c.isPositiveDefinite()) return null;
  return Float64Array.from(c.solve(Matrix.columnVector(Array.from(b))).getColumn(0));
}

export { Matrix, QrDecomposition, inverse };

/** A · B · A for symmetric A, B (the sandwich), made exactly symmetric. */
export function sandwich(bread: Matrix, meat: Matrix): Matrix {
  return symmetrise(bread.mmul(meat).mmul(bread));
}

/** (A + Aᵀ) / 2: removes rounding asymmetry. */
export function symmetrise(A: Matrix): Matrix {
  return A.add(A.transpose()).div(2);
}

/**
 * Σ_g s_g s_g' where s_g sums the rows of the score matrix S (n × p, row-major)
 * within group g; with `groups` null each row is its own group.
 */
export function scoreOuter(S: Float64Array, n: number, p: number, groups: Int32Array | null, groupCount: number): Matrix {
  let sums: Float64Array;
  let m: number;
  if (groups) {
    m = groupCount;
    sums = new Float64Array(m * p);
    // Stryker disable next-line EqualityOperator: equivalent: row n has no group (undefined index), so its sums go to no element of the typed array
    for (let i = 0; i < n; i++) {
      const g = groups[i] as number;
      // Stryker disable next-line ArithmeticOperator: equivalent: summing −S gives −s_g, and the outer products s_g s_gᵀ are the same
      for (let a = 0; a < p; a++) sums[g * p + a] = (sums[g * p + a] as number) + (S[i * p + a] as number);
    }
  } else {
    m = n;
    sums = S;
  }
  return crossprod(sums, m, p);
}
