import { describe, expect, test } from "vitest";
import { bernoulli, beta, categorical, deriveSeed, gamma, logFactorial, logistic, negativeBinomial, normal, poisson, rngFromSeed, shuffle, stream } from "../src/random";

function moments(draw: () => number, n = 200_000): { mean: number; variance: number } {
  let s = 0, s2 = 0;
  for (let i = 0; i < n; i++) {
    const x = draw();
    s += x;
    s2 += x * x;
  }
  const mean = s / n;
  return { mean, variance: s2 / n - mean * mean };
}

describe("streams", () => {
  test("the same seed gives the same numbers; a different name, different numbers", () => {
    const a = stream(42, "replicate", 3, "entry");
    const b = stream(42, "replicate", 3, "entry");
    const c = stream(42, "replicate", 4, "entry");
    const xa = [a(), a(), a()];
    expect([b(), b(), b()]).toEqual(xa);
    expect([c(), c(), c()]).not.toEqual(xa);
    expect(a.seed).toBe("42/replicate/3/entry");
    expect(deriveSeed("s", 1)).toBe("s/1");
  });

  test("a pinned stream never changes (golden values)", () => {
    const r = rngFromSeed("bioclusters");
    const got = [r(), r(), r()].map((x) => x.toFixed(12));
    expect(got).toEqual(GOLDEN);
  });
});
const GOLDEN = ["0.942578207003", "0.485508712940", "0.219572597183"];

describe("samplers match their moments", () => {
  const r = stream("moments");
  test("normal", () => {
    const m = moments(() => normal(r, 2, 3));
    expect(m.mean).toBeCloseTo(2, 1);
    expect(Math.sqrt(m.variance)).toBeCloseTo(3, 1);
  });
  test.each([[0.5, 2], [1, 1], [3.7, 0.5], [20, 0.1]])("gamma(%f, %f)", (shape, scale) => {
    const m = moments(() => gamma(r, shape, scale));
    expect(m.mean / (shape * scale)).toBeCloseTo(1, 1);
    expect(m.variance / (shape * scale * scale)).toBeCloseTo(1, 1);
  });
  test.each([0.3, 4, 29.9, 30, 250])("poisson(%f)", (lambda) => {
    const m = moments(() => poisson(r, lambda));
    expect(Math.abs(m.mean - lambda)).toBeLessThan(4 * Math.sqrt(lambda / 200_000) + 1e-9);
    expect(m.variance / lambda).toBeCloseTo(1, 1);
  });
  test("poisson(30) has the right probability of each count, not only the right moments", () => {
    const n = 200_000;
    let hits = 0;
    for (let i = 0; i < n; i++) if (poisson(r, 30) === 30) hits++;
    const p = Math.exp(-30 + 30 * Math.log(30) - logFactorial(30));
    expect(Math.abs(hits / n - p)).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / n));
  });
  test("negative binomial (NB2)", () => {
    const m = moments(() => negativeBinomial(r, 2.5, 0.8));
    expect(m.mean).toBeCloseTo(2.5, 1);
    expect(m.variance / (2.5 + 0.8 * 2.5 * 2.5)).toBeCloseTo(1, 1);
  });
  test("beta and bernoulli", () => {
    expect(moments(() => beta(r, 2, 6)).mean).toBeCloseTo(0.25, 2);
    expect(moments(() => bernoulli(r, 0.3)).mean).toBeCloseTo(0.3, 2);
  });
  test("categorical", () => {
    const counts = [0, 0, 0];
    for (let i = 0; i < 100_000; i++) counts[categorical(r, [1, 2, 7])]!++;
    expect(counts.map((c) => Math.round(c / 1000))).toEqual([10, 20, 70]);
    expect(() => categorical(r, [0, 0])).toThrow(/not all zero/);
  });
  test("shuffle permutes", () => {
    const xs = shuffle(r, Array.from({ length: 50 }, (_, i) => i));
    expect([...xs].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(xs).not.toEqual(Array.from({ length: 50 }, (_, i) => i));
  });
});

test("helpers", () => {
  expect(logFactorial(5)).toBeCloseTo(Math.log(120), 12);
  expect(logFactorial(300)).toBeCloseTo(1414.905849, 5);
  expect(logistic(0)).toBe(0.5);
  expect(logistic(-800)).toBe(0);
  expect(logistic(800)).toBe(1);
  expect(() => poisson(stream(1), -1)).toThrow(RangeError);
  expect(() => gamma(stream(1), 0)).toThrow(RangeError);
});
