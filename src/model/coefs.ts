/**
 * The behavioural equations' coefficients of one replicate as dense lookup
 * tables for the yearly step (the estimates, or a draw from N(β̂, V̂)).
 */
import { SECTORS } from "../data/constants";
import { FEATURES, NF, NX, P_ALPHA, P_FEATURE, P_INTERACTION, P_INTERCEPT, P_SECTOR, X_ONE, type Equation } from "./features";

/** The support features' factor indices: each is 0 for a firm without awards this year. */
const SUPPORT_FACTORS: readonly number[] = [FEATURES.indexOf("support_rnd_grant"), FEATURES.indexOf("support_networking"), FEATURES.indexOf("support_commercialisation")];

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
  /**
   * Interaction terms of all three equations as a short dense list: term k multiplies factors interA[k] and
   * interB[k] of the firm's factor vector (`features.ts`: features, sector and size-class dummies, 1) by
   * interCoef[k]; equation e's terms are interStart[e] … interStart[e + 1] − 1.
   */
  interA: Int32Array;
  interB: Int32Array;
  interCoef: Float64Array;
  interStart: Int32Array;
  /**
   * 1 when every interaction term multiplies a support feature (an R&D grant, networking or commercialisation
   * support): then a firm without awards has all of them 0, every term is 0, and the hot loop skips them exactly.
   */
  interSupportOnly: number;
  /** Scratch factor vector of one firm (NX values, the last one the constant 1), filled by the hot loop. */
  xf: Float64Array;
  alpha: number;
  sigma: number;
}

/** Coefficient tables from a parameter vector per equation (the estimates, or a draw). */
export function makeCoefs(eqs: readonly Equation[], thetas: readonly Float64Array[]): Coefs {
  const nInter = eqs.reduce((a, eq) => a + eq.kind.filter((k) => k === P_INTERACTION).length, 0);
  const c = {} as Coefs; // named stores, not a literal (state.ts, initState)
  c.intercept = new Float64Array(3);
  c.feat = new Float64Array(3 * NF);
  c.sector = new Float64Array(3 * SECTORS.length);
  c.active = new Int32Array(3 * NF);
  c.nActive = new Int32Array(3);
  c.interA = new Int32Array(nInter);
  c.interB = new Int32Array(nInter);
  c.interCoef = new Float64Array(nInter);
  c.interStart = new Int32Array(4);
  c.interSupportOnly = 1;
  c.xf = new Float64Array(NX);
  c.alpha = 0;
  c.sigma = 0;
  c.xf[X_ONE] = 1;
  let m = 0;
  eqs.forEach((eq, e) => {
    const th = thetas[e] as Float64Array;
    c.interStart[e] = m;
    // Stryker disable next-line EqualityOperator: equivalent: at i = names.length the kind read past the end of its typed array is undefined, which matches no P_* branch (no write)
    for (let i = 0; i < eq.names.length; i++) {
      const v = th[i] as number;
      const k = eq.kind[i];
      if (k === P_INTERCEPT) c.intercept[e] = v;
      else if (k === P_FEATURE) c.feat[e * NF + (eq.target[i] as number)] = v;
      else if (k === P_SECTOR) c.sector[e * SECTORS.length + (eq.target[i] as number)] = v;
      else if (k === P_ALPHA) c.alpha = Math.max(1e-6, v);
      // (The mark sits after `else`: a comment before `else` belongs to the previous branch, and Stryker ignored it there.)
      else // Stryker disable next-line ConditionalExpression: equivalent: compileEquation emits only the five P_* kinds and the four before are handled above, so k is P_INTERACTION here
      if (k === P_INTERACTION) {
        const ab = eq.target[i] as number;
        c.interA[m] = Math.floor(ab / NX);
        c.interB[m] = ab % NX;
        c.interCoef[m] = v;
        if (!SUPPORT_FACTORS.includes(c.interA[m] as number) && !SUPPORT_FACTORS.includes(c.interB[m] as number)) c.interSupportOnly = 0;
        m++;
      }
    }
    let n = 0;
    for (let f = 0; f < NF; f++) if (c.feat[e * NF + f] !== 0) c.active[e * NF + n++] = f;
    c.nActive[e] = n;
    // Stryker disable next-line ConditionalExpression: equivalent (true): the equations come in a fixed order (innovation logit, patents count model, sales-growth OLS: buildSetup refuses any other model), so σ set from each in turn ends on the OLS one's
    if (eq.model === "ols") c.sigma = eq.sigma;
    // Stryker disable next-line ConditionalExpression: equivalent (e === 1 → true): only the patents equation (e = 1) can be Poisson (buildSetup requires a logit for innovation and OLS for sales growth)
    if (eq.model === "poisson" && e === 1) c.alpha = 0;
  });
  c.interStart[3] = m;
  return c;
}

/** Sum of equation e's interaction terms over a filled factor vector (no allocation). */
export function interactionSum(c: Coefs, e: number): number {
  const xf = c.xf;
  let s = 0;
  for (let k = c.interStart[e] as number, end = c.interStart[e + 1] as number; k < end; k++) {
    s += (c.interCoef[k] as number) * (xf[c.interA[k] as number] as number) * (xf[c.interB[k] as number] as number);
  }
  return s;
}
