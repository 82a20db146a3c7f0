/**
 * The Latin hypercube sampler (McKay, Beckman & Conover 1979) that the calibration's design and the `lhs` sweep
 * design share: every coordinate's n strata hold exactly one point each, at a random position inside the stratum.
 */
import { expect, test } from "vitest";
import { latinHypercube } from "../src/sensitivity/lhs";
import { rngFromSeed } from "../src/random";

test("each coordinate's n points fall one per stratum [i/n, (i+1)/n), inside [0, 1)", () => {
  for (const [n, k] of [[1, 1], [5, 3], [16, 6]] as const) {
    const pts = latinHypercube(n, k, rngFromSeed(`lhs-${n}-${k}`));
    expect(pts).toHaveLength(n);
    for (let j = 0; j < k; j++) {
      const strata = pts.map((p) => Math.floor((p[j] as number) * n)).sort((a, b) => a - b);
      expect(strata).toEqual(Array.from({ length: n }, (_, i) => i));
      for (const p of pts) {
        expect(p).toHaveLength(k);
        expect(p[j]).toBeGreaterThanOrEqual(0);
        expect(p[j]).toBeLessThan(1);
      }
    }
  }
});

test("points are random within their strata (not midpoints), coordinates are permuted independently, and the seed fixes the design", () => {
  const n = 40;
  const a = latinHypercube(n, 2, rngFromSeed("lhs-a"));
  const offsets = a.map((p) => (p[0] as number) * n - Math.floor((p[0] as number) * n));
  expect(new Set(offsets.map((o) => o.toFixed(6))).size).toBe(n); // 40 different positions within strata
  expect(Math.min(...offsets)).toBeLessThan(0.2);
  expect(Math.max(...offsets)).toBeGreaterThan(0.8);
  // The two coordinates' strata are not the same permutation (probability 1/40! by chance).
  expect(a.map((p) => Math.floor((p[0] as number) * n))).not.toEqual(a.map((p) => Math.floor((p[1] as number) * n)));
  expect(latinHypercube(n, 2, rngFromSeed("lhs-a"))).toEqual(a);
  expect(latinHypercube(n, 2, rngFromSeed("lhs-b"))).not.toEqual(a);
});
