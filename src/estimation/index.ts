export { estimate, parseCov, type EstimateSpec } from "./models";
export { buildDesign, type Design, type DesignSpec, type DataRow } from "./design";
export { makeResult, designOf, param, paramsByName, MODELS, COV_TYPES, type RegressionResult, type ModelKind, type CovType } from "./result";
export { averageMarginalEffects, type MarginalEffect } from "./margins";
export { summaryText, summaryHtml, summaryHeader, coefficientRows, showRegression } from "./summary";
export { toArtefact, artefactFromTable, readArtefact, validateArtefact, writeArtefact, mapVariable, sha256File, ARTEFACT_FORMAT, type EstimatesArtefact, type ArtefactVariable, type PublishedRow } from "./artefact";
export { DEFAULT_MODELS, HETEROGENEITY_MODEL, ALL_MODELS, ESTIMATES_DIR, estimateDefaults, writeDefaultEstimates, type DefaultModel } from "./defaults";
export { regressionTable, RegressionTable, type RegressionTableOptions } from "./table";
