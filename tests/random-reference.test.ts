/**
 * Exact values for src/random against independent references (tests/fixtures/random/make_fixtures.py):
 * the inversion samplers against SciPy's quantile functions, log k! against SciPy's gammaln, and the stream samplers
 * replayed on a fixed list of uniforms against the published algorithms (PTRS as numpy implements it, Marsaglia &
 * Tsang's gamma, Marsaglia's polar normal). The moment and χ² tests (random.test.ts, random-keyed.test.ts) say a
 * sampler has the right distribution; these say it is the stated algorithm, draw by draw.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, test } from "vitest";
import normalCdf from "@stdlib/stats-base-dists-normal-cdf";
import { categorical, gamma, logFactorial, normal, poisson, shuffle, type Rng } from "../src/random";
import { FN, KN, negBinomialFromU, poissonFromU, WN, ZR } from "../src/random/fast";
import { u01 } from "../src/random/keyed";

const ref = JSON.parse(fs.readFileSync(path.join(__dirname, "fixtures", "random", "reference.json"), "utf8")) as {
  inversion: Array<{ mu: number; alpha: number; u: number[]; k: number[] }>;
  logFactorial: { k: number[]; value: number[] };
  uniforms: number[];
  normal: { values: number[]; used: number };
  gamma: Array<{ shape: number; scale: number; values: number[]; used: number }>;
  poisson: Array<{ lambda: number; values: number[]; used: number }>;
  categorical: { weights: number[]; values: number[]; used: number };
  shuffle: { n: number; values: number[]; used: number };
};

/** An Rng that replays the fixture's uniforms and counts how many it gave. */
function replay(): Rng & { used: () => number } {
  let i = 0;
  const f = (() => {
    if (i >= ref.uniforms.length) throw new Error("the fixture's uniforms ran out");
    return ref.uniforms[i++] as number;
  }) as Rng & { used: () => number; seed: string };
  Object.defineProperty(f, "seed", { value: "replay" });
  f.used = () => i;
  return f;
}

describe("inversion samplers give SciPy's quantile at every u", () => {
  for (const c of ref.inversion) {
    test(`${c.alpha > 0 ? `NB2(mu ${c.mu}, alpha ${c.alpha})` : `Poisson(${c.mu})`}`, () => {
      const got = c.u.map((u) => (c.alpha > 0 ? negBinomialFromU(u, c.mu, c.alpha) : poissonFromU(u, c.mu)));
      expect(got).toEqual(c.k);
    });
  }
  test("documented edges: no mean gives 0; a mean so large that P(0) underflows gives the mean", () => {
    for (const mu of [0, -1, Number.NaN]) expect(negBinomialFromU(0.7, mu, 0.5)).toBe(0);
    expect(poissonFromU(0.3, 800)).toBe(800); // e^-800 underflows to 0
    expect(negBinomialFromU(0.3, 5000.4, 0.001)).toBe(5000); // (1000 / 6000.4)^1000 underflows
    // Just below the underflow the search still runs: Poisson(700) at u = ½ is its median, 700 (SciPy: poisson(700).ppf(0.5)).
    expect(poissonFromU(0.5, 700)).toBe(700);
  });
});

test("log k! equals SciPy's gammaln(k + 1), on both sides of the table's end (256)", () => {
  ref.logFactorial.k.forEach((k, i) => {
    const want = ref.logFactorial.value[i] as number;
    expect(Math.abs(logFactorial(k) - want), `k = ${k}`).toBeLessThanOrEqual(1e-13 * Math.max(1, want));
  });
});

describe("the stream samplers are the published algorithms, draw by draw", () => {
  const near = (a: number[], b: number[]) => a.forEach((v, i) => expect(Math.abs(v - (b[i] as number)), `draw ${i}`).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(b[i] as number))));
  test("normal: Marsaglia's polar method", () => {
    const r = replay();
    near(Array.from({ length: ref.normal.values.length }, () => normal(r, 2, 3)), ref.normal.values);
    expect(r.used()).toBe(ref.normal.used);
  });
  test.each(ref.gamma.map((g) => [g.shape, g.scale, g] as const))("gamma(%f, %f): Marsaglia & Tsang", (shape, scale, g) => {
    const r = replay();
    near(Array.from({ length: g.values.length }, () => gamma(r, shape, scale)), g.values);
    expect(r.used()).toBe(g.used);
  });
  test.each(ref.poisson.map((p) => [p.lambda, p] as const))("poisson(%f): inversion below 30, PTRS (Hörmann 1993) from 30", (lambda, p) => {
    const r = replay();
    expect(Array.from({ length: p.values.length }, () => poisson(r, lambda))).toEqual(p.values);
    expect(r.used()).toBe(p.used);
  });
  test("categorical and shuffle", () => {
    const r = replay();
    expect(Array.from({ length: ref.categorical.values.length }, () => categorical(r, ref.categorical.weights))).toEqual(ref.categorical.values);
    expect(r.used()).toBe(ref.categorical.used);
    const s = replay();
    expect(shuffle(s, Array.from({ length: ref.shuffle.n }, (_, i) => i))).toEqual(ref.shuffle.values);
    expect(s.used()).toBe(ref.shuffle.used);
  });
});

describe("the ziggurat's tables have the defining properties (Marsaglia & Tsang 2000)", () => {
  const m1 = 2 ** 31;
  const ZV = 9.91256303526217e-3;
  const f = (x: number) => Math.exp(-0.5 * x * x);
  const x = (i: number) => (WN[i] as number) * m1; // layer i's right edge
  test("every layer has the same area V; the base layer is the rectangle up to R plus the tail", () => {
    expect(x(127)).toBeCloseTo(ZR, 12);
    for (let i = 1; i <= 126; i++) expect(x(i + 1) * ((FN[i] as number) - (FN[i + 1] as number)), `layer ${i}`).toBeCloseTo(ZV, 12);
    const tail = Math.sqrt(2 * Math.PI) * (1 - normalCdf(ZR, 0, 1));
    expect(ZR * f(ZR) + tail).toBeCloseTo(ZV, 9); // V as published to 15 digits, the tail to the CDF's precision
    expect(FN[0]).toBe(1);
    for (let i = 1; i < 128; i++) expect(FN[i]).toBe(f(x(i)));
  });
  test("acceptance bounds: k_i = ⌊2^31 x_(i−1)/x_i⌋, and for the base ⌊2^31 R / (V / f(R))⌋", () => {
    const q = ZV / f(ZR);
    expect(WN[0]).toBe(q / m1);
    expect(KN[0]).toBe(Math.floor((ZR / q) * m1));
    expect(KN[1]).toBe(0);
    for (let i = 2; i < 128; i++) expect(KN[i], `k_${i}`).toBe(Math.floor((x(i - 1) / x(i)) * m1));
  });
});

test("u01 maps a 32-bit word to the middle of its 2^-32 cell: never 0 or 1", () => {
  expect(u01(0)).toBe(0.5 / 2 ** 32);
  expect(u01(-1)).toBe((2 ** 32 - 0.5) / 2 ** 32);
  expect(u01(-(2 ** 31))).toBe((2 ** 31 + 0.5) / 2 ** 32);
  expect(u01(12345)).toBe(12345.5 / 2 ** 32);
});

describe("guards at the edges of double precision", () => {
  const constant = (u: number): Rng => Object.assign(() => u, { seed: `constant ${u}` });
  test("a category of weight 0 is never drawn, even when the uniform is exactly 0", () => {
    expect(categorical(constant(0), [0, 1])).toBe(1);
    expect(categorical(constant(0), [0, 0, 3, 1])).toBe(2);
  });
  test("a uniform beyond the double-precision sum of the probabilities ends the search in the far tail", () => {
    // Poisson(4): the running sum of e^-4 4^k / k! stops short of 1 − 2^-53, so the search ends where the terms
    // underflow to 0 instead of looping for ever; the inversion sampler ends where they fall below 1e-300, not at its
    // cap of 100,000.
    const k = poisson(constant(1 - 2 ** -53), 4);
    expect(k).toBeGreaterThan(100);
    expect(k).toBeLessThan(1000);
    const j = negBinomialFromU(1, 3.5, 0);
    expect(j).toBeGreaterThan(100);
    expect(j).toBeLessThan(1000);
  });
});
