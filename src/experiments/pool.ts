/**
 * A pool of worker threads, each started with its own input and posting
 * messages back: the runner's replicates and the sweep's shards both use it.
 * The first error (a worker's error message, a crash, a non-zero exit, or an
 * abort) stops every worker and rejects; otherwise it resolves when all exit.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { Worker } from "node:worker_threads";
import { PACKAGE_ROOT } from "../paths";
import { UserError } from "../errors";

/** What a worker posts when it fails: its message, and whether it is the user's mistake. */
/**
 * The compiled worker script `worker.js` of a library folder: next to the calling module when it runs from dist/,
 * else the package's dist/<folder>/ (the library runs workers from dist/ even under the test runner).
 */
export function compiledWorker(here: string, folder: string): string {
  const beside = path.join(here, "worker.js");
  if (fs.existsSync(beside)) return beside;
  const built = path.join(PACKAGE_ROOT, "dist", folder, "worker.js");
  if (fs.existsSync(built)) return built;
  throw new UserError("Worker threads need the compiled library (dist/).", { hint: "Run npm run build (npm install does it)." });
}

export interface WorkerErrorMessage {
  type: "error";
  message: string;
  user: boolean;
}

export function runWorkerPool<I, M extends { type: string }>(
  file: string,
  inputs: readonly I[],
  onMessage: (msg: Exclude<M, WorkerErrorMessage>) => void,
  o: { what: string; signal?: AbortSignal | undefined; abortError?: () => Error },
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const pool: Worker[] = [];
    let finished = 0;
    let failed = false;
    const stop = (e: Error) => {
      if (failed) return;
      failed = true;
      for (const w of pool) void w.terminate();
      reject(e);
    };
    o.signal?.addEventListener("abort", () => stop(o.abortError ? o.abortError() : new UserError("Cancelled.")), { once: true });
    for (const input of inputs) {
      const worker = new Worker(file, { workerData: input });
      pool.push(worker);
      worker.on("message", (msg: M | WorkerErrorMessage) => {
        if (msg.type === "error") {
          const m = msg as WorkerErrorMessage;
          return stop(m.user ? new UserError(m.message) : new Error(m.message));
        }
        onMessage(msg as Exclude<M, WorkerErrorMessage>);
      });
      worker.on("error", (e) => stop(e));
      worker.on("exit", (code) => {
        if (failed) return;
        if (code !== 0) return stop(new Error(`A ${o.what} worker stopped with exit code ${code}.`));
        if (++finished === inputs.length) resolve();
      });
    }
  });
}
