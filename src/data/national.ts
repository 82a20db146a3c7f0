/**
 * The national bio-industry series 2012–2021 for calibration and
 * back-testing (`data/national_bio_industry.csv`, one row per data year, and
 * `data/national_bio_industry_sources.csv`, one provenance row per non-empty
 * cell: status, basis, release vintage, source, note).
 *
 * 2019–2021 are the **hold-out** years (`holdout = 1`): calibration may not
 * read them. `loadNationalSeries()` leaves them out unless asked with
 * `{ includeHoldout: true }`, which is for back-testing only.
 */
import { readCsvFile, toRecords } from "./csv";
import { UserError } from "../errors";
import { dataFile } from "../paths";
import { BASES, PROVENANCE_STATUSES, type ProvenanceStatus } from "./loaders";

export const NATIONAL_VARIABLES = [
  "firms_surveyed",
  "employment",
  "researchers",
  "production_krw_tn",
  "domestic_sales_krw_tn",
  "exports_krw_tn",
  "rnd_krw_tn",
  "pre_revenue_share",
  "startups_founded",
  "startups_closed",
] as const;
export type NationalVariable = (typeof NATIONAL_VARIABLES)[number];

/** First hold-out year: calibration reads only earlier years. */
export const HOLDOUT_FROM = 2019;

export type NationalYear = { year: number; holdout: 0 | 1 } & Record<NationalVariable, number | null>;

export interface NationalProvenance {
  year: number;
  variable: NationalVariable;
  status: ProvenanceStatus;
  basis: string;
  release: string;
  source: string;
  note: string | null;
}

export interface NationalSeries {
  years: NationalYear[];
  provenance: NationalProvenance[];
}

/**
 * Reads the national series and its provenance; checks that every value has
 * exactly one provenance row and every provenance row a value, and that the
 * hold-out flag follows `HOLDOUT_FROM`. Hold-out years are dropped unless
 * `includeHoldout` is true.
 */
export function loadNationalSeries(opts: { includeHoldout?: boolean; file?: string; sourcesFile?: string } = {}): NationalSeries {
  const file = opts.file ?? dataFile("national_bio_industry.csv");
  const sourcesFile = opts.sourcesFile ?? dataFile("national_bio_industry_sources.csv");
  const rows = toRecords(readCsvFile(file));
  const prov = toRecords(readCsvFile(sourcesFile));
  const years: NationalYear[] = rows.map((r, i) => {
    const year = r["year"];
    if (typeof year !== "number") throw new UserError(`${file}, line ${i + 2}: year must be a number.`);
    const holdout = r["holdout"];
    if (holdout !== (year >= HOLDOUT_FROM ? 1 : 0)) {
      throw new UserError(`${file}, line ${i + 2}, column holdout: must be ${year >= HOLDOUT_FROM ? 1 : 0} for ${year} (hold-out years are ${HOLDOUT_FROM} on).`);
    }
    const out = { year, holdout } as NationalYear;
    for (const v of NATIONAL_VARIABLES) {
      const x = r[v];
      if (x !== null && typeof x !== "number") throw new UserError(`${file}, line ${i + 2}, column ${v}: expected a number or an empty cell, found "${String(x)}".`);
      out[v] = x as number | null;
    }
    return out;
  });
  const provenance: NationalProvenance[] = prov.map((p, i) => {
    const where = `${sourcesFile}, line ${i + 2}`;
    const variable = String(p["variable"]) as NationalVariable;
    if (!NATIONAL_VARIABLES.includes(variable)) throw new UserError(`${where}, column variable: "${variable}" is not a column of the national series.`);
    const status = String(p["status"]) as ProvenanceStatus;
    if (!PROVENANCE_STATUSES.includes(status)) throw new UserError(`${where}, column status: "${status}" is not one of ${PROVENANCE_STATUSES.join(", ")}.`);
    const basis = String(p["basis"] ?? "");
    for (const b of basis.split(";")) if (!(BASES as readonly string[]).includes(b)) throw new UserError(`${where}, column basis: "${b}" is not one of ${BASES.join(", ")}.`);
    const y = years.find((x) => x.year === p["year"]);
    if (!y || y[variable] === null) throw new UserError(`${where}: there is no ${variable} value for ${String(p["year"])} in ${file}.`);
    if (!p["release"] || !p["source"]) throw new UserError(`${where}: give the release and the source of the value.`);
    return { year: y.year, variable, status, basis, release: String(p["release"]), source: String(p["source"]), note: p["note"] === null ? null : String(p["note"]) };
  });
  for (const y of years) {
    for (const v of NATIONAL_VARIABLES) {
      if (y[v] === null) continue;
      const n = provenance.filter((p) => p.year === y.year && p.variable === v).length;
      if (n !== 1) throw new UserError(`${sourcesFile}: ${v} for ${y.year} needs exactly one provenance row (found ${n}).`);
    }
  }
  if (opts.includeHoldout) return { years, provenance };
  return { years: years.filter((y) => y.holdout === 0), provenance: provenance.filter((p) => p.year < HOLDOUT_FROM) };
}
