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
  // Stryker disable next-line EqualityOperator: at u = 0.5 both branches give zero (log 1), only its sign differs
  return u < 0.5 ? Math.log(2 * u) * Math.SQRT1_2 : -Math.log(2 * (1 - u)) * Math.SQRT1_2;
}

// Exact screening of Bernoulli decisions and zero counts. A decision u < p(x) whose p needs exp is first taken on a
// cheap value of exp with a proven error bound; only when u falls within the bound's band of p (a few in 10^5 draws)
// is p computed with Math.exp as before. Every decision is therefore the one the exact comparison makes: the
// screened and the plain forms return the same value for every u and x (tests/random-screen.test.ts).

/** The cheap exponential's table: exp at steps of 1/8 over [EXP_LO, EXP_HI]. */
const EXP_LO = -64;
const EXP_HI = 64;
const EXP_TABLE = Float64Array.from({ length: (EXP_HI - EXP_LO) * 8 + 1 }, (_, k) => Math.exp(EXP_LO + k / 8));
/**
 * Relative error allowed for the screening values. The cheap exponential errs by at most (1/16)^4 / 24 × e^(1/16)
 * ≈ 6.8e-7 relative (the cubic's Taylor remainder on |r| ≤ 1/16) plus rounding: SCREEN is fifteen times that.
 */
export const SCREEN = 1e-5;

/** exp(x) within a relative 7e-7 for EXP_LO < x < EXP_HI (callers check the range): a table at steps of 1/8 times a cubic. For screening only. */
export function expScreen(x: number): number {
  const k = Math.floor((x - EXP_LO) * 8 + 0.5);
  const r = x - (EXP_LO + k / 8); // |r| ≤ 1/16, exact (EXP_LO + k/8 is a double and close to x)
  return (EXP_TABLE[k] as number) * (1 + r * (1 + r * (0.5 + r * (1 / 6))));
}

/** u < logistic(x) = 1 / (1 + e^−x), decided exactly as `u < logistic(x)` with Math.exp is, mostly without calling it. */
export function belowLogistic(u: number, x: number): boolean {
  if (x > EXP_LO && x < EXP_HI) {
    const k = Math.floor((EXP_HI - x) * 8 + 0.5); // expScreen(−x), written out (see negBinomialFromEta)
    const r = -x - (EXP_LO + k / 8);
    const p = 1 / (1 + (EXP_TABLE[k] as number) * (1 + r * (1 + r * (0.5 + r * (1 / 6)))));
    if (u < p * (1 - SCREEN)) return true;
    if (u > p * (1 + SCREEN)) return false;
  }
  // The fallback is `logistic` (random/index.ts) written out: the same operations, so the same value.
  // Stryker disable next-line EqualityOperator: at x = 0 both forms give u < 0.5
  if (x >= 0) return u < 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return u < e / (1 + e);
}

/** u < 1 − e^−h (h ≥ 0, a hazard), decided exactly as `u < -Math.expm1(-h)` is, mostly without calling it. */
export function belowHazard(u: number, h: number): boolean {
  if (h >= 0 && h < EXP_HI) {
    const k = Math.floor((EXP_HI - h) * 8 + 0.5); // expScreen(−h), written out (see negBinomialFromEta)
    const r = -h - (EXP_LO + k / 8);
    const p = 1 - (EXP_TABLE[k] as number) * (1 + r * (1 + r * (0.5 + r * (1 / 6)))); // within SCREEN / 10 of 1 − e^−h (absolute: e^−h ≤ 1)
    if (u < p - SCREEN) return true;
    if (u > p + SCREEN) return false;
  }
  return u < -Math.expm1(-h);
}

/**
 * NB2 (or Poisson, alpha = 0) count of mean e^eta by inversion of u: exactly `negBinomialFromU(u, Math.exp(eta),
 * alpha)`, but 0 without any exp or log when u is below a lower bound of P(0) = (1 + alpha·mu)^(−1/alpha):
 * its Taylor polynomial of degree 3 in mu, 1 − mu + (1 + alpha)mu²/2 − (1 + alpha)(1 + 2 alpha)mu³/6, is below
 * P(0) for every mu ≥ 0 (the fourth derivative in mu is positive), and evaluated at an upper bound of mu it is
 * below P(0) of the true mu (P(0) falls in mu). Most firms have a small mean, so most draws stop here.
 */
export function negBinomialFromEta(u: number, eta: number, alpha: number): number {
  if (eta > EXP_LO && eta < 0) {
    // expScreen(eta), written out: a double returned from a call V8 does not inline is boxed (an allocation per firm).
    const k = Math.floor((eta - EXP_LO) * 8 + 0.5);
    const r = eta - (EXP_LO + k / 8);
    const m = (EXP_TABLE[k] as number) * (1 + r * (1 + r * (0.5 + r * (1 / 6)))) * (1 + SCREEN); // ≥ e^eta
    const a1 = 1 + alpha;
    const lower = 1 - m + a1 * m * m * 0.5 - (a1 * (1 + 2 * alpha) * m * m * m) / 6;
    // The margin covers the rounding of P(0) as negBinomialFromU computes it: exp(r·log(1 − q)) with r = 1/alpha carries
    // 1 − q's rounding (≤ 1.1e-16) times r into the exponent, so its error grows with 1/alpha.
    // Stryker disable next-line EqualityOperator: at u exactly on the bound (below P(0) by the margin) the count is 0 either way: the count screen or the exact inversion returns it
    if (u < lower - (1e-12 + (alpha > 0 ? 1e-15 / alpha : 0))) return 0;
  }
  if (alpha >= NB_ALPHA_MIN && eta < NB_ETA_HI) {
    const k = negBinomialScreen(u, eta, alpha);
    if (k >= 0) return k;
  }
  return negBinomialFromU(u, Math.exp(eta), alpha);
}

// The NB2 count beyond zero, screened the same way. negBinomialFromU returns the first k with u ≤ cdf(k), where
// cdf(k) = P(0) + … + P(k), P(0) = exp(−r·log(1 + αμ)) (r = 1/α) and P(k) = P(k − 1)·(k − 1 + r)/k·q, q = αμ/(1 + αμ).
// negBinomialScreen computes every term without exp or log — μ from the exponential's table, log(1 + αμ) =
// softplus(η + log α) from a table of softplus and its derivatives at steps of 1/8 with a cubic, P(0) from the
// exponential's table — and decides k when u is outside a relative band Δ(k) of each cdf(k) it passes. The band
// covers both errors: the screen's (the exponential's 7e-7 relative, twice for q; softplus's Taylor remainder
// (1/16)^4/24 × max|softplus⁽⁴⁾| ≤ 1.6e-7 absolute, times r ≤ 5 in P(0)'s exponent, then the exponential's 7e-7;
// each further term adds q's error: about 2e-6 + 1.5e-6·k in all) and negBinomialFromU's own rounding (1 − q's
// rounding times r in P(0)'s exponent, below 1e-13 for μ < e^4 and r ≤ 5; a few units in the last place per term).
// Δ(k) = 1e-5·(1 + k) is five times their sum. Outside the screen's range (α < 0.2, log μ ≥ 4, more than 24 terms)
// or within a band, the exact function decides.

/** Smallest α (largest r = 1/α) the count screen takes: r multiplies softplus's error in P(0)'s exponent. */
const NB_ALPHA_MIN = 0.2;
/** Largest log mean the count screen takes: 1 − q's rounding grows with the mean (see above). */
const NB_ETA_HI = 4;
/** Terms the count screen sums before handing over to the exact function. */
const NB_TERMS = 24;
/** Softplus's table: softplus(x) and its first three derivatives at x = SP_LO + j/8, j = 0 … (SP_HI − SP_LO)·8. */
const SP_LO = -48;
const SP_HI = 12;
const SP0 = new Float64Array((SP_HI - SP_LO) * 8 + 1);
const SP1 = new Float64Array(SP0.length);
const SP2 = new Float64Array(SP0.length);
const SP3 = new Float64Array(SP0.length);
for (let j = 0; j < SP0.length; j++) {
  const x = SP_LO + j / 8;
  const sg = 1 / (1 + Math.exp(-x));
  SP0[j] = x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
  SP1[j] = sg;
  SP2[j] = sg * (1 - sg);
  SP3[j] = sg * (1 - sg) * (1 - 2 * sg);
}
/** α of the last call and its logarithm (α is fixed for a replicate: one log per replicate, not per draw). */
let nbAlpha = NaN;
let nbLogAlpha = 0;

/**
 * The NB2 count of mean e^eta for u (alpha ≥ NB_ALPHA_MIN, EXP_LO < eta < NB_ETA_HI), decided without exp or log
 * when u is clearly between two terms of the cumulative distribution: exactly negBinomialFromU's count, or −1
 * (undecided: the caller asks the exact function).
 */
export function negBinomialScreen(u: number, eta: number, alpha: number): number {
  if (alpha !== nbAlpha) {
    nbAlpha = alpha;
    nbLogAlpha = Math.log(alpha);
  }
  const x = eta + nbLogAlpha; // log(αμ)
  // Stryker disable next-line ConditionalExpression,LogicalOperator,EqualityOperator: equivalent: an argument outside a table (x here, η below EXP_LO) indexes past its end, reads undefined, and the NaN that follows fails every comparison in the loop below, which then returns −1 as this line does
  if (!(x > SP_LO && x < SP_HI && eta > EXP_LO)) return -1;
  const j = Math.floor((x - SP_LO) * 8 + 0.5);
  const h = x - (SP_LO + j / 8); // |h| ≤ 1/16
  const sp = (SP0[j] as number) + h * ((SP1[j] as number) + h * ((SP2[j] as number) * 0.5 + h * ((SP3[j] as number) * (1 / 6))));
  const r = 1 / alpha;
  const e = -r * sp; // log P(0)
  // Stryker disable next-line ConditionalExpression,EqualityOperator,UnaryOperator: equivalent: below EXP_LO the table index is negative, and the NaN that follows makes the loop return −1 as this line does (never reached from negBinomialFromEta: r ≤ 5 and softplus < 12 keep e above −60)
  if (!(e > EXP_LO)) return -1;
  const ke = Math.floor((e - EXP_LO) * 8 + 0.5);
  const he = e - (EXP_LO + ke / 8);
  let p = (EXP_TABLE[ke] as number) * (1 + he * (1 + he * (0.5 + he * (1 / 6))));
  const km = Math.floor((eta - EXP_LO) * 8 + 0.5);
  const hm = eta - (EXP_LO + km / 8);
  const am = alpha * (EXP_TABLE[km] as number) * (1 + hm * (1 + hm * (0.5 + hm * (1 / 6)))); // αμ
  const q = am / (1 + am);
  let cdf = p;
  // Stryker disable next-line EqualityOperator: equivalent: a 25th term is within the same error bound (its band, 2.5e-4, is far wider than the 4e-5 the derivation allows), so it decides exactly too
  for (let k = 0; k < NB_TERMS; k++) {
    const band = 1e-5 * (1 + k) * cdf;
    // Stryker disable next-line EqualityOperator: equivalent: u exactly on the band's edge is still outside the error bound, decided the same either way
    if (u < cdf - band) return k;
    // Stryker disable next-line EqualityOperator: equivalent: u exactly on the band's edge is still outside the error bound, decided the same either way
    if (!(u > cdf + band)) return -1;
    p *= ((k + r) / (k + 1)) * q;
    cdf += p;
  }
  return -1;
}
