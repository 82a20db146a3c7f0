export { runExperiment, cubeValue, workerFile, type ExperimentOptions, type ExperimentResult, type PanelRow } from "./runner";
export { simulate, loadInputs, resolveMixes, inputHashes, estimatesRecord, ESTIMATES_FILES, type InputFiles } from "./simulate";
export { summarise, pairedDifferences, pairedStats, ratioInterval, costBasis, BUDGET_NEUTRAL_TOLERANCE, costEffectiveness, unspentBudgets, horizonDifferences, horizonValues, horizonComparison, meanInterval, FLOW_METRICS, type SummaryRow, type DiffRow, type CostRow, type CostBasis, type HorizonRow, type UnspentRow } from "./summary";
export { writeExperiment, CORE_METRICS, type OutputOptions } from "./output";
export { morris, modelSobol, varianceSources, robustness, optimiseShares, optimiseSimplex, withInfrastructureShare, defaultFactors, allFactors, LEVERS, type Factor, type Outcome, type MorrisRow, type VarianceSources, type RobustnessRow, type RegionRow, type OptimiseResult } from "./lab";
