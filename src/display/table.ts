/**
 * Tables for people: records (or a danfojs DataFrame) as an HTML table and as
 * aligned plain text. Long tables show their head and tail with a row count in
 * between, as pandas does.
 */

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
 * Formats one cell for display. Integers print whole; other finite numbers
 * with at most 6 significant digits (no exponent between 1e-4 and 1e15); NaN
 * and missing values print as an empty string in HTML and "NA" in text.
 *
 * @example formatCell(1234.56789) // "1234.57"
 */
export function formatCell(v: unknown, missing = ""): string {
  if (v === null || v === undefined) return missing;
  if (typeof v === "number") {
    if (Number.isNaN(v)) return missing;
    if (!Number.isFinite(v)) return v > 0 ? "Inf" : "-Inf";
    if (Number.isInteger(v)) return String(v);
    const a = Math.abs(v);
    if (a >= 1e-4 && a < 1e15) return String(Number(v.toPrecision(6)));
    return v.toPrecision(6);
  }
  if (v instanceof Date) return v.toISOString();
  if (typeof v === "object") return JSON.stringify(v);
  return String(v);
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
