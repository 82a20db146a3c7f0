/**
 * A simulation worker: receives the model the main thread built (copied, not
 * rebuilt) and runs its share of (mix, replicate) tasks, posting each cube back.
 */
import { parentPort, workerData } from "node:worker_threads";
import { isUserError } from "../errors";
import { runTask, type WorkerInput, type WorkerMessage } from "./task";
import { dataSetups } from "./data-uncertainty";

const input = workerData as WorkerInput;
try {
  const setup = input.setup;
  const dataModel = input.data ? dataSetups(input.data.input, input.data.sources, input.options.seed) : null;
  for (const t of input.tasks) {
    const r = runTask(setup, input.mixes, t, input.options, dataModel);
    const msg: WorkerMessage = { type: "result", index: t.index, cube: r.cube, panel: r.panel };
    parentPort?.postMessage(msg, [r.cube.buffer as ArrayBuffer]);
  }
} catch (e) {
  const msg: WorkerMessage = { type: "error", message: e instanceof Error ? e.message : String(e), user: isUserError(e) };
  parentPort?.postMessage(msg);
}
