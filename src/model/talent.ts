/**
 * Rationing of a location's talent pool over its firms' vacancies by size
 * class (issue 14: who loses out when the pool is short). Allocation-free; the
 * yearly step calls it once per location.
 */

/**
 * Rations a talent pool T over the vacancies of three size classes (V at o … o + 2: small, medium, large): class
 * z fills the share r_z = min(1, θ w_z) of its vacancies, with priorities w = (small, medium, 1) and θ the
 * largest value the pool allows (a class whose share reaches 1 stops absorbing talent, so the others rise).
 * Equal priorities give the pro-rata share min(1, T / V). Writes r_z to ratio[o + z]; returns the hires.
 */
export function rationTalent(T: number, V: Float64Array, ratio: Float64Array, o: number, wSmall: number, wMedium: number): number {
  const v0 = V[o] as number, v1 = V[o + 1] as number, v2 = V[o + 2] as number;
  const total = v0 + v1 + v2;
  if (total <= T) {
    ratio[o] = total > 0 ? 1 : 0;
    ratio[o + 1] = total > 0 ? 1 : 0;
    ratio[o + 2] = total > 0 ? 1 : 0;
    return total;
  }
  let s0 = false, s1 = false, s2 = false;
  let theta = 0;
  // Stryker disable next-line UpdateOperator,EqualityOperator: equivalent (it--, it <= 3): while the pool is short at most two classes saturate (all three would need T ≥ total), so the loop always ends by the break, never by the count
  for (let it = 0; it < 3; it++) {
    let rem = T, den = 0;
    if (s0) rem -= v0; else den += v0 * wSmall;
    if (s1) rem -= v1; else den += v1 * wMedium;
    if (s2) rem -= v2; else den += v2;
    theta = den > 0 ? Math.max(0, rem) / den : 0;
    // Stryker disable next-line BooleanLiteral: equivalent: without the early break the remaining passes saturate nothing more and recompute the same θ
    let changed = false;
    // Stryker disable next-line EqualityOperator,LogicalOperator,ConditionalExpression: equivalent: a class without vacancies that "saturates" changes neither θ nor its share (min(1, θw) is already 1), and at θw = 1 exactly saturating leaves θ as it was (also for !s || v > 0, and !s or v > 0 → true: a flag set again, a pass that recomputes the same θ)
    if (!s0 && v0 > 0 && theta * wSmall >= 1) { s0 = true; changed = true; }
    // Stryker disable next-line EqualityOperator,LogicalOperator,ConditionalExpression: equivalent, as for small firms above
    if (!s1 && v1 > 0 && theta * wMedium >= 1) { s1 = true; changed = true; }
    // Stryker disable next-line EqualityOperator,LogicalOperator,ConditionalExpression: equivalent, as for small firms above
    if (!s2 && v2 > 0 && theta >= 1) { s2 = true; changed = true; }
    // Stryker disable next-line ConditionalExpression: equivalent: a pass that changed no flag is followed by passes that recompute the same θ and change none
    if (!changed) break;
  }
  const r0 = s0 ? 1 : Math.min(1, theta * wSmall), r1 = s1 ? 1 : Math.min(1, theta * wMedium), r2 = s2 ? 1 : Math.min(1, theta);
  ratio[o] = r0;
  ratio[o + 1] = r1;
  ratio[o + 2] = r2;
  return v0 * r0 + v1 * r1 + v2 * r2;
}

/** Vacancies left unfilled after rationing (never negative: each class's unfilled share is 1 − r_z ≥ 0). */
export function unfilledAfter(V: Float64Array, ratio: Float64Array, o: number): number {
  return (V[o] as number) * (1 - (ratio[o] as number)) + (V[o + 1] as number) * (1 - (ratio[o + 1] as number)) + (V[o + 2] as number) * (1 - (ratio[o + 2] as number));
}
