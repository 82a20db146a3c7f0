/**
 * Latin hypercube sampling (McKay, Beckman & Conover 1979): n points on
 * [0, 1)^k such that, in every coordinate, each of the n equal strata
 * [i/n, (i+1)/n) holds exactly one point. The calibration's global stage and
 * the `lhs` sweep design both draw from here.
 */
import { shuffle, type Rng } from "../random";

/** n points of a Latin hypercube on [0, 1)^k: each coordinate's n strata used once (a random point within each). */
export function latinHypercube(n: number, k: number, rng: Rng): Float64Array[] {
  const pts = Array.from({ length: n }, () => new Float64Array(k));
  for (let j = 0; j < k; j++) {
    const perm = shuffle(rng, Array.from({ length: n }, (_, i) => i));
    for (let i = 0; i < n; i++) (pts[i] as Float64Array)[j] = ((perm[i] as number) + rng()) / n;
  }
  return pts;
}
