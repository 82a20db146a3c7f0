import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, test } from "vitest";
import { saltelliDesign, sobol, sobolIndices, type SobolIndex } from "../src/sensitivity/sobol";
import { stream } from "../src/random";

// Reference values from an independent implementation in Python/numpy (Alea re-implemented, SALib's Saltelli 2010
// first-order and Jansen total-order estimators, numpy's linear quantiles): tests/fixtures/sensitivity/make_fixtures.py.
interface Ref {
  variance: number;
  indices: SobolIndex[];
}
const ref = JSON.parse(fs.readFileSync(path.join(__dirname, "fixtures/sensitivity/reference.json"), "utf8")) as {
  alea: { seed: string; first: number[] };
  sobol: Ref & { n: number; seed: string; bootstrap: number; A: number[][]; B: number[][] };
  defaults: Ref & { yA: number[]; yB: number[]; yAB: number[][] };
  options: Ref & { seed: number; bootstrap: number; level: number };
};

/** Same as poly() in make_fixtures.py. */
const poly = (u: Float64Array) => u[0]! + 2 * u[1]! ** 2 + 3 * u[0]! * u[2]!;

const close = (got: number, want: number, what: string) =>
  expect(Math.abs(got - want), `${what}: got ${got}, want ${want}`).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(want)));

function expectMatches(got: { variance: number; indices: SobolIndex[] }, want: Ref) {
  close(got.variance, want.variance, "variance");
  expect(got.indices.map((x) => x.factor)).toEqual(want.indices.map((x) => x.factor));
  got.indices.forEach((x, i) => {
    const w = want.indices[i]!;
    for (const key of ["first", "firstLow", "firstHigh", "total", "totalLow", "totalHigh"] as const) close(x[key], w[key], `${x.factor}.${key}`);
  });
}

describe("against the numpy reference", () => {
  test("the reference's Alea matches the project's streams (so the fixture's random numbers are the same)", () => {
    const r = stream("ref", "saltelli");
    expect(ref.alea.first.map(() => r())).toEqual(ref.alea.first);
  });

  test("saltelliDesign: A then B drawn row by row, and A_B^(i) is A with column i from B", () => {
    const d = saltelliDesign(ref.sobol.n, 3, stream(ref.sobol.seed, "saltelli"));
    expect(d.n).toBe(64);
    expect(d.k).toBe(3);
    expect(d.A.map((a) => Array.from(a))).toEqual(ref.sobol.A);
    expect(d.B.map((b) => Array.from(b))).toEqual(ref.sobol.B);
    expect(d.AB).toHaveLength(3);
    d.AB.forEach((m, i) => {
      expect(m).toHaveLength(64);
      m.forEach((x, r) => {
        const want = Array.from(d.A[r]!);
        want[i] = d.B[r]![i]!;
        expect(Array.from(x)).toEqual(want);
        expect(x).not.toBe(d.A[r]);
      });
    });
  });

  test("sobol(): point estimates, variance and bootstrap intervals equal the reference", () => {
    const r = sobol(poly, ["x1", "x2", "x3"], ref.sobol.n, ref.sobol.seed, ref.sobol.bootstrap);
    expect(r.n).toBe(64);
    expectMatches(r, ref.sobol);
  });

  test("sobolIndices() with every option left to its default: seed \"sobol\", 500 replicates, 90 % level", () => {
    const d = ref.defaults;
    expectMatches(sobolIndices(d.yA, d.yB, d.yAB, ["p", "q"]), d);
  });

  test("sobolIndices() honours seed, bootstrap count and level", () => {
    const d = ref.defaults;
    const o = ref.options;
    expectMatches(sobolIndices(d.yA, d.yB, d.yAB, ["p", "q"], { seed: o.seed, bootstrap: o.bootstrap, level: o.level }), o);
  });

  test("the variance is the sample variance (n − 1) of f over A and B pooled", () => {
    const r = sobolIndices([1, 2], [3, 6], [[1, 2]], ["x"], { bootstrap: 1 });
    // pooled values 1, 2, 3, 6: mean 3, squared deviations 4 + 1 + 0 + 9 = 14, over 3.
    close(r.variance, 14 / 3, "variance");
    close(r.indices[0]!.first, 0, "first");
  });
});

describe("edge cases", () => {
  test("one bootstrap replicate: every interval collapses to that replicate's estimate", () => {
    const d = ref.defaults;
    const r = sobolIndices(d.yA, d.yB, d.yAB, ["p", "q"], { bootstrap: 1, seed: 3 });
    for (const x of r.indices) {
      expect(x.firstLow).toBe(x.firstHigh);
      expect(x.totalLow).toBe(x.totalHigh);
      expect(x.firstLow).not.toBe(x.first);
    }
  });

  test("an output that does not vary: indices are 0, not NaN, and a warning says why", () => {
    const r = sobol(() => 4.5, ["a", "b"], 600, "flat", 20);
    expect(r.variance).toBe(0);
    for (const x of r.indices) {
      expect([x.first, x.firstLow, x.firstHigh, x.total, x.totalLow, x.totalHigh]).toEqual([0, 0, 0, 0, 0, 0]);
    }
    expect(r.warnings).toEqual(["The output does not vary over the samples, so no factor can be said to matter."]);
  });

  test("an output that varies gets no zero-variance warning", () => {
    const r = sobol((u) => u[0]! + u[1]!, ["a", "b"], 600, "sum", 50);
    expect(r.variance).toBeGreaterThan(0);
    expect(r.warnings).toEqual([]);
  });

  test("the small-sample warning is for N < 500 only", () => {
    const y = (n: number, m: number) => Array.from({ length: n }, (_, i) => (i * m) % 13);
    const at = (n: number) => sobolIndices(y(n, 5), y(n, 7), [y(n, 3)], ["x"], { bootstrap: 1 }).warnings.filter((w) => /small/.test(w));
    expect(at(500)).toEqual([]);
    expect(at(499)).toEqual(["N = 499 is small; first-order indices typically need N ≥ 1,000 to be stable within ± 0.05."]);
  });
});

describe("the warning for intervals outside [0, 1] (tolerance 0.05)", () => {
  // With N = 1 every bootstrap replicate resamples the one row, so each interval is the point estimate itself.
  // yA = 0, yB = 1: V = 0.5 and S = 2·yAB; yA = 3, yB = 0: S = 0 and S_T = (3 − yAB)² / 9.
  const one = (yA: number, yB: number, yAB: number) => sobolIndices([yA], [yB], [[yAB]], ["x"], { bootstrap: 5 });
  const outside = (r: { warnings: string[] }) => r.warnings.filter((w) => /outside/.test(w));
  const message = ['The interval for "x" reaches outside [0, 1], which indices cannot take: use more samples (now N = 1).'];

  test("first-order interval below −0.05 (and only that)", () => {
    const r = one(0, 1, -0.03);
    expect(r.indices[0]!.firstLow).toBeCloseTo(-0.06, 12);
    expect(r.indices[0]!.totalHigh).toBeLessThan(1);
    expect(outside(r)).toEqual(message);
  });

  test("first-order interval at exactly −0.05 is tolerated", () => {
    const r = one(0, 1, -0.025);
    expect(r.indices[0]!.firstLow).toBe(-0.05);
    expect(outside(r)).toEqual([]);
  });

  test("first-order interval above 1.05 (and only that)", () => {
    const r = one(0, 1, 0.53);
    expect(r.indices[0]!.firstHigh).toBeCloseTo(1.06, 12);
    expect(r.indices[0]!.firstLow).toBeGreaterThan(0);
    expect(r.indices[0]!.totalHigh).toBeLessThan(1);
    expect(outside(r)).toEqual(message);
  });

  test("first-order interval at exactly 1.05 is tolerated", () => {
    const r = one(0, 1, 0.525);
    expect(r.indices[0]!.firstHigh).toBe(1.05);
    expect(outside(r)).toEqual([]);
  });

  test("total-order interval above 1.05 (and only that)", () => {
    const r = one(3, 0, 6.3);
    expect(r.indices[0]!.first).toBe(0);
    expect(r.indices[0]!.totalHigh).toBeCloseTo(1.21, 12);
    expect(outside(r)).toEqual(message);
  });

  test("total-order interval at exactly 1.05 is tolerated", () => {
    const r = one(3, 0, 6.07408522978788);
    expect(r.indices[0]!.totalHigh).toBe(1.05);
    expect(outside(r)).toEqual([]);
  });

  test("one warning per offending factor, naming it", () => {
    const r = sobolIndices([0], [1], [[0.3], [0.6], [-0.2]], ["ok", "high", "low"], { bootstrap: 2 });
    expect(outside(r)).toEqual([
      'The interval for "high" reaches outside [0, 1], which indices cannot take: use more samples (now N = 1).',
      'The interval for "low" reaches outside [0, 1], which indices cannot take: use more samples (now N = 1).',
    ]);
  });
});
