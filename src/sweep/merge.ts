/**
 * Merging a sweep: every shard must be present, belong to this plan and pass
 * its checksum; the gathered results are then written by the same code a
 * one-process run uses (`writeExperiment` for simulate; `writeLabResult` for
 * the lab), so the files are byte-identical to a one-process run's —
 * except `manifest.json`, which records when and how it was made.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { UserError } from "../errors";
import type { MorrisRow } from "../experiments/lab";
import { num, writeExperiment } from "../experiments/output";
import type { ExperimentResult } from "../experiments/runner";
import { estimatesRecord } from "../experiments/simulate";
import { METRICS } from "../model/collect";
import { deriveSeed } from "../random";
import { replicateSeed } from "../model/run";
import { packageVersion } from "../paths";
import type { SobolResult } from "../sensitivity/sobol";
import { lhsRows, morrisFromValues, sobolFromValues } from "./lab";
import { checkInputs, readPlan, shardRange, type CalibrationPlan, type Plan, type SimulatePlan } from "./plan";
import { Journal, summarise } from "../calibration/evaluate";
import { prepareForPlan } from "./shard";
import { readShard, taskWidth } from "./shard";

/** The shard command for shard i, as a user would type it. */
export function shardCommand(dir: string, i: number, n: number): string {
  return `bioclusters sweep run ${dir} --shard ${i}/${n}`;
}

/** Gathers every shard's values in task order; the first problem is a one-sentence error saying what to run. */
export function gatherShards(dir: string, plan: Plan): Float64Array {
  const width = taskWidth(plan);
  const all = new Float64Array(plan.tasks * width);
  for (let i = 0; i < plan.shards; i++) {
    const s = readShard(dir, plan, i);
    if (!s.ok) {
      const others = Array.from({ length: plan.shards - i - 1 }, (_, j) => i + 1 + j).filter((j) => !readShard(dir, plan, j).ok).length;
      throw new UserError(`Shard ${i} of ${plan.shards} ${s.detail}${others ? ` (and ${others} more shard${others > 1 ? "s are" : " is"} not ready)` : ""}, so the sweep cannot be merged yet.`, {
        hint: `Run it with "${shardCommand(dir, i, plan.shards)}" (or "bioclusters sweep submit ${dir} --backend local", which runs every shard that is not done), then merge again.`,
      });
    }
    all.set(s.values, shardRange(plan.tasks, plan.shards, i).first * width);
  }
  return all;
}

/** The experiment result a one-process `runExperiment` would return for this plan (without the firm panel). */
export function experimentFromValues(plan: SimulatePlan, values: Float64Array): ExperimentResult {
  const width = taskWidth(plan);
  const cube = (t: number) => values.slice(t * width, (t + 1) * width);
  return {
    mixes: plan.mixes,
    years: plan.years,
    replicates: plan.replicates,
    seed: plan.seed,
    options: {
      paramUncertainty: plan.paramUncertainty,
      structuralUncertainty: plan.structuralUncertainty,
      ...(plan.calibration ? { calibration: { file: plan.calibration.file, sha256: plan.calibration.sha256, parameters: plan.calibration.parameters } } : {}),
    },
    locations: plan.locations,
    metrics: METRICS,
    cubes: plan.mixes.map((_, m) => Array.from({ length: plan.replicates }, (_, r) => cube(m * plan.replicates + r))),
    seeds: Array.from({ length: plan.replicates }, (_, r) => replicateSeed(plan.seed, r)),
    populationSeed: deriveSeed(plan.seed, "population"),
    panel: [],
  };
}

function csvLines(columns: string[], rows: Array<Record<string, unknown>>): string {
  const cell = (v: unknown) => {
    if (typeof v === "number") return num(v);
    const t = String(v);
    return /[",\n]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t;
  };
  return [columns.join(","), ...rows.map((r) => columns.map((c) => cell(r[c])).join(","))].join("\n") + "\n";
}

/** Writes files into `dir` all at once: a temporary folder inside it, then renames. */
function writeAll(dir: string, files: Record<string, string>): string[] {
  fs.mkdirSync(dir, { recursive: true });
  const tmp = fs.mkdtempSync(path.join(dir, ".tmp-bioclusters-"));
  try {
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(tmp, name), text);
    for (const name of Object.keys(files)) fs.renameSync(path.join(tmp, name), path.join(dir, name));
    return Object.keys(files).map((f) => path.join(dir, f));
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

export type LabResult = { kind: "sobol"; result: SobolResult & { runs: number } } | { kind: "morris"; result: MorrisRow[] };

/**
 * Writes a lab result: `sobol.csv` and `sobol.json` (variance, N, runs,
 * warnings), or `morris.csv`. A one-process `modelSobol`/`morris` written with
 * this function and a merged sweep give the same bytes.
 */
export function writeLabResult(dir: string, r: LabResult, extra: Record<string, string> = {}): string[] {
  if (r.kind === "sobol") {
    const { indices, ...rest } = r.result;
    return writeAll(dir, {
      "sobol.csv": csvLines(["factor", "first", "firstLow", "firstHigh", "total", "totalLow", "totalHigh"], indices as unknown as Array<Record<string, unknown>>),
      "sobol.json": JSON.stringify({ variance: rest.variance, n: rest.n, runs: rest.runs, warnings: rest.warnings }, null, 2) + "\n",
      ...extra,
    });
  }
  return writeAll(dir, { "morris.csv": csvLines(["factor", "muStar", "mu", "sigma"], r.result as unknown as Array<Record<string, unknown>>), ...extra });
}

export interface MergeResult {
  out: string;
  files: string[];
  /** Firm-years simulated by the whole sweep (from the "firms" metric). */
  firmYears: number;
}

/** Sum over tasks and simulated years of the national firm count: the sweep's firm-years. */
export function firmYears(plan: Plan, values: Float64Array): number {
  if (plan.kind !== "simulate") return NaN;
  const width = taskWidth(plan);
  const L = plan.locations.length;
  const M = METRICS.length;
  const l = L - 1; // "all"
  const f = (METRICS as readonly string[]).indexOf("firms");
  let s = 0;
  for (let t = 0; t < plan.tasks; t++) for (let y = 1; y <= plan.years; y++) s += values[t * width + (y * L + l) * M + f] as number;
  return s;
}

/** The name of the journal a calibration sweep's merge writes in its output folder. */
export const CALIBRATION_JOURNAL = "calibrate-journal.jsonl";

/**
 * A calibration sweep's merge: each design point's moments (mean and standard deviation over its replicates)
 * added, in the design's order, to the calibration journal `<out>/calibrate-journal.jsonl` (an existing journal of
 * the same calibration keeps its entries), so `bioclusters calibrate --journal` with the same settings continues
 * from it: the design stage is then read, not run.
 */
function mergeCalibration(dir: string, out: string, plan: CalibrationPlan, values: Float64Array, manifest: Record<string, unknown>): MergeResult {
  prepareForPlan(plan); // the moments and data still give the plan's settings hash
  const width = taskWidth(plan);
  const R = plan.options.replicates;
  fs.mkdirSync(out, { recursive: true });
  const file = path.join(out, CALIBRATION_JOURNAL);
  const journal = Journal.open(file, plan.config);
  plan.points.forEach((theta, p) => {
    const reps = Array.from({ length: R }, (_, r) => values.subarray((p * R + r) * width, (p * R + r + 1) * width));
    journal.add(theta, summarise(reps));
  });
  const m = JSON.stringify({ tool: "bioclusters", version: packageVersion(), created: new Date().toISOString(), kind: plan.kind, seed: plan.seed, years: plan.years, ...plan.options, config: plan.config, journal: CALIBRATION_JOURNAL, ...manifest }, null, 2) + "\n";
  const files = writeAll(out, { "manifest.json": m });
  return { out, files: [file, ...files], firmYears: NaN };
}

/** Checks every shard and writes the merged outputs to `out` (default `<dir>/results`). */
export function mergeSweep(dir: string, out = path.join(dir, "results")): MergeResult {
  const plan = readPlan(dir);
  checkInputs(plan);
  const values = gatherShards(dir, plan);
  const manifest = {
    sweep: { plan: plan.hash, shards: plan.shards, tasks: plan.tasks, folder: path.resolve(dir), calibration: plan.calibration },
    data: plan.inputs,
    estimates: estimatesRecord(plan.inputFiles.estimates),
  };
  if (plan.kind === "calibration") return mergeCalibration(dir, out, plan, values, manifest);
  if (plan.kind === "simulate") {
    const res = experimentFromValues(plan, values);
    const w = writeExperiment(out, res, { baseline: plan.baseline, metrics: plan.metrics, manifest: { command: `bioclusters sweep merge ${dir}`, ...manifest } });
    return { out, files: w.files, firmYears: firmYears(plan, values) };
  }
  const evaluations = csvLines(["task", "value"], Array.from(values, (v, t) => ({ task: t, value: v })));
  const labManifest = JSON.stringify({ tool: "bioclusters", version: packageVersion(), created: new Date().toISOString(), kind: plan.kind, seed: plan.seed, years: plan.years, mix: plan.mix, outcome: plan.outcome, factors: plan.factors, ...manifest }, null, 2) + "\n";
  const extra = { "evaluations.csv": evaluations, "manifest.json": labManifest };
  if (plan.kind === "lhs") {
    const lhs = csvLines(["point", ...plan.factors.map((f) => f.name), "value"], lhsRows(plan, values));
    return { out, files: writeAll(out, { "lhs.csv": lhs, ...extra }), firmYears: NaN };
  }
  const files = plan.kind === "sobol" ? writeLabResult(out, { kind: "sobol", result: sobolFromValues(plan, values) }, extra) : writeLabResult(out, { kind: "morris", result: morrisFromValues(plan, values) }, extra);
  return { out, files, firmYears: NaN };
}
