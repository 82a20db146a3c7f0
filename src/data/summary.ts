/**
 * Summaries of the data tables, as tidy rows ready for `show` or a figure.
 */
import * as fs from "node:fs";
import { UserError } from "../errors";
import { dataFile } from "../paths";
import { DEMANDS, PROVENANCE_STATUSES, type Demand, type Firm, type IndicatorRow, type ProvenanceStatus, type SourceRow } from "./loaders";

/** Counts of each provenance status per value of `key` (in order of first appearance): one row per value. */
function statusCounts<R extends { status: ProvenanceStatus }, K extends keyof R & string>(rows: readonly R[], key: K): Array<Record<K, R[K]> & Record<ProvenanceStatus, number>> {
  const groups = [...new Set(rows.map((r) => r[key]))];
  return groups.map((g) => {
    const row = { [key]: g, ...Object.fromEntries(PROVENANCE_STATUSES.map((s) => [s, 0])) } as Record<K, R[K]> & Record<ProvenanceStatus, number>;
    for (const r of rows) if (r[key] === g) row[r.status] += 1;
    return row;
  });
}

/** Counts of provenance statuses per field of clusters.csv: one row per field. */
export function provenanceCounts(sources: readonly SourceRow[]): Array<{ field: string } & Record<ProvenanceStatus, number>> {
  return statusCounts(sources, "field");
}

/**
 * Counts of provenance status and basis per field: one row per field, each
 * status cell as "n (basis k, …)" (a cell with two qualifiers counts under
 * both). `markdown` renders it as the table data/README.md shows.
 */
export function provenanceBasisCounts(sources: readonly SourceRow[]): Array<{ field: string } & Record<ProvenanceStatus, string>> {
  const fields = [...new Set(sources.map((r) => r.field))];
  return fields.map((field) => {
    const row = { field } as { field: string } & Record<ProvenanceStatus, string>;
    for (const st of PROVENANCE_STATUSES) {
      const rows = sources.filter((r) => r.field === field && r.status === st);
      const by = new Map<string, number>();
      for (const r of rows) for (const b of r.basis ? r.basis.split(";") : []) by.set(b, (by.get(b) ?? 0) + 1);
      const parts = [...by.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([b, n]) => `${b} ${n}`);
      row[st] = rows.length === 0 ? "" : parts.length ? `${rows.length} (${parts.join(", ")})` : String(rows.length);
    }
    return row;
  });
}

/** The table of `provenanceBasisCounts` in Markdown. */
export function provenanceBasisMarkdown(sources: readonly SourceRow[]): string {
  const rows = provenanceBasisCounts(sources);
  const head = `| field | ${PROVENANCE_STATUSES.join(" | ")} |\n|---|${PROVENANCE_STATUSES.map(() => "---").join("|")}|\n`;
  return head + rows.map((r) => `| \`${r.field}\` | ${PROVENANCE_STATUSES.map((s) => r[s]).join(" | ")} |`).join("\n") + "\n";
}

export type FirmGrouping = "sector" | "size_class" | "startup" | "in_cluster" | "cluster";

/** The label of a firm's group: its sector, size class, stage, location or cluster. */
export function groupOf(f: Firm, by: FirmGrouping): string {
  if (by === "startup") return f.startup ? "start-up (< 7 years)" : "established";
  if (by === "in_cluster") return f.in_cluster ? "in a cluster" : "outside clusters";
  return String(f[by]);
}

/** Firms by group, groups in first-seen order. */
export function groupFirms(firms: readonly Firm[], by: FirmGrouping): Map<string, Firm[]> {
  const groups = new Map<string, Firm[]>();
  for (const f of firms) {
    const k = groupOf(f, by);
    const g = groups.get(k);
    if (g) g.push(f);
    else groups.set(k, [f]);
  }
  return groups;
}

/** Per group of firms: counts, employment, researchers and the shares that matter for the study. */
export function surveySummary(firms: readonly Firm[], by: FirmGrouping): Array<Record<string, string | number>> {
  const groups = groupFirms(firms, by);
  const pct = (xs: Firm[], pred: (f: Firm) => boolean) => Math.round((1000 * xs.filter(pred).length) / xs.length) / 10;
  return [...groups.entries()].map(([group, xs]) => ({
    [by]: group,
    firms: xs.length,
    employees: xs.reduce((a, f) => a + f.employees, 0),
    researchers: xs.reduce((a, f) => a + f.researchers, 0),
    "pre-revenue %": pct(xs, (f) => f.pre_revenue === 1),
    "collaborating %": pct(xs, (f) => f.collaborating === 1),
    "product innovators %": pct(xs, (f) => f.product_innovation === 1),
    "patents per firm": Math.round((100 * xs.reduce((a, f) => a + f.patent_apps, 0)) / xs.length) / 100,
    "funding obtained / sought %": (() => {
      const sought = xs.reduce((a, f) => a + f.funding_sought_krw_m, 0);
      return sought > 0 ? Math.round((1000 * xs.reduce((a, f) => a + f.funding_obtained_krw_m, 0)) / sought) / 10 : 0;
    })(),
  }));
}

/** Share of firms ranking each kind of support first, per group: one row per (group, demand). */
export function demandShares(firms: readonly Firm[], by: FirmGrouping): Array<{ group: string; demand: Demand; share: number; firms: number }> {
  return [...groupFirms(firms, by).entries()].flatMap(([group, xs]) =>
    DEMANDS.map((demand) => ({ group, demand, share: xs.filter((f) => f.demand_first === demand).length / xs.length, firms: xs.length })),
  );
}

export interface CalibrationRow {
  marginal: string;
  target: number;
  achieved: number;
  tolerance: number | null;
  source: string;
  note: string | null;
}

/** The synthetic survey's calibration: each national target and what the generator achieved. */
export function surveyCalibration(file: string = dataFile("survey_dgp.json")): CalibrationRow[] {
  let dgp: { calibration: Record<string, { target: number; achieved: number; tolerance: number | null; source: string; note?: string }> };
  try {
    dgp = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (e) {
    throw new UserError("The survey's generator record could not be read.", { location: { file }, hint: "Run npm run data:build to rebuild it.", cause: e });
  }
  return Object.entries(dgp.calibration).map(([marginal, c]) => ({ marginal, target: c.target, achieved: c.achieved, tolerance: c.tolerance, source: c.source, note: c.note ?? null }));
}

/** How the indicator values of each pillar were obtained: counts of each status, one row per pillar. */
export function indicatorStatusCounts(rows: readonly IndicatorRow[]): Array<{ pillar: string } & Record<ProvenanceStatus, number>> {
  return statusCounts(rows, "pillar");
}
