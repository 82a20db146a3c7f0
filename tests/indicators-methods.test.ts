/**
 * The index's methods against numpy (tests/fixtures/indicators/make_methods_reference.py), and the
 * inputs they must refuse.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { EigenvalueDecomposition, Matrix } from "ml-matrix";
import { describe, expect, test } from "vitest";
import { ahpWeights, geometric, normalise, pcaWeights, winsorise } from "../src/indicators/methods";
import { userError } from "./helpers";

interface Ref {
  ahp: Array<{ m: number[][]; weights: number[]; lambdaMax: number; cr: number }>;
  pca: Array<{ columns: number[][]; weights: number[] }>;
  winsorise: { x: number[]; cases: Array<{ lower: number; upper: number; values: number[]; changed: number }> };
  distance: { x: number[]; best_up: number[]; best_down: number[]; target: number; target_up: number[]; target_down: number[] };
  geometric: { columns: number[][]; weights: number[]; values: number[] };
}
const ref = JSON.parse(fs.readFileSync(path.join(__dirname, "fixtures", "indicators", "methods_reference.json"), "utf8")) as Ref;
const close = (a: ArrayLike<number>, b: readonly number[], digits = 10) => {
  expect(a.length).toBe(b.length);
  b.forEach((v, i) => expect(a[i] as number).toBeCloseTo(v, digits));
};

describe("AHP weights against numpy's principal eigenvector", () => {
  test("300 random reciprocal matrices of 3 to 8 items", () => {
    for (const r of ref.ahp) {
      const names = r.m.map((_, i) => `c${i}`);
      const a = ahpWeights(r.m, names, "test");
      close(a.weights, r.weights, 8);
      expect(a.lambdaMax).toBeCloseTo(r.lambdaMax, 8);
      expect(a.cr).toBeCloseTo(r.cr, 8);
    }
  });

  test("the fixture includes matrices whose largest eigenvalue the decomposition does not list first", () => {
    // So the test above fails if ahpWeights took the first eigenvector instead of searching for the largest.
    const notFirst = ref.ahp.filter((r) => {
      const re = new EigenvalueDecomposition(new Matrix(r.m)).realEigenvalues;
      return re.some((v) => v > (re[0] as number) + 1e-9);
    });
    expect(notFirst.length).toBeGreaterThan(0);
  });

  test("malformed matrices are refused with the cell named", () => {
    const names = ["a", "b", "c"];
    expect(userError(() => ahpWeights([[1, 2], [0.5, 1]], names, "pillars"))).toMatch(/must be 3 × 3/);
    expect(userError(() => ahpWeights([[1, 2, 3], [0.5, 1, 2], [1 / 3, 0.5]], names, "pillars"))).toMatch(/must be 3 × 3/);
    expect(userError(() => ahpWeights([[1, 2, 3], [0.5, 1, 2], [1 / 3, 0.4, 1]], names, "pillars"))).toMatch(/not reciprocal: \[1\]\[2\] = 2 but \[2\]\[1\] = 0\.4/);
    expect(userError(() => ahpWeights([[1, -2, 3], [-0.5, 1, 2], [1 / 3, 0.5, 1]], names, "pillars"))).toMatch(/entry \[0\]\[1\] is -2; every entry must be positive/);
    expect(ahpWeights([[1]], ["only"], "one")).toEqual({ weights: [1], lambdaMax: 1, ci: 0, cr: 0 });
  });
});

describe("PCA weights against numpy", () => {
  test("first principal component of the correlation matrix, squared loadings", () => {
    for (const r of ref.pca) close(pcaWeights(r.columns.map((c) => Float64Array.from(c))), r.weights, 8);
  });
});

describe("normalisations", () => {
  const x = Float64Array.from(ref.distance.x);
  const base = { id: "ind" } as const;
  test("distance to the best, both directions (the smallest value is not 1)", () => {
    expect(Math.min(...ref.distance.x)).not.toBe(1);
    close(normalise(x, { ...base, method: "distance_to_best", direction: 1 }), ref.distance.best_up);
    close(normalise(x, { ...base, method: "distance_to_best", direction: -1 }), ref.distance.best_down);
  });
  test("distance to a target, capped at 100, both directions", () => {
    close(normalise(x, { ...base, method: "distance_to_target", direction: 1, target: ref.distance.target }), ref.distance.target_up);
    close(normalise(x, { ...base, method: "distance_to_target", direction: -1, target: ref.distance.target }), ref.distance.target_down);
  });
  test("the distance methods refuse values ≤ 0 and a target ≤ 0", () => {
    const withZero = Float64Array.from([3, 0, 5]);
    expect(userError(() => normalise(withZero, { ...base, method: "distance_to_best", direction: 1 }))).toMatch(/"ind" has values ≤ 0 \(smallest 0\); "distance_to_best" divides by them/);
    expect(userError(() => normalise(Float64Array.from([3, -1, 5]), { ...base, method: "distance_to_target", direction: 1, target: 4 }))).toMatch(/smallest -1/);
    expect(userError(() => normalise(x, { ...base, method: "distance_to_target", direction: 1, target: 0 }))).toMatch(/has target 0; "distance_to_target" needs a positive target/);
    expect(userError(() => normalise(x, { ...base, method: "distance_to_target", direction: 1, target: -3 }))).toMatch(/has target -3/);
  });
  test("min-max onto a given range, both directions", () => {
    const v = Float64Array.from([2, 4, 10]);
    expect(Array.from(normalise(v, { ...base, method: "minmax", direction: 1, range: [1, 100] }))).toEqual([1, 1 + 99 * 0.25, 100]);
    expect(Array.from(normalise(v, { ...base, method: "minmax", direction: -1 }))).toEqual([100, 75, 0]);
  });
  test("a constant indicator is refused", () => {
    expect(userError(() => normalise(Float64Array.from([4, 4, 4]), { ...base, method: "zscore", direction: 1 }))).toMatch(/same value \(4\) for every unit/);
  });
});

describe("winsorising against numpy's clip at linear quantiles", () => {
  for (const c of ref.winsorise.cases) {
    test(`${c.lower}–${c.upper}`, () => {
      const r = winsorise(Float64Array.from(ref.winsorise.x), c.lower, c.upper);
      close(r.values, c.values, 12);
      expect(r.changed).toBe(c.changed);
    });
  }
});

describe("weighted geometric mean", () => {
  test("against numpy", () => {
    close(geometric(ref.geometric.columns.map((c) => Float64Array.from(c)), ref.geometric.weights, ["a", "b", "c"]), ref.geometric.values, 9);
  });
  test("a zero refuses with the remedy", () => {
    expect(userError(() => geometric([Float64Array.from([1, 0])], [1], ["x"]))).toMatch(/"x" has 0 for a unit/);
  });
});
