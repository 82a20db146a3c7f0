/**
 * Writing an experiment to disk: runs.csv (tidy long rows with the seed in
 * every row), summary.csv, differences.csv, panel.csv when asked, and
 * manifest.json (code version, data and estimates hashes, mixes, seeds,
 * options). Every file is written under a temporary folder inside the output
 * folder and renamed into place only when all are complete, so a killed run
 * leaves no half-written file under a real name.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { SECTORS } from "../data/loaders";
import { FEATURES } from "../model/setup";
import { packageVersion } from "../paths";
import { pairedDifferences, summarise, type DiffRow, type SummaryRow } from "./summary";
import type { ExperimentResult } from "./runner";

/** Metrics written to runs.csv by default (all are kept in memory). */
export const CORE_METRICS = [
  "firms", "entries", "exits", "employment", "researchers", "sales", "innovators", "patents",
  "collaborating_share", "unfunded_demand", "unfilled_vacancies", "spend", "index",
] as const;

/** Numbers in files: up to 12 significant digits, so text is stable and short. */
export function num(v: number): string {
  if (!Number.isFinite(v)) throw new Error(`non-finite value ${v} in simulation output`);
  return String(Number(v.toPrecision(12)));
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

export function writeRuns(file: string, res: ExperimentResult, metrics: readonly string[]): number {
  const fd = fs.openSync(file, "w");
  const w = new LineWriter(fd);
  w.line("scenario,replicate,seed,year,cluster,metric,value");
  const L = res.locations.length;
  const M = res.metrics.length;
  const mIdx = metrics.map((m) => res.metrics.indexOf(m));
  let n = 0;
  res.mixes.forEach((mix, k) => {
    (res.cubes[k] as Float64Array[]).forEach((cube, r) => {
      const prefix = `${csvField(mix.name)},${r},${csvField(res.seeds[r] as string)},`;
      for (let y = 0; y <= res.years; y++)
        for (let l = 0; l < L; l++) {
          const loc = res.locations[l] as string;
          for (let j = 0; j < mIdx.length; j++) {
            w.line(`${prefix}${y},${loc},${metrics[j]},${num(cube[(y * L + l) * M + (mIdx[j] as number)] as number)}`);
            n++;
          }
        }
    });
  });
  w.flush();
  fs.closeSync(fd);
  return n;
}

function writeRows<T extends object>(file: string, rows: readonly T[], columns: Array<keyof T & string>): void {
  const fd = fs.openSync(file, "w");
  const w = new LineWriter(fd);
  w.line(columns.join(","));
  for (const r of rows) w.line(columns.map((c) => (typeof r[c] === "number" ? num(r[c] as number) : csvField(String(r[c] ?? "")))).join(","));
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
}

export interface WrittenOutputs {
  files: string[];
  runRows: number;
  summary: SummaryRow[];
  differences: DiffRow[];
}

/** Writes all outputs into `dir` atomically (temporary folder, then renames). */
export function writeExperiment(dir: string, res: ExperimentResult, o: OutputOptions): WrittenOutputs {
  fs.mkdirSync(dir, { recursive: true });
  for (const old of fs.readdirSync(dir)) if (old.startsWith(".tmp-bioclusters-")) fs.rmSync(path.join(dir, old), { recursive: true, force: true });
  const tmp = fs.mkdtempSync(path.join(dir, ".tmp-bioclusters-"));
  try {
    const metrics = o.metrics ?? CORE_METRICS;
    const runRows = writeRuns(path.join(tmp, "runs.csv"), res, metrics);
    const summary = summarise(res, { metrics });
    writeRows(path.join(tmp, "summary.csv"), summary, ["scenario", "cluster", "year", "metric", "mean", "p05", "p50", "p95"]);
    const differences = res.mixes.length > 1 ? pairedDifferences(res, o.baseline, { metrics }) : [];
    writeRows(path.join(tmp, "differences.csv"), differences, ["scenario", "baseline", "cluster", "year", "metric", "mean", "p05", "p50", "p95", "pAbove", "ciLow", "ciHigh"]);
    const files = ["runs.csv", "summary.csv", "differences.csv"];
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
      years: res.years,
      replicates: res.replicates,
      baseline: o.baseline,
      options: res.options,
      metrics,
      locations: res.locations,
      mixes: res.mixes,
      files: [...files, "manifest.json"],
      ...(o.manifest ?? {}),
    };
    fs.writeFileSync(path.join(tmp, "manifest.json"), JSON.stringify(manifest, null, 2) + "\n");
    files.push("manifest.json");
    // All complete: move into place.
    for (const f of files) fs.renameSync(path.join(tmp, f), path.join(dir, f));
    return { files: files.map((f) => path.join(dir, f)), runRows, summary, differences };
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
