/**
 * A sweep worker thread (the local backend): loads the plan and the model once
 * and runs its shards, reporting each as it finishes.
 */
import { parentPort, workerData } from "node:worker_threads";
import { isUserError } from "../errors";
import { loadSweep, runShard, type ShardRun } from "./shard";

export interface SweepWorkerInput {
  dir: string;
  shards: number[];
}

export type SweepWorkerMessage = { type: "done"; run: ShardRun } | { type: "error"; message: string; user: boolean };

const input = workerData as SweepWorkerInput;
try {
  const loaded = loadSweep(input.dir);
  for (const i of input.shards) {
    const msg: SweepWorkerMessage = { type: "done", run: runShard(input.dir, i, loaded) };
    parentPort?.postMessage(msg);
  }
} catch (e) {
  const msg: SweepWorkerMessage = { type: "error", message: e instanceof Error ? e.message : String(e), user: isUserError(e) };
  parentPort?.postMessage(msg);
}
