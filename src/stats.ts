/**
 * Ground-floor statistics shared by every stage (data build, indicators,
 * estimation, experiments, sensitivity, figures, workshop). This module
 * imports nothing from the project, so any stage may call it.
 *
 * Edge cases are part of each function's contract and are tested:
 * an empty input gives `NaN` (never a thrown error) wherever the statistic is
 * undefined, so callers that must refuse empty input check the length first.
 */

/**
 * Sum with Neumaier compensation is not used on purpose: the project's golden
 * values were computed with plain left-to-right summation, and exact
 * reproducibility matters more here than the last ulp.
 *
 * @example sum([1, 2, 3]) // 6
 * @returns 0 for an empty input.
 */
export function sum(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] as number;
  return s;
}

/**
 * Arithmetic mean.
 *
 * @example mean([1, 2, 3, 4]) // 2.5
 * @returns NaN for an empty input.
 */
export function mean(x: ArrayLike<number>): number {
  return sum(x) / x.length;
}

/**
 * Sample variance with n − 1 in the denominator.
 *
 * @example sampleVariance([1, 2, 3, 4]) // 1.6666666666666667
 * @returns NaN for n < 2 (the sample variance is undefined there).
 */
export function sampleVariance(x: ArrayLike<number>): number {
  if (x.length < 2) return NaN;
  const m = mean(x);
  let s = 0;
  for (let i = 0; i < x.length; i++) s += ((x[i] as number) - m) ** 2;
  return s / (x.length - 1);
}

/**
 * Sample standard deviation with n − 1 in the denominator.
 *
 * @example sd([2, 4, 4, 4, 5, 5, 7, 9]) // 2.138089935299395
 * @returns 0 for n < 2: a single observation shows no spread. (Callers that
 *   need "undefined" rather than "no spread" use `sampleVariance`, which is NaN.)
 */
export function sd(x: ArrayLike<number>): number {
  return x.length < 2 ? 0 : Math.sqrt(sampleVariance(x));
}

function sorted(x: ArrayLike<number>): number[] {
  return Array.from(x).sort((a, b) => a - b);
}

/**
 * Quantile by linear interpolation between order statistics (Hyndman & Fan
 * type 7: R's default and numpy's `linear` method).
 *
 * @example quantile([1, 2, 3, 4], 0.5) // 2.5
 * @example quantile([10, 20, 30], 0.25) // 15
 * @returns NaN for an empty input; the single value for n = 1.
 * @throws RangeError when p is outside [0, 1] or not a number.
 */
export function quantile(x: ArrayLike<number>, p: number): number {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`quantile: p must be between 0 and 1, got ${p}`);
  const s = sorted(x);
  // Stryker disable next-line ConditionalExpression: equivalent — without the guard an empty input still gives NaN (undefined + number).
  if (s.length === 0) return NaN;
  const h = (s.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  return (s[lo] as number) + (h - lo) * ((s[hi] as number) - (s[lo] as number));
}

/**
 * Median: the average of the two middle values for even n.
 *
 * @example median([3, 1, 2]) // 2
 * @example median([4, 1, 3, 2]) // 2.5
 * @returns NaN for an empty input.
 */
export function median(x: ArrayLike<number>): number {
  const s = sorted(x);
  // Stryker disable next-line ConditionalExpression: equivalent — without the guard an empty input still gives NaN ((undefined + undefined) / 2).
  if (s.length === 0) return NaN;
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

/**
 * Largest-remainder (Hamilton) rounding: integers that add up to
 * `round(sum(values))` (or to `target`), each within 1 of its value. Ties in
 * the remainder go to the earlier item.
 *
 * @example largestRemainder([1.5, 1.5, 1]) // [2, 1, 1]
 * @example largestRemainder([0.2, 0.2, 0.6], 2) // [1, 0, 1]
 * @returns [] for an empty input.
 */
export function largestRemainder(values: readonly number[], target?: number): number[] {
  const goal = target ?? Math.round(sum(values));
  const floors = values.map((v) => Math.floor(v));
  let left = goal - sum(floors);
  // Array.prototype.sort is stable (ES2019), so equal remainders keep item order: the earlier item first.
  const order = values.map((v, i) => ({ i, r: v - Math.floor(v) })).sort((a, b) => b.r - a.r);
  for (const { i } of order) {
    if (left <= 0) break;
    floors[i] = (floors[i] as number) + 1;
    left -= 1;
  }
  return floors;
}

/**
 * Root of an increasing function on [lo, hi] by bisection: returns x with
 * f(x) ≈ target after `iterations` halvings (100 halvings of a width-60
 * interval reach machine precision). If f is decreasing, pass `-f` and `-target`.
 * Outside the bracket it returns the nearer end. Each halving keeps the lower
 * half when f(mid) ≥ target; the result is the final bracket's midpoint.
 *
 * @example bisect((x) => x * x, 2, 0, 2) // 1.4142135623730951
 */
export function bisect(f: (x: number) => number, target: number, lo: number, hi: number, iterations = 100): number {
  for (let k = 0; k < iterations; k++) {
    const mid = (lo + hi) / 2;
    if (f(mid) < target) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}
