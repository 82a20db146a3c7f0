/**
 * Checking the columns a command uses in a user's table (the `index` and
 * `estimate` commands, and the library functions behind them), with errors
 * that name the file, the physical line and the column.
 *
 * The rules (README "Missing values"):
 * - a numeric column is one whose filled cells include a number; every other
 *   cell in it must be a finite number too — a word is an error, and so are
 *   `Infinity` and numbers beyond ±MAX_ABS_DATA_VALUE;
 * - an empty cell, or a missing-value code (`NA`, `N/A`, `NaN`, `null`, `.`,
 *   `#N/A`, …), is a missing value and is never recoded silently: it is an
 *   error naming the line and column unless the caller allows listwise
 *   deletion (`--drop-missing`), which drops the row and counts it;
 * - a text column (no numbers) is categorical; missing-value codes in it are
 *   missing values under the same rule.
 * Files whose columns are exactly a codebook table are checked against the
 * codebook first (types, ranges, unique keys), as the loaders do.
 */
import { UserError } from "../errors";
import { MAX_ABS_DATA_VALUE } from "../limits";
import { loadCodebook, type Codebook, type TableName } from "./codebook";
import { parseNumber, type RawTable, type Record_ } from "./csv";
import { validateTable } from "./validate";

/** Cell texts read as a missing value (compared case-insensitively, trimmed). */
export const MISSING_CODES = ["na", "n/a", "n.a.", "nan", "null", "nil", ".", "-", "--", "#n/a", "#na", "missing", "?"];

const NON_FINITE = /^[+-]?(inf|infinity|∞)$/i;
const NUMBER_LIKE = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

export function isMissingCode(text: string): boolean {
  return MISSING_CODES.includes(text.trim().toLowerCase());
}

export type ColumnKind = "number" | "text";

export interface ColumnCheck {
  /** Columns to check; others are passed through as text. */
  columns: readonly string[];
  /** Columns that must be numeric. */
  numeric?: readonly string[];
  /** Columns that are categorical whatever their cells look like. */
  categorical?: readonly string[];
  /** Drop rows with a missing value in a checked column (listwise deletion) instead of failing. */
  dropMissing?: boolean;
  /** How to ask for deletion, for the hint: "pass --drop-missing". */
  dropHint?: string;
  /** The whole hint for a refused missing value (overrides dropHint's sentence). */
  missingHint?: string;
  /** Columns where a missing value is allowed (kept as null, e.g. indicators the recipe imputes). */
  allowMissing?: readonly string[];
}

export interface CheckedTable {
  rows: Record_[];
  /** Physical line of each kept row. */
  lines: number[];
  kinds: Record<string, ColumnKind>;
  /** Rows dropped for missing values, with their physical lines. */
  dropped: { count: number; lines: number[] };
}

function located(raw: RawTable, i: number, column: string, problem: string, hint?: string): UserError {
  return new UserError(problem, { location: { file: raw.file, row: raw.lines[i] ?? i + 2, column }, ...(hint ? { hint } : {}) });
}

function show(text: string): string {
  return text.length > 40 ? `"${text.slice(0, 37)}…"` : `"${text}"`;
}

/** The codebook table whose columns are exactly the file's, if any. */
export function codebookTableOf(raw: RawTable, codebook: Codebook = loadCodebook()): TableName | null {
  for (const [name, spec] of Object.entries(codebook.tables) as Array<[TableName, Codebook["tables"][TableName]]>) {
    const cols = spec.variables.map((v) => v.name);
    if (cols.length === raw.columns.length && cols.every((c) => raw.columns.includes(c))) return name;
  }
  return null;
}

/**
 * Checks the named columns of a raw table under the rules above and returns
 * typed records (numbers, text, null for allowed missing values).
 */
export function checkColumns(raw: RawTable, c: ColumnCheck): CheckedTable {
  const missingCols = c.columns.filter((col) => !raw.columns.includes(col));
  if (missingCols.length > 0) {
    throw new UserError(`There is no column ${missingCols.map((m) => `"${m}"`).join(", ")} in the data.`, { location: { file: raw.file, row: 1 }, hint: `Columns: ${raw.columns.join(", ")}.` });
  }
  // Codebook tables get the loaders' checks first (types, ranges, unique keys).
  const table = codebookTableOf(raw);
  if (table !== null) {
    const ids = new Set<string>();
    const j = raw.columns.indexOf("cluster");
    if (j >= 0) for (const r of raw.rows) if (r[j] !== null) ids.add((r[j] as string).trim());
    validateTable(raw, loadCodebook(), table, { clusterIds: [...ids].filter((x) => x !== "none") });
  }
  const kinds: Record<string, ColumnKind> = {};
  const idx = Object.fromEntries(raw.columns.map((col, j) => [col, j]));
  for (const col of c.columns) {
    const j = idx[col] as number;
    if (c.categorical?.includes(col)) {
      kinds[col] = "text";
      continue;
    }
    let numbers = 0;
    let firstText = -1;
    raw.rows.forEach((r, i) => {
      const t = r[j];
      if (t === null || t === undefined || isMissingCode(t)) return;
      if (NUMBER_LIKE.test(t.trim()) || NON_FINITE.test(t.trim())) numbers++;
      else if (firstText < 0) firstText = i;
    });
    const mustBeNumeric = c.numeric?.includes(col) === true;
    if (numbers > 0 || mustBeNumeric) {
      kinds[col] = "number";
      if (firstText >= 0) {
        const t = raw.rows[firstText]?.[j] as string;
        throw located(
          raw,
          firstText,
          col,
          numbers > 0 ? `${show(t)} is not a number, but the column's other cells are numbers.` : `${show(t)} is not a number; the column "${col}" must be numeric here.`,
          numbers > 0 ? "Correct the cell, or leave it empty for a missing value." : undefined,
        );
      }
    } else kinds[col] = "text";
  }
  const rows: Record_[] = [];
  const lines: number[] = [];
  const droppedLines: number[] = [];
  raw.rows.forEach((r, i) => {
    const rec: Record_ = {};
    let drop = false;
    raw.columns.forEach((col, j) => {
      const t = r[j] ?? null;
      const kind = kinds[col];
      if (kind === undefined) {
        rec[col] = t === null ? null : parseNumber(t) ?? t;
        return;
      }
      if (t === null || isMissingCode(t)) {
        if (c.allowMissing?.includes(col)) {
          rec[col] = null;
          return;
        }
        if (c.dropMissing) {
          drop = true;
          rec[col] = null;
          return;
        }
        throw located(
          raw,
          i,
          col,
          t === null ? "The cell is empty: a missing value, which is never filled in silently." : `${show(t)} marks a missing value, which is never filled in silently.`,
          c.missingHint ?? `Fill it in, or ${c.dropHint ?? "allow listwise deletion"} to leave out every row with a missing value (the count is reported).`,
        );
      }
      if (kind === "text") {
        rec[col] = t.trim();
        return;
      }
      const s = t.trim();
      const v = NON_FINITE.test(s) ? Infinity : Number(s);
      if (!Number.isFinite(v)) throw located(raw, i, col, `${show(t)} is not a finite number.`, "Use a finite value, or leave the cell empty for a missing value.");
      if (Math.abs(v) > MAX_ABS_DATA_VALUE) {
        throw located(raw, i, col, `${show(t)} is beyond ±${MAX_ABS_DATA_VALUE.toExponential(0)}, too large to compute with reliably.`, "Rescale the variable (e.g. to billions, or take logs).");
      }
      rec[col] = v;
    });
    if (drop) {
      droppedLines.push(raw.lines[i] ?? i + 2);
      return;
    }
    rows.push(rec);
    lines.push(raw.lines[i] ?? i + 2);
  });
  return { rows, lines, kinds, dropped: { count: droppedLines.length, lines: droppedLines } };
}

/** "3 rows (lines 5, 9, 12)" — for the report of listwise deletion. */
export function describeDropped(d: CheckedTable["dropped"]): string {
  const shown = d.lines.slice(0, 10).join(", ");
  return `${d.count} row${d.count === 1 ? "" : "s"}${d.count > 0 ? ` (line${d.count === 1 ? "" : "s"} ${shown}${d.count > 10 ? ", …" : ""})` : ""}`;
}

/** Refuses a repeated key (one or more columns), naming both lines. */
export function checkUniqueRows(file: string, rows: readonly Record_[], lines: readonly number[], key: readonly string[], hint: string): void {
  const seen = new Map<string, number>();
  rows.forEach((r, i) => {
    const k = key.map((c) => String(r[c])).join(" / ");
    const first = seen.get(k);
    if (first !== undefined) {
      throw new UserError(`${key.join(" + ")} "${k}" appears twice, here and on line ${first}.`, { location: { file, row: lines[i] as number, column: key[key.length - 1] as string }, hint });
    }
    seen.set(k, lines[i] as number);
  });
}
