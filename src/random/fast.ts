/**
 * The simulator's samplers, driven by given uniforms or 32-bit words (the
 * keyed draws of `keyed.ts` supply them): count distributions by inversion of
 * one uniform, and the ziggurat tables of the standard normal. Plain,
 * monomorphic and allocation-free, so V8 inlines them in the yearly loop.
 */

/**
 * Negative binomial (NB2: mean mu, variance mu + alpha·mu²) by inversion of the uniform u:
 * P(0) = (r/(r+mu))^r, P(k+1) = P(k)·(k+r)/(k+1)·mu/(r+mu), r = 1/alpha. alpha = 0 is Poisson(mu).
 * Exact in distribution up to the double-precision sum of the probabilities; counts stop at 100,000.
 */
export function negBinomialFromU(u: number, mu: number, alpha: number): number {
  // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent: without the guard a mean ≤ 0 or NaN still gives 0 (P(0) is then ≥ 1 or NaN, so the search never starts)
  if (!(mu > 0)) return 0;
  let p: number;
  let ratio: number;
  let r = 0;
  if (alpha > 0) {
    r = 1 / alpha;
    const q = mu / (r + mu);
    p = Math.exp(r * Math.log(1 - q));
    ratio = q;
  } else {
    p = Math.exp(-mu);
    ratio = mu;
  }
  if (p === 0) return Math.round(mu); // far in the tail of precision: return the mean
  let k = 0;
  let cdf = p;
  while (u > cdf && k < 100000) {
    p *= alpha > 0 ? ((k + r) / (k + 1)) * ratio : ratio / (k + 1);
    k += 1;
    cdf += p;
    // Stryker disable next-line EqualityOperator: equivalent: < vs <= and > vs >= differ only when p is exactly 1e-300 or k exactly mu, where either choice ends in the far tail
    if (p < 1e-300 && k > mu) break;
  }
  return k;
}

/** Poisson(lambda) by inversion of the uniform u (lambda up to a few hundred; used for entry counts). */
export function poissonFromU(u: number, lambda: number): number {
  return negBinomialFromU(u, lambda, 0);
}

// Ziggurat tables for the standard normal (Marsaglia & Tsang 2000, "The ziggurat method for generating random
// variables", 128 layers), built once at load; a draw needs one 32-bit word and a multiply ~98.8 % of the time.
const ZN = 128;
/** Start of the tail (the rightmost layer's edge). */
export const ZR = 3.442619855899;
const ZV = 9.91256303526217e-3;
export const KN = new Int32Array(ZN);
export const WN = new Float64Array(ZN);
export const FN = new Float64Array(ZN);
{
  const m1 = 2147483648.0;
  let dn = ZR;
  let tn = dn;
  const q = ZV / Math.exp(-0.5 * dn * dn);
  KN[0] = Math.floor((dn / q) * m1);
  KN[1] = 0;
  WN[0] = q / m1;
  WN[ZN - 1] = dn / m1;
  FN[0] = 1.0;
  FN[ZN - 1] = Math.exp(-0.5 * dn * dn);
  for (let i = ZN - 2; i >= 1; i--) {
    dn = Math.sqrt(-2 * Math.log(ZV / dn + Math.exp(-0.5 * dn * dn)));
    KN[i + 1] = Math.floor((dn / tn) * m1);
    tn = dn;
    FN[i] = Math.exp(-0.5 * dn * dn);
    WN[i] = dn / m1;
  }
}

/**
 * Standard Laplace (mean 0, variance 1: scale 1/√2) by inversion of the uniform u in (0, 1): the fat-tailed
 * growth shock Bottazzi et al. (2001) report for the drug industry. Excess kurtosis 3; P(|x| > k) = exp(−k√2).
 */
export function laplaceFromU(u: number): number {
  return u < 0.5 ? Math.log(2 * u) * Math.SQRT1_2 : -Math.log(2 * (1 - u)) * Math.SQRT1_2;
}
