/**
 * The local backend: the shards that are not done, spread over worker
 * threads on this machine (one thread: in this one). Shards are independent,
 * so the result does not depend on the thread count.
 */
import { compiledWorker, runWorkerPool } from "../experiments/pool";
import { readPlan } from "./plan";
import { loadSweep, runShard, shardStatuses, type ShardRun } from "./shard";
import type { SweepWorkerInput, SweepWorkerMessage } from "./worker";

function sweepWorkerFile(): string {
  return compiledWorker(__dirname, "sweep");
}

export interface LocalOptions {
  workers?: number;
  onShard?: (run: ShardRun, done: number, total: number) => void;
}

/** Runs every shard of the sweep in `dir` that has no valid result; returns what ran. */
export async function runLocal(dir: string, o: LocalOptions = {}): Promise<ShardRun[]> {
  const plan = readPlan(dir);
  const { done, todo } = shardStatuses(dir, plan);
  const pending = todo.map((t) => t.shard);
  const runs: ShardRun[] = [];
  let count = done.length;
  const report = (r: ShardRun) => {
    runs.push(r);
    count++;
    o.onShard?.(r, count, plan.shards);
  };
  if (pending.length === 0) return runs;
  const workers = Math.max(1, Math.min(o.workers ?? 1, pending.length));
  if (workers === 1) {
    const loaded = loadSweep(dir);
    for (const i of pending) {
      report(runShard(dir, i, loaded));
      await new Promise((res) => setImmediate(res));
    }
    return runs;
  }
  const inputs: SweepWorkerInput[] = Array.from({ length: workers }, (_, w) => ({ dir, shards: pending.filter((_, j) => j % workers === w) }));
  await runWorkerPool<SweepWorkerInput, SweepWorkerMessage>(sweepWorkerFile(), inputs, (msg) => report(msg.run), { what: "sweep" });
  return runs;
}
