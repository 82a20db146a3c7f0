/**
 * bioclusters: a policy lab for Korean bio-clusters.
 *
 * The folders follow the pipeline: data → indicators → estimation →
 * population → simulation → experiments → figures. This module re-exports
 * the public surface; notebooks import it as `import * as bc from "bioclusters"`.
 */
export * from "./display";
export * from "./data";
export * from "./figures";
export * from "./indicators";
export * from "./estimation";
export * from "./model";
export * from "./experiments";
export { sobol, sobolIndices, saltelliDesign, type SobolResult, type SobolIndex } from "./sensitivity/sobol";
export { UserError, isUserError, formatLocation, type ErrorLocation } from "./errors";
export { PACKAGE_ROOT, DATA_DIR, dataFile, packageVersion } from "./paths";
export { buildReport, type ReportOptions, type ReportResult } from "./report/report";
export * as sweep from "./sweep";
export { computeFindings, type Finding, type Verdict, type Evidence } from "./report/findings";
export { KIET_2018, REFERENCES, citationText, type Reference } from "./report/references";
export * from "./format";
export { table, differences, toCsv, toExcel, saveFigure, indexTable, mixesTable } from "./notebook";
export { readJsonFile } from "./data/json";
export * as calibration from "./calibration";
