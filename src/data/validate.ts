/**
 * Checking a table against its codebook entry: the exact set of columns, each
 * cell's type and range (checked with zod), unique keys and references to
 * cluster ids. The first problem found is reported with the file, the
 * physical line, the column and what was expected.
 */
import { z } from "zod";
import { UserError } from "../errors";
import { parseNumber, type RawTable } from "./csv";
import { expectation, type Codebook, type TableName, type Variable } from "./codebook";

export type Value = string | number | null;
export type TypedRow = Record<string, Value>;

export interface ValidationContext {
  /** Known cluster ids, for variables whose values are "clusters.id" (or "clusters.id|none"). */
  clusterIds?: readonly string[];
}

/** The allowed values of a category variable, with references resolved. */
export function allowedValues(v: Variable, ctx: ValidationContext): string[] | null {
  if (v.type !== "category") return null;
  if (Array.isArray(v.values)) return v.values;
  if (typeof v.values === "string") {
    const [ref, ...extra] = v.values.split("|");
    if (ref !== "clusters.id") throw new Error(`codebook: unknown value reference "${v.values}" for ${v.name}`);
    if (ctx.clusterIds === undefined) throw new Error(`validating ${v.name} needs the list of cluster ids`);
    return [...ctx.clusterIds, ...extra];
  }
  return null;
}

function cellSchema(v: Variable, allowed: string[] | null): z.ZodType<Value> {
  switch (v.type) {
    case "integer": {
      let s = z.number().int();
      if (v.min !== undefined) s = s.min(v.min);
      if (v.max !== undefined) s = s.max(v.max);
      return s;
    }
    case "number": {
      let s = z.number();
      if (v.min !== undefined) s = s.min(v.min);
      if (v.max !== undefined) s = s.max(v.max);
      return s;
    }
    case "binary":
      return z.union([z.literal(0), z.literal(1)]);
    case "category":
      return z.enum((allowed ?? []) as [string, ...string[]]);
    case "id":
    case "string":
      return z.string().min(1);
  }
}

function describeCell(text: string): string {
  return text.length > 40 ? `"${text.slice(0, 37)}…"` : `"${text}"`;
}

/**
 * Validates a raw CSV table against a codebook table and returns typed rows
 * (numbers for numeric types, text otherwise, `null` for allowed empty cells).
 */
export function validateTable(raw: RawTable, codebook: Codebook, table: TableName, ctx: ValidationContext = {}): TypedRow[] {
  const spec = codebook.tables[table];
  const expected = spec.variables.map((v) => v.name);
  const missing = expected.filter((c) => !raw.columns.includes(c));
  if (missing.length > 0) {
    throw new UserError(`Missing column${missing.length > 1 ? "s" : ""} ${missing.map((c) => `"${c}"`).join(", ")}.`, {
      location: { file: raw.file, row: 1 },
      hint: `A ${table} file needs these columns (see data/codebook.json): ${expected.join(", ")}.`,
    });
  }
  const extra = raw.columns.filter((c) => !expected.includes(c));
  if (extra.length > 0) {
    throw new UserError(`Unexpected column${extra.length > 1 ? "s" : ""} ${extra.map((c) => `"${c}"`).join(", ")}.`, {
      location: { file: raw.file, row: 1 },
      hint: `A ${table} file has exactly these columns (see data/codebook.json): ${expected.join(", ")}. Remove the others or add them to the codebook.`,
    });
  }
  const plan = spec.variables.map((v) => {
    const allowed = allowedValues(v, ctx);
    return { v, j: raw.columns.indexOf(v.name), allowed, schema: cellSchema(v, allowed) };
  });
  const numericTypes = new Set(["integer", "number", "binary"]);
  const out: TypedRow[] = [];
  raw.rows.forEach((cells, i) => {
    const row = raw.lines[i] ?? i + 2;
    const rec: TypedRow = {};
    for (const { v, j, allowed, schema } of plan) {
      const text = cells[j] ?? null;
      const loc = { file: raw.file, row, column: v.name };
      if (text === null) {
        if (v.nullable === true) {
          rec[v.name] = null;
          continue;
        }
        throw new UserError(`The cell is empty; expected ${expectation(v, allowed ?? undefined)}.`, { location: loc });
      }
      let value: Value = text.trim();
      if (numericTypes.has(v.type)) {
        const n = parseNumber(text);
        if (n === null) throw new UserError(`${describeCell(text)} is not a number; expected ${expectation(v)}.`, { location: loc });
        value = n;
      }
      const r = schema.safeParse(value);
      if (!r.success) {
        throw new UserError(`${describeCell(text)} is not allowed; expected ${expectation(v, allowed ?? undefined)}.`, { location: loc });
      }
      rec[v.name] = value;
    }
    out.push(rec);
  });
  checkUniqueKey(raw, out, spec.key);
  return out;
}

function checkUniqueKey(raw: RawTable, rows: TypedRow[], key: string | string[]): void {
  const cols = Array.isArray(key) ? key : [key];
  const seen = new Map<string, number>();
  rows.forEach((r, i) => {
    const k = cols.map((c) => String(r[c])).join(" / ");
    const row = raw.lines[i] ?? i + 2;
    const first = seen.get(k);
    if (first !== undefined) {
      throw new UserError(`Duplicate ${cols.join(" + ")} "${k}": it already appears on line ${first}.`, {
        location: { file: raw.file, row, column: cols[0] },
        hint: `Each ${cols.join(" + ")} must appear once.`,
      });
    }
    seen.set(k, row);
  });
}

/** A located error for a row-level consistency rule. */
export function rowError(raw: RawTable, index: number, column: string, problem: string, hint?: string): UserError {
  return new UserError(problem, { location: { file: raw.file, row: raw.lines[index] ?? index + 2, column }, ...(hint ? { hint } : {}) });
}
