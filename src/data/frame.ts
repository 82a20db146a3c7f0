/**
 * danfojs DataFrames at the edges. danfojs (and TensorFlow.js under it) takes
 * about a second to load, so it is loaded on first use, not on import.
 */
import { createRequire } from "node:module";
import type { DataFrame } from "danfojs-node";
import type { Record_ } from "./csv";

type Danfo = typeof import("danfojs-node");
let danfo: Danfo | undefined;

/** The danfojs-node module, loaded once on first call. */
export function danfojs(): Danfo {
  if (danfo === undefined) danfo = createRequire(__filename)("danfojs-node") as Danfo;
  return danfo;
}

/**
 * Records → DataFrame, columns in first-seen order. Missing values (`null`)
 * become `NaN`, which danfojs treats as missing (`isNa`, `dropNa`).
 */
export function toDataFrame(records: readonly Record_[], columns?: string[]): DataFrame {
  const cols = columns ?? [...new Set(records.flatMap((r) => Object.keys(r)))];
  const numeric = cols.map((c) => records.every((r) => r[c] === null || r[c] === undefined || typeof r[c] === "number"));
  const data = records.map((r) => cols.map((c, j) => {
    const v = r[c];
    if (v === null || v === undefined) return numeric[j] ? NaN : null;
    return v;
  }));
  const { DataFrame: DF } = danfojs();
  return new DF(data, { columns: cols });
}
