/**
 * runs.arrow: the rows of runs.csv in an Apache Arrow IPC file (the format pyarrow and R's arrow package read as
 * "Feather version 2"), for big runs (`simulate --format arrow`). Same columns, same row order; text columns are
 * dictionary-encoded (pandas categoricals, R factors), numbers are binary: a sixth of the CSV's bytes for the six
 * presets, and the values are the full doubles the CSV rounds to 12 significant digits.
 * Written with the apache-arrow package (Apache-2.0, the Arrow project's own JavaScript implementation).
 */
import * as fs from "node:fs";
import { createRequire } from "node:module";
import type * as Arrow from "apache-arrow";

/**
 * apache-arrow, loaded on first use: it costs 150–300 ms to load, and every import of the library (each notebook,
 * each CLI command) would pay it although only `simulate --format arrow` writes Arrow.
 */
let arrowModule: typeof Arrow | null = null;
function arrow(): typeof Arrow {
  return (arrowModule ??= createRequire(__filename)("apache-arrow") as typeof Arrow);
}
import type { ExperimentResult } from "./types";

/** The key-value metadata of runs.arrow: what the file is and how its rows are ordered. */
export const RUNS_ARROW_METADATA = {
  "bioclusters.file": "runs",
  "bioclusters.rows": "one per scenario, replicate, year, cluster and metric, in that order (as runs.csv)",
};

/**
 * Writes the runs of the chosen metrics to `file` as an Arrow IPC file, one record batch per mix; returns the rows.
 * Columns: scenario, seed, cluster, metric (dictionary-encoded text), replicate (int32), year (int16), value (float64).
 */
export function writeRunsArrow(file: string, res: ExperimentResult, metrics: readonly string[]): number {
  const { Dictionary, Field, Float64, Int16, Int32, makeData, RecordBatch, RecordBatchFileWriter, Schema, Struct, Utf8, vectorFromArray } = arrow();
  const L = res.locations.length;
  const M = res.metrics.length;
  const J = metrics.length;
  const R = res.replicates;
  const Y = res.years + 1;
  const perReplicate = Y * L * J;
  const mIdx = metrics.map((m) => res.metrics.indexOf(m));
  const text = (values: readonly string[], id: number, indices: Arrow.Int16 | Arrow.Int32) => {
    const dictionary = vectorFromArray([...values], new Utf8());
    return { type: new Dictionary(new Utf8(), indices, id), dictionary };
  };
  const scenario = text(res.mixes.map((m) => m.name), 0, new Int16());
  const seed = text(res.seeds, 1, new Int32());
  const cluster = text(res.locations, 2, new Int16());
  const metric = text(metrics, 3, new Int16());
  const fields = [
    new Field("scenario", scenario.type, false),
    new Field("replicate", new Int32(), false),
    new Field("seed", seed.type, false),
    new Field("year", new Int16(), false),
    new Field("cluster", cluster.type, false),
    new Field("metric", metric.type, false),
    new Field("value", new Float64(), false),
  ];
  const schema = new Schema(fields, new Map(Object.entries(RUNS_ARROW_METADATA)));
  // The year, cluster and metric of a replicate's rows are the same for every replicate: built once.
  const yearOf = new Int16Array(perReplicate);
  const clusterOf = new Int16Array(perReplicate);
  const metricOf = new Int16Array(perReplicate);
  const offsetOf = new Int32Array(perReplicate);
  for (let y = 0, i = 0; y < Y; y++)
    for (let l = 0; l < L; l++)
      for (let j = 0; j < J; j++, i++) {
        yearOf[i] = y;
        clusterOf[i] = l;
        metricOf[i] = j;
        offsetOf[i] = (y * L + l) * M + (mIdx[j] as number);
      }
  const writer = new RecordBatchFileWriter();
  let rows = 0;
  res.mixes.forEach((_, k) => {
    const n = R * perReplicate;
    const scen = new Int16Array(n).fill(k);
    const rep = new Int32Array(n);
    const seedIdx = new Int32Array(n);
    const year = new Int16Array(n);
    const clu = new Int16Array(n);
    const met = new Int16Array(n);
    const value = new Float64Array(n);
    (res.cubes[k] as Float64Array[]).forEach((cube, r) => {
      const at = r * perReplicate;
      rep.fill(r, at, at + perReplicate);
      seedIdx.fill(r, at, at + perReplicate);
      year.set(yearOf, at);
      clu.set(clusterOf, at);
      met.set(metricOf, at);
      for (let i = 0; i < perReplicate; i++) value[at + i] = cube[offsetOf[i] as number] as number;
    });
    const dict = (t: typeof scenario, data: Int16Array | Int32Array) => makeData({ type: t.type, length: n, data, dictionary: t.dictionary });
    const children: Arrow.Data<Arrow.DataType>[] = [
      dict(scenario, scen),
      makeData({ type: new Int32(), length: n, data: rep }),
      dict(seed, seedIdx),
      makeData({ type: new Int16(), length: n, data: year }),
      dict(cluster, clu),
      dict(metric, met),
      makeData({ type: new Float64(), length: n, data: value }),
    ];
    writer.write(new RecordBatch(schema, makeData({ type: new Struct(fields), length: n, children, nullCount: 0 })));
    rows += n;
  });
  writer.finish();
  fs.writeFileSync(file, writer.toUint8Array(true));
  return rows;
}
