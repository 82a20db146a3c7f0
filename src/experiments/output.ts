/**
 * Writing an experiment to disk: runs.csv (tidy long rows with the seed in
 * every row), summary.csv, differences.csv, panel.csv when asked, and
 * manifest.json (code version, data and estimates hashes, mixes, seeds,
 * options). The whole set is written into a temporary folder beside the
 * output folder and swapped in with one rename when complete, so a killed run
 * never leaves a half-written file, or a mix of two runs, under the real name.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { outputError, withOutputFolderSync, type OutputSet } from "../data/output-folder";
import { UserError } from "../errors";
import { SECTORS } from "../data/loaders";
import { FEATURES } from "../model/setup";
import { packageVersion } from "../paths";
import { ByteWriter, formatNumber } from "./csv-writer";
import { writeRunsArrow } from "./arrow-output";
import { pairedDifferences, summarise, type DiffRow, type SummaryRow } from "./summary";
import type { ExperimentResult, ResultLayout } from "./types";

/** Metrics written to runs.csv by default (all are kept in memory). */
export const CORE_METRICS = [
  "firms", "entries", "exits", "employment", "researchers", "sales", "innovators", "patents",
  "collaborating_share", "unfunded_demand", "unfilled_vacancies", "spend", "index",
] as const;

/**
 * The columns of differences.csv: [DiffRow field, header]. The mean paired difference and its 95 % confidence
 * interval (t-interval over replicates) are named apart from the spread of the replicates' paired differences
 * (5/50/95 % quantiles); the relative difference is a fraction of the baseline mean (0.05 = +5 %) with a
 * delta-method interval, empty where the baseline mean is 0. `seed` and `replicates` identify every replicate
 * (seed `<seed>/replicate/<r>`, r = 0 … replicates − 1).
 */
export const DIFFERENCES_COLUMNS = [
  ["scenario", "scenario"], ["baseline", "baseline"], ["cluster", "cluster"], ["year", "year"], ["metric", "metric"],
  ["seed", "seed"], ["replicates", "replicates"],
  ["mean", "mean_diff"], ["ciLow", "mean_diff_ci95_low_t"], ["ciHigh", "mean_diff_ci95_high_t"],
  ["p05", "spread_p05"], ["p50", "spread_p50"], ["p95", "spread_p95"], ["pAbove", "share_above_zero"],
  ["baselineMean", "baseline_mean"], ["rel", "rel_diff"], ["relCiLow", "rel_diff_ci95_low_delta"], ["relCiHigh", "rel_diff_ci95_high_delta"],
] as const satisfies ReadonlyArray<readonly [keyof DiffRow, string]>;

/** Numbers in files: up to 12 significant digits, so text is stable and short (formatNumber). */
export function num(v: number): string {
  return formatNumber(v);
}

function csvField(s: string): string {
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Streams lines into a file descriptor in chunks. */
class LineWriter {
  private buf: string[] = [];
  private size = 0;
  constructor(private fd: number) {}
  line(s: string): void {
    this.buf.push(s);
    this.size += s.length;
    if (this.size > 1 << 20) this.flush();
  }
  flush(): void {
    if (this.buf.length) fs.writeSync(this.fd, this.buf.join("\n") + "\n");
    this.buf = [];
    this.size = 0;
  }
}

/**
 * Writes runs.csv: one row per mix, replicate, year, location and metric, in that order, the seed in every row.
 * The fixed part of each row (scenario, replicate, seed) and the middle (year, cluster, metric) are built once,
 * each value is formatted by formatNumber, and text goes out in large chunks.
 */
export function writeRuns(file: string, res: ExperimentResult, metrics: readonly string[]): number {
  const fd = fs.openSync(file, "w");
  try {
    const w = new ByteWriter(fd);
    w.bytes(Buffer.from(RUNS_HEADER + "\n"));
    let n = 0;
    const rows = runsRowWriter(res, metrics);
    res.mixes.forEach((_, k) => {
      (res.cubes[k] as Float64Array[]).forEach((cube, r) => {
        n += rows(w, k, r, cube);
      });
    });
    w.flush();
    return n;
  } finally {
    fs.closeSync(fd);
  }
}

export const RUNS_HEADER = "scenario,replicate,seed,year,cluster,metric,value";

/**
 * A function that writes one replicate's cube as runs.csv rows (without the header) and returns the row count;
 * the row middles "year,cluster,metric," are built and encoded once for all replicates, the start
 * "scenario,replicate,seed" once per replicate, and each value is written in place (writeNumber).
 */
export function runsRowWriter(res: Pick<ExperimentResult, "mixes" | "seeds" | "years" | "locations" | "metrics">, metrics: readonly string[]): (w: ByteWriter, mix: number, replicate: number, cube: Float64Array) => number {
  const L = res.locations.length;
  const M = res.metrics.length;
  const J = metrics.length;
  const offsets = new Int32Array((res.years + 1) * L * J);
  const middles: Uint8Array[] = [];
  for (let y = 0; y <= res.years; y++)
    for (let l = 0; l < L; l++)
      for (let j = 0; j < J; j++) {
        offsets[middles.length] = (y * L + l) * M + res.metrics.indexOf(metrics[j] as string);
        middles.push(Buffer.from(`,${y},${res.locations[l]},${metrics[j]},`));
      }
  return (w, k, r, cube) => {
    const prefix = Buffer.from(`${csvField((res.mixes[k] as { name: string }).name)},${r},${csvField(res.seeds[r] as string)}`);
    for (let i = 0; i < middles.length; i++) {
      w.bytes(prefix);
      w.bytes(middles[i] as Uint8Array);
      w.number(cube[offsets[i] as number] as number, 10);
    }
    return middles.length;
  };
}

/**
 * runs.csv written while the replicates run: give `add` as the runner's onResult, and `writeExperiment` the stream
 * as `runs`. Replicates may finish in any order; rows go out in runs.csv's order (mix, replicate), each replicate
 * as soon as all before it are written, into the output set's temporary folder (so a killed run still leaves
 * nothing under the real name). `writeExperiment` uses the file only when every replicate went out, in order,
 * finite and from the very cubes of the result; otherwise (a NaN, a write error, another result) it writes
 * runs.csv again the ordinary way, which reports the problem as it always did.
 */
export class RunsStream {
  private fd: number | null = null;
  private writer: ByteWriter | null = null;
  private rows: ((w: ByteWriter, mix: number, replicate: number, cube: Float64Array) => number) | null = null;
  private layout: ResultLayout | null = null;
  private readonly pending = new Map<number, Float64Array>();
  /** The cubes written, in order (to check they are the result's). */
  private readonly written: Float64Array[] = [];
  private count = 0;
  private broken = false;
  private closed = false;
  constructor(
    private readonly file: string,
    private readonly metrics: readonly string[] = CORE_METRICS,
  ) {}

  /** The runner's onResult. Never throws: a failure only stops the stream (writeExperiment then writes anew). */
  readonly add = (mix: number, replicate: number, cube: Float64Array, layout: ResultLayout): void => {
    if (this.broken || this.closed) return;
    try {
      if (this.layout === null) {
        if (this.metrics.some((m) => !layout.metrics.includes(m))) throw new Error("unknown metric");
        this.layout = layout;
        this.rows = runsRowWriter(layout, this.metrics);
        this.fd = fs.openSync(this.file, "w");
        this.writer = new ByteWriter(this.fd);
        this.writer.bytes(Buffer.from(RUNS_HEADER + "\n"));
      }
      const R = this.layout.replicates;
      this.pending.set(mix * R + replicate, cube);
      for (let next = this.written.length; this.pending.has(next); next = this.written.length) {
        const c = this.pending.get(next) as Float64Array;
        this.pending.delete(next);
        if (!c.every(Number.isFinite)) throw new Error("non-finite value");
        this.count += (this.rows as NonNullable<typeof this.rows>)(this.writer as ByteWriter, Math.floor(next / R), next % R, c);
        this.written.push(c);
      }
    } catch {
      this.broken = true;
      this.pending.clear();
    }
  };

  /**
   * Flushes and closes the file; the number of rows when it holds the whole of `res`'s runs for `metrics`,
   * else null (the file is then to be written anew).
   */
  finish(res: ExperimentResult, metrics: readonly string[]): number | null {
    this.close();
    if (this.broken || this.layout === null || metrics.join(",") !== this.metrics.join(",")) return null;
    const all = res.cubes.flat();
    if (all.length !== this.written.length || all.some((c, i) => c !== this.written[i])) return null;
    if (res.mixes.some((m, k) => m !== this.layout?.mixes[k]) || res.seeds.join("\n") !== this.layout.seeds.join("\n")) return null;
    return this.count;
  }

  /** Closes the file (on success, failure or cancellation); safe to call twice. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.pending.clear();
    try {
      if (!this.broken) this.writer?.flush();
    } catch {
      this.broken = true;
    } finally {
      if (this.fd !== null) fs.closeSync(this.fd);
    }
  }
}

/**
 * summary.csv's and differences.csv's rows computed while the replicates run: give `add` as the runner's onResult
 * (with RunsStream's: `onResult: (...a) => { runs.add(...a); summaries.add(...a); }`) and `writeExperiment` the
 * stream as `summaries`. A mix's summary rows are computed as soon as its last replicate ends, its paired
 * differences as soon as both it and the baseline are complete — by the same functions (summarise,
 * pairedDifferences) on the same cubes, so the rows are those computed after the run. `writeExperiment` uses them
 * only when every mix was summarised from the result's own cubes with its metrics and baseline; otherwise it
 * computes them as before.
 */
export class SummaryStream {
  private layout: ResultLayout | null = null;
  private cubes: Float64Array[][] = [];
  private counts: number[] = [];
  private readonly summaries = new Map<number, SummaryRow[]>();
  private readonly differences = new Map<number, DiffRow[]>();
  private broken = false;
  constructor(
    private readonly baseline: string,
    private readonly metrics: readonly string[] = CORE_METRICS,
  ) {}

  /** The runner's onResult. Never throws: a failure only stops the stream (writeExperiment then computes anew). */
  readonly add = (mix: number, replicate: number, cube: Float64Array, layout: ResultLayout): void => {
    if (this.broken) return;
    try {
      if (this.layout === null) {
        this.layout = layout;
        this.cubes = layout.mixes.map(() => new Array<Float64Array>(layout.replicates));
        this.counts = layout.mixes.map(() => 0);
      }
      const cubes = this.cubes[mix] as Float64Array[];
      if (cubes[replicate] !== undefined) throw new Error("a replicate came twice");
      cubes[replicate] = cube;
      this.counts[mix] = (this.counts[mix] as number) + 1;
      if (this.counts[mix] !== layout.replicates) return;
      const res = this.partial();
      const name = (layout.mixes[mix] as { name: string }).name;
      if (!cubes.every((c) => c.every(Number.isFinite))) throw new Error("non-finite value");
      this.summaries.set(mix, summarise(res, { metrics: this.metrics, mixes: [name] }));
      const b = layout.mixes.findIndex((m) => m.name === this.baseline);
      if (b < 0) throw new Error("no baseline");
      if (this.counts[b] !== layout.replicates) return;
      // The baseline is complete: every complete mix without its differences gets them now.
      layout.mixes.forEach((m, k) => {
        if (k === b || this.differences.has(k) || this.counts[k] !== layout.replicates) return;
        this.differences.set(k, pairedDifferences(res, this.baseline, { metrics: this.metrics, mixes: [m.name] }));
      });
    } catch {
      this.broken = true;
    }
  };

  private partial(): ExperimentResult {
    const l = this.layout as ResultLayout;
    return { ...l, cubes: this.cubes, options: { paramUncertainty: false, structuralUncertainty: false }, populationSeed: "", panel: [] };
  }

  /** The rows when they cover the whole of `res` for `metrics` and `baseline`, else null (compute them anew). */
  finish(res: ExperimentResult, metrics: readonly string[], baseline: string): { summary: SummaryRow[]; differences: DiffRow[] } | null {
    const l = this.layout;
    if (this.broken || l === null || baseline !== this.baseline || metrics.join(",") !== this.metrics.join(",")) return null;
    if (res.mixes.length !== l.mixes.length || res.mixes.some((m, k) => m !== l.mixes[k]) || String(res.seed) !== String(l.seed)) return null;
    if (res.cubes.some((cs, k) => cs.length !== (this.cubes[k] as Float64Array[]).length || cs.some((c, r) => c !== this.cubes[k]?.[r]))) return null;
    if (res.years !== l.years || res.locations.join(",") !== l.locations.join(",") || res.metrics.join(",") !== l.metrics.join(",")) return null;
    const b = res.mixes.findIndex((m) => m.name === baseline);
    if (!res.mixes.every((_, k) => this.summaries.has(k) && (k === b || res.mixes.length === 1 || this.differences.has(k)))) return null;
    return {
      summary: res.mixes.flatMap((_, k) => this.summaries.get(k) as SummaryRow[]),
      differences: res.mixes.length > 1 ? res.mixes.flatMap((_, k) => (k === b ? [] : (this.differences.get(k) as DiffRow[]))) : [],
    };
  }
}

/** Writes rows under the given columns: a field name, or [field, header] where the file's header differs. */
function writeRows<T extends object>(file: string, rows: readonly T[], columns: ReadonlyArray<(keyof T & string) | readonly [keyof T & string, string]>): void {
  const fields = columns.map((c) => (typeof c === "string" ? c : c[0]));
  const fd = fs.openSync(file, "w");
  const w = new LineWriter(fd);
  w.line(columns.map((c) => (typeof c === "string" ? c : c[1])).join(","));
  for (const r of rows) w.line(fields.map((c) => (typeof r[c] === "number" ? num(r[c] as number) : csvField(String(r[c] ?? "")))).join(","));
  w.flush();
  fs.closeSync(fd);
}

function writePanel(file: string, res: ExperimentResult): void {
  const fd = fs.openSync(file, "w");
  const w = new LineWriter(fd);
  const sectors = SECTORS.filter((s) => s !== "bio_pharma").map((s) => `sector_${s}`);
  const feats = FEATURES.filter((f) => f !== "product_innovation");
  w.line(["scenario", "replicate", "seed", "firm", "year", "cluster", "sector", ...feats, ...sectors, "product_innovation", "patent_apps", "sales_growth"].join(","));
  for (const r of res.panel) {
    const x = FEATURES.map((f, i) => ({ f, v: r.x[i] as number })).filter((e) => e.f !== "product_innovation");
    const sec = SECTORS[r.sector] as string;
    w.line(
      [
        csvField(r.scenario), r.replicate, res.seeds[r.replicate], r.firm, r.year, r.cluster, sec,
        ...x.map((e) => num(e.v)),
        ...sectors.map((s) => (s === `sector_${sec}` ? 1 : 0)),
        r.product_innovation, r.patent_apps, r.sales_growth === null ? "" : num(r.sales_growth),
      ].join(","),
    );
  }
  w.flush();
  fs.closeSync(fd);
}

export interface OutputOptions {
  baseline: string;
  metrics?: readonly string[];
  /** Extra manifest entries: data hashes, command line, workers. */
  manifest?: Record<string, unknown>;
  /** An output set opened (and locked) before the run; written into and committed. Default: opened here. */
  set?: OutputSet;
  /** "csv" (default): runs.csv; "arrow": runs.arrow instead, an Apache Arrow IPC file (arrow-output.ts). */
  format?: RunsFormat;
  /** runs.csv as it was streamed into `set` during the run (RunsStream); used when it is complete. */
  runs?: RunsStream;
  /** summary.csv's and differences.csv's rows as computed during the run (SummaryStream); used when complete. */
  summaries?: SummaryStream;
}

/** How the runs are written: runs.csv (text, the default) or runs.arrow (Apache Arrow IPC, for big runs). */
export type RunsFormat = "csv" | "arrow";
export const RUNS_FORMATS: readonly RunsFormat[] = ["csv", "arrow"];

export interface WrittenOutputs {
  files: string[];
  runRows: number;
  summary: SummaryRow[];
  differences: DiffRow[];
}

/**
 * Writes all outputs as one set: into a fresh temporary folder beside `dir`,
 * swapped in with one atomic rename when complete (see data/output-folder),
 * so `dir` holds the previous complete run or this one, never a mix.
 */
export function writeExperiment(dir: string, res: ExperimentResult, o: OutputOptions): WrittenOutputs {
  const metrics = o.metrics ?? CORE_METRICS;
  const unknown = metrics.filter((m) => !res.metrics.includes(m));
  if (unknown.length > 0) throw new UserError(`Unknown metric${unknown.length > 1 ? "s" : ""} ${unknown.map((m) => `"${m}"`).join(", ")}.`, { hint: `Metrics: ${res.metrics.join(", ")}.` });
  const format = o.format ?? "csv";
  if (!RUNS_FORMATS.includes(format)) throw new UserError(`The runs format "${String(format)}" is not one of ${RUNS_FORMATS.join(", ")}.`, { hint: "Use csv (runs.csv, the default) or arrow (runs.arrow, for big runs)." });
  assertFiniteResults(res);
  const write = (tmp: string): WrittenOutputs => {
    const runsFile = format === "arrow" ? "runs.arrow" : "runs.csv";
    if (o.runs !== undefined && format !== "csv") {
      o.runs.close();
      fs.rmSync(path.join(tmp, "runs.csv"), { force: true });
    }
    const streamed = format === "csv" && o.runs !== undefined && o.set !== undefined ? o.runs.finish(res, metrics) : null;
    const runRows = streamed ?? (format === "arrow" ? writeRunsArrow(path.join(tmp, runsFile), res, metrics) : writeRuns(path.join(tmp, runsFile), res, metrics));
    const early = o.summaries?.finish(res, metrics, o.baseline) ?? null;
    const summary = early?.summary ?? summarise(res, { metrics });
    // Every row keeps its seed: the scenario seed and the replicate count name every replicate's seed (<seed>/replicate/<r>).
    const seeded = summary.map((r) => ({ ...r, seed: String(res.seed), replicates: res.replicates }));
    writeRows(path.join(tmp, "summary.csv"), seeded, ["scenario", "cluster", "year", "metric", "mean", "p05", "p50", "p95", "seed", "replicates"]);
    const differences = early?.differences ?? (res.mixes.length > 1 ? pairedDifferences(res, o.baseline, { metrics }) : []);
    writeRows(path.join(tmp, "differences.csv"), differences, DIFFERENCES_COLUMNS);
    const files = [runsFile, "summary.csv", "differences.csv"];
    if (res.panel.length > 0) {
      writePanel(path.join(tmp, "panel.csv"), res);
      files.push("panel.csv");
    }
    const manifest = {
      tool: "bioclusters",
      version: packageVersion(),
      created: new Date().toISOString(),
      seed: res.seed,
      replicateSeeds: res.seeds,
      populationSeed: res.populationSeed,
      years: res.years,
      replicates: res.replicates,
      baseline: o.baseline,
      options: res.options,
      metrics,
      runsFormat: format,
      locations: res.locations,
      mixes: res.mixes,
      files: [...files, "manifest.json"],
      ...(o.manifest ?? {}),
    };
    fs.writeFileSync(path.join(tmp, "manifest.json"), JSON.stringify(manifest, null, 2) + "\n");
    files.push("manifest.json");
    return { files: files.map((f) => path.join(dir, f)), runRows, summary, differences };
  };
  if (o.set !== undefined) {
    try {
      const r = write(o.set.dir);
      o.set.commit();
      return r;
    } catch (e) {
      o.set.abort();
      throw outputError(e, dir);
    }
  }
  return withOutputFolderSync(dir, { estimatedBytes: estimateOutputBytes(res.mixes.length, res.replicates, res.years, res.locations.length, metrics.length, res.panel.length), command: String(o.manifest?.command ?? "writeExperiment") }, write);
}

/**
 * Refuses results with a NaN or infinite value before anything is written,
 * naming the mix, metric, year and replicate (usually a structural override
 * far outside its sensible range).
 */
export function assertFiniteResults(res: ExperimentResult): void {
  const L = res.locations.length;
  const M = res.metrics.length;
  res.cubes.forEach((cubes, k) =>
    cubes.forEach((cube, r) => {
      const i = cube.findIndex((v) => !Number.isFinite(v));
      if (i < 0) return;
      const m = i % M;
      const l = Math.floor(i / M) % L;
      const y = Math.floor(i / (M * L));
      const mix = res.mixes[k];
      const overrides = Object.entries(mix?.structural ?? {}).map(([p, v]) => `${p} = ${v}`);
      throw new UserError(
        `Mix "${mix?.name}" produced ${cube[i]} for ${res.metrics[m]} (${res.locations[l]}, year ${y}, replicate ${r}), so nothing was written.`,
        { hint: overrides.length > 0 ? `Its structural overrides (${overrides.join(", ")}) are probably outside a sensible range; see docs/model.md.` : "Check the mix's budget and targeting; see docs/model.md." },
      );
    }),
  );
}

/** Bytes per runs.csv row and per panel.csv row, generous averages measured on the presets. */
const RUN_ROW_BYTES = 64;
const PANEL_ROW_BYTES = 260;

/** An upper estimate of the bytes `writeExperiment` writes (runs.csv dominates; summaries are a small fraction). */
export function estimateOutputBytes(mixes: number, replicates: number, years: number, locations: number, metrics: number, panelRows: number): number {
  const runRows = mixes * replicates * (years + 1) * locations * metrics;
  const summaryRows = mixes * (years + 1) * locations * metrics * 2;
  return runRows * RUN_ROW_BYTES + summaryRows * 100 + panelRows * PANEL_ROW_BYTES + 1024 ** 2;
}
