/**
 * `bioclusters sweep`: big experiments as deterministic shards.
 *   plan <spec.json> --out <dir>      write plan.json
 *   run <dir> --shard i/N             run one shard (skipped if its valid result exists)
 *   merge <dir> [--out <dir>]         check every shard and write the outputs
 *   submit <dir> --backend local|slurm [...]   run what is not done, follow, merge
 *   status <dir>                      which shards are done
 */
import * as os from "node:os";
import * as path from "node:path";
import { UserError } from "../errors";
import { makePlan, readPlan, readSpec, writePlan } from "../sweep/plan";
import { loadSweep, parseShard, runShard, shardStatuses } from "../sweep/shard";
import { CALIBRATION_JOURNAL, mergeSweep } from "../sweep/merge";
import { checkBackend, submitSweep } from "../sweep/submit";
import { parseCommand, required } from "./args";

export const SWEEP_HELP = `Usage: bioclusters sweep plan <spec.json> --out <dir>
       bioclusters sweep run <dir> --shard i/N
       bioclusters sweep merge <dir> [--out <dir>]
       bioclusters sweep submit <dir> --backend local|slurm [--workers W]
                               [--partition P] [--time T] [--cpus-per-task C]
                               [--array-max K] [--retries R] [--out <dir>]
       bioclusters sweep status <dir>

Splits a big experiment (a simulate scenario grid, the lab's Sobol or Morris
design, a Latin hypercube, or a calibration's design stage) into N shards of
equal work that any machine can run in any order.
  plan    turns the spec into <dir>/plan.json (inputs and the calibration in
          force resolved and hashed; shards run with the plan's calibration)
  run     runs one shard and writes <dir>/shards/shard-<i>.json atomically with a
          checksum; a shard whose valid result exists is skipped
  merge   checks every shard and writes the outputs to <dir>/results (or --out):
          runs.csv, summary.csv, differences.csv — the same bytes as one
          bioclusters simulate run — or sobol.csv / morris.csv / lhs.csv, or
          calibrate-journal.jsonl for bioclusters calibrate --journal
  submit  runs every shard that is not done on a backend, then merges:
          local  worker threads on this machine (--workers, default cores - 1)
          slurm  a SLURM job array, one shard per task, followed with squeue;
                 shards without a valid result are submitted again (--retries, default 2)
  status  lists the shards that are done and why the others are not
The spec format and the Kubernetes / GNU parallel recipes are in docs/sweeps.md.`;

function int(name: string, v: string, min: number): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new UserError(`--${name} must be a whole number of at least ${min}, not "${v}".`);
  return n;
}

/** Splits "<sub> <path> --opts…" and names what is missing. */
function target(sub: string, args: string[], what: string): { where: string; rest: string[] } {
  const [first, ...rest] = args;
  if (first === undefined || first.startsWith("-")) {
    if (first === "-h" || first === "--help") return { where: "", rest: args };
    throw new UserError(`bioclusters sweep ${sub} needs ${what} as its first argument.`, { hint: 'Run "bioclusters sweep --help" for the usage.' });
  }
  return { where: first, rest };
}

let lastLine = "";
/** A progress line on stderr, printed only when it changes (a long SLURM job does not flood the log). */
const log = (line: string) => {
  if (line === lastLine) return;
  lastLine = line;
  console.error(`sweep: ${line}`);
};

export async function runSweep(args: string[]): Promise<number> {
  const [sub, ...after] = args;
  if (sub === undefined || sub === "-h" || sub === "--help") {
    console.log(SWEEP_HELP);
    return 0;
  }
  if (sub === "plan") {
    const { where, rest } = target("plan", after, "a spec file");
    const v = parseCommand<{ out?: string }>("sweep", rest, { out: { type: "string" } }, SWEEP_HELP);
    if (v === null) return 0;
    const out = required("sweep", "out", v.out);
    const plan = makePlan(readSpec(where), where);
    let stale = 0;
    try {
      const old = readPlan(out);
      if (old.hash !== plan.hash) stale = shardStatuses(out, old).done.length;
    } catch {
      /* no earlier plan */
    }
    writePlan(out, plan);
    console.log(`Planned a ${plan.kind} sweep: ${plan.tasks} tasks in ${plan.shards} shards (plan ${plan.hash.slice(0, 12)}) in ${out}.`);
    if (plan.kind === "simulate") console.log(plan.calibration ? `Runs use the calibration ${plan.calibration.file} (SHA-256 ${plan.calibration.sha256.slice(0, 12)}…), whatever the machine that runs a shard.` : "Runs use the parameter table's defaults (no calibration).");
    if (stale) console.log(`The ${stale} shard results of the earlier plan in this folder will not be merged; they are recomputed when run.`);
    console.log(`Run one shard with "bioclusters sweep run ${out} --shard i/${plan.shards}", or all with "bioclusters sweep submit ${out} --backend local".`);
    return 0;
  }
  if (sub === "run") {
    const { where, rest } = target("run", after, "the sweep folder");
    const v = parseCommand<{ shard?: string }>("sweep", rest, { shard: { type: "string" } }, SWEEP_HELP);
    if (v === null) return 0;
    const plan = readPlan(where);
    const i = parseShard(required("sweep", "shard", v.shard), plan);
    const r = runShard(where, i, loadSweep(where));
    console.log(r.skipped ? `Shard ${i}/${plan.shards} already has a valid result; skipped.` : `Shard ${i}/${plan.shards} done in ${r.seconds.toFixed(2)} s${r.replaced ? ` (the earlier file ${r.replaced} and was replaced)` : ""}.`);
    return 0;
  }
  if (sub === "merge") {
    const { where, rest } = target("merge", after, "the sweep folder");
    const v = parseCommand<{ out?: string }>("sweep", rest, { out: { type: "string" } }, SWEEP_HELP);
    if (v === null) return 0;
    const m = mergeSweep(where, v.out);
    console.log(`Merged every shard into ${m.out}: ${m.files.map((f) => path.basename(f)).join(", ")}.`);
    if (readPlan(where).kind === "calibration") console.log(`Continue the calibration with: bioclusters calibrate --journal ${path.join(m.out, CALIBRATION_JOURNAL)} (with the spec's settings).`);
    return 0;
  }
  if (sub === "status") {
    const { where, rest } = target("status", after, "the sweep folder");
    if (parseCommand("sweep", rest, {}, SWEEP_HELP) === null) return 0;
    const plan = readPlan(where);
    const { done, todo } = shardStatuses(where, plan);
    console.log(`${done.length}/${plan.shards} shards done (plan ${plan.hash.slice(0, 12)}, ${plan.kind}, ${plan.tasks} tasks).`);
    for (const t of todo.slice(0, 20)) console.log(`  shard ${t.shard} ${t.detail}`);
    if (todo.length > 20) console.log(`  … and ${todo.length - 20} more`);
    return 0;
  }
  if (sub === "submit") {
    const { where, rest } = target("submit", after, "the sweep folder");
    const v = parseCommand<{ backend?: string; workers?: string; partition?: string; time?: string; "cpus-per-task"?: string; "array-max"?: string; retries?: string; out?: string; poll?: string }>(
      "sweep",
      rest,
      {
        backend: { type: "string" },
        workers: { type: "string" },
        partition: { type: "string" },
        time: { type: "string" },
        "cpus-per-task": { type: "string" },
        "array-max": { type: "string" },
        retries: { type: "string" },
        out: { type: "string" },
        poll: { type: "string" },
      },
      SWEEP_HELP,
    );
    if (v === null) return 0;
    const backend = checkBackend(required("sweep", "backend", v.backend));
    const plan = readPlan(where);
    const r = await submitSweep(where, {
      backend,
      workers: v.workers ? int("workers", v.workers, 1) : Math.max(1, os.availableParallelism() - 1),
      ...(v.partition ? { partition: v.partition } : {}),
      ...(v.time ? { time: v.time } : {}),
      ...(v["cpus-per-task"] ? { cpusPerTask: int("cpus-per-task", v["cpus-per-task"], 1) } : {}),
      ...(v["array-max"] ? { arrayMax: int("array-max", v["array-max"], 1) } : {}),
      ...(v.retries ? { retries: int("retries", v.retries, 0) } : {}),
      ...(v.poll ? { pollSeconds: Number(v.poll) } : {}),
      ...(v.out ? { out: v.out } : {}),
      onProgress: log,
      onSubmit: (id, shards) => log(`submitted job ${id} (${shards.length} shard${shards.length > 1 ? "s" : ""})`),
    });
    const rate = Number.isFinite(r.firmYears) && r.computed === plan.shards ? `; ${r.firmYears.toExponential(3)} firm-years, ${(r.firmYears / r.seconds).toExponential(3)} firm-years/s` : "";
    console.log(`Sweep done on ${backend} in ${r.seconds.toFixed(1)} s${rate}; merged into ${r.out}.`);
    return 0;
  }
  throw new UserError(`Unknown sweep step "${sub}".`, { hint: 'Use plan, run, merge, submit or status; run "bioclusters sweep --help" for the usage.' });
}


