/**
 * `bioclusters index`: builds the cluster evaluation index from a data file
 * and a recipe and prints scores, ranks and pillar scores.
 */
import { readCsvFile } from "../data/csv";
import { checkColumns, checkUniqueRows } from "../data/columns";
import { ResourceError } from "../errors";
import { MAX_INDEX_UNITS } from "../limits";
import { tableText } from "../display/table";
import { build, toWide, type WideRow } from "../indicators/build";
import { readRecipe, recipeIndicators, type Recipe } from "../indicators/recipe";
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

/**
 * Reads wide or long indicator data for a recipe, checking every cell the
 * recipe uses (numbers, missing values only where the recipe imputes, no
 * repeated unit or unit + indicator) with errors naming the physical line;
 * long data (unit, indicator, value) is then pivoted.
 */
export function readIndicatorData(file: string, recipe: Recipe): WideRow[] {
  const raw = readCsvFile(file);
  if (raw.rows.length > MAX_INDEX_UNITS * 50) {
    throw new ResourceError(`The file has ${raw.rows.length.toLocaleString("en")} rows, over the limit for index data.`, { location: { file }, hint: `An index compares at most ${MAX_INDEX_UNITS.toLocaleString("en")} units.` });
  }
  const unit = recipe.unit;
  const imputes = recipe.impute !== undefined && recipe.impute.method !== "none";
  const missingHint = 'Fill it in, or add "impute": {"method": "median"} (or mean, group_mean, group_median) to the recipe; a missing value is never filled in silently.';
  const cols = raw.columns;
  if (cols.includes("indicator") && cols.includes("value") && cols.includes(unit)) {
    const c = checkColumns(raw, { columns: [unit, "indicator", "value"], numeric: ["value"], categorical: [unit, "indicator"], allowMissing: imputes ? ["value"] : [], missingHint });
    checkUniqueRows(file, c.rows, c.lines, [unit, "indicator"], `Each ${unit} has one value per indicator; remove the repeated row.`);
    const wide = toWide(c.rows as unknown as Array<{ indicator: string; value: number | null }>, unit);
    checkUnitCount(file, wide.length);
    return wide;
  }
  const inds = recipeIndicators(recipe).filter((i) => cols.includes(i));
  const c = checkColumns(raw, { columns: cols.includes(unit) ? [unit, ...inds] : inds, numeric: inds, categorical: cols.includes(unit) ? [unit] : [], allowMissing: imputes ? inds : [], missingHint });
  if (cols.includes(unit)) checkUniqueRows(file, c.rows, c.lines, [unit], `Each ${unit} needs one row.`);
  checkUnitCount(file, c.rows.length);
  return c.rows;
}

function checkUnitCount(file: string, n: number): void {
  if (n > MAX_INDEX_UNITS) throw new ResourceError(`The data has ${n.toLocaleString("en")} units, over the limit of ${MAX_INDEX_UNITS.toLocaleString("en")} for an index.`, { location: { file }, hint: "Split the data, or aggregate units." });
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
  const result = build(readIndicatorData(dataPath, recipe), recipe, dataPath);
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
