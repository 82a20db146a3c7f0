/**
 * The scenario lab: which assumptions a conclusion hangs on, how sure it is,
 * and which budget split is best.
 *
 * - `morris`: elementary-effects screening (Morris 1991; μ* of Campolongo et
 *   al. 2007) of an outcome to structural parameters and policy levers.
 * - `modelSobol`: first-order and total Sobol indices of the outcome (Saltelli
 *   design, bootstrap intervals, warnings when an interval leaves [0, 1]).
 * - `varianceSources`: the outcome's variance split into coefficient
 *   uncertainty, agent randomness and structural parameters (MODEL.md §5).
 * - `robustness`: the probability that mix A beats mix B per cluster, over all
 *   three sources, and where in the parameter space it does not.
 * - `optimiseShares`: the budget-neutral split over the six instruments that
 *   maximises an objective under common random numbers.
 *
 * Every evaluation runs the model with a replicate seed shared across sample
 * points (common random numbers), so differences come from the factors, not
 * from fresh noise.
 */
import { UserError } from "../errors";
import { mean, quantile, sampleVariance, sum } from "../stats";
import { INSTRUMENTS } from "../model/instruments";
import { metricsFor } from "../model/collect";
import { PARAMETERS, STRUCTURAL_KEYS, STRUCTURAL_RANGES, type Structural } from "../model/params";
import type { PolicyMix } from "../model/policy";
import { runReplicate, replicateStructural } from "../model/run";
import type { ModelSetup } from "../model/types";
import { rngFromSeed, deriveSeed, gamma } from "../random";
import { saltelliDesign, sobolIndices, type SobolResult } from "../sensitivity/sobol";

/** What is measured: a metric in a location, at the horizon ("level") or summed over the years ("sum"). */
export interface Outcome {
  metric: string;
  location?: string;
  mode?: "level" | "sum";
}

/** A factor of the sensitivity analysis: a structural parameter or a policy lever, varied over [low, high]. */
export interface Factor {
  name: string;
  kind: "structural" | "lever";
  low: number;
  high: number;
}

/**
 * Levers: the budget as a multiple of the mix's, 0 (no policy) to 3 (issue 14: users set 0–3× today's budget), and
 * the infrastructure share (the other shares scaled to fit).
 */
export const LEVERS: Factor[] = [
  { name: "budget multiple", kind: "lever", low: 0, high: 3 },
  { name: "infrastructure share", kind: "lever", low: 0.1, high: 0.6 },
];

/** Default factors: the structural parameters drawn under structural uncertainty, then the two levers. */
export function defaultFactors(): Factor[] {
  return [
    ...(Object.entries(STRUCTURAL_RANGES) as Array<[keyof Structural, [number, number]]>).map(([name, [low, high]]) => ({ name, kind: "structural" as const, low, high })),
    ...LEVERS,
  ];
}

/** Every structural parameter over its documented range, then the two levers (for screening all of them). */
export function allFactors(): Factor[] {
  return [...STRUCTURAL_KEYS.map((name) => ({ name, kind: "structural" as const, low: PARAMETERS[name].range[0], high: PARAMETERS[name].range[1] })), ...LEVERS];
}

export interface LabOptions {
  years: number;
  seed: string | number;
  outcome: Outcome;
  factors?: Factor[];
}

/** The setup's instrument ids and metric names (cached per setup). */
const METRICS_OF = new WeakMap<ModelSetup, string[]>();
function instrumentIds(setup: ModelSetup): string[] {
  return setup.instruments.map((i) => i.id);
}
function metricsOf(setup: ModelSetup): string[] {
  let m = METRICS_OF.get(setup);
  if (m === undefined) {
    m = metricsFor(instrumentIds(setup));
    METRICS_OF.set(setup, m);
  }
  return m;
}

function outcomeValue(setup: ModelSetup, cube: Float64Array, years: number, o: Outcome): number {
  const locs = [...setup.clusterIds, "none", "all"];
  const l = locs.indexOf(o.location ?? "all");
  const metrics = metricsOf(setup);
  const m = metrics.indexOf(o.metric);
  if (l < 0) throw new UserError(`Unknown location "${o.location}".`, { hint: `Locations: ${locs.join(", ")}.` });
  if (m < 0) throw new UserError(`Unknown metric "${o.metric}".`, { hint: `Metrics: ${metrics.join(", ")}.` });
  const at = (y: number) => cube[(y * locs.length + l) * metrics.length + m] as number;
  if (o.mode === "sum") {
    let s = 0;
    for (let y = 1; y <= years; y++) s += at(y);
    return s;
  }
  return at(years);
}

/** The mix at a point of the factor space (levers change it; structural factors go to the parameters). */
function applyFactors(mix: PolicyMix, factors: readonly Factor[], u: ArrayLike<number>, instruments: readonly string[]): { mix: PolicyMix; structural: Partial<Structural> } {
  const structural: Partial<Structural> = {};
  let m: PolicyMix = mix;
  factors.forEach((f, i) => {
    const v = f.low + (f.high - f.low) * (u[i] as number);
    if (f.kind === "structural") (structural as Record<string, number>)[f.name] = v;
    else if (f.name === "budget multiple") {
      const b = m.budget.krwBn;
      m = { ...m, budget: { krwBn: typeof b === "number" ? b * v : b.map((x) => x * v) } };
    } else if (f.name === "infrastructure share") m = withInfrastructureShare(m, v, instruments);
    else throw new UserError(`Unknown lever "${f.name}".`, { hint: `Levers: ${LEVERS.map((x) => x.name).join(", ")}.` });
  });
  return { mix: m, structural };
}

/** A mix with the infrastructure share set to `v`, the other instruments scaled to keep their proportions. */
export function withInfrastructureShare(mix: PolicyMix, v: number, instruments: readonly string[] = INSTRUMENTS): PolicyMix {
  if (mix.shares === "survey-demand") throw new UserError("The infrastructure-share lever needs explicit shares, not survey-demand.");
  const s = mix.shares as Record<string, number>;
  const others = instruments.filter((i) => i !== "infrastructure");
  const rest = sum(others.map((i) => s[i] ?? 0));
  const shares = Object.fromEntries(instruments.map((i) => [i, i === "infrastructure" ? v : rest > 0 ? ((s[i] ?? 0) * (1 - v)) / rest : (1 - v) / others.length]));
  return { ...mix, shares };
}

/** Evaluates the outcome at factor point u with agent replicate r (coefficients at their estimates). Sweeps evaluate points through it too. */
export function evaluate(setup: ModelSetup, mix: PolicyMix, o: LabOptions, factors: readonly Factor[], u: ArrayLike<number>, r: number): number {
  const { mix: m, structural } = applyFactors(mix, factors, u, instrumentIds(setup));
  const { cube } = runReplicate(setup, m, { years: o.years, seed: o.seed, replicate: r, paramUncertainty: false, structural });
  return outcomeValue(setup, cube, o.years, o.outcome);
}

export interface MorrisRow {
  factor: string;
  /** Mean of the absolute elementary effects (importance). */
  muStar: number;
  /** Mean of the elementary effects (direction). */
  mu: number;
  /** Standard deviation of the elementary effects (non-linearity or interactions). */
  sigma: number;
}

/**
 * Morris screening: `trajectories` one-at-a-time paths on a `levels`-level
 * grid; elementary effects scaled to the factor's full range.
 */
export function morris(setup: ModelSetup, mix: PolicyMix, o: LabOptions & { trajectories?: number; levels?: number }): MorrisRow[] {
  const factors = o.factors ?? defaultFactors();
  const k = factors.length;
  const p = o.levels ?? 4;
  const delta = p / (2 * (p - 1));
  const rng = rngFromSeed(deriveSeed(o.seed, "morris"));
  const effects: number[][] = factors.map(() => []);
  const T = o.trajectories ?? 10;
  for (let t = 0; t < T; t++) {
    const x = Float64Array.from({ length: k }, () => (Math.floor(rng() * (p / 2)) / (p - 1)));
    const order = Array.from({ length: k }, (_, i) => i).sort(() => rng() - 0.5);
    let y = evaluate(setup, mix, o, factors, x, 0);
    for (const i of order) {
      const up = (x[i] as number) + delta <= 1;
      x[i] = (x[i] as number) + (up ? delta : -delta);
      const y2 = evaluate(setup, mix, o, factors, x, 0);
      (effects[i] as number[]).push((up ? y2 - y : y - y2) / delta);
      y = y2;
    }
  }
  return factors.map((f, i) => {
    const e = effects[i] as number[];
    const mu = mean(e);
    return {
      factor: f.name,
      muStar: e.reduce((a, b) => a + Math.abs(b), 0) / e.length,
      mu,
      sigma: Math.sqrt(e.reduce((a, b) => a + (b - mu) ** 2, 0) / Math.max(1, e.length - 1)),
    };
  });
}

/** Sobol indices of the outcome to the factors, on the model ((k + 2)·N runs). */
export function modelSobol(setup: ModelSetup, mix: PolicyMix, o: LabOptions & { n?: number; bootstrap?: number }): SobolResult & { runs: number } {
  const factors = o.factors ?? defaultFactors();
  const n = o.n ?? 64;
  const d = saltelliDesign(n, factors.length, rngFromSeed(deriveSeed(o.seed, "model-sobol")));
  const f = (u: Float64Array) => evaluate(setup, mix, o, factors, u, 0);
  const res = sobolIndices(d.A.map(f), d.B.map(f), d.AB.map((m) => m.map(f)), factors.map((x) => x.name), { bootstrap: o.bootstrap ?? 300, seed: o.seed });
  return { ...res, runs: (factors.length + 2) * n };
}

export interface VarianceSources {
  /** Variance with every source on, and with one source at a time. */
  total: number;
  coefficients: number;
  agents: number;
  structural: number;
  /** Data uncertainty (the baseline drawn from the ranges of imputed and synthetic cells): 0 unless `data` was given. */
  data: number;
  /** Each source's variance as a share of the sum of the sources (interactions aside). */
  shares: { coefficients: number; agents: number; structural: number; data: number };
  replicates: number;
}

/**
 * Splits the outcome's spread into its sources by running R replicates with
 * one source varying at a time (the others at their point values / a fixed
 * agent seed), and all together. With `data` (the model of each baseline draw,
 * e.g. `dataSetups(...)`), data uncertainty is a fourth source, kept apart.
 */
export function varianceSources(setup: ModelSetup, mix: PolicyMix, o: LabOptions & { replicates?: number; data?: (r: number) => ModelSetup }): VarianceSources {
  const R = o.replicates ?? 40;
  const run = (r: number, coef: boolean, agents: boolean, structural: boolean, data: boolean) => {
    const model = data && o.data ? o.data(r) : setup;
    const { cube } = runReplicate(model, mix, {
      years: o.years,
      seed: o.seed,
      replicate: agents ? r : 0,
      coefficientReplicate: r,
      structuralReplicate: r,
      paramUncertainty: coef,
      structuralUncertainty: structural,
    });
    return outcomeValue(model, cube, o.years, o.outcome);
  };
  const series = (c: boolean, a: boolean, s: boolean, d: boolean) => Array.from({ length: R }, (_, r) => run(r, c, a, s, d));
  const coefficients = sampleVariance(series(true, false, false, false));
  const agents = sampleVariance(series(false, true, false, false));
  const structural = sampleVariance(series(false, false, true, false));
  const data = o.data ? sampleVariance(series(false, false, false, true)) : 0;
  const total = sampleVariance(series(true, true, true, o.data !== undefined));
  const sum = coefficients + agents + structural + data || 1;
  return { total, coefficients, agents, structural, data, shares: { coefficients: coefficients / sum, agents: agents / sum, structural: structural / sum, data: data / sum }, replicates: R };
}

export interface RobustnessRow {
  cluster: string;
  /** Probability (over replicates drawing all three sources) that A's outcome exceeds B's. */
  pAWins: number;
  meanDifference: number;
}

export interface RegionRow {
  parameter: string;
  /** P(A beats B) when the parameter is in the lower / upper half of its range. */
  pLow: number;
  pHigh: number;
  /** Whether A fails to beat B (P < 0.5) in part of the range. */
  fragile: boolean;
}

/** How robust is "A beats B"? Per cluster, and where in the parameter space it stops holding (national outcome). */
export function robustness(setup: ModelSetup, a: PolicyMix, b: PolicyMix, o: LabOptions & { replicates?: number }): { clusters: RobustnessRow[]; region: RegionRow[] } {
  const R = o.replicates ?? 60;
  const locs = [...setup.clusterIds, "all"];
  const diffs: number[][] = locs.map(() => []);
  const national: number[] = [];
  const draws: Structural[] = [];
  for (let r = 0; r < R; r++) {
    const opts = { years: o.years, seed: o.seed, replicate: r, paramUncertainty: true, structuralUncertainty: true };
    const ca = runReplicate(setup, a, opts).cube;
    const cb = runReplicate(setup, b, opts).cube;
    locs.forEach((l, i) => (diffs[i] as number[]).push(outcomeValue(setup, ca, o.years, { ...o.outcome, location: l }) - outcomeValue(setup, cb, o.years, { ...o.outcome, location: l })));
    national.push(diffs[diffs.length - 1]?.at(-1) as number);
    draws.push(replicateStructural(o.seed, r, true));
  }
  const clusters = locs.map((l, i) => {
    const d = diffs[i] as number[];
    return { cluster: l, pAWins: d.filter((x) => x > 0).length / d.length, meanDifference: d.reduce((s, x) => s + x, 0) / d.length };
  });
  const region = (Object.entries(STRUCTURAL_RANGES) as Array<[keyof Structural, [number, number]]>).map(([name]) => {
    const vals = draws.map((d) => d[name]);
    const med = quantile(vals, 0.5);
    const lowIdx = vals.map((v, i) => (v <= med ? i : -1)).filter((i) => i >= 0);
    const highIdx = vals.map((v, i) => (v > med ? i : -1)).filter((i) => i >= 0);
    const p = (idx: number[]) => (idx.length ? idx.filter((i) => (national[i] as number) > 0).length / idx.length : NaN);
    const pLow = p(lowIdx);
    const pHigh = p(highIdx);
    return { parameter: name, pLow, pHigh, fragile: pLow < 0.5 || pHigh < 0.5 };
  });
  return { clusters, region };
}

export interface OptimiseResult {
  shares: Record<string, number>;
  /** Mean objective of the optimum over the final replicates, with its 5–95 % interval. */
  value: number;
  low: number;
  high: number;
  /**
   * Paired comparison of the optimum with each preset on the final (fresh) replicates, and both on the search
   * replicates (`searchValue`, `searchPresetValue`). On the search replicates the optimum is at least as good as
   * every preset by construction (the search starts from them); on fresh replicates it can lose — the winner's
   * curse of choosing among noisy scores — and `meanGain` with its spread says by how much.
   */
  versus: Array<{ mix: string; value: number; meanGain: number; gainLow: number; gainHigh: number; searchValue: number; searchPresetValue: number }>;
  evaluations: number;
  method: string;
}

/**
 * Maximises f over the simplex of k shares: random multistart (Dirichlet
 * draws plus the given starting points), then hill climbing by moving δ of
 * budget between every ordered pair of instruments, halving δ (0.1 → 0.0125)
 * when no move helps. Deterministic given the seed; works on noisy objectives
 * when f uses common random numbers.
 */
export function optimiseSimplex(f: (s: Float64Array) => number, k: number, o: { starts?: Float64Array[]; random?: number; seed?: string | number; minStep?: number } = {}): { best: Float64Array; value: number; evaluations: number } {
  const rng = rngFromSeed(deriveSeed(o.seed ?? "optimise", "starts"));
  const cands = [...(o.starts ?? [])];
  for (let i = 0; i < (o.random ?? 12); i++) {
    const g = Float64Array.from({ length: k }, () => gamma(rng, 1));
    const s = sum(g);
    cands.push(g.map((x) => x / s));
  }
  let evaluations = 0;
  const F = (s: Float64Array) => {
    evaluations++;
    return f(s);
  };
  let best = cands[0] as Float64Array;
  let value = -Infinity;
  for (const c of cands) {
    const v = F(c);
    if (v > value) {
      value = v;
      best = c;
    }
  }
  for (let step = 0.1; step >= (o.minStep ?? 0.0125); step /= 2) {
    let improved = true;
    while (improved) {
      improved = false;
      let bestMove: Float64Array | null = null;
      let bestVal = value;
      for (let i = 0; i < k; i++)
        for (let j = 0; j < k; j++) {
          if (i === j || (best[j] as number) < 1e-12) continue;
          const d = Math.min(step, best[j] as number);
          const s = Float64Array.from(best);
          s[i] = (s[i] as number) + d;
          s[j] = (s[j] as number) - d;
          const v = F(s);
          if (v > bestVal + 1e-12) {
            bestVal = v;
            bestMove = s;
          }
        }
      if (bestMove) {
        best = bestMove;
        value = bestVal;
        improved = true;
      }
    }
  }
  return { best, value, evaluations };
}

/**
 * The budget-neutral split of the six instruments that maximises the mean
 * outcome over `replicates` common-random-number replicates, starting from the
 * presets; then a fresh set of `finalReplicates` compares the optimum with
 * every preset (paired) and gives its value's interval.
 */
export function optimiseShares(setup: ModelSetup, presets: readonly PolicyMix[], o: LabOptions & { replicates?: number; finalReplicates?: number; random?: number; minStep?: number; budget?: number }): OptimiseResult {
  const R = o.replicates ?? 8;
  const budget = o.budget ?? (presets[0]?.budget.krwBn as number) ?? 300;
  const ids = instrumentIds(setup);
  // National instruments' cluster share: the first preset's (the presets share the 2018 split), so a split the search
  // scores is the same policy as the preset it starts from.
  const clusterShare = presets[0]?.clusterShare;
  const mixOf = (s: ArrayLike<number>): PolicyMix => ({ name: "optimum", budget: { krwBn: budget }, shares: Object.fromEntries(ids.map((i, k) => [i, s[k] as number])), ...(clusterShare ? { clusterShare } : {}) });
  const valueOf = (m: PolicyMix, reps: number[], paramUncertainty: boolean) =>
    reps.map((r) => outcomeValue(setup, runReplicate(setup, m, { years: o.years, seed: o.seed, replicate: r, paramUncertainty }).cube, o.years, o.outcome));
  const search = Array.from({ length: R }, (_, r) => r);
  const starts = presets.filter((p) => p.shares !== "survey-demand").map((p) => Float64Array.from(ids.map((i) => (p.shares as Record<string, number>)[i] ?? 0)));
  const { best, evaluations } = optimiseSimplex((s) => mean(valueOf(mixOf(s), search, true)), ids.length, {
    starts,
    random: o.random ?? 8,
    seed: o.seed,
    minStep: o.minStep ?? 0.025,
  });
  const final = Array.from({ length: o.finalReplicates ?? 40 }, (_, r) => 1000 + r); // fresh replicates for an honest interval
  const opt = valueOf(mixOf(best), final, true);
  const searchValue = mean(valueOf(mixOf(best), search, true));
  const versus = presets.map((p) => {
    const v = valueOf({ ...p, budget: { krwBn: budget } }, final, true);
    const g = opt.map((x, i) => x - (v[i] as number));
    const searchPresetValue = mean(valueOf({ ...p, budget: { krwBn: budget } }, search, true));
    return { mix: p.name, value: mean(v), meanGain: mean(g), gainLow: quantile(g, 0.05), gainHigh: quantile(g, 0.95), searchValue, searchPresetValue };
  });
  return {
    shares: Object.fromEntries(ids.map((i, k) => [i, best[k] as number])),
    value: mean(opt),
    low: quantile(opt, 0.05),
    high: quantile(opt, 0.95),
    versus,
    evaluations,
    method: `multistart (presets + ${o.random ?? 8} random splits) and pairwise-transfer hill climbing on the budget simplex, each split scored by the mean over ${R} common-random-number replicates; the optimum is then re-evaluated on ${final.length} fresh replicates against every preset`,
  };
}

