/**
 * The behavioural equations' coefficients of one replicate as dense lookup
 * tables for the yearly step (the estimates, or a draw from N(β̂, V̂)).
 */
import { SECTORS } from "../data/constants";
import { NF, P_ALPHA, P_FEATURE, P_INTERCEPT, P_SECTOR, type Equation } from "./features";

/** Coefficients of one replicate, as lookup tables for the hot loop (features dense, so the loop multiplies locals). */
export interface Coefs {
  intercept: Float64Array; // [innovation, patents, growth]
  /** NF features × 3 equations: feat[e * NF + f]. */
  feat: Float64Array;
  /** 7 sectors × 3 equations: sector[e * 7 + s]. */
  sector: Float64Array;
  /** Active feature indices per equation (nonzero coefficients), and their counts. */
  active: Int32Array;
  nActive: Int32Array;
  alpha: number;
  sigma: number;
}

/** Coefficient tables from a parameter vector per equation (the estimates, or a draw). */
export function makeCoefs(eqs: readonly Equation[], thetas: readonly Float64Array[]): Coefs {
  const c: Coefs = {
    intercept: new Float64Array(3),
    feat: new Float64Array(3 * NF),
    sector: new Float64Array(3 * SECTORS.length),
    active: new Int32Array(3 * NF),
    nActive: new Int32Array(3),
    alpha: 0,
    sigma: 0,
  };
  eqs.forEach((eq, e) => {
    const th = thetas[e] as Float64Array;
    for (let i = 0; i < eq.names.length; i++) {
      const v = th[i] as number;
      const k = eq.kind[i];
      if (k === P_INTERCEPT) c.intercept[e] = v;
      else if (k === P_FEATURE) c.feat[e * NF + (eq.target[i] as number)] = v;
      else if (k === P_SECTOR) c.sector[e * SECTORS.length + (eq.target[i] as number)] = v;
      else if (k === P_ALPHA) c.alpha = Math.max(1e-6, v);
    }
    let n = 0;
    for (let f = 0; f < NF; f++) if (c.feat[e * NF + f] !== 0) c.active[e * NF + n++] = f;
    c.nActive[e] = n;
    if (eq.model === "ols") c.sigma = eq.sigma;
    if (eq.model === "poisson" && e === 1) c.alpha = 0;
  });
  return c;
}
