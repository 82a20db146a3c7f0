/**
 * Derivative-free optimisation for the calibration: a Latin hypercube design
 * (the global stage) and Nelder–Mead (the local stage).
 *
 * No npm package fits: the Nelder–Mead implementations on the registry are
 * unmaintained single-author packages (e.g. `fmin`, last released in 2016),
 * so this is a small implementation that follows SciPy's
 * `scipy.optimize.minimize(method="Nelder-Mead")` step for step (Gao & Han's
 * standard coefficients ρ = 1, χ = 2, ψ = ½, σ = ½; Nelder & Mead 1965;
 * Lagarias et al. 1998), so its iterates can be checked against SciPy's
 * (tests/calibration-optim.test.ts does, on Rosenbrock's function). Points of
 * the simplex that can be evaluated together (the initial simplex, a shrink)
 * are passed as one batch, so the caller can spread them over threads.
 */
import { latinHypercube } from "../sensitivity/lhs";

/** The Latin hypercube lives in src/sensitivity (the sweep's `lhs` design uses it too, from a lower layer). */
export { latinHypercube };

export interface NelderMeadOptions {
  /** Stop when every vertex is within xatol of the best in every coordinate … */
  xatol?: number;
  /** … and every value within fatol of the best (SciPy's defaults: 1e-4 both). */
  fatol?: number;
  /** Most function evaluations (default 200 × dimension, as SciPy). */
  maxfev?: number;
  /** Most iterations (default 200 × dimension). */
  maxiter?: number;
  /**
   * Initial simplex steps, one per coordinate; default SciPy's (5 % of a non-zero
   * coordinate, 0.00025 for a zero one).
   */
  steps?: ArrayLike<number>;
}

export interface NelderMeadResult {
  x: Float64Array;
  f: number;
  nfev: number;
  nit: number;
  /** True when the tolerances were met (false: stopped at maxfev or maxiter). */
  converged: boolean;
}

/** Evaluates a batch of points; resolves to their values in order. */
export type BatchObjective = (xs: Float64Array[]) => Promise<number[]>;

/** Nelder–Mead minimisation from x0 (SciPy's algorithm without bounds or adaptive coefficients). */
export async function nelderMead(f: BatchObjective, x0: ArrayLike<number>, o: NelderMeadOptions = {}): Promise<NelderMeadResult> {
  const N = x0.length;
  const rho = 1, chi = 2, psi = 0.5, sigma = 0.5;
  // Stryker disable next-line ArithmeticOperator: equivalent: rho is 1, so psi * rho equals psi / rho
  const psiRho = psi * rho;
  const xatol = o.xatol ?? 1e-4;
  const fatol = o.fatol ?? 1e-4;
  const maxfev = o.maxfev ?? 200 * N;
  const maxiter = o.maxiter ?? 200 * N;
  let nfev = 0;
  const evalBatch = async (xs: Float64Array[]) => {
    nfev += xs.length;
    const v = await f(xs);
    if (v.length !== xs.length) throw new Error("The objective returned the wrong number of values.");
    return v;
  };
  let sim: Float64Array[] = [Float64Array.from(x0)];
  for (let k = 0; k < N; k++) {
    const y = Float64Array.from(x0);
    if (o.steps) y[k] = (y[k] as number) + (o.steps[k] as number);
    else y[k] = y[k] !== 0 ? 1.05 * (y[k] as number) : 0.00025;
    sim.push(y);
  }
  let fsim = await evalBatch(sim);
  const sort = () => {
    // Array sort is stable (ES2019), so tied vertices keep their order, as in NumPy's argsort on arrays this small.
    const ind = fsim.map((_, i) => i).sort((a, b) => (fsim[a] as number) - (fsim[b] as number));
    sim = ind.map((i) => sim[i] as Float64Array);
    fsim = ind.map((i) => fsim[i] as number);
  };
  sort();
  const comb = (a: number, u: Float64Array, b: number, v: Float64Array) => Float64Array.from(u, (ui, i) => a * ui + b * (v[i] as number));
  let nit = 1;
  let converged = false;
  while (nfev < maxfev && nit < maxiter) {
    let xdev = 0;
    let fdev = 0;
    for (let j = 1; j <= N; j++) {
      for (let i = 0; i < N; i++) xdev = Math.max(xdev, Math.abs(((sim[j] as Float64Array)[i] as number) - ((sim[0] as Float64Array)[i] as number)));
      fdev = Math.max(fdev, Math.abs((fsim[0] as number) - (fsim[j] as number)));
    }
    if (xdev <= xatol && fdev <= fatol) {
      converged = true;
      break;
    }
    const xbar = new Float64Array(N);
    for (let j = 0; j < N; j++) {
      // Stryker disable next-line EqualityOperator: equivalent: with i <= N the extra write goes to xbar[N], past the end of a typed array (ignored)
      for (let i = 0; i < N; i++) xbar[i] = (xbar[i] as number) + ((sim[j] as Float64Array)[i] as number);
    }
    // Stryker disable next-line EqualityOperator: equivalent: as above, a write past the end of the typed array is ignored
    for (let i = 0; i < N; i++) xbar[i] = (xbar[i] as number) / N;
    const worst = sim[N] as Float64Array;
    const xr = comb(1 + rho, xbar, -rho, worst);
    const [fxr] = (await evalBatch([xr])) as [number];
    let shrink = false;
    if (fxr < (fsim[0] as number)) {
      const xe = comb(1 + rho * chi, xbar, -rho * chi, worst);
      const [fxe] = (await evalBatch([xe])) as [number];
      if (fxe < fxr) [sim[N], fsim[N]] = [xe, fxe];
      else [sim[N], fsim[N]] = [xr, fxr];
    } else if (fxr < (fsim[N - 1] as number)) {
      [sim[N], fsim[N]] = [xr, fxr];
    } else if (fxr < (fsim[N] as number)) {
      const xc = comb(1 + psiRho, xbar, -psiRho, worst);
      const [fxc] = (await evalBatch([xc])) as [number];
      if (fxc <= fxr) [sim[N], fsim[N]] = [xc, fxc];
      else shrink = true;
    } else {
      const xcc = comb(1 - psi, xbar, psi, worst);
      const [fxcc] = (await evalBatch([xcc])) as [number];
      if (fxcc < (fsim[N] as number)) [sim[N], fsim[N]] = [xcc, fxcc];
      else shrink = true;
    }
    if (shrink) {
      const best = sim[0] as Float64Array;
      const moved = sim.slice(1).map((s) => comb(1 - sigma, best, sigma, s));
      const fm = await evalBatch(moved);
      moved.forEach((m, j) => {
        sim[j + 1] = m;
        fsim[j + 1] = fm[j] as number;
      });
    }
    nit++;
    sort();
  }
  return { x: sim[0] as Float64Array, f: fsim[0] as number, nfev, nit, converged };
}
