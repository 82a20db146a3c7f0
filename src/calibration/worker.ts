/**
 * A calibration worker: receives the model and its share of (point, replicate)
 * tasks and posts each replicate's simulated moments back.
 */
import { parentPort, workerData } from "node:worker_threads";
import { isUserError } from "../errors";
import { runCalibTask, type CalibWorkerInput, type CalibWorkerMessage } from "./evaluate";

const input = workerData as CalibWorkerInput;
try {
  for (const t of input.tasks) {
    const moments = runCalibTask(input.spec, input.points[t.point] as number[], t.replicate);
    const msg: CalibWorkerMessage = { type: "result", index: t.index, moments };
    parentPort?.postMessage(msg, [moments.buffer as ArrayBuffer]);
  }
} catch (e) {
  const msg: CalibWorkerMessage = { type: "error", message: e instanceof Error ? e.message : String(e), user: isUserError(e) };
  parentPort?.postMessage(msg);
}
