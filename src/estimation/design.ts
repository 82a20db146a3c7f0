/**
 * From data rows to a design matrix: listwise deletion (counted, never silent),
 * an intercept named `(Intercept)` unless switched off, and categorical
 * variables expanded to 0/1 dummies named `<variable>_<level>` against a
 * stated base level (default: the first level in sorted order). A regressor
 * `a:b` is an interaction: the product of its parts, each part a numeric
 * column or the dummies of a categorical one (`support_rnd_grant:size_class`
 * gives `support_rnd_grant:size_class_medium`, `…_large`).
 */
import { EigenvalueDecomposition, Matrix } from "ml-matrix";
import { UserError } from "../errors";

export type DataRow = Record<string, unknown>;

export interface DesignSpec {
  /** Outcome column. */
  y: string;
  /** Regressor columns. Text columns (or those listed in `categorical`) become dummies. */
  x: readonly string[];
  /** Include an intercept (default true). */
  intercept?: boolean;
  /** Base level per categorical variable; a listed variable is categorical even if numeric. */
  categorical?: Record<string, string | null>;
  /** Grouping column for cluster-robust covariance; rows with it missing are dropped too. */
  group?: string;
  /** Name of the data in error messages. */
  source?: string;
  /** Leave out rows with a missing value in a used column (counted); without it such a row is an error naming it. */
  dropMissing?: boolean;
}

export interface Design {
  names: string[];
  /** Row-major n × k. */
  X: Float64Array;
  y: Float64Array;
  n: number;
  k: number;
  /** Group index per row (0 … G−1) when a group column was given. */
  groups: Int32Array | null;
  groupCount: number;
  nDropped: number;
  /** Base level of each categorical variable. */
  baseLevels: Record<string, string>;
  /** What each column means: its source variable and, for dummies, its level; for interactions, its parts. */
  columns: Array<{ name: string; variable: string | null; level?: string; parts?: Array<{ variable: string; level?: string }> }>;
}

function numeric(v: unknown): number | null {
  if (typeof v === "number") return Number.isFinite(v) ? v : null;
  if (typeof v === "boolean") return v ? 1 : 0;
  return null;
}

function missing(v: unknown): boolean {
  return v === null || v === undefined || v === "" || (typeof v === "number" && !Number.isFinite(v));
}

export function buildDesign(input: readonly object[], spec: DesignSpec): Design {
  const rows = input as readonly DataRow[];
  const src = spec.source ?? "data";
  if (rows.length === 0) throw new UserError("The data has no rows.", { location: { file: src } });
  const cols = Object.keys(rows[0] as DataRow);
  const terms = spec.x.map((t) => t.split(":"));
  const vars = [...new Set(terms.flat())];
  for (const c of [spec.y, ...vars, ...(spec.group ? [spec.group] : [])]) {
    if (!cols.includes(c)) throw new UserError(`There is no column "${c}" in the data.`, { location: { file: src }, hint: `Columns: ${cols.join(", ")}.` });
  }
  if (vars.includes(spec.y)) throw new UserError(`"${spec.y}" is both the outcome and a regressor.`, { location: { file: src } });
  const used = [spec.y, ...vars, ...(spec.group ? [spec.group] : [])];
  if (spec.dropMissing !== true) {
    // Missing values are never dropped silently: the first one is an error unless listwise deletion was asked for.
    const i = rows.findIndex((r) => used.some((c) => missing(r[c])));
    if (i >= 0) {
      const c = used.find((u) => missing((rows[i] as DataRow)[u])) as string;
      const n = rows.filter((r) => used.some((u) => missing(r[u]))).length;
      throw new UserError(`Data row ${i + 1} has no value for "${c}"${n > 1 ? ` (${n} rows have a missing value in a used column)` : ""}.`, {
        location: { file: src, column: c },
        hint: "Fill the gaps, or leave such rows out with dropMissing: true (--drop-missing on the command line); they are then counted in the results.",
      });
    }
  }
  const kept = rows.filter((r) => used.every((c) => !missing(r[c])));
  const nDropped = rows.length - kept.length;

  const categorical = new Set(Object.keys(spec.categorical ?? {}));
  for (const x of vars) {
    if (categorical.has(x)) continue;
    const text = kept.findIndex((r) => typeof r[x] === "string");
    if (text < 0) continue;
    // A column of numbers with some text (often "NA") is not a categorical variable: refuse it rather than recode it.
    if (kept.some((r) => typeof r[x] === "number")) {
      throw new UserError(`"${x}" mixes numbers and text: data row ${rows.indexOf(kept[text] as DataRow) + 1} has ${JSON.stringify(kept[text]?.[x])}.`, {
        location: { file: src, column: x },
        hint: `A missing value must be empty (null), never a code such as "NA"; to treat "${x}" as categorical, name its base level (categorical: { ${x}: <level> }).`,
      });
    }
    categorical.add(x);
  }
  const baseLevels: Record<string, string> = {};
  const columns: Design["columns"] = [];
  if (spec.intercept !== false) columns.push({ name: "(Intercept)", variable: null });
  const levelsOf: Record<string, string[]> = {};
  for (const x of vars) {
    if (!categorical.has(x)) continue;
    const levels = [...new Set(kept.map((r) => String(r[x])))].sort();
    const base = spec.categorical?.[x] ?? levels[0];
    if (base === undefined) continue;
    if (!levels.includes(base)) {
      throw new UserError(`The base level "${base}" of "${x}" does not occur in the data.`, { location: { file: src, column: x }, hint: `Levels: ${levels.join(", ")}.` });
    }
    baseLevels[x] = base;
    levelsOf[x] = levels.filter((l) => l !== base);
  }
  type Factor = { variable: string; level?: string; name: string };
  for (const parts of terms) {
    const lists: Factor[][] = parts.map((p) => (categorical.has(p) ? (levelsOf[p] ?? []).map((l) => ({ variable: p, level: l, name: `${p}_${l}` })) : [{ variable: p, name: p }]));
    let combos: Factor[][] = [[]];
    for (const l of lists) combos = combos.flatMap((c) => l.map((f) => [...c, f]));
    for (const c of combos) {
      if (c.length === 1) {
        const f = c[0] as Factor;
        columns.push(f.level !== undefined ? { name: f.name, variable: f.variable, level: f.level } : { name: f.name, variable: f.variable });
      } else {
        columns.push({ name: c.map((f) => f.name).join(":"), variable: parts.join(":"), parts: c.map((f) => (f.level !== undefined ? { variable: f.variable, level: f.level } : { variable: f.variable })) });
      }
    }
  }

  const n = kept.length;
  const k = columns.length;
  const X = new Float64Array(n * k);
  const y = new Float64Array(n);
  kept.forEach((r, i) => {
    const yv = numeric(r[spec.y]);
    if (yv === null) throw new UserError(`The outcome "${spec.y}" must be numeric; found ${JSON.stringify(r[spec.y])}.`, { location: { file: src, column: spec.y } });
    y[i] = yv;
    const factor = (variable: string, level: string | undefined): number => {
      if (level !== undefined) return String(r[variable]) === level ? 1 : 0;
      const nv = numeric(r[variable]);
      if (nv === null) throw new UserError(`"${variable}" must be numeric; found ${JSON.stringify(r[variable])}.`, { location: { file: src, column: variable } });
      return nv;
    };
    columns.forEach((c, j) => {
      let v: number;
      if (c.variable === null) v = 1;
      else if (c.parts) v = c.parts.reduce((a, p) => a * factor(p.variable, p.level), 1);
      else v = factor(c.variable, c.level);
      X[i * k + j] = v;
    });
  });
  let groups: Int32Array | null = null;
  let groupCount = 0;
  if (spec.group) {
    const ids = new Map<string, number>();
    groups = Int32Array.from(kept, (r) => {
      const g = String(r[spec.group as string]);
      let id = ids.get(g);
      if (id === undefined) {
        id = ids.size;
        ids.set(g, id);
      }
      return id;
    });
    groupCount = ids.size;
  }
  return { names: columns.map((c) => c.name), X, y, n, k, groups, groupCount, nDropped, baseLevels, columns };
}

/**
 * The scaled condition number of the design (Belsley, Kuh and Welsch): the
 * ratio of the largest to the smallest singular value of X with every column
 * scaled to unit length. Above about 30 the estimates are sensitive to small
 * changes in the data (near-collinearity); Infinity when a column is all zero.
 */
export function conditionNumber(d: Design): number {
  const { n, k, X } = d;
  if (k === 0 || n === 0) return NaN;
  const norms = new Float64Array(k);
  for (let i = 0; i < n; i++) for (let j = 0; j < k; j++) norms[j] = (norms[j] as number) + (X[i * k + j] as number) ** 2;
  for (let j = 0; j < k; j++) norms[j] = Math.sqrt(norms[j] as number);
  if (norms.some((v) => v === 0)) return Infinity;
  const G = new Matrix(k, k);
  for (let i = 0; i < n; i++)
    for (let a = 0; a < k; a++) {
      const xa = (X[i * k + a] as number) / (norms[a] as number);
      for (let b = a; b < k; b++) G.set(a, b, G.get(a, b) + xa * ((X[i * k + b] as number) / (norms[b] as number)));
    }
  for (let a = 0; a < k; a++) for (let b = 0; b < a; b++) G.set(a, b, G.get(b, a));
  const ev = new EigenvalueDecomposition(G, { assumeSymmetric: true }).realEigenvalues;
  const hi = Math.max(...ev);
  const lo = Math.min(...ev);
  return lo <= hi * 1e-300 ? Infinity : Math.sqrt(hi / lo);
}
