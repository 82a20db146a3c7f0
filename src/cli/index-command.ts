/**
 * `bioclusters index`: builds the cluster evaluation index from a data file
 * and a recipe and prints scores, ranks and pillar scores.
 */
import { readTable } from "../data/csv";
import { tableText } from "../display/table";
import { build, toWide, type WideRow } from "../indicators/build";
import { readRecipe } from "../indicators/recipe";
import { dataFile } from "../paths";
import { parseCommand } from "./args";

export const INDEX_HELP = `Usage: bioclusters index [--data <csv>] [--recipe <json>] [--json]

Builds the cluster evaluation index and prints each unit's score, rank (1 = best)
and pillar scores.

Options:
  --data <csv>     Indicator data: wide (one row per unit, one column per indicator)
                   or long (columns <unit>, indicator, value). Default: data/indicators.csv
  --recipe <json>  The index recipe. Default: data/recipes/default.json
  --json           Print {"scores": {unit: n}, "ranks": {unit: n}, "pillars": {pillar: {unit: n}}}
  -h, --help       Show this help

Recipe keys: unit; normalise.method (minmax | zscore | rank | distance_to_best |
distance_to_target) and normalise.range; weights.method (given | equal | ahp | pca);
aggregate.method (arithmetic | geometric); impute.method (none | mean | median |
group_mean | group_median); pillars: [{id, weight, indicators: [{id, direction: 1 | -1, weight}]}].`;

/** Reads wide or long indicator data; long data (unit, indicator, value) is pivoted. */
export function readIndicatorData(file: string, unit: string): WideRow[] {
  const rows = readTable(file);
  const cols = Object.keys(rows[0] ?? {});
  if (cols.includes("indicator") && cols.includes("value") && cols.includes(unit)) {
    return toWide(rows as unknown as Array<{ indicator: string; value: number | null }>, unit);
  }
  return rows;
}

export async function runIndex(args: string[]): Promise<number> {
  const values = parseCommand<{ data?: string; recipe?: string; json?: boolean }>("index", args, {
    data: { type: "string" },
    recipe: { type: "string" },
    json: { type: "boolean" },
  }, INDEX_HELP);
  if (values === null) return 0;
  const recipeFile = values.recipe ?? dataFile("recipes/default.json");
  const dataPath = values.data ?? dataFile("indicators.csv");
  const recipe = readRecipe(recipeFile);
  const result = build(readIndicatorData(dataPath, recipe.unit), recipe, dataPath);
  if (values.json) {
    console.log(JSON.stringify({ scores: result.scores, ranks: result.ranks, pillars: result.pillars }));
    return 0;
  }
  const units = [...result.units].sort((a, b) => (result.ranks[a] as number) - (result.ranks[b] as number));
  const pillarIds = Object.keys(result.pillars);
  console.log(
    tableText(
      units.map((u) => ({
        rank: result.ranks[u],
        [recipe.unit]: u,
        score: result.scores[u],
        ...Object.fromEntries(pillarIds.map((p) => [p, (result.pillars[p] as Record<string, number>)[u]])),
      })),
      { maxRows: 1000, caption: `Index from ${dataPath} with recipe ${recipeFile} (${recipe.normalise.method}, ${recipe.aggregate.method})` },
    ),
  );
  if (result.imputed.length > 0) {
    console.log(`\nImputed (${recipe.impute?.method}): ${result.imputed.map((c) => `${c.unit}.${c.indicator} = ${+c.value.toPrecision(6)}`).join(", ")}`);
  }
  return 0;
}
