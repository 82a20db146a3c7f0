/**
 * Reading CSV files strictly, with errors that name the file and row.
 *
 * Parsing is done by `csv-parse` (RFC 4180: quoted fields, embedded commas and
 * newlines, BOM, CRLF). On top of it this module guarantees:
 * - an empty cell is `null` — never `NaN`, `0` or `""`;
 * - a column whose filled cells are all numbers becomes numbers; any other
 *   column stays text (so a stray letter in a numeric column is caught by the
 *   schema check, not silently turned into NaN);
 * - every row has as many cells as the header, and header names are unique
 *   and non-empty.
 */
import { parse } from "csv-parse/sync";
import { UserError } from "../errors";
import { MAX_CSV_BYTES } from "../limits";
import { readTextCapped } from "./files";

export type CellValue = string | number | null;
export type Record_ = Record<string, CellValue>;

export interface RawTable {
  /** The file as the user named it. */
  file: string;
  columns: string[];
  /** Cells as text, `null` where empty. */
  rows: Array<Array<string | null>>;
  /** For each row, its line in the file as a spreadsheet numbers it (the header is line 1). */
  lines: number[];
}

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Parses a number written in plain decimal or exponent notation; anything else is `null`. */
export function parseNumber(text: string): number | null {
  const t = text.trim();
  if (!NUMBER.test(t)) return null;
  const v = Number(t);
  return Number.isFinite(v) ? v : null;
}

interface CsvParseError extends Error {
  code?: string;
  lines?: number;
  record?: unknown;
}

/** The physical line where a quote that is never closed opens (csv-parse reports the end of the file). */
export function unclosedQuoteLine(text: string): number | undefined {
  let line = 1;
  let inQuote = false;
  let opened = 1;
  let atFieldStart = true;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inQuote) {
      if (c === '"') {
        if (text[i + 1] === '"') i++;
        else inQuote = false;
      } else if (c === "\n") line++;
      continue;
    }
    if (c === '"' && atFieldStart) {
      inQuote = true;
      opened = line;
      continue;
    }
    if (c === "\n") line++;
    atFieldStart = c === "," || c === "\n" || c === "\r";
  }
  return inQuote ? opened : undefined;
}

/** Parses CSV text; `file` names it in errors. */
export function parseCsv(text: string, file: string): RawTable {
  if (text.replace(/^\uFEFF/, "").trim() === "") {
    throw new UserError("The file is empty; expected a header row and at least one data row.", { location: { file } });
  }
  let parsed: Array<{ record: string[]; info: { lines: number } }>;
  try {
    parsed = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: false, trim: false, info: true }) as unknown as Array<{
      record: string[];
      info: { lines: number };
    }>;
  } catch (e) {
    const err = e as CsvParseError;
    const line = err.code === "CSV_QUOTE_NOT_CLOSED" ? (unclosedQuoteLine(text) ?? err.lines) : typeof err.lines === "number" ? err.lines : undefined;
    const what =
      err.code === "CSV_RECORD_INCONSISTENT_FIELDS_LENGTH"
        ? "A row has a different number of cells from the header"
        : err.code === "CSV_QUOTE_NOT_CLOSED"
          ? "A quoted cell is never closed"
          : `The file is not valid CSV (${err.message})`;
    const at = line === undefined ? "" : err.code === "CSV_QUOTE_NOT_CLOSED" ? ` (its quote opens on line ${line} of the file)` : ` (line ${line} of the file)`;
    throw new UserError(`${what}${at}.`, {
      location: { file },
      hint: "Check that cells containing commas are wrapped in double quotes and every row has one cell per column.",
      cause: e,
    });
  }
  const records = parsed.map((p) => p.record);
  const [header, ...body] = records;
  if (header === undefined) throw new UserError("The file has no header row.", { location: { file } });
  const columns = header.map((h) => h.trim());
  const seen = new Set<string>();
  columns.forEach((c, j) => {
    if (c === "") throw new UserError(`Column ${j + 1} of the header has no name.`, { location: { file, row: 1 }, hint: "Give every column a name." });
    if (seen.has(c)) throw new UserError(`The header names column "${c}" twice.`, { location: { file, row: 1 }, hint: "Column names must be unique." });
    seen.add(c);
  });
  if (body.length === 0) {
    throw new UserError("The file has a header but no data rows.", { location: { file } });
  }
  const rows = body.map((r) => r.map((cell) => (cell.trim() === "" ? null : cell)));
  return { file, columns, rows, lines: parsed.slice(1).map((p) => p.info.lines) };
}

/** Reads and parses a CSV file (at most MAX_CSV_BYTES; larger files are refused with the numbers). */
export function readCsvFile(file: string): RawTable {
  return parseCsv(readTextCapped(file, { maxBytes: MAX_CSV_BYTES, kind: "CSV file" }), file);
}

/**
 * Turns a raw table into records, typing each column: numeric when every
 * filled cell is a number, text otherwise. Empty cells are `null`.
 */
export function toRecords(table: RawTable): Record_[] {
  const numeric = table.columns.map((_, j) => table.rows.every((r) => r[j] === null || parseNumber(r[j] as string) !== null));
  return table.rows.map((r) => {
    const rec: Record_ = {};
    table.columns.forEach((c, j) => {
      const cell = r[j] ?? null;
      rec[c] = cell === null ? null : numeric[j] ? (parseNumber(cell) as number) : cell;
    });
    return rec;
  });
}

/**
 * Reads a CSV file into typed records (numbers where a column is numeric,
 * `null` for empty cells).
 *
 * @example readTable("data/national_bio_industry.csv")[0] // { year: 2012, firms_surveyed: null, ... }
 */
export function readTable(file: string): Record_[] {
  return toRecords(readCsvFile(file));
}
