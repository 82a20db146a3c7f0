/**
 * Fast random streams for the simulator's hot loop.
 *
 * A stream is a `Uint32Array(4)` holding the state of xoshiro128** (Blackman
 * & Vigna 2018), a small, fast generator with period 2^128 − 1 that passes
 * BigCrush; its functions are plain, monomorphic and allocation-free, so V8
 * inlines them in the yearly loop. Each stream's state is seeded from a seed
 * *string* through seedrandom (Alea), so seeds stay derivable, printable and
 * stable: `fastStream(deriveSeed(seed, "replicate", r, "innovation"))`.
 */
import seedrandom from "seedrandom";

export type FastStream = Uint32Array;

/** A stream seeded from a string through seedrandom. */
export function fastStream(seed: string): FastStream {
  const alea = seedrandom.alea(seed);
  const s = new Uint32Array(4);
  for (let i = 0; i < 4; i++) s[i] = alea.int32() >>> 0;
  if (((s[0] as number) | (s[1] as number) | (s[2] as number) | (s[3] as number)) === 0) s[0] = 1; // the all-zero state is forbidden
  return s;
}

/** Next 32-bit output of xoshiro128**. */
export function nextU32(s: FastStream): number {
  const s0 = s[0] as number;
  const s1 = s[1] as number;
  const s2 = s[2] as number;
  const s3 = s[3] as number;
  const m = Math.imul(s1, 5);
  const r = Math.imul((m << 7) | (m >>> 25), 9) >>> 0;
  const t = s1 << 9;
  const n2 = s2 ^ s0;
  const n3 = s3 ^ s1;
  s[1] = s1 ^ n2;
  s[0] = s0 ^ n3;
  s[2] = n2 ^ t;
  s[3] = (n3 << 11) | (n3 >>> 21);
  return r;
}

const INV32 = 1 / 4294967296;

/** Uniform on (0, 1): never exactly 0 or 1, so logarithms are safe. */
export function unif(s: FastStream): number {
  return (nextU32(s) + 0.5) * INV32;
}

/**
 * Standard normal by the polar method (one value per call; two uniforms and a
 * log and square root on average 1.27 times).
 */
export function stdNormal(s: FastStream): number {
  let u: number, v: number, q: number;
  do {
    u = 2 * unif(s) - 1;
    v = 2 * unif(s) - 1;
    q = u * u + v * v;
  } while (q >= 1);
  return u * Math.sqrt((-2 * Math.log(q)) / q);
}

/**
 * Negative binomial (NB2: mean mu, variance mu + alpha·mu²) by inversion with
 * one uniform: P(0) = (r/(r+mu))^r, P(k+1) = P(k)·(k+r)/(k+1)·mu/(r+mu),
 * r = 1/alpha. alpha = 0 is Poisson(mu). Counts are capped at 100,000.
 */
export function negBinomialInv(s: FastStream, mu: number, alpha: number): number {
  const u = unif(s);
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
    if (p < 1e-300 && k > mu) break;
  }
  return k;
}

/** Poisson(lambda) by inversion (lambda up to a few hundred; used for entry counts). */
export function poissonInv(s: FastStream, lambda: number): number {
  return negBinomialInv(s, lambda, 0);
}

// Ziggurat tables for the standard normal (Marsaglia & Tsang 2000, 128 layers),
// built once at load; a draw needs one 32-bit output and a multiply ~98 % of the time.
const ZN = 128;
const ZR = 3.442619855899;
const ZV = 9.91256303526217e-3;
const KN = new Int32Array(ZN);
const WN = new Float64Array(ZN);
const FN = new Float64Array(ZN);
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

/** Standard normal by the ziggurat method (one value per call). */
export function zigNormal(s: FastStream): number {
  for (;;) {
    const hz = nextU32(s) | 0;
    const iz = hz & 127;
    if (Math.abs(hz) < (KN[iz] as number)) return hz * (WN[iz] as number);
    // Slow path.
    const x = hz * (WN[iz] as number);
    if (iz === 0) {
      let xx: number, y: number;
      do {
        xx = -Math.log(unif(s)) / ZR;
        y = -Math.log(unif(s));
      } while (y + y < xx * xx);
      return hz > 0 ? ZR + xx : -ZR - xx;
    }
    if ((FN[iz] as number) + unif(s) * ((FN[iz - 1] as number) - (FN[iz] as number)) < Math.exp(-0.5 * x * x)) return x;
  }
}
