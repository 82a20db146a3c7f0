export { readTable, readCsvFile, parseCsv, toRecords, parseNumber, type RawTable, type Record_, type CellValue } from "./csv";
export { toDataFrame, danfojs } from "./frame";
export { loadCodebook, variable, expectation, type Codebook, type Variable, type TableSpec, type TableName } from "./codebook";
export { validateTable, allowedValues, type TypedRow, type Value, type ValidationContext } from "./validate";
export {
  loadClusters,
  loadSources,
  loadIndicators,
  loadSurvey,
  loadClustersFrame,
  loadSurveyFrame,
  loadIndicatorsFrame,
  withProvenance,
  sizeClass,
  firmSizeBand,
  FIRM_SIZE_BANDS,
  BASES,
  PROVENANCED_FIELDS,
  SECTORS,
  CLUSTER_KINDS,
  PROVENANCE_STATUSES,
  DEMANDS,
  PILLARS,
  BASE_YEAR,
  STARTUP_AGE,
  type Cluster,
  type SourceRow,
  type IndicatorRow,
  type Firm,
  type Sector,
  type ClusterKind,
  type ProvenanceStatus,
  type Demand,
  type Pillar,
  type Basis,
  type FirmSizeBand,
  type ProvenancedValue,
  type LoadOptions,
  type LoadWithClusters,
} from "./loaders";
export { INDICATORS, type IndicatorDefinition } from "./indicator-definitions";
export { writeFileAtomic, toCsv } from "./write";
export { provenanceCounts, provenanceBasisCounts, provenanceBasisMarkdown, indicatorStatusCounts, surveySummary, demandShares, surveyCalibration, groupOf, groupFirms, type FirmGrouping, type CalibrationRow } from "./summary";
export { drawBaseline, triangular, isDrawn } from "./ranges";
export { loadNationalSeries, NATIONAL_VARIABLES, HOLDOUT_FROM, type NationalSeries, type NationalYear, type NationalProvenance, type NationalVariable } from "./national";
