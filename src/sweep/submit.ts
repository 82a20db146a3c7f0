/**
 * `submitSweep`: runs every shard that is not done on a backend, then merges.
 * Backends: `local` (worker threads on this machine) and `slurm` (a job
 * array). Kubernetes Indexed Jobs and GNU parallel run the same shard command
 * (docs/sweeps.md); they need no code here.
 */
import { UserError } from "../errors";
import { runLocal } from "./local";
import { mergeSweep, type MergeResult } from "./merge";
import { submitSlurm, type SlurmOptions } from "./slurm";

export const BACKENDS = ["local", "slurm"] as const;
export type Backend = (typeof BACKENDS)[number];

export function checkBackend(b: string): Backend {
  if (!(BACKENDS as readonly string[]).includes(b)) {
    throw new UserError(`Unknown backend "${b}".`, { hint: "Use --backend local (worker threads on this machine) or --backend slurm (a SLURM job array); for Kubernetes or GNU parallel, see docs/sweeps.md." });
  }
  return b as Backend;
}

export interface SubmitOptions extends SlurmOptions {
  backend: string;
  /** Worker threads for the local backend (default 1). */
  workers?: number;
  /** Where the merged outputs go (default <dir>/results). */
  out?: string;
}

export interface SubmitResult extends MergeResult {
  seconds: number;
  /** Shards computed by this call (not skipped). */
  computed: number;
  jobs: string[];
  resubmitted: number[];
}

export async function submitSweep(dir: string, o: SubmitOptions): Promise<SubmitResult> {
  const backend = checkBackend(o.backend);
  const t0 = process.hrtime.bigint();
  let computed = 0;
  let jobs: string[] = [];
  let resubmitted: number[] = [];
  if (backend === "local") {
    const runs = await runLocal(dir, {
      ...(o.workers === undefined ? {} : { workers: o.workers }),
      onShard: (r, done, total) => o.onProgress?.(`${done}/${total} shards done (shard ${r.shard} ${r.skipped ? "was already done" : `took ${r.seconds.toFixed(1)} s`})`),
    });
    computed = runs.filter((r) => !r.skipped).length;
  } else {
    const r = await submitSlurm(dir, o);
    jobs = r.jobs;
    resubmitted = r.resubmitted;
    computed = r.computed;
  }
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const merged = mergeSweep(dir, o.out);
  return { ...merged, seconds, computed, jobs, resubmitted };
}
