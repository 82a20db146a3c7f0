/**
 * The raw inputs of the data build (`data/raw/`): observed facts as
 * transcribed from public sources, each with its URL and reference year.
 */
import { readTable, type Record_ } from "../csv";
import { UserError } from "../../errors";
import { dataFile } from "../../paths";
import { BASES, SECTORS, type Basis, type ClusterKind, type Sector } from "../loaders";

export interface ClusterMeta {
  id: string;
  name_en: string;
  name_ko: string;
  region: string;
  kind: ClusterKind;
  kind_status: "observed" | "inferred";
  kind_source: string;
  /** Year of the source that states (or implies) the kind. */
  kind_year: number;
  kind_qualifier: Basis[];
  established: number | null;
  established_source: string | null;
  specialisation: string;
  /** Sector weights (normalised to sum to 1). */
  sector_mix: Partial<Record<Sector, number>>;
  sector_mix_status: "observed" | "imputed";
  sector_mix_source: string;
}

export interface Fact {
  cluster: string;
  field: string;
  value: number;
  year: number | null;
  /** "2009-2038" for a budget spread over a plan period. */
  period: string | null;
  /** What the source counts, in words. */
  basis: string;
  /** How the figure relates to the field (closed list, see BASES). */
  qualifier: Basis[];
  source: string;
  note: string | null;
}

export interface NationalSector {
  sector: Sector;
  label: string;
  firms: number;
  employees: number;
  status: string;
  source: string;
  note: string | null;
}

export interface NationalTotal {
  field: string;
  value: number;
  year: number;
  source: string;
  note: string | null;
}

export interface Inputs {
  meta: ClusterMeta[];
  facts: Fact[];
  sectors: NationalSector[];
  totals: Map<string, NationalTotal>;
  /** Firms in the national survey by data year (the known years). */
  surveyedFirms: Map<number, number>;
  /** National bio-industry employment by data year (the known years). */
  employmentByYear: Map<number, number>;
}

const str = (r: Record_, k: string) => (r[k] === null || r[k] === undefined ? null : String(r[k]));
const num = (r: Record_, k: string) => (typeof r[k] === "number" ? (r[k] as number) : null);

function parseQualifier(text: string, where: string, file: string): Basis[] {
  const out = text.split(";").map((q) => q.trim());
  const bad = out.find((q) => !(BASES as readonly string[]).includes(q));
  if (bad !== undefined || text.trim() === "") {
    throw new UserError(`${where} has qualifier "${text}"; each part must be one of ${BASES.join(", ")}.`, { location: { file } });
  }
  return out as Basis[];
}

function parseMix(text: string, id: string, file: string): Partial<Record<Sector, number>> {
  const mix: Partial<Record<Sector, number>> = {};
  let total = 0;
  for (const part of text.split(";")) {
    const [s, w] = part.split(":");
    const weight = Number(w);
    if (!SECTORS.includes(s as Sector) || !(weight > 0)) {
      throw new UserError(`sector_mix "${text}" of cluster ${id} must look like bio_pharma:0.6;bio_devices:0.4 with known sectors and positive weights.`, { location: { file } });
    }
    mix[s as Sector] = weight;
    total += weight;
  }
  for (const s of Object.keys(mix) as Sector[]) mix[s] = (mix[s] as number) / total;
  return mix;
}

export function readInputs(dir: string = dataFile("raw")): Inputs {
  const metaFile = `${dir}/clusters_meta.csv`;
  const meta = readTable(metaFile).map((r) => ({
    id: String(r["id"]),
    name_en: String(r["name_en"]),
    name_ko: String(r["name_ko"]),
    region: String(r["region"]),
    kind: String(r["kind"]) as ClusterKind,
    kind_status: String(r["kind_status"]) as "observed" | "inferred",
    kind_source: String(r["kind_source"]),
    kind_year: Number(r["kind_year"]),
    kind_qualifier: parseQualifier(String(r["kind_qualifier"] ?? ""), `cluster ${String(r["id"])}`, metaFile),
    established: num(r, "established"),
    established_source: str(r, "established_source"),
    specialisation: String(r["specialisation"]),
    sector_mix: parseMix(String(r["sector_mix"]), String(r["id"]), metaFile),
    sector_mix_status: String(r["sector_mix_status"]) as "observed" | "imputed",
    sector_mix_source: String(r["sector_mix_source"]),
  }));
  const factsFile = `${dir}/cluster_facts.csv`;
  const facts = readTable(factsFile).map((r, i) => ({
    cluster: String(r["cluster"]),
    field: String(r["field"]),
    value: Number(r["value"]),
    year: num(r, "year"),
    period: str(r, "period"),
    basis: String(r["basis"]),
    qualifier: parseQualifier(String(r["qualifier"] ?? ""), `row ${i + 2} (${String(r["cluster"])}, ${String(r["field"])})`, factsFile),
    source: String(r["source"]),
    note: str(r, "note"),
  }));
  const ids = new Set(meta.map((m) => m.id));
  for (const f of facts) {
    if (!ids.has(f.cluster)) throw new UserError(`cluster_facts.csv names unknown cluster "${f.cluster}".`, { location: { file: `${dir}/cluster_facts.csv` } });
  }
  const sectors = readTable(`${dir}/national_sectors.csv`).map((r) => ({
    sector: String(r["sector"]) as Sector,
    label: String(r["label"]),
    firms: Number(r["firms"]),
    employees: Number(r["employees"]),
    status: String(r["status"]),
    source: String(r["source"]),
    note: str(r, "note"),
  }));
  const totals = new Map(
    readTable(`${dir}/national_totals.csv`).map((r) => [
      String(r["field"]),
      { field: String(r["field"]), value: Number(r["value"]), year: Number(r["year"]), source: String(r["source"]), note: str(r, "note") },
    ]),
  );
  const surveyedFirms = new Map<number, number>();
  const employmentByYear = new Map<number, number>();
  for (const r of readTable(dataFile("national_bio_industry.csv"))) {
    if (typeof r["firms_surveyed"] === "number") surveyedFirms.set(r["year"] as number, r["firms_surveyed"]);
    if (typeof r["employment"] === "number") employmentByYear.set(r["year"] as number, r["employment"]);
  }
  return { meta, facts, sectors, totals, surveyedFirms, employmentByYear };
}

/** A national total by field, or an error naming the missing field. */
export function total(inputs: Inputs, field: string): NationalTotal {
  const t = inputs.totals.get(field);
  if (!t) throw new Error(`data/raw/national_totals.csv has no row for "${field}"`);
  return t;
}
