/**
 * Average marginal effects (AME) with delta-method standard errors, as
 * statsmodels' `get_margeff(at="overall", method="dydx")`: the sample mean of
 * ∂E[y|x]/∂x_j, every regressor treated as continuous.
 *
 * - logit: AME_j = mean(p(1 − p)) β_j
 * - Poisson, NB2: AME_j = mean(μ) β_j
 * - OLS: AME_j = β_j
 *
 * The Jacobian of the AMEs with respect to all parameters is analytic; the
 * variance is J V Jᵀ.
 */
import { UserError } from "../errors";
import { logistic } from "../random";
import { linearPredictor } from "./linalg";
import { designOf, reference, type RegressionResult } from "./result";
import { sum } from "../stats";

export interface MarginalEffect {
  name: string;
  effect: number;
  se: number;
  z: number;
  p: number;
  low: number;
  high: number;
}

export function averageMarginalEffects(r: RegressionResult, level = 0.95): MarginalEffect[] {
  const d = designOf(r);
  if (!d) throw new UserError("Marginal effects need the data the model was fitted on; refit it with estimate() in this session.");
  const k = d.k;
  const P = r.params.length;
  // Stryker disable next-line MethodExpression: equivalent: NB2's α after the k coefficients is never read (linearPredictor and the loops stop at k)
  const beta = r.params.slice(0, k);
  const eta = linearPredictor(d.X, d.n, k, beta);
  // g_i = dμ/dη at each observation, and g'_i = d²μ/dη².
  const g = new Float64Array(d.n);
  const g2 = new Float64Array(d.n);
  // Stryker disable next-line EqualityOperator: equivalent: g[n] and g2[n] are past the end of typed arrays, so the writes are ignored
  for (let i = 0; i < d.n; i++) {
    if (r.model === "logit") {
      const p = logistic(eta[i] as number);
      g[i] = p * (1 - p);
      g2[i] = p * (1 - p) * (1 - 2 * p);
    } else if (r.model === "ols") {
      g[i] = 1;
      g2[i] = 0;
    } else {
      const mu = Math.exp(eta[i] as number);
      g[i] = mu;
      g2[i] = mu;
    }
  }
  const meanG = sum(g) / d.n;
  // mean(g' · x_k) for every column k.
  const mgx = new Float64Array(k);
  // Stryker disable next-line EqualityOperator: equivalent: mgx[k] is past the end of a typed array (c ≤ k), so the write is ignored (the mark also covers i ≤ n, which reads past X and gives NaN)
  for (let i = 0; i < d.n; i++) for (let c = 0; c < k; c++) mgx[c] = (mgx[c] as number) + (g2[i] as number) * (d.X[i * k + c] as number);
  // Stryker disable next-line EqualityOperator: equivalent: mgx[k] is past the end of a typed array, so the write is ignored
  for (let c = 0; c < k; c++) mgx[c] = (mgx[c] as number) / d.n;
  const ref = reference(false, Infinity);
  const crit = ref.crit(level);
  const out: MarginalEffect[] = [];
  for (let j = 0; j < k; j++) {
    const name = d.names[j] as string;
    if (name === "(Intercept)") continue;
    const bj = beta[j] as number;
    const J = new Float64Array(P);
    for (let c = 0; c < k; c++) J[c] = bj * (mgx[c] as number) + (c === j ? meanG : 0);
    let v = 0;
    for (let a = 0; a < P; a++) for (let b = 0; b < P; b++) v += (J[a] as number) * ((r.cov[a] as readonly number[])[b] as number) * (J[b] as number);
    const effect = meanG * bj;
    const se = Math.sqrt(v);
    const z = effect / se;
    out.push({ name, effect, se, z, p: ref.p(z), low: effect - crit * se, high: effect + crit * se });
  }
  return out;
}
