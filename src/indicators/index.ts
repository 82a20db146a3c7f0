export { build, prepare, toWide, normaliseAll, aggregateScores, resolveWeights, type IndexResult, type WideRow, type ImputedCell, type IndexWeights, type PreparedData } from "./build";
export { parseRecipe, readRecipe, recipeIndicators, NORMALISATIONS, AGGREGATIONS, WEIGHTINGS, IMPUTATIONS, type Recipe, type RecipeInput, type Normalisation, type Aggregation, type Weighting, type Imputation } from "./recipe";
export { normalise, normaliseWeights, ahpWeights, pcaWeights, arithmetic, geometric, averageRanks, competitionRanks, RANDOM_INDEX, type AhpResult } from "./methods";
export { uncertainty, sensitivity, FACTORS, type IndexUncertainty, type IndexSensitivity, type RankInterval, type UncertaintyOptions } from "./uncertainty";
export { diagnose, stageOf, DEFAULT_STAGE_RULES, type Diagnosis, type Stage, type StageRules } from "./diagnose";
