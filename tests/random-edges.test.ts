/**
 * src/random at its boundaries, as documented: firm ids by their formula, and the samplers' argument checks.
 * (Exact sampler values against independent references are in random-reference.test.ts.)
 */
import { describe, expect, test } from "vitest";
import { bernoulli, categorical, gamma, logFactorial, logistic, negativeBinomial, normal, poisson, stream, type Rng } from "../src/random";
import { laplaceFromU, negBinomialFromU, poissonFromU, ZR } from "../src/random/fast";
import { block, entrantIdHigh, firmId, normalFromWord, PROCESS, replicateKey } from "../src/random/keyed";
import { setDrawTap, threefry, WORDS } from "../src/random/threefry";

describe("firm ids are the documented numbers", () => {
  test("a base-year firm's id is its row; an entrant's is high word × 2^21 + index, high word (location + 1) × 2^16 + year", () => {
    expect(firmId(0, 0)).toBe(0);
    expect(firmId(4321, 0)).toBe(4321);
    expect(entrantIdHigh(0, 1)).toBe(65536 + 1);
    expect(entrantIdHigh(19, 2030)).toBe(20 * 65536 + 2030);
    expect(firmId(7, entrantIdHigh(2, 3))).toBe((3 * 65536 + 3) * 2 ** 21 + 7);
  });
});

/** An Rng that returns the given uniforms in turn (then fails), counting what it gave. */
function fixed(...us: number[]) {
  let i = 0;
  const f = Object.assign(
    () => {
      if (i >= us.length) throw new Error("ran out of uniforms");
      return us[i++] as number;
    },
    { seed: "fixed" },
  );
  return { rng: f as Rng, used: () => i };
}

describe("samplers at the edges of their arguments", () => {
  test("an event of probability 0 never happens and one of probability 1 always does, even at u = 0; p outside [0, 1] acts clamped", () => {
    expect(bernoulli(fixed(0).rng, 0)).toBe(0);
    expect(bernoulli(fixed(0).rng, -0.5)).toBe(0);
    expect(bernoulli(fixed(0.999999).rng, 1)).toBe(1);
    expect(bernoulli(fixed(0.999999).rng, 1.5)).toBe(1);
  });
  test("the polar method rejects the pair (0, 0), where log(s)/s is undefined, and uses the next pair", () => {
    const f = fixed(0.5, 0.5, 0.75, 0.5);
    // u = 0.5, v = 0: s = 0.25, so the draw is 0.5 · √(−2 log 0.25 / 0.25).
    expect(normal(f.rng)).toBeCloseTo(0.5 * Math.sqrt((-2 * Math.log(0.25)) / 0.25), 14);
    expect(f.used()).toBe(4);
  });
  test("a Poisson or NB2 with mean 0 is 0 and takes no draw (the stream is not shifted)", () => {
    const f = fixed();
    expect(poisson(f.rng, 0)).toBe(0);
    expect(negativeBinomial(f.rng, 0, 0.5)).toBe(0);
    expect(f.used()).toBe(0);
  });
  test("NB2 with α = 0 is the Poisson draw on the same uniforms", () => {
    const us = [0.1, 0.95, 0.5, 0.33];
    for (const u of us) expect(negativeBinomial(fixed(u).rng, 3.2, 0)).toBe(poisson(fixed(u).rng, 3.2));
  });
  test("arguments outside the domain are refused with the value in the message", () => {
    expect(() => gamma(fixed().rng, 1, 0)).toThrow(/gamma: shape and scale must be > 0, got 1, 0/);
    expect(() => gamma(fixed().rng, Number.NaN)).toThrow(RangeError);
    expect(() => poisson(fixed().rng, Number.POSITIVE_INFINITY)).toThrow(/poisson: lambda must be a finite number ≥ 0, got Infinity/);
    expect(() => poisson(fixed().rng, Number.NaN)).toThrow(RangeError);
    expect(() => negativeBinomial(fixed().rng, 2, -0.5)).toThrow(/negativeBinomial: alpha must be ≥ 0, got -0.5/);
    expect(() => categorical(fixed(0.5).rng, [1, Number.NaN])).toThrow(/not all zero/);
  });
});

describe("boundaries the survivors of the first mutation run showed untested", () => {
  test("inversion stops at the smallest k with F(k) ≥ u: u exactly F(0) gives 0", () => {
    expect(poissonFromU(Math.exp(-2), 2)).toBe(0);
    expect(poisson(fixed(Math.exp(-2)).rng, 2)).toBe(0);
  });
  test("inversion counts stop at 100,000, as documented (NB2 with mean 2·10^5 and α = 10 at u = 0.99)", () => {
    expect(negBinomialFromU(0.99, 2e5, 10)).toBe(100000);
  });
  test("log k! for k = 10^9 comes from Stirling's series (SciPy: gammaln(1e9 + 1)), not from a table of 10^9 entries", () => {
    expect(Math.abs(logFactorial(1e9) / 19723265848.226982 - 1)).toBeLessThan(1e-14);
  });
  test("logistic on the negative side: the stable form, exact to rounding and positive down to e^-740", () => {
    expect(logistic(-2)).toBeCloseTo(1 / (1 + Math.exp(2)), 16);
    expect(logistic(-30)).toBeCloseTo(Math.exp(-30) / (1 + Math.exp(-30)), 25);
    expect(logistic(-740)).toBeGreaterThan(0); // 1 / (1 + e^740) would overflow to 0
  });
  test("a stream's seed is an enumerable property, so it prints with the stream", () => {
    expect(Object.keys(stream(1, "a"))).toEqual(["seed"]);
  });
  test("the draw tap sees every block with its counter, and can be removed", () => {
    const seen: number[][] = [];
    setDrawTap((c0, c1, c2, c3, words) => seen.push([c0, c1, c2, c3, words[0]!]));
    threefry(1, 2, 3, 4, 5, 6, 7, 8);
    const w0 = WORDS[0]!;
    setDrawTap(null);
    threefry(1, 2, 3, 4, 9, 9, 9, 9);
    expect(seen).toEqual([[5, 6, 7, 8, w0]]);
  });
  test("the ziggurat's tail beyond ±R is split evenly between the two sides", () => {
    const k = replicateKey("tails");
    let hi = 0;
    let lo = 0;
    for (let i = 0; i < 100_000; i++) {
      const words = block(k, i, 0, 1, PROCESS.fundingSales, 0);
      for (let j = 0; j < 4; j++) {
        const z = normalFromWord(words[j]!, k, i, j + 1, 1);
        if (z > ZR) hi++;
        else if (z < -ZR) lo++;
      }
    }
    // 400,000 draws, tail mass 5.8e-4 each side ≈ 116: the split is Binomial(hi + lo, ½).
    expect(hi + lo).toBeGreaterThan(150);
    expect(Math.abs(hi - lo) / Math.sqrt(hi + lo)).toBeLessThan(4);
  });
});

describe("Laplace by inversion (the sales process's shock)", () => {
  test("inverts the unit-variance Laplace distribution function on both sides of the median", () => {
    // F(x) = ½ exp(x√2) for x < 0 and 1 − ½ exp(−x√2) for x ≥ 0 (scale 1/√2, so variance 1).
    const F = (x: number) => (x < 0 ? 0.5 * Math.exp(x * Math.SQRT2) : 1 - 0.5 * Math.exp(-x * Math.SQRT2));
    for (const u of [1e-12, 0.001, 0.1, 0.3, 0.49, 0.5, 0.51, 0.7, 0.9, 0.999, 1 - 1e-12]) expect(F(laplaceFromU(u))).toBeCloseTo(u, 12);
    // Exact values: the median is 0; the quartiles are ∓ ln 2 / √2; the tails are symmetric.
    expect(laplaceFromU(0.5) === 0).toBe(true); // −0 or +0
    expect(laplaceFromU(0.25)).toBeCloseTo(-Math.LN2 * Math.SQRT1_2, 15);
    expect(laplaceFromU(0.75)).toBeCloseTo(Math.LN2 * Math.SQRT1_2, 15);
    expect(laplaceFromU(0.02)).toBeCloseTo(-laplaceFromU(0.98), 12);
    expect(laplaceFromU(0.02)).toBeLessThan(0);
  });
});
