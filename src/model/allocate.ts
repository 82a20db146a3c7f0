/**
 * How policy money reaches firms: the normalisation of targeting weights to shares of each instrument's money
 * (with national instruments' cluster share), the allocation rule of firm-level instruments (who is selected and
 * how much each receives), and the hazards through which support doses raise a probability. Free of Node.js
 * dependencies (the browser bundle imports the engine).
 */
import { KRW_M_PER_BN } from "../data/constants";
import { dose } from "./instruments";
import { N_CELLS } from "./features";
import { logistic } from "../random";
import { EXIT_CASES } from "./state";
import type { Structural } from "./params";
import type { State, YearPolicy } from "./state";

/** KRW m per KRW bn: budgets are in KRW bn, firm-level amounts in KRW m. */
const M_PER_BN = KRW_M_PER_BN;

/**
 * Normalises each instrument's weights (`phasePolicyAndNeeds` summed them per location into polWL) to shares of
 * its money: national instruments send the mix's `clusterShare` to cluster firms and the rest to firms outside
 * clusters (all of it to one side if the other has no eligible firm, unless the share is exactly 0 or 1); other
 * instruments reach cluster firms only (resolvePolicy weighs outside firms 0). Sets polScale, polW and polN.
 */
export function normaliseWeights(s: State, pol: YearPolicy): void {
  const nLoc = s.nLoc;
  const NI = s.fx.n;
  const NT = N_CELLS;
  const W = s.polW;
  const WL = s.polWL;
  const locW = pol.locW;
  const typeW = pol.typeW;
  const cells = s.cellCount;
  const C = s.nClusters;
  const scale = s.polScale;
  const polN = s.polN;
  // Stryker disable next-line EqualityOperator: equivalent (k ≤ NI): instrument NI's weights are read past the arrays' end (undefined: no factor) and its writes fall past it
  for (let k = 0; k < NI; k++) {
    let win = 0;
    for (let l = 0; l < C; l++) win += WL[k * nLoc + l] as number;
    const wout = WL[k * nLoc + C] as number;
    const share = pol.clusterShare[k] as number;
    let sIn = 0;
    let sOut = 0;
    if (Number.isNaN(share)) sIn = win > 0 ? 1 / win : 0;
    else if (win > 0 && wout > 0) {
      sIn = share / win;
      sOut = (1 - share) / wout;
    } else if (win > 0 && share > 0) sIn = 1 / win;
    else if (wout > 0 && share < 1) sOut = 1 / wout;
    let total = 0;
    for (let l = 0; l < nLoc; l++) {
      const f = l < C ? sIn : sOut;
      scale[k * nLoc + l] = f;
      const v = (WL[k * nLoc + l] as number) * f;
      WL[k * nLoc + l] = v;
      total += v;
    }
    W[k] = total;
    let count = 0;
    for (let l = 0; l < nLoc; l++) {
      const f = scale[k * nLoc + l] as number;
      if (f === 0 || (locW[k * nLoc + l] as number) === 0) continue;
      for (let t = 0; t < NT; t++) if ((typeW[k * NT + t] as number) > 0) count += cells[l * NT + t] as number;
    }
    polN[k] = count;
  }
}

/** Bisection steps on log z over a bracket of width 80: z is found to a relative 80 × 2^-60, below 1e-16. */
const ALLOC_STEPS = 60;
/** Bracket of log z: z = e^±40 covers every budget from nothing to all eligible firms at the cap. */
const ALLOC_LOG_Z = 40;
/** Reallocation stops when what is left to place is below this fraction of the excess (rounding, not money). */
const PLACE_TOLERANCE = 1e-12;

/**
 * What instrument j's expected spending (`spendAt`) sums over this year, listed once so that the bisection's 60
 * steps cost a multiply-add per entry: with a need elasticity of 0, the (location, policy cell) cells with alive firms
 * and a positive coverage weight (s.allocQ the weight, s.allocPow the cell's firm count) — a few hundred of the
 * nLoc × N_CELLS, most of them empty; otherwise the firms with a positive weight, in firm order (s.allocPow the need
 * factor max(R&D, floor)^el). Returns the list's length. The sums run in the order of the full loops they replace,
 * so every result is the same to the last bit.
 */
export function eligible(s: State, j: number, el: number, floor: number): number {
  const NJ = s.fx.nFirm;
  const NT = N_CELLS;
  const cells = s.nLoc * NT;
  const covW = s.cellAmount;
  const Q = s.allocQ;
  const P = s.allocPow;
  let m = 0;
  if (el === 0) {
    // Stryker disable next-line EqualityOperator: equivalent (x ≤ cells): cell `cells` is read past the arrays' end (undefined: no entry)
    for (let x = 0; x < cells; x++) {
      const c = s.cellCount[x] as number;
      // Stryker disable next-line ConditionalExpression: equivalent (false): an empty cell's entry has a count of 0, so its terms add 0 to every sum
      if (c === 0) continue;
      const q = covW[x * NJ + j] as number;
      // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent (true, q ≥ 0): an entry with a coverage weight of 0 is selected with probability min(1, z^ε × 0) = 0 and adds 0
      if (q > 0) {
        Q[m] = q;
        P[m] = c;
        m++;
      }
    }
    return m;
  }
  const { alive, loc, ftype, rnd } = s.firm;
  // Stryker disable next-line EqualityOperator: equivalent (i ≤ n): slot n is never alive (or, at n = cap, reads undefined: no entry)
  for (let i = 0; i < s.n; i++) {
    if (alive[i] === 0) continue;
    const q = covW[((loc[i] as number) * NT + (ftype[i] as number)) * NJ + j] as number;
    // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent (true, q ≥ 0): a firm with a coverage weight of 0 adds q × need = 0 to the normaliser's sums and min(1, z^ε × 0) × amount = 0 to spending
    if (q > 0) {
      Q[m] = q;
      P[m] = Math.pow(Math.max(rnd[i] as number, floor), el);
      m++;
    }
  }
  return m;
}

/**
 * Expected spending (KRW m) of firm-level instrument j at intensity z = e^logZ (the allocation rule's budget
 * identity), over the m entries `eligible` listed: each cell's firms × selection probability × the amount, or each
 * firm's probability × its amount.
 */
export function spendAt(s: State, m: number, logZ: number, eps: number, S: number, cap: number, el: number, norm: number): number {
  evaluations++;
  const zc = Math.exp(eps * logZ);
  const za = Math.exp((1 - eps) * logZ) * S;
  const Q = s.allocQ;
  const P = s.allocPow;
  let tot = 0;
  if (el === 0) {
    const a = Math.min(cap, za);
    for (let k = 0; k < m; k++) tot += (P[k] as number) * Math.min(1, zc * (Q[k] as number)) * a;
  } else {
    for (let k = 0; k < m; k++) tot += Math.min(1, zc * (Q[k] as number)) * Math.min(cap, za * (P[k] as number) * norm);
  }
  return tot;
}

/** spendAt calls so far (tests count them to check that certainBracket saves bisection steps). */
let evaluations = 0;
export function spendEvaluations(): number {
  return evaluations;
}

/** Secant steps certainBracket takes towards the budget's intensity before it certifies a point either side. */
const SECANT_STEPS = 8;
/** spendAt's relative rounding bound is (m + SPEND_ROUNDINGS)·2⁻⁵² for m entries (certainBracket's derivation). */
const SPEND_ROUNDINGS = 64;
/** How many times that bound a value must clear the budget by to decide the bisection steps on its side. */
const CERTAIN_MARGIN = 4;
/** The first step out from the last secant point (relative to 1 + |log z|), its growth per try, and the tries. */
const CERTIFY_STEP = 1e-12;
const CERTIFY_GROWTH = 16;
const CERTIFY_TRIES = 4;
/** Where the last certainBracket left the bisection's decided ranges (module scratch: no allocation per call). */
let certainBelow = -Infinity;
let certainAbove = Infinity;
/** The points the last certainBracket found (tests). */
export function lastCertainBracket(): { below: number; above: number } {
  return { below: certainBelow, above: certainAbove };
}

/**
 * Points that already decide the allocation's bisection on B, in certainBelow and certainAbove: spendAt(logZ) < B at
 * every logZ ≤ certainBelow, and ≥ B at every logZ ≥ certainAbove (−∞ and +∞ when none was found).
 *
 * Why a point decides: the exact spending f is non-decreasing in logZ (each entry's min(1, z^ε·q) and min(cap,
 * z^(1−ε)·S·ν) rise with z for 0 ≤ ε ≤ 1), and spendAt computes it to a relative error δ = (m + 64)·2⁻⁵²: a few
 * roundings per entry (exp's argument is at most 40 in size: its rounding moves the result by at most 40·2⁻⁵³
 * relative; exp itself by less than an ulp) and m − 1 additions of non-negative terms. A value below B(1 − 4δ) bounds
 * f there, hence f at every point to its left, hence spendAt there below B; a value above B(1 + 4δ) likewise from the
 * right. The points come from secant steps on log spending, starting at z = 1 (the 2018 intensity), and one step
 * either side of where they end, widened until it leaves the band. Only the bisection's speed depends on where they
 * fall (with none found it evaluates every step, as it did before).
 */
export function certainBracket(s: State, m: number, eps: number, S: number, cap: number, el: number, norm: number, B: number): void {
  certainBelow = -Infinity;
  certainAbove = Infinity;
  if (!(eps >= 0 && eps <= 1)) return;
  const band = CERTAIN_MARGIN * (m + SPEND_ROUNDINGS) * Number.EPSILON; // Number.EPSILON is 2⁻⁵²
  const lowB = B * (1 - band);
  const highB = B * (1 + band);
  const logB = Math.log(B);
  // Evaluates spending at x, keeps x if it decides, and returns log(spending / B) (−∞ if nothing is spent).
  const probe = (x: number): number => {
    const v = spendAt(s, m, x, eps, S, cap, el, norm);
    if (v < lowB) certainBelow = Math.max(certainBelow, x);
    else if (v > highB) certainAbove = Math.min(certainAbove, x);
    return Math.log(v) - logB;
  };
  let x0 = 0;
  let y0 = probe(x0);
  let x1 = y0 < 0 ? 1 : -1;
  let y1 = probe(x1);
  for (let k = 0; k < SECANT_STEPS; k++) {
    if (!(Number.isFinite(y0) && Number.isFinite(y1)) || y1 === y0) break;
    const x2 = Math.min(ALLOC_LOG_Z, Math.max(-ALLOC_LOG_Z, x1 - (y1 * (x1 - x0)) / (y1 - y0)));
    x0 = x1;
    y0 = y1;
    x1 = x2;
    y1 = probe(x2);
    if (Math.abs(x1 - x0) < 1e-9) break;
  }
  // Certify a point either side of the last secant point, stepping further out until one decides (or the tries run out).
  let step = CERTIFY_STEP * (1 + Math.abs(x1));
  for (let t = 0; t < CERTIFY_TRIES && certainBelow < x1 - step; t++, step *= CERTIFY_GROWTH) probe(x1 - step);
  step = CERTIFY_STEP * (1 + Math.abs(x1));
  for (let t = 0; t < CERTIFY_TRIES && certainAbove > x1 + step; t++, step *= CERTIFY_GROWTH) probe(x1 + step);
}

/**
 * 1. The allocation rule of each firm-level instrument this year. A firm's weight ω (its targeting weight's share
 * of the instrument's money, `phasePolicyAndNeeds`) and its need ν (R&D spending^needElasticity, normalised to an
 * ω-weighted mean of 1) give, for an intensity z, the selection probability min(1, z^ε × coverage × N × ω) (N the
 * eligible firms, ε `coverageElasticity`) and the amount min(awardCap × S, z^(1−ε) × S × ν) (S the typical 2018
 * award). z = 1 is the 2018 policy: the survey's coverage at the typical award. z solves
 * Σ probability × amount = budget (expected spending equals the budget) by bisection on log z. Both margins grow
 * with the budget, so neither saturates before every eligible firm is at the cap; money beyond that is placed by
 * `placeBudgets` (moved to other instruments, or saved). Selection draws are each firm's own (exact common random
 * numbers): a bigger budget selects every firm a smaller one selected, and more. Runs after `normaliseWeights`,
 * before the cluster stocks take their money (it sets `budgetNow`, which both read).
 */
export function allocate(s: State, p: Structural, pol: YearPolicy): void {
  const fx = s.fx;
  const NJ = fx.nFirm;
  const nLoc = s.nLoc;
  const NT = N_CELLS;
  const covW = s.cellAmount;
  const eps = p.coverageElasticity;
  const capMul = p.awardCap;
  const floor = p.rndFloor;
  // Pass 1: coverage weights per (location, type) cell, the need normaliser and the money each instrument can place
  // (every eligible firm at the cap; KRW bn, kept in allocAmt until pass 2).
  for (let j = 0; j < NJ; j++) {
    const k = fx.firmInstrument[j] as number;
    const S = fx.awardSize[j] as number;
    const c = (fx.coverage[j] as number) * (s.polN[k] as number);
    const el = fx.needElasticity[j] as number;
    // Stryker disable next-line EqualityOperator: equivalent (l ≤ nLoc): location nLoc's coverage weights fall past the array's end
    for (let l = 0; l < nLoc; l++) {
      const lw = (pol.locW[k * nLoc + l] as number) * (s.polScale[k * nLoc + l] as number);
      // Stryker disable next-line EqualityOperator: equivalent (t ≤ NT): cell NT is the next location's first, which that location's own pass rewrites (the last one's falls past the end)
      for (let t = 0; t < NT; t++) covW[(l * NT + t) * NJ + j] = c * lw * (pol.typeW[k * NT + t] as number);
    }
    // With c = 0 (no eligible firm) every coverage weight is 0 and the list is empty: the normaliser stays 1 and nothing can be placed.
    let norm = 1;
    const m = eligible(s, j, el, floor);
    if (el !== 0) {
      let sum = 0;
      let wsum = 0;
      for (let e = 0; e < m; e++) {
        sum += (s.allocQ[e] as number) * (s.allocPow[e] as number);
        wsum += s.allocQ[e] as number;
      }
      norm = sum > 0 ? wsum / sum : 1;
    }
    s.allocNeed[j] = norm;
    s.allocAmt[j] = spendAt(s, m, ALLOC_LOG_Z, eps, S, capMul * S, el, norm) / M_PER_BN;
  }
  placeBudgets(s, pol);
  // Pass 2: the intensity that spends each firm-level instrument's budget.
  // Stryker disable next-line EqualityOperator: equivalent (j ≤ NJ): slot NJ's budget is read past the end (NaN: skipped) and its writes fall past it
  for (let j = 0; j < NJ; j++) {
    const k = fx.firmInstrument[j] as number;
    const S = fx.awardSize[j] as number;
    const el = fx.needElasticity[j] as number;
    const norm = s.allocNeed[j] as number;
    const B = M_PER_BN * (s.budgetNow[k] as number);
    const placeable = s.allocAmt[j] as number;
    s.allocCov[j] = 0;
    s.allocAmt[j] = 0;
    if (!(B > 0) || !(placeable > 0)) continue;
    const cap = capMul * S;
    let logZ = ALLOC_LOG_Z;
    if (M_PER_BN * placeable > B) {
      const m = eligible(s, j, el, floor);
      certainBracket(s, m, eps, S, cap, el, norm, B);
      const below = certainBelow, above = certainAbove;
      let lo = -ALLOC_LOG_Z;
      let hi = ALLOC_LOG_Z;
      for (let it = 0; it < ALLOC_STEPS; it++) {
        const mid = (lo + hi) / 2;
        // The plain bisection's step (spending at mid below B: raise lo), evaluated only where certainBracket has not
        // already decided it: so the result is the plain bisection's to the last bit.
        if (mid <= below || (mid < above && spendAt(s, m, mid, eps, S, cap, el, norm) < B)) lo = mid;
        else hi = mid;
      }
      logZ = (lo + hi) / 2;
    }
    s.allocCov[j] = Math.exp(eps * logZ);
    s.allocAmt[j] = Math.exp((1 - eps) * logZ);
  }
}

/**
 * Money a firm-level instrument cannot place: its budget beyond every eligible firm at the cap (`allocate`'s pass 1,
 * in allocAmt). With `pol.reallocate` (the default) the excess moves, within the year, to the mix's other
 * instruments that pay firms or reach them nationally (firm-level instruments below their own limit, and national
 * cluster-level ones: talent, finance) in proportion to their budgets, repeatedly while a receiver reaches its limit;
 * infrastructure (a multi-year capital programme) receives none. What no instrument can take is saved. Sets
 * budgetNow (each instrument's money this year) and realloc (net money moved in, + , or out, −; they sum to 0).
 * Without reallocation budgetNow is the budget and the excess is unspent (a saving).
 */
export function placeBudgets(s: State, pol: YearPolicy): void {
  const fx = s.fx;
  const NI = fx.n;
  const now = s.budgetNow;
  const moved = s.realloc;
  // Stryker disable next-line EqualityOperator: equivalent (k ≤ NI): instrument NI's writes fall past the arrays' end
  for (let k = 0; k < NI; k++) {
    now[k] = pol.budget[k] as number;
    moved[k] = 0;
  }
  if (!pol.reallocate) return;
  // The limit of instrument k: allocAmt of its firm-level slot, or none for a cluster-level one (−1).
  const limit = (k: number): number => {
    const j = fx.firmOf[k] as number;
    // Stryker disable next-line ConditionalExpression: equivalent (false): allocAmt[−1] is undefined, which every `lim >= 0` below treats as −1
    return j < 0 ? -1 : (s.allocAmt[j] as number);
  };
  // Whether instrument k takes a share of the excess this round: a firm-level one below its limit, a national
  // cluster-level one with eligible firms (weight > 0). Shares are in proportion to budgets: one without a budget takes 0.
  const receives = (k: number): boolean => {
    const lim = limit(k);
    // Stryker disable next-line EqualityOperator: equivalent (lim > 0): a limit of 0 means no eligible firm (coverage and awards are positive), so the instrument's weight is 0 and it receives nothing either way
    if (lim >= 0)
      return (now[k] as number) < lim;
    return fx.national[k] === 1 && (s.polW[k] as number) > 0;
  };
  let excess = 0;
  // Stryker disable next-line EqualityOperator: equivalent (k ≤ NI): instrument NI has no limit (undefined) and is skipped
  for (let k = 0; k < NI; k++) {
    const lim = limit(k);
    if (!(lim >= 0)) continue; // a cluster-level instrument has no limit
    // Stryker disable next-line EqualityOperator: equivalent (≥): a budget equal to its limit adds 0 to the excess
    if ((now[k] as number) > lim) {
      excess += (now[k] as number) - lim;
      now[k] = lim;
    }
  }
  if (!(excess > 0)) return;
  const total = excess;
  // A round that leaves money over removes at least one receiver (the one that reached its limit), so at most NI
  // rounds run: the bound only guards that argument.
  // Stryker disable next-line ConditionalExpression,EqualityOperator,UpdateOperator: equivalent (true, ≤, round−−): the loop ends within NI rounds without the bound (above)
  for (let round = 0; round < NI; round++) {
    // Stryker disable next-line EqualityOperator: equivalent (≥): what is left equals the tolerance only by a coincidence of measure zero
    if (!(excess > PLACE_TOLERANCE * total)) break;
    let w = 0;
    // Stryker disable next-line EqualityOperator: equivalent (k ≤ NI): instrument NI does not receive (no limit, not national)
    for (let k = 0; k < NI; k++) if (receives(k)) w += pol.budget[k] as number;
    if (!(w > 0)) break;
    let left = 0;
    // Stryker disable next-line EqualityOperator: equivalent (k ≤ NI): instrument NI does not receive
    for (let k = 0; k < NI; k++) {
      if (!receives(k)) continue;
      const lim = limit(k);
      let v = (now[k] as number) + (excess * (pol.budget[k] as number)) / w;
      // Stryker disable next-line EqualityOperator: equivalent (lim > 0: a receiver with limit 0 cannot exist, see receives; v ≥ lim: capping at v = lim passes on 0)
      if (lim >= 0 && v > lim) {
        left += v - lim;
        v = lim;
      }
      now[k] = v;
    }
    excess = left;
  }
  // Net moves: receivers gain budgetNow − budget; donors lose their excess in proportion to the part placed.
  const placed = (total - excess) / total;
  // Stryker disable next-line EqualityOperator: equivalent (k ≤ NI): instrument NI's write falls past the array's end
  for (let k = 0; k < NI; k++) {
    const b = pol.budget[k] as number;
    const d = (now[k] as number) - b;
    // Stryker disable next-line EqualityOperator: equivalent (d ≥ 0): at d = 0 both give 0
    moved[k] = d > 0 ? d : d * placed;
  }
}

/**
 * log(1 + e^x) without overflow: the hazard H = −log(1 − p) of a probability p = logistic(x). Tie formation and
 * first revenue use hazards: H without support, and per firm-level instrument j the hazard κ_j = H(x + effect_j) −
 * H(x) a typical 2018 award adds; a firm's probability is 1 − exp(−H − Σ_j dose_j × κ_j). A typical award gives
 * exactly the log-odds effect, each instrument is an independent extra chance, and the probability is concave in
 * the dose — diminishing returns in probability, not only in log-odds (where the logistic's convexity at low base
 * probabilities would make a concave dose's effect on the outcome convex).
 */
export function softplus(x: number): number {
  // Stryker disable next-line EqualityOperator: equivalent (x ≥ 0): at x = 0 both branches give log1p(1)
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

/** A pre-revenue firm's first-revenue hazard: the location's base plus each instrument's dose × its hazard (table at offset o). */
export function revenueHazard(tab: Float64Array, o: number, support: Float64Array, i: number, NJ: number, bits: number, sizeOf: Float64Array, peakOf: Float64Array): number {
  let h = tab[o] as number;
  if (bits !== 0)
    for (let j = 0; j < NJ; j++) {
      const a = support[i * NJ + j] as number;
      // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent (true, a ≥ 0): an unpaid instrument's dose(0) is 0 and adds hazard × 0
      if (a > 0) h += (tab[o + 1 + j] as number) * dose(a, sizeOf[j] as number, peakOf[j] as number);
    }
  return h;
}


/**
 * The year's per-location tables (`phaseFirms` reads them): exit probabilities for every EXIT_CASES flag
 * combination (negative cash, young, falling sales, in-house research); tie formation's hazard −log(1 − p) before
 * support and the hazard a typical award of each firm-level instrument adds, [loc × (1 + nFirm) + 0 | 1 + j]; the
 * same for a first revenue per (in-house research r, innovated k), [((loc × 2 + r) × 2 + k) × (1 + nFirm) + …].
 * Infrastructure's effects need in-house researchers (absorptive capacity): a firm without them gets
 * `infraNoResearchShare` of them.
 */
export function yearTables(s: State, p: Structural): void {
  const { infraScore, network, pExit, pTie, pRevenue, tieBase } = s;
  const fx = s.fx;
  const NJ = fx.nFirm;
  const W1 = NJ + 1;
  const tieOf = fx.tieOdds, revOf = fx.revenueOdds;
  const exitBase = Math.log(p.exitBase / (1 - p.exitBase));
  const noResearch = p.infraNoResearchShare;
  // The loop bounds below are marked: one step past a bound writes either past a table's end (ignored) or into the
  // next location's (or next case's) first entry, which that location's (or case's) own step then rewrites.
  // Stryker disable next-line EqualityOperator: equivalent (l ≤ nLoc): see above
  for (let l = 0; l < s.nLoc; l++) {
    const sc = infraScore[l] as number;
    // Stryker disable next-line EqualityOperator: equivalent (k ≤ EXIT_CASES): see above
    for (let k = 0; k < EXIT_CASES; k++) {
      pExit[l * EXIT_CASES + k] = logistic(exitBase + (k & 1 ? p.exitCash : 0) + (k & 2 ? p.exitYoung : 0) + (k & 4 ? p.exitFalling : 0) - (k & 8 ? 1 : noResearch) * p.exitInfra * sc);
    }
    const tb = (tieBase[l] as number) + p.tieNetwork * (network[l] as number);
    const h = softplus(tb);
    pTie[l * W1] = h;
    // Stryker disable next-line EqualityOperator: equivalent (j ≤ NJ): see above
    for (let j = 0; j < NJ; j++) pTie[l * W1 + 1 + j] = softplus(tb + (tieOf[j] as number)) - h;
    // Stryker disable next-line EqualityOperator: equivalent (r ≤ 2): see above
    for (let r = 0; r < 2; r++)
      // Stryker disable next-line EqualityOperator: equivalent (k ≤ 2): see above
      for (let k = 0; k < 2; k++) {
        const rb = p.revenueBase + (k & 1 ? p.revenueInnovation : 0) + (r === 1 ? 1 : noResearch) * p.revenueInfra * sc;
        const hr = softplus(rb);
        const o = ((l * 2 + r) * 2 + k) * W1;
        pRevenue[o] = hr;
        // Stryker disable next-line EqualityOperator: equivalent (j ≤ NJ): see above
        for (let j = 0; j < NJ; j++) pRevenue[o + 1 + j] = softplus(rb + (revOf[j] as number)) - hr;
      }
  }
}
