/**
 * The SLURM backend: one job array, one shard per array task
 * (`SLURM_ARRAY_TASK_ID`), each task running `bioclusters sweep run <dir>
 * --shard i/N`. The submitter follows the job with `squeue`, and when it has
 * left the queue looks at the shard files themselves: shards without a valid
 * result (failed, cancelled, timed out, killed with their node) are submitted
 * again, up to a limit. Success is judged by the files, never by job states,
 * so a shard is done exactly when its checksummed result is on disk.
 *
 * The sweep folder, Node and the project must be visible at the same paths on
 * the compute nodes (a shared file system, as on any SLURM cluster).
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { UserError } from "../errors";
import { writeFileAtomic } from "../data/write";
import { PACKAGE_ROOT } from "../paths";
import { readPlan, type Plan } from "./plan";
import { shardStatuses } from "./shard";

export interface SlurmOptions {
  partition?: string;
  /** Time limit per array task, in SLURM's format (e.g. 00:30:00). */
  time?: string;
  cpusPerTask?: number;
  /** At most K array tasks at once (`--array=…%K`). */
  arrayMax?: number;
  /** Submissions after the first for shards that did not finish (default 2). */
  retries?: number;
  /** Seconds between looks at the queue (default 2). */
  pollSeconds?: number;
  /** A line of progress (a TTY redraws it). */
  onProgress?: (line: string) => void;
  /** Called with each job id as it is submitted. */
  onSubmit?: (jobId: string, shards: number[]) => void;
}

/** "0-3,5,7-8" from sorted shard indices. */
export function arrayList(shards: readonly number[]): string {
  const parts: string[] = [];
  for (let j = 0; j < shards.length; ) {
    let k = j;
    while (k + 1 < shards.length && (shards[k + 1] as number) === (shards[k] as number) + 1) k++;
    parts.push(k === j ? `${shards[j]}` : `${shards[j]}-${shards[k]}`);
    j = k + 1;
  }
  return parts.join(",");
}

const sq = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

export const slurmDir = (dir: string) => path.join(dir, "slurm");

/** The job-array script: everything but `--array`, which each submission gives on the command line. */
export function slurmScript(dir: string, plan: Plan, o: SlurmOptions = {}): string {
  const abs = path.resolve(dir);
  const main = path.join(PACKAGE_ROOT, "dist", "cli", "main.js");
  return [
    "#!/bin/bash",
    `#SBATCH --job-name=bioclusters-${plan.hash.slice(0, 12)}`,
    `#SBATCH --output=${path.join(slurmDir(abs), "%A_%a.out")}`,
    `#SBATCH --cpus-per-task=${o.cpusPerTask ?? 1}`,
    ...(o.time ? [`#SBATCH --time=${o.time}`] : []),
    ...(o.partition ? [`#SBATCH --partition=${o.partition}`] : []),
    `# bioclusters sweep ${plan.kind}: ${plan.tasks} tasks in ${plan.shards} shards (plan ${plan.hash}).`,
    "# Each array task runs one shard; a shard whose valid result exists is skipped.",
    "set -eu",
    `exec ${sq(process.execPath)} ${sq(main)} sweep run ${sq(abs)} --shard "\${SLURM_ARRAY_TASK_ID}/${plan.shards}"`,
    "",
  ].join("\n");
}

function run(cmd: string, args: string[]): { status: number; stdout: string; stderr: string } {
  const r = spawnSync(cmd, args, { encoding: "utf8" });
  if (r.error) {
    if ((r.error as NodeJS.ErrnoException).code === "ENOENT") {
      throw new UserError(`The SLURM command "${cmd}" was not found on this machine's PATH.`, {
        hint: "Run bioclusters sweep submit on the cluster's login node (where sbatch works), or use --backend local.",
      });
    }
    throw r.error;
  }
  return { status: r.status ?? 1, stdout: r.stdout, stderr: r.stderr };
}

/** Submits the array for `shards`; returns the job id or a one-sentence error with SLURM's reason. */
export function sbatch(script: string, shards: readonly number[], o: SlurmOptions): string {
  const array = `${arrayList(shards)}${o.arrayMax ? `%${o.arrayMax}` : ""}`;
  const r = run("sbatch", ["--parsable", `--array=${array}`, script]);
  if (r.status !== 0) {
    const reason = (r.stderr.split("\n").find((l) => /error/i.test(l)) ?? r.stderr.trim().split("\n")[0] ?? "no reason given").replace(/^sbatch:\s*(error:\s*)?/i, "").trim();
    const hint = /array/i.test(reason)
      ? "The cluster limits job arrays (MaxArraySize in scontrol show config): plan at most that many shards, then submit again."
      : "Check --partition, --time and --cpus-per-task against what the cluster allows (sinfo lists partitions and limits), then submit again.";
    throw new UserError(`SLURM rejected the sweep job: ${reason.replace(/\.$/, "")}.`, { hint });
  }
  const id = r.stdout.trim().split(";")[0] ?? "";
  if (!/^\d+$/.test(id)) throw new UserError(`sbatch answered "${r.stdout.trim()}" instead of a job id.`, { hint: "Check that sbatch works on this machine (sbatch --version)." });
  return id;
}

/** The job's array tasks still in the queue, by state; empty when the job has left it. */
export function queued(jobId: string): Map<string, number> {
  const r = run("squeue", ["-h", "-r", "-j", jobId, "-o", "%T"]);
  const states = new Map<string, number>();
  if (r.status !== 0) {
    if (/invalid job id/i.test(r.stderr)) return states; // finished and purged
    throw new UserError(`squeue could not report on job ${jobId}: ${r.stderr.trim().split("\n")[0]}.`, { hint: "Check that the SLURM controller is reachable (sinfo), then run the same submit command again: finished shards are kept." });
  }
  for (const s of r.stdout.split("\n").map((x) => x.trim()).filter(Boolean)) states.set(s, (states.get(s) ?? 0) + 1);
  return states;
}

const sleep = (s: number) => new Promise((res) => setTimeout(res, s * 1000));

export interface SlurmRun {
  jobs: string[];
  /** Shards submitted again after a submission left them without a valid result. */
  resubmitted: number[];
  /** Shards the first submission ran (0 when every shard was already done). */
  computed: number;
}

/** Submits every shard without a valid result as a job array, follows it, resubmits what failed; resolves when all shards are valid. */
export async function submitSlurm(dir: string, o: SlurmOptions = {}): Promise<SlurmRun> {
  const plan = readPlan(dir);
  fs.mkdirSync(slurmDir(dir), { recursive: true });
  const script = path.join(slurmDir(dir), "sweep.sbatch");
  writeFileAtomic(script, slurmScript(dir, plan, o));
  const retries = o.retries ?? 2;
  const jobs: string[] = [];
  const resubmitted: number[] = [];
  let computed = 0;
  const say = o.onProgress ?? (() => undefined);
  for (let attempt = 0; ; attempt++) {
    const { todo } = shardStatuses(dir, plan);
    if (todo.length === 0) break;
    const shards = todo.map((t) => t.shard);
    if (attempt > retries) {
      const logs = jobs.map((j) => path.join(slurmDir(dir), `${j}_${shards[0]}.out`)).filter((f) => fs.existsSync(f));
      throw new UserError(`Shard${shards.length > 1 ? "s" : ""} ${arrayList(shards)} of ${plan.shards} still ha${shards.length > 1 ? "ve" : "s"} no valid result after ${attempt} submission${attempt > 1 ? "s" : ""}.`, {
        hint: `Read the task log${logs.length ? ` (${logs[logs.length - 1]})` : `s in ${slurmDir(dir)}`}, fix the cause (often --time or memory), and submit again: finished shards are kept.`,
      });
    }
    if (attempt > 0) {
      resubmitted.push(...shards);
      say(`resubmitting shard${shards.length > 1 ? "s" : ""} ${arrayList(shards)} (no valid result after job ${jobs[jobs.length - 1]})`);
    }
    if (attempt === 0) computed = shards.length;
    const id = sbatch(script, shards, o);
    jobs.push(id);
    o.onSubmit?.(id, shards);
    for (;;) {
      const q = queued(id);
      const done = shardStatuses(dir, plan).done.length;
      const states = [...q.entries()].map(([s, n]) => `${n} ${s.toLowerCase()}`).join(", ");
      say(`job ${id}: ${done}/${plan.shards} shards done${states ? `; ${states}` : ""}`);
      if (q.size === 0) break;
      await sleep(o.pollSeconds ?? 2);
    }
  }
  return { jobs, resubmitted, computed };
}
