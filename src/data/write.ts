/**
 * Writing outputs safely: a file is written to a temporary name beside its
 * target and renamed into place, so a killed run never leaves a half-written
 * file under the real name.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { stringify } from "csv-stringify/sync";

/** Writes `content` to `file` atomically (temporary file + rename), creating the folder. */
export function writeFileAtomic(file: string, content: string | Uint8Array): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.tmp-${process.pid}-${Date.now()}`);
  try {
    fs.writeFileSync(tmp, content);
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
}

export type Formatter = (v: unknown) => string;

/** Fixed decimals, trailing zeros kept, so files are byte-stable; null → empty cell. */
export function fixed(decimals: number): Formatter {
  return (v) => (v === null || v === undefined ? "" : Number(v).toFixed(decimals));
}

/** Shortest round-trip text for numbers (`String(n)`), text as is, null → empty cell. */
export const plain: Formatter = (v) => (v === null || v === undefined ? "" : String(v));

/**
 * CSV text for rows, with the given column order and per-column formatters
 * (default `plain`). Quoting follows RFC 4180; line endings are \n.
 */
export function toCsv(rows: ReadonlyArray<Record<string, unknown>>, columns: readonly string[], formats: Record<string, Formatter> = {}): string {
  const body = rows.map((r) => columns.map((c) => (formats[c] ?? plain)(r[c])));
  return stringify([columns as string[], ...body], { record_delimiter: "unix" });
}
