/**
 * Loaders for the project's tables. Each reads a CSV (the bundled file by
 * default, or any file with the same columns), validates it against the
 * codebook and returns typed records; the `…Frame` variants return danfojs
 * DataFrames. Bad input raises a `UserError` naming the file, row, column
 * and what was expected.
 */
import type { DataFrame } from "danfojs-node";
import { readCsvFile, type RawTable } from "./csv";
import { loadCodebook, type Codebook } from "./codebook";
import { toDataFrame } from "./frame";
import { rowError, validateTable, type TypedRow } from "./validate";
import { dataFile } from "../paths";

import { SECTORS, DEMANDS, BASE_YEAR, STARTUP_AGE, sizeClassIndex, type Sector, type Demand } from "./constants";
export { SECTORS, DEMANDS, BASE_YEAR, STARTUP_AGE, type Sector, type Demand };

export const CLUSTER_KINDS = ["government-led", "local-government-led", "private-spontaneous"] as const;
export type ClusterKind = (typeof CLUSTER_KINDS)[number];

export const PROVENANCE_STATUSES = ["observed", "derived", "imputed", "synthetic", "unknown"] as const;
export type ProvenanceStatus = (typeof PROVENANCE_STATUSES)[number];

/**
 * Qualifiers of how a figure relates to what its column means (issue 12). A
 * cell's `basis` in sources.csv lists one or more, separated by ";".
 * - point: a count or amount as stated, for the cluster itself and its year
 * - lower-bound: "more than …" or a subset (e.g. exporting firms)
 * - approximate: "about …"
 * - plan: a plan, contract or designation, not a stock in place
 * - site-only / region-wide: counted on the site only / over the whole region
 * - different-scope: counts something else than the column (regulators as
 *   institutes, labs as firms, a whole multi-sector complex)
 * - converted: a unit conversion (pyeong → m²); the cell is derived
 * - year-assigned: the source shows no year; the stated year was assigned
 * - not-named: no such institution is named in the sources read — not an observed 0
 */
export const BASES = ["point", "lower-bound", "approximate", "plan", "site-only", "region-wide", "different-scope", "converted", "year-assigned", "not-named"] as const;
export type Basis = (typeof BASES)[number];


export const PILLARS = ["infrastructure", "human_resources", "funding", "networks", "performance"] as const;
export type Pillar = (typeof PILLARS)[number];

/** One Korean bio-cluster with its 2018 baseline (see data/README.md for how each field was obtained). */
export interface Cluster {
  id: string;
  name_en: string;
  name_ko: string;
  region: string;
  kind: ClusterKind;
  established: number | null;
  specialisation: string;
  universities: number;
  hospitals: number;
  institutes: number;
  area_m2: number | null;
  firms_bio_pharma: number;
  firms_bio_food: number;
  firms_bio_chem_energy: number;
  firms_bio_services: number;
  firms_bio_devices: number;
  firms_bio_equipment: number;
  firms_bio_other: number;
  firms: number;
  employees: number;
  researchers: number;
  infra_krw_bn: number;
  talent: number;
  capital_krw_bn: number;
  network: number;
  knowledge: number;
}

/** Where one cell of clusters.csv came from. */
export interface SourceRow {
  cluster: string;
  field: string;
  status: ProvenanceStatus;
  /** Qualifiers from BASES separated by ";" (required for observed cells). */
  basis: string | null;
  source: string | null;
  year: number | null;
  /** Plausible range of an imputed or synthetic value (the note says how it was set). */
  low: number | null;
  high: number | null;
  note: string | null;
}

export interface IndicatorRow {
  cluster: string;
  pillar: Pillar;
  indicator: string;
  value: number | null;
  year: number;
  status: ProvenanceStatus;
}

/** One firm of the (synthetic) bio-firm survey; see data/codebook.json for every variable. */
export interface Firm {
  firm_id: string;
  cluster: string;
  in_cluster: 0 | 1;
  sector: Sector;
  size_class: "small" | "medium" | "large";
  founded: number;
  age: number;
  startup: 0 | 1;
  /** Bio employees (the national survey's employment counts bio staff). */
  employees: number;
  /** Whole-firm headcount (bio and other staff); empty where a survey does not record it. */
  firm_employees: number | null;
  /** Whole-firm size band, as in the published size tables; empty with firm_employees. */
  firm_size_band: FirmSizeBand | null;
  log_employees: number;
  researchers: number;
  log_researchers: number;
  pre_revenue: 0 | 1;
  sales_krw_m: number;
  rnd_krw_m: number;
  log_rnd: number;
  exporter: 0 | 1;
  exports_krw_m: number;
  collab_university: 0 | 1;
  collab_hospital: 0 | 1;
  collab_institute: 0 | 1;
  collab_firm: 0 | 1;
  collaborating: 0 | 1;
  support_rnd_grant: 0 | 1;
  support_talent: 0 | 1;
  support_finance: 0 | 1;
  support_infrastructure: 0 | 1;
  support_networking: 0 | 1;
  support_commercialisation: 0 | 1;
  gov_support_krw_m: number;
  funding_sought_krw_m: number;
  funding_obtained_krw_m: number;
  product_innovation: 0 | 1;
  process_innovation: 0 | 1;
  patent_apps: number;
  sales_growth: number | null;
  demand_first: Demand;
}

/** Whole-firm size bands of the national survey's published tables (2020-21). */
export const FIRM_SIZE_BANDS = ["<50", "50-299", "300-999", "1000+"] as const;
export type FirmSizeBand = (typeof FIRM_SIZE_BANDS)[number];

/** Whole-firm size band of a firm by its whole-firm headcount. */
export function firmSizeBand(wholeFirmEmployees: number): FirmSizeBand {
  return wholeFirmEmployees < 50 ? "<50" : wholeFirmEmployees < 300 ? "50-299" : wholeFirmEmployees < 1000 ? "300-999" : "1000+";
}

/** Size class of a firm by employees: small < 50, medium 50–299, large ≥ 300 (MODEL.md). */
export function sizeClass(employees: number): Firm["size_class"] {
  return (["small", "medium", "large"] as const)[sizeClassIndex(employees)] as Firm["size_class"];
}


export interface LoadOptions {
  /** A codebook other than the bundled one. */
  codebook?: Codebook;
}

export interface LoadWithClusters extends LoadOptions {
  /** The clusters the file may refer to; default: the bundled data/clusters.csv. */
  clusters?: readonly Cluster[];
}

function clusterIdsFor(opts: LoadWithClusters): string[] {
  return (opts.clusters ?? loadClusters(undefined, opts)).map((c) => c.id);
}

/** Reads and validates data/clusters.csv (or a file with the same columns). */
export function loadClusters(file: string = dataFile("clusters.csv"), opts: LoadOptions = {}): Cluster[] {
  const codebook = opts.codebook ?? loadCodebook();
  const raw = readCsvFile(file);
  const rows = validateTable(raw, codebook, "clusters");
  rows.forEach((r, i) => {
    const sum = SECTORS.reduce((s, sec) => s + (r[`firms_${sec}`] as number), 0);
    if (sum !== r["firms"]) {
      throw rowError(raw, i, "firms", `firms is ${r["firms"]} but the sector columns firms_bio_* add up to ${sum}.`, "Make firms the sum of the sector counts.");
    }
    if ((r["researchers"] as number) > (r["employees"] as number)) {
      throw rowError(raw, i, "researchers", `researchers (${r["researchers"]}) exceed employees (${r["employees"]}).`);
    }
  });
  return rows as unknown as Cluster[];
}

/** Reads data/sources.csv; every cluster id must be known. */
export function loadSources(file: string = dataFile("sources.csv"), opts: LoadWithClusters = {}): SourceRow[] {
  const codebook = opts.codebook ?? loadCodebook();
  const raw = readCsvFile(file);
  const rows = validateTable(raw, codebook, "sources", { clusterIds: clusterIdsFor(opts) });
  rows.forEach((r, i) => {
    const basis = r["basis"] === null ? [] : String(r["basis"]).split(";");
    const bad = basis.find((b) => !(BASES as readonly string[]).includes(b));
    if (bad !== undefined) throw rowError(raw, i, "basis", `basis "${bad}" is not one of ${BASES.join(", ")}.`, 'Use one or more of them separated by ";".');
    if (r["status"] === "observed" && (basis.length === 0 || r["year"] === null)) {
      throw rowError(raw, i, r["year"] === null ? "year" : "basis", `an observed cell needs a year and a basis.`, "Give the year the figure refers to and how it relates to the column (e.g. point, lower-bound).");
    }
    if ((r["low"] === null) !== (r["high"] === null)) throw rowError(raw, i, "low", `give both low and high, or neither.`);
    if (r["low"] !== null && (r["low"] as number) > (r["high"] as number)) throw rowError(raw, i, "low", `low (${r["low"]}) is above high (${r["high"]}).`);
  });
  return rows as unknown as SourceRow[];
}

/** Reads data/indicators.csv; every cluster id must be known. */
export function loadIndicators(file: string = dataFile("indicators.csv"), opts: LoadWithClusters = {}): IndicatorRow[] {
  const codebook = opts.codebook ?? loadCodebook();
  const rows = validateTable(readCsvFile(file), codebook, "indicators", { clusterIds: clusterIdsFor(opts) });
  return rows as unknown as IndicatorRow[];
}

const COLLAB = ["collab_university", "collab_hospital", "collab_institute", "collab_firm"] as const;

function checkFirm(raw: RawTable, i: number, r: TypedRow): void {
  const n = (k: string) => r[k] as number;
  const fail = (column: string, problem: string) => {
    throw rowError(raw, i, column, problem);
  };
  if ((r["cluster"] === "none") !== (n("in_cluster") === 0)) fail("in_cluster", `in_cluster is ${n("in_cluster")} but cluster is "${r["cluster"]}"; in_cluster must be 0 exactly when cluster is "none".`);
  if (r["size_class"] !== sizeClass(n("employees"))) fail("size_class", `size_class "${r["size_class"]}" does not match ${n("employees")} employees (small < 50, medium 50-299, large >= 300).`);
  if ((r["firm_employees"] === null) !== (r["firm_size_band"] === null)) fail("firm_size_band", `firm_size_band must be empty exactly when firm_employees is empty.`);
  if (r["firm_employees"] !== null) {
    if (n("firm_employees") < n("employees")) fail("firm_employees", `the whole-firm headcount (${n("firm_employees")}) is below the firm's bio employees (${n("employees")}).`);
    if (r["firm_size_band"] !== firmSizeBand(n("firm_employees"))) fail("firm_size_band", `firm_size_band "${r["firm_size_band"]}" does not match ${n("firm_employees")} whole-firm employees (<50, 50-299, 300-999, 1000+).`);
  }
  if (n("founded") + n("age") !== BASE_YEAR) fail("age", `founded (${n("founded")}) + age (${n("age")}) should be ${BASE_YEAR}.`);
  if (n("startup") !== (n("age") < STARTUP_AGE ? 1 : 0)) fail("startup", `startup must be 1 exactly when age < ${STARTUP_AGE} (age is ${n("age")}).`);
  if (n("researchers") > n("employees")) fail("researchers", `researchers (${n("researchers")}) exceed employees (${n("employees")}).`);
  if (n("exports_krw_m") > n("sales_krw_m")) fail("exports_krw_m", `exports (${n("exports_krw_m")}) exceed sales (${n("sales_krw_m")}).`);
  if (n("funding_obtained_krw_m") > n("funding_sought_krw_m")) fail("funding_obtained_krw_m", `funding obtained exceeds funding sought.`);
  if (n("pre_revenue") === 1 && n("sales_krw_m") !== 0) fail("sales_krw_m", `a pre-revenue firm must have sales 0.`);
  if (n("pre_revenue") === 0 && n("sales_krw_m") === 0) fail("pre_revenue", `a firm with sales 0 must have pre_revenue 1.`);
  if ((r["sales_growth"] === null) !== (n("pre_revenue") === 1)) fail("sales_growth", `sales_growth must be empty exactly for pre-revenue firms.`);
  const any = COLLAB.some((c) => n(c) === 1) ? 1 : 0;
  if (n("collaborating") !== any) fail("collaborating", `collaborating must be 1 exactly when one of ${COLLAB.join(", ")} is 1.`);
  const near = (a: number, b: number) => Math.abs(a - b) <= 5e-4;
  if (!near(n("log_employees"), Math.log(n("employees")))) fail("log_employees", `log_employees must equal log(employees).`);
  if (!near(n("log_researchers"), Math.log1p(n("researchers")))) fail("log_researchers", `log_researchers must equal log(1 + researchers).`);
  if (!near(n("log_rnd"), Math.log1p(n("rnd_krw_m")))) fail("log_rnd", `log_rnd must equal log(1 + rnd_krw_m).`);
}

/** Reads the firm survey (bundled synthetic data/survey_synthetic.csv, or real microdata with the same codebook). */
export function loadSurvey(file: string = dataFile("survey_synthetic.csv"), opts: LoadWithClusters = {}): Firm[] {
  const codebook = opts.codebook ?? loadCodebook();
  const raw = readCsvFile(file);
  const rows = validateTable(raw, codebook, "survey", { clusterIds: clusterIdsFor(opts) });
  rows.forEach((r, i) => checkFirm(raw, i, r));
  return rows as unknown as Firm[];
}

export function loadClustersFrame(file?: string, opts?: LoadOptions): DataFrame {
  return toDataFrame(loadClusters(file, opts) as unknown as TypedRow[]);
}
export function loadSurveyFrame(file?: string, opts?: LoadWithClusters): DataFrame {
  return toDataFrame(loadSurvey(file, opts) as unknown as TypedRow[]);
}
export function loadIndicatorsFrame(file?: string, opts?: LoadWithClusters): DataFrame {
  return toDataFrame(loadIndicators(file, opts) as unknown as TypedRow[]);
}

/** One cell of clusters.csv with its provenance. */
export interface ProvenancedValue {
  cluster: string;
  field: string;
  value: string | number | null;
  status: ProvenanceStatus;
  year: number | null;
  source: string | null;
  note: string | null;
}

/**
 * Joins clusters with their provenance: one row per (cluster, field), so any
 * table or chart can show where each number came from. Fields without a
 * provenance row are reported as an error, not silently skipped.
 */
export function withProvenance(clusters: readonly Cluster[], sources: readonly SourceRow[], fields?: readonly string[]): ProvenancedValue[] {
  const index = new Map(sources.map((s) => [`${s.cluster}\u0000${s.field}`, s]));
  const out: ProvenancedValue[] = [];
  for (const c of clusters) {
    const rec = c as unknown as Record<string, string | number | null>;
    for (const field of fields ?? Object.keys(rec).filter((k) => PROVENANCED_FIELDS.includes(k))) {
      const s = index.get(`${c.id}\u0000${field}`);
      if (!s) throw new Error(`No provenance for cluster "${c.id}", field "${field}" in sources.csv.`);
      out.push({ cluster: c.id, field, value: rec[field] ?? null, status: s.status, year: s.year, source: s.source, note: s.note });
    }
  }
  return out;
}

/** Columns of clusters.csv, in order. */
export const CLUSTER_COLUMNS: readonly string[] = [
  "id",
  "name_en",
  "name_ko",
  "region",
  "kind",
  "established",
  "specialisation",
  "universities",
  "hospitals",
  "institutes",
  "area_m2",
  ...SECTORS.map((s) => `firms_${s}`),
  "firms",
  "employees",
  "researchers",
  "infra_krw_bn",
  "talent",
  "capital_krw_bn",
  "network",
  "knowledge",
];

/** Fields of clusters.csv that carry a provenance row in sources.csv: all but the id, names and free text. */
export const PROVENANCED_FIELDS: readonly string[] = CLUSTER_COLUMNS.filter((c) => !["id", "name_en", "name_ko", "region", "specialisation"].includes(c));
