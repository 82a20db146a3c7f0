/**
 * The experiment runner: R replicates of each policy mix, with common random
 * numbers across mixes, optional coefficient and structural-parameter draws,
 * spread over this thread and worker threads. A task (mix, replicate) depends only on its
 * inputs and (seed, replicate), so results are identical for any worker count
 * and any order; they are gathered by task index.
 */
import * as path from "node:path";
import { compiledWorker, runWorkerPool } from "./pool";
import { ResourceError, UserError } from "../errors";
import { MAX_MIXES, MAX_REPLICATES, MAX_WORKERS, MAX_YEARS } from "../limits";
import { checkPlan, planRun } from "./plan";
import { runReplicate, replicateSeed } from "../model/run";
import { deriveSeed } from "../random";
import { buildSetup, type ModelSetup, type SetupInput } from "../model/setup";
import type { PanelSink } from "../model/engine";
import type { PolicyMix } from "../model/policy";
import { metricsFor } from "../model/collect";
import type { ExperimentResult, PanelRow, ResultLayout } from "./types";
import type { SourceRow } from "../data/loaders";
import { dataSetups } from "./data-uncertainty";
import { calibrationInUse } from "./calibrated";
import type { Structural } from "../model/params";
export type { ExperimentResult, PanelRow, ResultLayout } from "./types";
import { runTask, type Task, type WorkerInput, type WorkerMessage } from "./task";
export { runTask, type WorkerInput, type WorkerMessage } from "./task";

export interface ExperimentOptions {
  years: number;
  replicates: number;
  seed: string | number;
  /** Simulation threads (default 1: this thread alone); with more, this thread and workers − 1 worker threads share the tasks. */
  workers?: number;
  paramUncertainty?: boolean;
  structuralUncertainty?: boolean;
  /** Record the firm panel (one row per firm-year) of replicate 0 of each mix. */
  firmPanel?: boolean;
  onProgress?: (done: number, total: number) => void;
  /**
   * Called with each replicate's cube as it finishes (any order), so outputs can be written while the others run
   * (output.ts's RunsStream). Must not throw; the cube is the one the result holds, not a copy.
   */
  onResult?: (mix: number, replicate: number, cube: Float64Array, layout: ResultLayout) => void;
  signal?: AbortSignal;
  /** Lift the firm-year, memory and output caps (src/limits.ts); the CLI's --allow-large. */
  allowLarge?: boolean;
  /**
   * Data uncertainty: each replicate runs on its own draw of the cluster baseline from the ranges of the
   * imputed and synthetic cells in these provenance rows (data/sources.csv; the CLI's --data-uncertainty).
   */
  dataUncertainty?: { sources: readonly SourceRow[] };
  /**
   * Calibrated parameters (src/experiments/calibrated.ts): a calibrated.json, null for the parameter table's
   * defaults; by default data/calibration/calibrated.json when it exists. Recorded in the result's options.
   */
  calibration?: string | null;
}


/** Where the compiled worker lives; the library runs workers from dist/ even under the test runner. */
export function workerFile(): string {
  return compiledWorker(__dirname, "experiments");
}

function abortError(): UserError {
  return new UserError("The simulation was cancelled.");
}

/** Runs every (mix, replicate) and gathers the cubes. */
export async function runExperiment(setupInput: SetupInput, mixes: readonly PolicyMix[], o: ExperimentOptions): Promise<ExperimentResult> {
  if (!(Number.isInteger(o.years) && o.years >= 1 && o.years <= MAX_YEARS)) throw new UserError(`years must be a whole number from 1 to ${MAX_YEARS}, not ${o.years}.`);
  if (!(Number.isInteger(o.replicates) && o.replicates >= 1)) throw new UserError(`replicates must be a whole number ≥ 1, not ${o.replicates}.`);
  if (o.replicates > MAX_REPLICATES) throw new ResourceError(`${o.replicates} replicates exceed the limit of ${MAX_REPLICATES.toLocaleString("en")} per mix.`, { hint: "Use fewer replicates (see \"Limits\" in README.md)." });
  if (o.workers !== undefined && !(Number.isInteger(o.workers) && o.workers >= 1 && o.workers <= MAX_WORKERS)) throw new UserError(`workers must be a whole number from 1 to ${MAX_WORKERS}, not ${o.workers}.`);
  if (mixes.length === 0) throw new UserError("Give at least one policy mix.");
  if (mixes.length > MAX_MIXES) throw new ResourceError(`${mixes.length} policy mixes exceed the limit of ${MAX_MIXES} in one run.`, { hint: "Split them over several runs." });
  checkPlan(planRun({ baseFirms: setupInput.survey.length * (setupInput.scale ?? 1), mixes: mixes.length, replicates: o.replicates, years: o.years, firmPanel: o.firmPanel === true }), { allowLarge: o.allowLarge === true });
  const names = mixes.map((m) => m.name);
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup) throw new UserError(`Two mixes are named "${dup}"; names label the results, so they must differ.`);
  // The base population's seed derives from the scenario seed (unless the inputs fix one); it matters when the
  // population is drawn rather than copied (a scaled population, or a survey whose cells differ from the clusters').
  const populationSeed = setupInput.seed !== undefined ? String(setupInput.seed) : deriveSeed(o.seed, "population");
  const setup = buildSetup({ ...setupInput, seed: populationSeed }); // validates estimates and data before any run
  const data = o.dataUncertainty ? { input: { ...setupInput, seed: populationSeed }, sources: [...o.dataUncertainty.sources] } : null;
  const dataModel = data ? dataSetups(data.input, data.sources, o.seed) : null;
  const tasks: Task[] = [];
  mixes.forEach((_, m) => {
    for (let r = 0; r < o.replicates; r++) tasks.push({ index: tasks.length, mix: m, replicate: r });
  });
  const calibration = calibrationInUse(o.calibration);
  const opts = {
    years: o.years,
    seed: o.seed,
    paramUncertainty: o.paramUncertainty !== false,
    structuralUncertainty: o.structuralUncertainty === true,
    firmPanel: o.firmPanel === true,
    ...(calibration ? { structural: calibration.structural } : {}),
  };
  const layout: ResultLayout = {
    mixes: [...mixes],
    years: o.years,
    replicates: o.replicates,
    seed: o.seed,
    locations: [...setup.clusterIds, "none", "all"],
    metrics: metricsFor(setup.instruments.map((i) => i.id)),
    seeds: Array.from({ length: o.replicates }, (_, r) => replicateSeed(o.seed, r)),
  };
  const cubes: Float64Array[] = new Array(tasks.length);
  const panels: PanelRow[][] = new Array(tasks.length);
  let done = 0;
  /** Keeps a finished task's results (by task index: any order gives the same result) and reports them. */
  const record = (t: Task, cube: Float64Array, panel: PanelRow[]) => {
    cubes[t.index] = cube;
    panels[t.index] = panel;
    o.onResult?.(t.mix, t.replicate, cube, layout);
    done++;
    o.onProgress?.(done, tasks.length);
  };
  const workers = Math.max(1, Math.min(o.workers ?? 1, tasks.length));
  if (o.signal?.aborted) throw abortError();
  if (workers === 1) {
    for (const t of tasks) {
      if (o.signal?.aborted) throw abortError();
      const r = runTask(setup, mixes, t, opts, dataModel);
      record(t, r.cube, r.panel);
      if (done % 4 === 0) await new Promise((res) => setImmediate(res));
    }
  } else {
    // This thread simulates too (it would only wait): workers − 1 worker threads and this one claim tasks from a
    // shared counter, so the threads share the run however fast each is (a worker thread's first replicates run
    // slower while V8 compiles the step for it). Results are placed by task index: the same for any thread count.
    const claim = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
    const inputs: WorkerInput[] = Array.from({ length: workers - 1 }, () => ({ setup, mixes: [...mixes], tasks, options: opts, data, claim }));
    const stop = new AbortController();
    const forward = () => stop.abort();
    o.signal?.addEventListener("abort", forward, { once: true });
    let failure: { error: unknown } | null = null;
    const pool = runWorkerPool<WorkerInput, WorkerMessage>(workerFile(), inputs, (msg) => record(tasks[msg.index] as Task, msg.cube, msg.panel), { what: "simulation", signal: stop.signal, abortError }).catch((e: unknown) => {
      failure ??= { error: e };
    });
    try {
      for (let k = Atomics.add(claim, 0, 1); k < tasks.length; k = Atomics.add(claim, 0, 1)) {
        if (o.signal?.aborted) throw abortError();
        const t = tasks[k] as Task;
        const r = runTask(setup, mixes, t, opts, dataModel);
        record(t, r.cube, r.panel);
        await new Promise((res) => setImmediate(res)); // take in the workers' results (and a cancel) between tasks
        if (failure !== null) break;
      }
    } catch (e) {
      failure ??= { error: e };
      stop.abort(); // stop the workers: this thread's error is the run's
    } finally {
      await pool;
      o.signal?.removeEventListener("abort", forward);
    }
    if (failure !== null) throw (failure as { error: unknown }).error;
  }
  const byMix = mixes.map((_, m) => tasks.filter((t) => t.mix === m).map((t) => cubes[t.index] as Float64Array));
  return {
    mixes: layout.mixes,
    years: o.years,
    replicates: o.replicates,
    seed: o.seed,
    options: {
      paramUncertainty: opts.paramUncertainty,
      structuralUncertainty: opts.structuralUncertainty,
      dataUncertainty: data !== null,
      ...(calibration ? { calibration: { file: calibration.file, sha256: calibration.sha256, parameters: calibration.structural } } : {}),
    },
    locations: layout.locations,
    metrics: layout.metrics,
    cubes: byMix,
    seeds: layout.seeds,
    populationSeed,
    panel: panels.flat().filter(Boolean),
  };
}

/** The value of one metric from a cube. */
export function cubeValue(res: ExperimentResult, cube: Float64Array, year: number, location: string, metric: string): number {
  const l = res.locations.indexOf(location);
  const m = res.metrics.indexOf(metric);
  if (l < 0) throw new UserError(`Unknown location "${location}".`, { hint: `Locations: ${res.locations.join(", ")}.` });
  if (m < 0) throw new UserError(`Unknown metric "${metric}".`, { hint: `Metrics: ${res.metrics.join(", ")}.` });
  return cube[(year * res.locations.length + l) * res.metrics.length + m] as number;
}
