import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { bisect, largestRemainder, mean, median, quantile, sampleVariance, sd, sum } from "../src/stats";

interface Ref {
  x: number[];
  sum: number;
  mean: number;
  median: number;
  var: number | null;
  sd: number | null;
  quantiles: Array<[number, number]>;
}
// Made by tests/fixtures/stats/make_fixtures.py (numpy, an independent implementation).
const ref = JSON.parse(readFileSync(`${__dirname}/fixtures/stats/reference.json`, "utf8")) as Record<string, Ref>;

describe("stats against numpy", () => {
  for (const [name, r] of Object.entries(ref)) {
    it(`${name}: sum, mean, median, variance, sd and type-7 quantiles`, () => {
      expect(sum(r.x)).toBeCloseTo(r.sum, 12);
      expect(mean(r.x)).toBeCloseTo(r.mean, 12);
      expect(median(r.x)).toBeCloseTo(r.median, 12);
      if (r.var === null) expect(sampleVariance(r.x)).toBeNaN();
      else expect(sampleVariance(r.x)).toBeCloseTo(r.var, 10);
      expect(sd(r.x)).toBeCloseTo(r.sd ?? 0, 10);
      for (const [p, q] of r.quantiles) expect(quantile(r.x, p)).toBeCloseTo(q, 12);
    });
  }
});

describe("stats edge cases", () => {
  it("empty input: sum 0, everything else NaN", () => {
    expect(sum([])).toBe(0);
    expect(mean([])).toBeNaN();
    expect(median([])).toBeNaN();
    expect(quantile([], 0.5)).toBeNaN();
    expect(sampleVariance([])).toBeNaN();
    expect(sd([])).toBe(0);
  });
  it("n = 1: the value itself; variance undefined, sd 0", () => {
    expect(quantile([4], 0.9)).toBe(4);
    expect(median([4])).toBe(4);
    expect(sampleVariance([4])).toBeNaN();
    expect(sd([4])).toBe(0);
  });
  it("quantile interpolates between the neighbouring order statistics", () => {
    // h = 3 × 0.5 = 1.5: halfway between the 2nd (20) and 3rd (40) smallest values.
    expect(quantile([40, 10, 80, 20], 0.5)).toBe(30);
    // h = 3 × 0.1 = 0.3: 10 + 0.3 × (20 − 10).
    expect(quantile([40, 10, 80, 20], 0.1)).toBeCloseTo(13, 12);
    // h = 3 × 0.9 = 2.7: 40 + 0.7 × (80 − 40).
    expect(quantile([40, 10, 80, 20], 0.9)).toBeCloseTo(68, 12);
    expect(quantile([40, 10, 80, 20], 0)).toBe(10);
    expect(quantile([40, 10, 80, 20], 1)).toBe(80);
  });
  it("quantile refuses p outside [0, 1] and does not reorder its input", () => {
    expect(() => quantile([1, 2], 1.5)).toThrow(RangeError);
    expect(() => quantile([1, 2], -0.1)).toThrow(RangeError);
    expect(() => quantile([1, 2], NaN)).toThrow(RangeError);
    const x = [3, 1, 2];
    quantile(x, 0.5);
    median(x);
    expect(x).toEqual([3, 1, 2]);
  });
  it("works on typed arrays", () => {
    const x = Float64Array.from([1, 2, 3, 4]);
    expect(mean(x)).toBe(2.5);
    expect(sampleVariance(x)).toBeCloseTo(5 / 3, 14);
    expect(quantile(x, 0.5)).toBe(2.5);
  });
});

describe("largestRemainder", () => {
  it("keeps the total and moves each value by less than 1", () => {
    const v = [10.4, 20.35, 5.25, 0.9, 13.1];
    const r = largestRemainder(v);
    expect(sum(r)).toBe(Math.round(sum(v)));
    r.forEach((x, i) => expect(Math.abs(x - (v[i] as number))).toBeLessThan(1));
    // floors add to 48 of 50: the two largest remainders (0.9, then 0.4) get the extra units.
    expect(r).toEqual([11, 20, 5, 1, 13]);
  });
  it("reaches an explicit target; ties go to the earlier item", () => {
    expect(largestRemainder([0.5, 0.5], 1)).toEqual([1, 0]);
    expect(largestRemainder([0.2, 0.2, 0.6], 2)).toEqual([1, 0, 1]);
    expect(largestRemainder([1.5, 1.5, 1])).toEqual([2, 1, 1]);
    expect(largestRemainder([])).toEqual([]);
  });
});

describe("bisect", () => {
  it("finds the root of an increasing function to machine precision", () => {
    expect(bisect((x) => x * x, 2, 0, 2)).toBeCloseTo(Math.SQRT2, 14);
    expect(bisect((a) => 1 / (1 + Math.exp(-a)), 0.25, -30, 30)).toBeCloseTo(Math.log(1 / 3), 12);
  });
  it("returns the nearer end when the target is outside the bracket", () => {
    expect(bisect((x) => x, 5, 0, 1)).toBeCloseTo(1, 12);
    expect(bisect((x) => x, -5, 0, 1)).toBeCloseTo(0, 12);
  });
});
