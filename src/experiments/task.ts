/**
 * One (mix, replicate) task and the messages of a simulation worker. Kept apart from `runner.ts` so that a worker
 * loads the model and nothing else: the runner imports the run planner and the output writers (and through them
 * apache-arrow), which cost each worker a few hundred milliseconds of start-up for code it never runs.
 */
import { runReplicate } from "../model/run";
import type { ModelSetup, SetupInput } from "../model/setup";
import type { PanelSink } from "../model/engine";
import type { PolicyMix } from "../model/policy";
import type { Structural } from "../model/params";
import type { SourceRow } from "../data/loaders";
import type { PanelRow } from "./types";

export interface Task {
  index: number;
  mix: number;
  replicate: number;
}

export interface WorkerInput {
  /** The built model (plain data and typed arrays, copied to the worker once). */
  setup: ModelSetup;
  mixes: PolicyMix[];
  /** Every task of the run; a worker runs the ones it claims. */
  tasks: Task[];
  /**
   * The run's task counter, shared by every simulation thread (a SharedArrayBuffer): a thread claims task
   * Atomics.add(claim, 0, 1) until the counter passes the last task, so a thread that is faster (or warmed up
   * sooner) runs more of them.
   */
  claim: Int32Array;
  options: { years: number; seed: string | number; paramUncertainty: boolean; structuralUncertainty: boolean; firmPanel: boolean; structural?: Partial<Structural> };
  /** With data uncertainty: what each worker needs to build each replicate's model. */
  data: { input: SetupInput; sources: SourceRow[] } | null;
}

export type WorkerMessage =
  | { type: "result"; index: number; cube: Float64Array; panel: PanelRow[] }
  | { type: "error"; message: string; user: boolean };

/** Runs one task; the worker and the in-thread path share it. */
export function runTask(base: ModelSetup, mixes: readonly PolicyMix[], t: Task, o: WorkerInput["options"], dataModel: ((r: number) => ModelSetup) | null = null): { cube: Float64Array; panel: PanelRow[] } {
  const mix = mixes[t.mix] as PolicyMix;
  const setup = dataModel === null ? base : dataModel(t.replicate);
  const panel: PanelRow[] = [];
  const ids = setup.clusterIds;
  const sink: PanelSink | null =
    o.firmPanel && t.replicate === 0
      ? {
          push: (r) =>
            panel.push({
              scenario: mix.name,
              replicate: t.replicate,
              firm: r.firm,
              year: r.year,
              cluster: r.loc < ids.length ? (ids[r.loc] as string) : "none",
              sector: r.sector,
              x: Float64Array.from(r.x),
              product_innovation: r.product_innovation,
              patent_apps: r.patent_apps,
              sales_growth: r.sales_growth,
            }),
        }
      : null;
  const { cube } = runReplicate(setup, mix, {
    years: o.years,
    seed: o.seed,
    replicate: t.replicate,
    paramUncertainty: o.paramUncertainty,
    structuralUncertainty: o.structuralUncertainty,
    panel: sink,
    ...(o.structural ? { structural: o.structural } : {}),
  });
  return { cube, panel };
}

