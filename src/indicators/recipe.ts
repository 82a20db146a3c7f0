/**
 * The index recipe: plain JSON data describing a composite indicator. A
 * result carries its recipe, so a changed recipe can be re-run and compared
 * (COINr's "regen"). Shape (the keys the CLI documents keep working):
 *
 * ```json
 * { "unit": "cluster",
 *   "normalise": { "method": "minmax", "range": [0, 100] },
 *   "weights": { "method": "given" },
 *   "aggregate": { "method": "arithmetic" },
 *   "impute": { "method": "median" },
 *   "pillars": [ { "id": "funding", "weight": 1,
 *                  "indicators": [ { "id": "vc_bn", "direction": 1, "weight": 1 } ] } ] }
 * ```
 */
import { z } from "zod";
import { describeIssue, issuePath, UserError, type SchemaIssue } from "../errors";
import { readJsonFile } from "../data/json";
import { MAX_RECIPE_WEIGHT } from "../limits";

export const NORMALISATIONS = ["minmax", "zscore", "rank", "distance_to_best", "distance_to_target"] as const;
export type Normalisation = (typeof NORMALISATIONS)[number];
export const AGGREGATIONS = ["arithmetic", "geometric"] as const;
export type Aggregation = (typeof AGGREGATIONS)[number];
export const WEIGHTINGS = ["given", "equal", "ahp", "pca"] as const;
export type Weighting = (typeof WEIGHTINGS)[number];
export const IMPUTATIONS = ["none", "mean", "median", "group_mean", "group_median"] as const;
export type Imputation = (typeof IMPUTATIONS)[number];

const recipeWeight = z.number().max(MAX_RECIPE_WEIGHT); // negative weights are refused with their name by normaliseWeights

const indicatorSpec = z.object({
  id: z.string().min(1),
  direction: z.union([z.literal(1), z.literal(-1)]),
  weight: recipeWeight.optional(),
  /** Target value for `distance_to_target`. */
  target: z.number().optional(),
});

const pillarSpec = z.object({
  id: z.string().min(1),
  weight: recipeWeight.optional(),
  indicators: z.array(indicatorSpec).min(1),
});

const matrix = z.array(z.array(z.number()));

export const recipeSchema = z.object({
  unit: z.string().min(1).default("cluster"),
  normalise: z.object({
    method: z.enum(NORMALISATIONS),
    /** Output range for minmax, default [0, 100]. */
    range: z.tuple([z.number(), z.number()]).optional(),
  }),
  weights: z
    .object({
      method: z.enum(WEIGHTINGS),
      /** AHP pairwise-comparison matrix over the pillars, in recipe order. */
      pillars: matrix.optional(),
      /** AHP matrices over each pillar's indicators, by pillar id. */
      indicators: z.record(z.string(), matrix).optional(),
    })
    .optional(),
  aggregate: z.object({ method: z.enum(AGGREGATIONS) }),
  impute: z.object({ method: z.enum(IMPUTATIONS), group: z.string().optional() }).optional(),
  outliers: z
    .object({ method: z.enum(["none", "winsorise"]), lower: z.number().min(0).max(0.5).default(0.05), upper: z.number().min(0.5).max(1).default(0.95) })
    .optional(),
  pillars: z.array(pillarSpec).min(1),
});

export type Recipe = z.infer<typeof recipeSchema>;
export type RecipeInput = z.input<typeof recipeSchema>;
export type PillarSpec = z.infer<typeof pillarSpec>;
export type IndicatorSpec = z.infer<typeof indicatorSpec>;

/**
 * Checks a recipe and returns it with defaults filled in. Errors name the
 * field (`pillars[0].indicators[1].direction`) and what was expected.
 */
export function parseRecipe(input: unknown, source = "recipe"): Recipe {
  const r = recipeSchema.safeParse(input);
  if (!r.success) {
    const issue = r.error.issues[0] as unknown as SchemaIssue;
    const where = issuePath(issue);
    const what =
      issue.code === "invalid_union" && where.endsWith("direction")
        ? "must be 1 (higher is better) or -1 (lower is better)"
        : where.endsWith("weight") && issue.code === "too_big"
          ? `must be a number from 0 to ${MAX_RECIPE_WEIGHT.toLocaleString("en")} (weights are relative; they are normalised to sum to 1)`
          : describeIssue(issue);
    throw new UserError(`The recipe field ${where} ${what}.`, {
      location: { file: source },
      hint: 'Run "bioclusters index --help" for the recipe format, or see docs/index-methods.md.',
    });
  }
  const recipe = r.data;
  const seenP = new Set<string>();
  const seenI = new Set<string>();
  recipe.pillars.forEach((p, i) => {
    if (seenP.has(p.id)) throw new UserError(`The recipe names pillar "${p.id}" twice.`, { location: { file: source } });
    seenP.add(p.id);
    p.indicators.forEach((ind, j) => {
      if (seenI.has(ind.id)) throw new UserError(`The recipe uses indicator "${ind.id}" twice (pillars[${i}].indicators[${j}]).`, { location: { file: source }, hint: "Each indicator belongs to one pillar." });
      seenI.add(ind.id);
      if (recipe.normalise.method === "distance_to_target" && ind.target === undefined) {
        throw new UserError(`Indicator "${ind.id}" has no target, which normalise.method "distance_to_target" needs.`, {
          location: { file: source },
          hint: `Add "target": <value> to pillars[${i}].indicators[${j}].`,
        });
      }
    });
  });
  const range = recipe.normalise.range;
  if (range && !(range[1] > range[0])) {
    throw new UserError(`normalise.range [${range[0]}, ${range[1]}] must go from a lower to a higher number.`, { location: { file: source } });
  }
  if (recipe.impute && recipe.impute.method.startsWith("group_") && !recipe.impute.group) {
    throw new UserError(`impute.method "${recipe.impute.method}" needs impute.group, the column to group units by.`, { location: { file: source } });
  }
  return recipe;
}

/** Reads and checks a recipe JSON file. */
export function readRecipe(file: string): Recipe {
  const json = readJsonFile(file, {
    missing: "The recipe file does not exist.",
    missingHint: "Check the path.",
    invalid: "The recipe is not valid JSON",
    invalidHint: "Check commas and brackets; a JSON validator will point at the line.",
  });
  return parseRecipe(json, file);
}

/** All indicator ids of a recipe, in order. */
export function recipeIndicators(recipe: Recipe): string[] {
  return recipe.pillars.flatMap((p) => p.indicators.map((i) => i.id));
}
