/**
 * The firm-column table: every per-firm column of the base-year population
 * and of the simulator's state, with its storage type, where it lives, where
 * its base-year value comes from, and what an entrant starts with. The
 * population type, the state's typed arrays, `copyFirm`, growth of capacity
 * and the entrant reset are all derived from it, so a new firm attribute is
 * one new row here (plus the economics that use it).
 *
 * Free of Node.js dependencies (the browser bundle imports it).
 */
import { SECTORS } from "../data/constants";
import type { Firm } from "../data/loaders";

export type ColumnType = "f64" | "u8" | "i32";

export interface ColumnSpec {
  type: ColumnType;
  /** Meaning and unit. */
  doc: string;
  /**
   * Where the column lives: the base-year population only, the simulation state only, or both
   * (the state starts from the population's value).
   */
  scope: "population" | "state" | "both";
  /**
   * Base-year value (population columns): a survey field, the sector's index, the location index, or the survey row.
   */
  from?: keyof Firm | "sectorIndex" | "location" | "surveyRow";
  /**
   * An entrant's value (state columns): "donor" copies the donor survey firm's value, a number resets it,
   * "entry" is set by the entry phase itself (location, age, sales, cash).
   */
  entrant?: "donor" | number | "entry";
  /** Values per firm: 1, or one per firm-level policy instrument. */
  width?: "instruments";
}

function table<T extends Record<string, ColumnSpec>>(t: T): T {
  return t;
}

export const FIRM_COLUMNS = table({
  alive: { type: "u8", scope: "state", entrant: 1, doc: "1 while the firm is in business; a dead slot is reused by a later entrant." },
  idLo: { type: "i32", scope: "state", entrant: "entry", doc: "Firm id, low word: the base-year row, or the entrant's index within its location and year. Ids are never reused; the firm's random draws are keyed to them." },
  idHi: { type: "i32", scope: "state", entrant: "entry", doc: "Firm id, high word: 0 for base-year firms, (location + 1) × 65536 + year of entry for entrants." },
  loc: { type: "i32", scope: "both", from: "location", entrant: "entry", doc: "Location: index into the cluster list; the list's length means outside every cluster." },
  sector: { type: "u8", scope: "both", from: "sectorIndex", entrant: "donor", doc: "Sector: index into SECTORS." },
  age: { type: "f64", scope: "both", from: "age", entrant: "entry", doc: "Age (years)." },
  employees: { type: "f64", scope: "both", from: "employees", entrant: "donor", doc: "Bio employees (persons)." },
  researchers: { type: "f64", scope: "both", from: "researchers", entrant: "donor", doc: "Researchers (persons)." },
  sales: { type: "f64", scope: "both", from: "sales_krw_m", entrant: "entry", doc: "Sales (KRW m a year)." },
  rnd: { type: "f64", scope: "both", from: "rnd_krw_m", entrant: "donor", doc: "R&D spending (KRW m a year)." },
  collaborating: { type: "u8", scope: "both", from: "collaborating", entrant: 0, doc: "1 if the firm has a collaboration tie." },
  exporter: { type: "u8", scope: "both", from: "exporter", entrant: "donor", doc: "1 if the firm exports." },
  preRevenue: { type: "u8", scope: "both", from: "pre_revenue", entrant: "donor", doc: "1 while the firm has no sales yet." },
  innovated: { type: "u8", scope: "both", from: "product_innovation", entrant: 0, doc: "1 if the firm made a product innovation this year (base year: in the survey)." },
  patents: { type: "f64", scope: "both", from: "patent_apps", entrant: 0, doc: "Cumulative patent applications (base year: the survey year's)." },
  fundingObtained: { type: "f64", scope: "population", from: "funding_obtained_krw_m", doc: "External funding obtained in the survey year (KRW m); sets starting cash." },
  donor: { type: "i32", scope: "population", from: "surveyRow", doc: "Survey row the firm was drawn from (traceability)." },
  cash: { type: "f64", scope: "state", entrant: "entry", doc: "Cash (KRW m)." },
  support: { type: "f64", scope: "state", entrant: 0, width: "instruments", doc: "This year's award from each firm-level instrument (KRW m), support[i × nFirmInstruments + j]." },
  supportBits: { type: "u8", scope: "state", entrant: 0, doc: "This year's support pattern: bit j set if firm-level instrument j made an award." },
  fundedAmt: { type: "f64", scope: "state", entrant: 0, doc: "External funding obtained this year (KRW m)." },
  need: { type: "f64", scope: "state", entrant: 0, doc: "Funding sought this year (KRW m)." },
  vacancy: { type: "f64", scope: "state", entrant: 0, doc: "Researcher vacancies this year (persons)." },
  rndOwn: { type: "f64", scope: "state", entrant: 0, doc: "Own-funded R&D this year (KRW m)." },
  growth: { type: "f64", scope: "state", entrant: 0, doc: "Log sales growth this year." },
  salesDev: { type: "f64", scope: "state", entrant: 0, doc: "Support-induced deviation of log sales still in effect (decays by supportPersistence a year)." },
  newPatents: { type: "f64", scope: "state", entrant: 0, doc: "Patent applications this year." },
  ftype: { type: "u8", scope: "state", entrant: 0, doc: "Policy cell this year: firm type (sector × size class × stage, typeIndex), + N_TYPES if cash-constrained (N_CELLS)." },
});

export type ColumnName = keyof typeof FIRM_COLUMNS;
type Spec<K extends ColumnName> = (typeof FIRM_COLUMNS)[K];
export type ArrayOf<T extends ColumnType> = T extends "f64" ? Float64Array : T extends "u8" ? Uint8Array : Int32Array;

export type PopulationColumn = { [K in ColumnName]: Spec<K>["scope"] extends "state" ? never : K }[ColumnName];
export type StateColumn = { [K in ColumnName]: Spec<K>["scope"] extends "population" ? never : K }[ColumnName];

/** The firm population as typed arrays: one per population column, and the number of firms. */
export type Population = { [K in PopulationColumn]: ArrayOf<Spec<K>["type"]> } & { size: number };
/** The simulator's per-firm columns. */
export type FirmColumns = { [K in StateColumn]: ArrayOf<Spec<K>["type"]> };

export const COLUMN_NAMES = Object.keys(FIRM_COLUMNS) as ColumnName[];
export const POPULATION_COLUMNS = COLUMN_NAMES.filter((k) => FIRM_COLUMNS[k].scope !== "state") as PopulationColumn[];
export const STATE_COLUMNS = COLUMN_NAMES.filter((k) => FIRM_COLUMNS[k].scope !== "population") as StateColumn[];

const CONSTRUCTORS = { f64: Float64Array, u8: Uint8Array, i32: Int32Array } as const;

/** A new typed array for a column: `rows` firms × its width. */
export function columnArray(name: ColumnName, rows: number, nFirmInstruments = 0): Float64Array | Uint8Array | Int32Array {
  const s: ColumnSpec = FIRM_COLUMNS[name];
  return new CONSTRUCTORS[s.type](rows * (s.width === "instruments" ? nFirmInstruments : 1));
}

/** An empty population of n firms. */
export function emptyPopulation(n: number): Population {
  const p = { size: n } as Record<string, unknown>;
  for (const k of POPULATION_COLUMNS) p[k] = columnArray(k, n);
  return p as Population;
}

/** Writes survey firm `f` into slot i of a population, at location `loc`, remembering its survey row. */
export function copyFirm(p: Population, i: number, f: Firm, loc: number, row: number): void {
  for (const k of POPULATION_COLUMNS) {
    const from = FIRM_COLUMNS[k].from as ColumnSpec["from"];
    const v = from === "location" ? loc : from === "surveyRow" ? row : from === "sectorIndex" ? SECTORS.indexOf(f.sector) : (f[from as keyof Firm] as number);
    (p[k] as Float64Array)[i] = v;
  }
}
