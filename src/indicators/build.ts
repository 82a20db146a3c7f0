/**
 * `build(data, recipe)`: the composite index. Pure and fast — the simulator
 * recomputes it on simulated futures — and the result carries its recipe.
 *
 * Steps: check the data against the recipe → impute missing values (reported)
 * → treat outliers (optional) → normalise each indicator (direction −1 flips
 * it) → weight (given / equal / AHP / PCA, normalised within each level) →
 * aggregate indicators into pillar scores, then pillars into the index
 * (arithmetic or geometric) → rank (1 = best).
 */
import { UserError } from "../errors";
import { parseNumber } from "../data/csv";
import { ahpWeights, arithmetic, competitionRanks, geometric, normalise, normaliseWeights, pcaWeights, winsorise, type AhpResult, type Vec } from "./methods";
import { mean, median } from "../stats";
import { parseRecipe, recipeIndicators, type Aggregation, type Imputation, type Normalisation, type Recipe, type RecipeInput } from "./recipe";

/** Wide data: one row per unit, one column per indicator (plus the unit column and any grouping columns). */
export type WideRow = Record<string, unknown>;

/** Data checked against a recipe: one Float64Array per indicator (missing values imputed). */
export interface PreparedData {
  units: string[];
  raw: Map<string, Vec>;
  imputed: ImputedCell[];
  winsorised: Record<string, number>;
}

export interface ImputedCell {
  unit: string;
  indicator: string;
  value: number;
  method: Imputation;
}

export interface IndexWeights {
  pillars: Record<string, number>;
  indicators: Record<string, Record<string, number>>;
  /** AHP consistency, when AHP weights were used. */
  ahp?: { pillars?: AhpResult; indicators?: Record<string, AhpResult> };
}

export interface IndexResult {
  recipe: Recipe;
  units: string[];
  imputed: ImputedCell[];
  winsorised: Record<string, number>;
  /** Normalised indicator values, indicator → one value per unit (in `units` order). */
  normalised: Record<string, number[]>;
  weights: IndexWeights;
  /** Pillar scores, pillar → unit → score. */
  pillars: Record<string, Record<string, number>>;
  scores: Record<string, number>;
  /** 1 = best; ties share the better rank. */
  ranks: Record<string, number>;
}

function cellNumber(v: unknown): number | null | undefined {
  if (v === null || v === undefined || v === "") return null;
  if (typeof v === "number") return Number.isFinite(v) ? v : undefined;
  if (typeof v === "string") {
    const n = parseNumber(v);
    return n === null ? undefined : n;
  }
  return undefined;
}

/** Checks the data against the recipe and imputes and treats values as the recipe says. */
export function prepare(rows: readonly WideRow[], recipe: Recipe, source = "data"): PreparedData {
  if (rows.length < 2) throw new UserError(`The data has ${rows.length} unit(s); an index needs at least two to compare.`, { location: { file: source } });
  const unitCol = recipe.unit;
  if (!(unitCol in (rows[0] as WideRow))) {
    throw new UserError(`The data has no column "${unitCol}", which the recipe names as its unit column.`, {
      location: { file: source },
      hint: `Set "unit" in the recipe to one of: ${Object.keys(rows[0] as WideRow).join(", ")}.`,
    });
  }
  const units = rows.map((r, i) => {
    const u = r[unitCol];
    if (u === null || u === undefined || String(u).trim() === "") throw new UserError(`Unit ${i + 1} has no id in column "${unitCol}".`, { location: { file: source, row: i + 2, column: unitCol } });
    return String(u);
  });
  const firstRow = new Map<string, number>();
  units.forEach((u, i) => {
    const first = firstRow.get(u);
    if (first !== undefined) throw new UserError(`Unit "${u}" appears twice (data rows ${first + 1} and ${i + 1}).`, { location: { file: source, column: unitCol }, hint: "Each unit needs one row." });
    firstRow.set(u, i);
  });

  const available = Object.keys(rows[0] as WideRow).filter((c) => c !== unitCol);
  const raw = new Map<string, Vec>();
  const imputed: ImputedCell[] = [];
  const method: Imputation = recipe.impute?.method ?? "none";
  for (const id of recipeIndicators(recipe)) {
    if (!available.includes(id)) {
      throw new UserError(`The recipe uses indicator "${id}", which is not a column of the data.`, {
        location: { file: source },
        hint: `Columns in the data: ${available.join(", ")}.`,
      });
    }
    const vals = rows.map((r, i) => {
      const v = cellNumber(r[id]);
      if (v === undefined) {
        throw new UserError(`${JSON.stringify(r[id])} is not a number; every indicator must be numeric (empty for missing).`, {
          location: { file: source, row: i + 2, column: id },
        });
      }
      return v;
    });
    const missing = vals.map((v, i) => (v === null ? i : -1)).filter((i) => i >= 0);
    if (missing.length > 0) {
      if (method === "none") {
        throw new UserError(`Indicator "${id}" is missing for ${missing.map((i) => units[i]).join(", ")}.`, {
          location: { file: source, column: id },
          hint: 'Fill the gaps, or add "impute": {"method": "median"} (or mean, group_mean, group_median) to the recipe.',
        });
      }
      const known = vals.filter((v): v is number => v !== null);
      if (known.length === 0) throw new UserError(`Indicator "${id}" has no values at all.`, { location: { file: source, column: id }, hint: "Drop it from the recipe." });
      const grouped = method === "group_mean" || method === "group_median";
      const g = recipe.impute?.group as string;
      if (grouped && !(g in (rows[0] as WideRow))) throw new UserError(`impute.group "${g}" is not a column of the data.`, { location: { file: source } });
      // Known values by group, built once (O(n)), not once per missing cell.
      const byGroup = new Map<unknown, number[]>();
      if (grouped) vals.forEach((v, k) => v !== null && (byGroup.get((rows[k] as WideRow)[g]) ?? byGroup.set((rows[k] as WideRow)[g], []).get((rows[k] as WideRow)[g]) as number[]).push(v));
      const poolStats = new Map<unknown, number>();
      for (const i of missing) {
        const key = grouped ? (rows[i] as WideRow)[g] : null;
        let value = poolStats.get(key);
        if (value === undefined) {
          const peers = grouped ? byGroup.get(key) : undefined;
          const pool = peers !== undefined && peers.length > 0 ? peers : known;
          value = method === "mean" || method === "group_mean" ? mean(pool) : median(pool);
          poolStats.set(key, value);
        }
        vals[i] = value;
        imputed.push({ unit: units[i] as string, indicator: id, value, method });
      }
    }
    raw.set(id, Float64Array.from(vals as number[]));
  }
  const winsorised: Record<string, number> = {};
  if (recipe.outliers?.method === "winsorise") {
    for (const [id, v] of raw) {
      const w = winsorise(v, recipe.outliers.lower, recipe.outliers.upper);
      if (w.changed > 0) {
        raw.set(id, w.values);
        winsorised[id] = w.changed;
      }
    }
  }
  return { units, raw, imputed, winsorised };
}

/** The choices a single index computation needs; the Monte Carlo varies these. */
export interface ScoreOptions {
  normalisation: Normalisation;
  range?: [number, number];
  aggregation: Aggregation;
  /** Pillar weights in recipe order (summing to 1). */
  pillarWeights: readonly number[];
  /** Indicator weights per pillar in recipe order (each summing to 1). */
  indicatorWeights: ReadonlyArray<readonly number[]>;
  /** Indicators left out (their pillar's other weights are renormalised). */
  drop?: ReadonlySet<string>;
  /** Rescale each normalised indicator to [1, 100] before a geometric mean (used when the normalisation can give values ≤ 0). */
  positive?: boolean;
}

/** Normalised columns for one method, cached per prepared data. */
export function normaliseAll(data: PreparedData, recipe: Recipe, method: Normalisation, range?: [number, number]): Map<string, Vec> {
  const out = new Map<string, Vec>();
  for (const p of recipe.pillars)
    for (const ind of p.indicators) {
      out.set(
        ind.id,
        normalise(data.raw.get(ind.id) as Vec, {
          method,
          direction: ind.direction,
          id: ind.id,
          ...(range ? { range } : {}),
          ...(ind.target !== undefined ? { target: ind.target } : {}),
        }),
      );
    }
  return out;
}

/** Pillar scores and index scores from normalised columns. */
export function aggregateScores(recipe: Recipe, normalised: Map<string, Vec>, o: ScoreOptions): { pillars: Vec[]; scores: Vec } {
  const pillars = recipe.pillars.map((p, pi) => {
    const keep = p.indicators.map((ind, j) => ({ ind, w: (o.indicatorWeights[pi] as readonly number[])[j] as number })).filter((x) => !o.drop?.has(x.ind.id));
    const cols = keep.map((x) => {
      const c = normalised.get(x.ind.id) as Vec;
      return o.positive ? rescale(c, 1, 100) : c;
    });
    if (cols.length === 0) return null;
    const s = keep.reduce((a, x) => a + x.w, 0);
    const w = keep.map((x) => (s > 0 ? x.w / s : 1 / keep.length));
    const names = keep.map((x) => x.ind.id);
    return o.aggregation === "arithmetic" ? arithmetic(cols, w) : geometric(cols, w, names);
  });
  const kept = pillars.map((v, i) => ({ v, w: o.pillarWeights[i] as number, id: recipe.pillars[i]?.id as string })).filter((x) => x.v !== null);
  const ws = kept.reduce((a, x) => a + x.w, 0);
  const cols = kept.map((x) => x.v as Vec);
  const w = kept.map((x) => x.w / ws);
  const scores = o.aggregation === "arithmetic" ? arithmetic(cols, w) : geometric(cols, w, kept.map((x) => `pillar ${x.id}`));
  return { pillars: pillars.map((v) => v ?? new Float64Array((normalised.values().next().value as Vec).length).fill(NaN)), scores };
}

function rescale(x: Vec, a: number, b: number): Vec {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of x) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  return x.map((v) => (hi > lo ? a + ((v - lo) / (hi - lo)) * (b - a) : (a + b) / 2));
}

/** The recipe's weights, resolved by its weighting method. */
export function resolveWeights(recipe: Recipe, normalised: Map<string, Vec>): IndexWeights & { pillarList: number[]; indicatorLists: number[][] } {
  const method = recipe.weights?.method ?? "given";
  const pNames = recipe.pillars.map((p) => p.id);
  let pillarList: number[];
  let indicatorLists: number[][];
  const ahp: IndexWeights["ahp"] = {};
  switch (method) {
    case "given":
      pillarList = normaliseWeights(recipe.pillars.map((p) => p.weight ?? 1), "pillar weights", pNames.map((n) => `pillar "${n}"`));
      indicatorLists = recipe.pillars.map((p) =>
        normaliseWeights(p.indicators.map((i) => i.weight ?? 1), `indicator weights of pillar "${p.id}"`, p.indicators.map((i) => `indicator "${i.id}"`)),
      );
      break;
    case "equal":
      pillarList = pNames.map(() => 1 / pNames.length);
      indicatorLists = recipe.pillars.map((p) => p.indicators.map(() => 1 / p.indicators.length));
      break;
    case "ahp": {
      const pm = recipe.weights?.pillars;
      if (!pm) throw new UserError('weights.method "ahp" needs weights.pillars, a pairwise-comparison matrix over the pillars.');
      ahp.pillars = ahpWeights(pm, pNames, "pillars");
      pillarList = ahp.pillars.weights;
      ahp.indicators = {};
      indicatorLists = recipe.pillars.map((p) => {
        const m = recipe.weights?.indicators?.[p.id];
        if (!m) return p.indicators.map(() => 1 / p.indicators.length);
        const r = ahpWeights(m, p.indicators.map((i) => i.id), `indicators of pillar "${p.id}"`);
        (ahp.indicators as Record<string, AhpResult>)[p.id] = r;
        return r.weights;
      });
      break;
    }
    case "pca":
      pillarList = pNames.map(() => 1 / pNames.length);
      indicatorLists = recipe.pillars.map((p) => pcaWeights(p.indicators.map((i) => normalised.get(i.id) as Vec)));
      break;
  }
  return {
    pillarList,
    indicatorLists,
    pillars: Object.fromEntries(pNames.map((n, i) => [n, pillarList[i] as number])),
    indicators: Object.fromEntries(recipe.pillars.map((p, i) => [p.id, Object.fromEntries(p.indicators.map((ind, j) => [ind.id, (indicatorLists[i] as number[])[j] as number]))])),
    ...(method === "ahp" ? { ahp } : {}),
  };
}

/**
 * Builds the index. `recipeInput` may be raw JSON (it is checked) or a parsed
 * recipe; `source` names the data in error messages.
 */
export function build(rows: readonly WideRow[], recipeInput: Recipe | RecipeInput, source = "data"): IndexResult {
  const recipe = parseRecipe(recipeInput);
  const data = prepare(rows, recipe, source);
  const normalised = normaliseAll(data, recipe, recipe.normalise.method, recipe.normalise.range);
  const weights = resolveWeights(recipe, normalised);
  const { pillars, scores } = aggregateScores(recipe, normalised, {
    normalisation: recipe.normalise.method,
    aggregation: recipe.aggregate.method,
    pillarWeights: weights.pillarList,
    indicatorWeights: weights.indicatorLists,
  });
  assertFinite(recipe, data.units, normalised, pillars, scores, source);
  const ranks = competitionRanks(scores);
  const byUnit = (v: ArrayLike<number>) => Object.fromEntries(data.units.map((u, i) => [u, v[i] as number]));
  const { pillarList: _p, indicatorLists: _i, ...w } = weights;
  return {
    recipe,
    units: data.units,
    imputed: data.imputed,
    winsorised: data.winsorised,
    normalised: Object.fromEntries([...normalised.entries()].map(([k, v]) => [k, Array.from(v)])),
    weights: w,
    pillars: Object.fromEntries(recipe.pillars.map((p, i) => [p.id, byUnit(pillars[i] as Vec)])),
    scores: byUnit(scores),
    ranks: byUnit(ranks),
  };
}

/**
 * Refuses an index with a non-finite number anywhere (huge values or weights
 * overflow double precision): it would be written as null and every rank tied.
 */
function assertFinite(recipe: Recipe, units: readonly string[], normalised: Map<string, Vec>, pillars: Vec[], scores: Vec, source: string): void {
  const hint = "Rescale the indicator (e.g. to thousands or logs) or use smaller weights; values and weights must stay well within double precision.";
  for (const [id, v] of normalised) {
    const i = v.findIndex((x) => !Number.isFinite(x));
    if (i >= 0) throw new UserError(`Normalising indicator "${id}" gives ${v[i]} for unit "${units[i]}": its values are too large or too spread out to compute with.`, { location: { file: source, column: id }, hint });
  }
  pillars.forEach((v, p) => {
    const i = v.findIndex((x) => !Number.isFinite(x));
    if (i >= 0) throw new UserError(`Pillar "${recipe.pillars[p]?.id}" scores ${v[i]} for unit "${units[i]}", not a finite number.`, { location: { file: source }, hint });
  });
  const i = scores.findIndex((x) => !Number.isFinite(x));
  if (i >= 0) throw new UserError(`The index scores ${scores[i]} for unit "${units[i]}", not a finite number.`, { location: { file: source }, hint });
}

/** Long indicator rows `(cluster, indicator, value)` → wide rows, one per unit. */
export function toWide<T extends { indicator: string; value: number | null }>(rows: readonly T[], unit = "cluster"): WideRow[] {
  const out = new Map<string, WideRow>();
  for (const r of rows) {
    const u = String((r as unknown as Record<string, unknown>)[unit]);
    const row = out.get(u) ?? { [unit]: u };
    row[r.indicator] = r.value;
    out.set(u, row);
  }
  return [...out.values()];
}
