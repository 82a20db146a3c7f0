/**
 * Tables for people: records (or a danfojs DataFrame) as an HTML table and as
 * aligned plain text. Long tables show their head and tail with a row count in
 * between, as pandas does.
 */

import { findLabel, formatNumber, label, relabelText } from "../format";

export type Cell = string | number | boolean | null | undefined | bigint | Date;
export type Row = Record<string, unknown>;

export interface TableOptions {
  /** Rows shown before eliding the middle; default 40 (20 head + 20 tail). */
  maxRows?: number;
  /** Optional caption, shown above the table. */
  caption?: string;
}

/** Minimal shape of a danfojs DataFrame, checked structurally so this module never loads danfojs. */
export interface FrameLike {
  columns: string[];
  values: unknown[][];
  shape: number[];
}

export function isFrameLike(v: unknown): v is FrameLike {
  if (typeof v !== "object" || v === null) return false;
  const f = v as Partial<FrameLike>;
  return Array.isArray(f.columns) && Array.isArray(f.shape) && f.shape.length === 2 && Array.isArray(f.values);
}

/** A non-empty array whose items are all plain objects. */
export function isRecordArray(v: unknown): v is Row[] {
  return (
    Array.isArray(v) &&
    v.length > 0 &&
    v.every((r) => typeof r === "object" && r !== null && !Array.isArray(r) && !(r instanceof Date))
  );
}

/** Column names in first-seen order across all rows. */
export function columnsOf(rows: readonly Row[]): string[] {
  const seen = new Set<string>();
  for (const r of rows) for (const k of Object.keys(r)) seen.add(k);
  return [...seen];
}

export function frameToRecords(frame: FrameLike): Row[] {
  return frame.values.map((vals) => {
    const r: Row = {};
    frame.columns.forEach((c, j) => {
      r[c] = vals[j];
    });
    return r;
  });
}

/**
 * Formats one cell for display through the formatting layer: whole numbers
 * print whole (thousands separators from 10,000 up, so years stay 2018),
 * other finite numbers with 4 significant figures by magnitude (no
 * floating-point noise; powers of ten below 0.001); lists of identifiers as
 * their labels; NaN and missing values as an empty string in HTML and "NA" in
 * text.
 *
 * @example formatCell(1234.56789) // "1,235"
 */
export function formatCell(v: unknown, missing = ""): string {
  if (v === null || v === undefined) return missing;
  if (typeof v === "number") {
    if (Number.isNaN(v)) return missing;
    if (!Number.isFinite(v)) return v > 0 ? "Inf" : "-Inf";
    if (Number.isInteger(v)) return Math.abs(v) < 10000 ? String(v) : formatNumber(v, { decimals: 0 });
    return formatNumber(v, { sig: 4 });
  }
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v) && v.every((x) => typeof x === "string")) return v.map((x) => (findLabel(x) ? label(x) : x)).join(", ");
  if (Array.isArray(v) && v.every((x) => typeof x === "number")) return v.map((x) => formatCell(x, missing)).join(", ");
  // A flat object in a cell (pillar scores, shares): labelled pairs instead of a JSON blob.
  if (typeof v === "object" && Object.values(v as object).every((x) => x === null || ["number", "string", "boolean"].includes(typeof x)))
    return Object.entries(v as Record<string, unknown>).map(([k, x]) => `${findLabel(k) ? label(k) : k} ${formatCell(x, missing)}`).join("; ");
  if (typeof v === "object") return JSON.stringify(v);
  return String(v);
}

/** Columns whose values are identifiers the label dictionary translates. */
const ID_COLUMNS = new Set(["id", "name", "unit", "cluster", "scenario", "baseline", "metric", "mix", "variable", "factor", "pillar", "stage", "strongest", "weakest", "parameter", "instrument", "role", "marginal", "field", "outcome", "sector", "indicator", "item"]);

/**
 * Rows as a reader should see them: column names and identifier values
 * (clusters, mixes, outcomes, parameters …) that the label dictionary knows
 * become labels; everything else is left as it is.
 */
export function readableRows(rows: readonly Row[]): Row[] {
  const cols = columnsOf(rows);
  const names = new Map(cols.map((c) => [c, findLabel(c) ? label(c, "en", { kind: "column" }) : c]));
  if (new Set(names.values()).size < cols.length) for (const c of cols) names.set(c, c); // labels would merge columns: keep names
  return rows.map((r) => {
    const out: Row = {};
    for (const c of cols) {
      const v = r[c];
      out[names.get(c) as string] =
        typeof v !== "string" ? v : ID_COLUMNS.has(c) && findLabel(v) ? label(v, "en", c === "field" ? { kind: "codebook" } : {}) : relabelText(v);
    }
    return out;
  });
}

/** A flat object of primitives ({ infrastructure: 0.55, … }) as two-column rows with labelled items, or null. */
export function objectRows(v: unknown): Row[] | null {
  if (typeof v !== "object" || v === null || Array.isArray(v) || v instanceof Date) return null;
  const entries = Object.entries(v as Record<string, unknown>);
  if (entries.length === 0 || !entries.every(([, x]) => x === null || ["number", "string", "boolean"].includes(typeof x))) return null;
  return entries.map(([k, x]) => ({ item: findLabel(k) ? label(k, "en", { kind: "instrument" }) : k, value: x }));
}

export function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

interface Window {
  head: Row[];
  tail: Row[];
  hidden: number;
}

function windowRows(rows: readonly Row[], maxRows: number): Window {
  if (rows.length <= maxRows) return { head: [...rows], tail: [], hidden: 0 };
  const h = Math.ceil(maxRows / 2);
  const t = Math.floor(maxRows / 2);
  return { head: rows.slice(0, h), tail: rows.slice(rows.length - t), hidden: rows.length - h - t };
}

export function tableHtml(rows: readonly Row[], options: TableOptions = {}): string {
  const cols = columnsOf(rows);
  const { head, tail, hidden } = windowRows(rows, options.maxRows ?? 40);
  const numeric = cols.map((c) => rows.every((r) => r[c] === null || r[c] === undefined || typeof r[c] === "number"));
  const td = (r: Row) =>
    "<tr>" +
    cols
      .map((c, j) => `<td style="text-align:${numeric[j] ? "right" : "left"}">${escapeHtml(formatCell(r[c]))}</td>`)
      .join("") +
    "</tr>";
  const parts: string[] = [];
  parts.push('<table class="bioclusters-table" border="1" style="border-collapse:collapse">');
  if (options.caption !== undefined) parts.push(`<caption>${escapeHtml(options.caption)}</caption>`);
  parts.push("<thead><tr>" + cols.map((c) => `<th>${escapeHtml(c)}</th>`).join("") + "</tr></thead><tbody>");
  for (const r of head) parts.push(td(r));
  if (hidden > 0) parts.push(`<tr><td colspan="${cols.length}" style="text-align:center">… ${hidden} more rows …</td></tr>`);
  for (const r of tail) parts.push(td(r));
  parts.push("</tbody></table>");
  parts.push(`<p style="font-size:smaller">${rows.length} rows × ${cols.length} columns</p>`);
  return parts.join("");
}

export function tableText(rows: readonly Row[], options: TableOptions = {}): string {
  const cols = columnsOf(rows);
  const { head, tail, hidden } = windowRows(rows, options.maxRows ?? 40);
  const shown = [...head, ...tail];
  const cells = shown.map((r) => cols.map((c) => formatCell(r[c], "NA")));
  const widths = cols.map((c, j) => Math.max(c.length, ...cells.map((row) => (row[j] ?? "").length)));
  const line = (vals: string[]) => vals.map((v, j) => v.padStart(widths[j] ?? 0)).join("  ");
  const out: string[] = [];
  if (options.caption !== undefined) out.push(options.caption);
  out.push(line(cols));
  cells.forEach((row, i) => {
    if (hidden > 0 && i === head.length) out.push(`… ${hidden} more rows …`);
    out.push(line(row));
  });
  out.push(`[${rows.length} rows × ${cols.length} columns]`);
  return out.join("\n");
}
