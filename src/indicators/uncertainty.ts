/**
 * How much does a ranking depend on the methodological choices? A Monte Carlo
 * over four choices, each drawn from one uniform number:
 *
 * | factor | values |
 * |---|---|
 * | normalisation | minmax, zscore, rank (equally likely) |
 * | weights | each pillar weight × U(1 − j, 1 + j), j = 0.25 by default, renormalised |
 * | aggregation | arithmetic, geometric |
 * | dropped indicator | none, or any one indicator (equally likely) |
 *
 * A geometric mean needs positive inputs, so under it every normalised
 * indicator is first rescaled to [1, 100] (order-preserving). `uncertainty`
 * gives each unit's median rank and 5–95 % rank interval; `sensitivity`
 * gives first-order and total Sobol indices of each unit's rank and of the
 * mean absolute rank shift (how much the whole ranking moves), with
 * bootstrap intervals.
 */
import { stream } from "../random";
import { sobolIndices, saltelliDesign, type SobolResult } from "../sensitivity/sobol";
import { aggregateScores, normaliseAll, prepare, resolveWeights, type PreparedData, type WideRow } from "./build";
import { competitionRanks, type Vec } from "./methods";
import { median, sum } from "../stats";
import { AGGREGATIONS, parseRecipe, recipeIndicators, type Aggregation, type Normalisation, type Recipe, type RecipeInput } from "./recipe";

export const FACTORS = ["normalisation", "weights", "aggregation", "dropped indicator"] as const;

export interface UncertaintyOptions {
  samples?: number;
  seed?: string | number;
  normalisations?: Normalisation[];
  aggregations?: Aggregation[];
  /** Relative jitter of pillar weights (0.25 → ×U(0.75, 1.25)). */
  weightJitter?: number;
  /** Whether one indicator may be dropped. */
  dropIndicator?: boolean;
}

interface Engine {
  units: string[];
  nominal: Int32Array;
  /** Ranks for one point u ∈ [0, 1)^4. */
  ranks(u: ArrayLike<number>): Int32Array;
  describe(u: ArrayLike<number>): { normalisation: Normalisation; aggregation: Aggregation; dropped: string | null };
}

function engine(rows: readonly WideRow[], recipeInput: Recipe | RecipeInput, o: UncertaintyOptions): Engine {
  const recipe = parseRecipe(recipeInput);
  const data: PreparedData = prepare(rows, recipe);
  const norms = o.normalisations ?? (["minmax", "zscore", "rank"] as Normalisation[]);
  const aggs = o.aggregations ?? [...AGGREGATIONS];
  const jitter = o.weightJitter ?? 0.25;
  const indicators = recipeIndicators(recipe);
  const drops = o.dropIndicator === false ? [null] : [null, ...indicators];
  const cache = new Map<Normalisation, Map<string, Vec>>();
  const normalised = (m: Normalisation) => {
    let c = cache.get(m);
    if (!c) {
      c = normaliseAll(data, recipe, m, m === "minmax" ? recipe.normalise.range : undefined);
      cache.set(m, c);
    }
    return c;
  };
  const base = resolveWeights(recipe, normalised(recipe.normalise.method));
  // A fixed table of perturbed pillar-weight vectors, indexed by the weights factor.
  const rng = stream(o.seed ?? "index-uncertainty", "weights-table");
  const table = Array.from({ length: 1024 }, () => {
    const w = base.pillarList.map((x) => x * (1 - jitter + 2 * jitter * rng()));
    const s = sum(w);
    return w.map((x) => x / s);
  });
  const pick = <T>(xs: readonly T[], u: number) => xs[Math.min(xs.length - 1, Math.floor(u * xs.length))] as T;
  const describe = (u: ArrayLike<number>) => ({
    normalisation: pick(norms, u[0] as number),
    aggregation: pick(aggs, u[2] as number),
    dropped: pick(drops, u[3] as number),
  });
  const ranks = (u: ArrayLike<number>) => {
    const d = describe(u);
    const { scores } = aggregateScores(recipe, normalised(d.normalisation), {
      normalisation: d.normalisation,
      aggregation: d.aggregation,
      pillarWeights: pick(table, u[1] as number),
      indicatorWeights: base.indicatorLists,
      drop: new Set(d.dropped ? [d.dropped] : []),
      positive: d.aggregation === "geometric",
    });
    return competitionRanks(scores);
  };
  const { scores } = aggregateScores(recipe, normalised(recipe.normalise.method), {
    normalisation: recipe.normalise.method,
    aggregation: recipe.aggregate.method,
    pillarWeights: base.pillarList,
    indicatorWeights: base.indicatorLists,
  });
  return { units: data.units, nominal: competitionRanks(scores), ranks, describe };
}

export interface RankInterval {
  unit: string;
  /** Rank under the recipe as written. */
  nominal: number;
  median: number;
  /** 5th and 95th percentiles (nearest rank) of the rank over the Monte Carlo. */
  low: number;
  high: number;
}

export interface IndexUncertainty {
  samples: number;
  seed: string | number;
  ranks: RankInterval[];
  /** ranks[s][u]: rank of unit u in sample s. */
  draws: Int32Array[];
}

/** Monte Carlo over the methodological choices: each unit's median rank and 5–95 % interval. */
export function uncertainty(rows: readonly WideRow[], recipe: Recipe | RecipeInput, o: UncertaintyOptions = {}): IndexUncertainty {
  const e = engine(rows, recipe, o);
  const samples = o.samples ?? 1000;
  const seed = o.seed ?? "index-uncertainty";
  const rng = stream(seed, "monte-carlo");
  const draws = Array.from({ length: samples }, () => e.ranks([rng(), rng(), rng(), rng()]));
  const ranks = e.units.map((unit, i) => {
    const r = draws.map((d) => d[i] as number);
    return { unit, nominal: e.nominal[i] as number, median: median(r), low: nearestRank(r, 0.05), high: nearestRank(r, 0.95) };
  });
  return { samples, seed, ranks, draws };
}

/** Nearest-rank percentile (the smallest value with at least p of the sample at or below it): an actual rank, never 4.05. */
function nearestRank(x: readonly number[], p: number): number {
  const s = [...x].sort((a, b) => a - b);
  return s[Math.max(0, Math.ceil(p * s.length) - 1)] as number;
}

export interface IndexSensitivity {
  factors: readonly string[];
  /** Sensitivity of the mean absolute rank shift against the nominal ranking. */
  overall: SobolResult;
  /** Sensitivity of each unit's rank. */
  byUnit: Record<string, SobolResult>;
}

/**
 * Sobol indices of the ranking to each methodological choice, from a Saltelli
 * design of N base samples ((k + 2)·N index builds).
 */
export function sensitivity(rows: readonly WideRow[], recipe: Recipe | RecipeInput, o: UncertaintyOptions & { bootstrap?: number } = {}): IndexSensitivity {
  const e = engine(rows, recipe, o);
  const n = o.samples ?? 512;
  const seed = o.seed ?? "index-sensitivity";
  const d = saltelliDesign(n, FACTORS.length, stream(seed, "saltelli"));
  const rA = d.A.map(e.ranks);
  const rB = d.B.map(e.ranks);
  const rAB = d.AB.map((m) => m.map(e.ranks));
  const shift = (r: Int32Array) => {
    let s = 0;
    for (let i = 0; i < r.length; i++) s += Math.abs((r[i] as number) - (e.nominal[i] as number));
    return s / r.length;
  };
  const opts = { bootstrap: o.bootstrap ?? 300, seed };
  const overall = sobolIndices(rA.map(shift), rB.map(shift), rAB.map((m) => m.map(shift)), FACTORS, opts);
  const byUnit = Object.fromEntries(
    e.units.map((u, i) => [
      u,
      sobolIndices(
        rA.map((r) => r[i] as number),
        rB.map((r) => r[i] as number),
        rAB.map((m) => m.map((r) => r[i] as number)),
        FACTORS,
        opts,
      ),
    ]),
  );
  return { factors: FACTORS, overall, byUnit };
}
