/**
 * Notebook helpers for economists: ready-made danfojs tables with readable
 * labels, one-call export of any table to CSV or Excel, and saving a figure
 * as SVG or PNG. Each takes what a notebook already has (a DataFrame, rows or
 * a figure) and a file path, and checks its input with a one-sentence error.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { DataFrame } from "danfojs-node";
import { UserError } from "../errors";
import { danfojs, toDataFrame } from "../data/frame";
import { toCsv as rowsToCsv, writeFileAtomic } from "../data/write";
import type { Record_ } from "../data/csv";
import { frameToRecords, isFrameLike, isRecordArray, type Row } from "../display/table";
import { isFigure, plotlyLoaderHtml, scriptJson, type Figure } from "../display/figure";
import { findLabel, formatKrw, formatPercent, label, unitOf, type Lang } from "../format";
import type { IndexResult } from "../indicators/build";
import { INSTRUMENTS } from "../model/instruments";
import type { PolicyMix } from "../model/policy";
import { horizonComparison, FLOW_METRICS } from "../experiments/summary";
import type { ExperimentResult } from "../experiments/runner";
import { launchChromium } from "../report/browser";

/** Columns whose values are identifiers that the label dictionary translates. */
const ID_COLUMNS = new Set(["cluster", "scenario", "baseline", "metric", "mix", "variable", "factor", "pillar", "stage", "strongest", "weakest", "parameter", "instrument", "role", "model"]);

function rowsOf(value: unknown, what: string): Row[] {
  if (isFrameLike(value)) return frameToRecords(value);
  if (isRecordArray(value)) return value;
  if (Array.isArray(value) && value.length === 0) throw new UserError(`${what}: the table is empty, so there is nothing to write.`);
  throw new UserError(`${what} needs a table: a danfojs DataFrame or an array of records such as [{ cluster: "osong", firms: 24 }].`);
}

/**
 * A table for reading, as a danfojs DataFrame: column names and identifier
 * values (clusters, mixes, outcomes, variables …) become labels, in English
 * or Korean; numbers stay numbers.
 *
 * @example bc.table(bc.pairedDifferences(res, "status_quo").filter((d) => d.year === 10))
 */
export function table(rows: unknown, o: { lang?: Lang } = {}): DataFrame {
  const lang = o.lang ?? "en";
  const records = rowsOf(rows, "table");
  const cols = [...new Set(records.flatMap((r) => Object.keys(r)))];
  const names = cols.map((c) => (findLabel(c) ? label(c, lang, { kind: "column" }) : c));
  const out = records.map((r) => {
    const x: Record_ = {};
    cols.forEach((c, j) => {
      const v = r[c];
      x[names[j] as string] = typeof v === "string" && ID_COLUMNS.has(c) ? label(v, lang) : typeof v === "number" || typeof v === "string" || typeof v === "boolean" || v === null ? (v as Record_[string]) : v === undefined ? null : JSON.stringify(v);
    });
    return x;
  });
  return toDataFrame(out, names);
}

/**
 * Paired differences of every mix against a baseline over the whole horizon,
 * one row per mix and outcome, with the 95 % confidence interval of the mean
 * difference (t over replicates), the 5–95 % spread of replicates (not an
 * interval for the mean) and the relative difference (mean difference over the
 * baseline's mean, a fraction: 0.05 = +5 %, with a delta-method 95 % interval;
 * empty where the baseline's mean is 0) — as a danfojs DataFrame with
 * labelled columns and units.
 *
 * @example bc.show(bc.differences(res))   // against the status quo, national
 */
export function differences(res: ExperimentResult, o: { baseline?: string; metrics?: readonly string[]; cluster?: string; lang?: Lang } = {}): DataFrame {
  const lang = o.lang ?? "en";
  const baseline = o.baseline ?? "status_quo";
  const metrics = o.metrics ?? ["innovators", "patents", "firms", "employment", "sales", "unfunded_demand", "unfilled_vacancies"];
  const cluster = o.cluster ?? "all";
  const ko = lang === "ko";
  const rows: Record_[] = [];
  for (const h of horizonComparison(res, baseline, { metrics, location: cluster })) {
    const metric = h.metric;
    rows.push({
      [ko ? "정책 조합" : "policy mix"]: label(h.scenario, lang),
      [ko ? "지표" : "outcome"]: label(metric, lang),
      [ko ? "측정" : "measure"]: FLOW_METRICS.has(metric) ? (ko ? `1–${res.years}년 합계` : `sum over years 1–${res.years}`) : ko ? `${res.years}년 차` : `level in year ${res.years}`,
      [ko ? "단위" : "unit"]: unitOf(metric) ?? "count",
      [ko ? "평균 차이" : "mean difference"]: h.mean,
      [ko ? "95% 신뢰구간 하한" : "95 % CI of the mean, low"]: h.ciLow,
      [ko ? "95% 신뢰구간 상한" : "95 % CI of the mean, high"]: h.ciHigh,
      [ko ? "5 백분위" : "5 % of replicates"]: h.p05,
      [ko ? "95 백분위" : "95 % of replicates"]: h.p95,
      [ko ? "개선된 반복 비율" : "share of replicates above"]: h.pAbove,
      [ko ? "상대 차이" : "relative difference"]: h.rel,
      [ko ? "상대 차이 95% 신뢰구간 하한" : "relative, 95 % CI low"]: h.relCiLow,
      [ko ? "상대 차이 95% 신뢰구간 상한" : "relative, 95 % CI high"]: h.relCiHigh,
    });
  }
  if (rows.length === 0) throw new UserError(`differences: the run has no mix besides the baseline "${baseline}", so there is nothing to compare.`, { hint: "Simulate at least two mixes, e.g. bc.simulate([\"status_quo\", \"efficiency_shift\"], …)." });
  return toDataFrame(rows);
}

function checkPath(file: unknown, ext: readonly string[], what: string): string {
  if (typeof file !== "string" || file.trim() === "") throw new UserError(`${what} needs a file path as its second argument, e.g. "out/table${ext[0]}".`);
  const e = path.extname(file).toLowerCase();
  if (!ext.includes(e)) throw new UserError(`${what}: "${file}" should end in ${ext.join(" or ")}.`);
  const dir = path.dirname(path.resolve(file));
  fs.mkdirSync(dir, { recursive: true });
  return file;
}

/**
 * Writes a table to a CSV file (every column, header first) and returns the
 * path: `bc.toCsv(df, "out/differences.csv")`. With a list of columns instead
 * of a path it returns the CSV text of those columns (the library's form).
 */
export function toCsv(rows: unknown, file: string): string;
export function toCsv(rows: ReadonlyArray<Record<string, unknown>>, columns: readonly string[], formats?: Parameters<typeof rowsToCsv>[2]): string;
export function toCsv(rows: unknown, fileOrColumns: string | readonly string[], formats?: Parameters<typeof rowsToCsv>[2]): string {
  if (Array.isArray(fileOrColumns)) return rowsToCsv(rows as ReadonlyArray<Record<string, unknown>>, fileOrColumns, formats);
  const records = rowsOf(rows, "toCsv");
  const file = checkPath(fileOrColumns, [".csv"], "toCsv");
  const cols = [...new Set(records.flatMap((r) => Object.keys(r)))];
  writeFileAtomic(file, rowsToCsv(records.map((r) => Object.fromEntries(cols.map((c) => [c, typeof r[c] === "number" && Number.isNaN(r[c]) ? null : r[c]]))), cols));
  return file;
}

/**
 * Writes a table to an Excel workbook (.xlsx, one sheet) with danfojs and
 * returns the path: `bc.toExcel(df, "out/differences.xlsx")`.
 */
export function toExcel(rows: unknown, file: string, o: { sheet?: string } = {}): string {
  const records = rowsOf(rows, "toExcel");
  checkPath(file, [".xlsx"], "toExcel");
  const d = danfojs();
  const df = isFrameLike(rows) ? (rows as unknown as DataFrame) : toDataFrame(records as Record_[]);
  const tmp = path.join(path.dirname(path.resolve(file)), `.${path.basename(file)}.${process.pid}.tmp.xlsx`);
  try {
    d.toExcel(df, { filePath: tmp, sheetName: o.sheet ?? "Sheet1" });
    fs.renameSync(tmp, file);
  } finally {
    if (fs.existsSync(tmp)) fs.rmSync(tmp);
  }
  return file;
}

/**
 * Saves a figure as SVG or PNG (PNG at 2× for print), drawn by plotly.js in
 * headless Chromium exactly as on screen, and returns the path:
 * `await bc.saveFigure(bc.fanChart(res, "innovators"), "out/fan.png")`.
 */
export async function saveFigure(fig: unknown, file: string, o: { width?: number; height?: number; scale?: number } = {}): Promise<string> {
  if (!isFigure(fig)) throw new UserError("saveFigure needs a figure as its first argument, such as the result of bc.fanChart(...) or any { data, layout } object.");
  checkPath(file, [".svg", ".png"], "saveFigure");
  const f = fig as Figure;
  const format = path.extname(file).toLowerCase() === ".svg" ? "svg" : "png";
  const height = o.height ?? (typeof f.layout?.["height"] === "number" ? (f.layout["height"] as number) : 450);
  const width = o.width ?? 1000;
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    await page.setContent(`<!doctype html><html><head><meta charset="utf-8">${plotlyLoaderHtml()}</head><body><div id="f"></div><script>Plotly.newPlot("f", ${scriptJson({ data: f.data, layout: { ...(f.layout ?? {}), width, height } })}.data, ${scriptJson({ ...(f.layout ?? {}), width, height })});</script></body></html>`, { waitUntil: "load" });
    const url = (await page.evaluate(
      ([fmt, w, h, s]) => (window as unknown as { Plotly: { toImage(el: Element, o: unknown): Promise<string> } }).Plotly.toImage(document.getElementById("f") as Element, { format: fmt, width: w, height: h, scale: s }),
      [format, width, height, o.scale ?? 2] as const,
    )) as string;
    const comma = url.indexOf(",");
    const payload = url.slice(comma + 1);
    writeFileAtomic(file, url.slice(0, comma).endsWith(";base64") ? Buffer.from(payload, "base64") : decodeURIComponent(payload));
  } finally {
    await browser.close();
  }
  return file;
}

/**
 * The composite index as a table, best first: rank, cluster (label), score
 * and every pillar's score (0–100).
 *
 * @example bc.show(bc.indexTable(index))
 */
export function indexTable(index: IndexResult, o: { lang?: Lang } = {}): DataFrame {
  const lang = o.lang ?? "en";
  const pillars = Object.keys(index.pillars);
  const rows = [...index.units]
    .sort((a, b) => (index.ranks[a] as number) - (index.ranks[b] as number))
    .map((u) => {
      const r: Record_ = { [label("rank", lang)]: index.ranks[u] as number, [label("cluster", lang)]: label(u, lang), [label("score", lang)]: index.scores[u] as number };
      for (const p of pillars) r[label(p, lang, { kind: "pillar" })] = (index.pillars[p] as Record<string, number>)[u] as number;
      return r;
    });
  return toDataFrame(rows);
}

/**
 * Policy mixes side by side: budget, each instrument's share and its KRW
 * amount in the first year, and how support is targeted.
 *
 * @example bc.show(bc.mixesTable(bc.resolveMixes(["status_quo", "efficiency_shift"], ids)))
 */
export function mixesTable(mixes: readonly PolicyMix[], o: { lang?: Lang } = {}): DataFrame {
  const lang = o.lang ?? "en";
  const ko = lang === "ko";
  if (!Array.isArray(mixes) || mixes.length === 0) throw new UserError("mixesTable needs a list of policy mixes, e.g. bc.resolveMixes([\"status_quo\"], ids).");
  const rows = mixes.map((m) => {
    const budget = typeof m.budget.krwBn === "number" ? m.budget.krwBn : (m.budget.krwBn[0] as number);
    const r: Record_ = { [ko ? "정책 조합" : "policy mix"]: m.label ?? label(m.name, lang), [ko ? "연 예산" : "budget a year"]: typeof m.budget.krwBn === "number" ? formatKrw(budget) : `${formatKrw(budget)} ${ko ? "(1년 차)" : "(year 1)"}` };
    for (const i of INSTRUMENTS) {
      const share = m.shares === "survey-demand" ? null : (m.shares[i] ?? 0);
      r[label(i, lang, { kind: "instrument" })] = share === null ? (ko ? "수요 비례" : "by stated demand") : `${formatPercent(share)} (${formatKrw(share * budget)})`;
    }
    r[ko ? "대상" : "targeting"] = m.targeting ? (ko ? "기업 유형별" : "by firm type or cluster") : ko ? "모든 기업 동일" : "all firms alike";
    return r;
  });
  return toDataFrame(rows);
}
