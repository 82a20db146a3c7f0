/**
 * A simulation worker: receives the model the main thread built (copied, not
 * rebuilt) and claims (mix, replicate) tasks from the run's shared counter until
 * none is left, posting each cube back.
 * It loads the model and nothing else; the data-uncertainty code (which brings
 * the data loaders and their validation libraries, about 180 ms of start-up
 * per worker) only when the run draws baselines.
 */
import { parentPort, workerData } from "node:worker_threads";
import { isUserError } from "../errors";
import { runTask, type Task, type WorkerInput, type WorkerMessage } from "./task";
import type { ModelSetup } from "../model/setup";

const input = workerData as WorkerInput;

function fail(e: unknown): void {
  const msg: WorkerMessage = { type: "error", message: e instanceof Error ? e.message : String(e), user: isUserError(e) };
  parentPort?.postMessage(msg);
}

async function main(): Promise<void> {
  const setup = input.setup;
  let dataModel: ((r: number) => ModelSetup) | null = null;
  if (input.data) {
    const { dataSetups } = await import("./data-uncertainty.js");
    dataModel = dataSetups(input.data.input, input.data.sources, input.options.seed);
  }
  for (let k = Atomics.add(input.claim, 0, 1); k < input.tasks.length; k = Atomics.add(input.claim, 0, 1)) {
    const t = input.tasks[k] as Task;
    const r = runTask(setup, input.mixes, t, input.options, dataModel);
    const msg: WorkerMessage = { type: "result", index: t.index, cube: r.cube, panel: r.panel };
    parentPort?.postMessage(msg, [r.cube.buffer as ArrayBuffer]);
  }
}

main().catch(fail);
