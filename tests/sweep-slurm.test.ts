/**
 * Sweeps on a real SLURM cluster: Debian's slurm-wlm and munge, one node (this
 * machine), started here and stopped by PID at the end. Without slurm-wlm (or
 * without root) the tests are skipped with a note, except under CI, where
 * .ci/run installs the packages and their absence is a failure.
 */
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { modelSobol } from "../src/experiments/lab";
import { writeExperiment } from "../src/experiments/output";
import { runExperiment } from "../src/experiments/runner";
import { loadInputs, resolveMixes } from "../src/experiments/simulate";
import { buildSetup } from "../src/model/setup";
import { PACKAGE_ROOT } from "../src/paths";
import { makePlan, validateSpec, writePlan, type Plan } from "../src/sweep/plan";
import { mergeSweep, writeLabResult } from "../src/sweep/merge";
import { shardFile } from "../src/sweep/shard";
import { startLocalSlurm, type LocalSlurm } from "../src/sweep/slurm-local";
import { submitSweep } from "../src/sweep/submit";
import { asyncUserError } from "./helpers";

// These tests keep a core busy for a while (and, on SLURM, hand work to other processes, which keep this nice
// value: the local cluster propagates it); at the lowest priority they leave the shared cores to the other test
// files first, whose default 5-second timeouts are otherwise at risk on a busy machine.
os.setPriority(19);

const installed = ["sbatch", "slurmctld", "slurmd", "munged"].every((c) => spawnSync("sh", ["-c", `command -v ${c} || test -x /usr/sbin/${c}`]).status === 0);
const root = process.getuid?.() === 0;
const available = installed && root;

test.runIf(!available && process.env.CI !== undefined)("CI has SLURM (slurm-wlm and munge, as root)", () => {
  expect({ installed, root }).toEqual({ installed: true, root: true });
});
test.runIf(!available && process.env.CI === undefined)("SLURM tests skipped: install slurm-wlm and munge and run as root to include them", () => {
  expect(available).toBe(false);
});

const MAIN = path.join(PACKAGE_ROOT, "dist", "cli", "main.js");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "bioclusters-sweep-slurm-"));
const read = (dir: string, f: string) => fs.readFileSync(path.join(dir, f));

function planIn(spec: unknown, name: string): { dir: string; plan: Plan } {
  const plan = makePlan(validateSpec(spec, "test spec"));
  const dir = path.join(tmp, name);
  writePlan(dir, plan);
  return { dir, plan };
}

describe.runIf(available)("on a single-node SLURM cluster", () => {
  let slurm: LocalSlurm;
  beforeAll(async () => {
    slurm = await startLocalSlurm();
    process.env.SLURM_CONF = slurm.conf;
  }, 60_000);
  afterAll(async () => {
    await slurm?.stop();
    for (const pid of Object.values(slurm?.pids ?? {})) expect(() => process.kill(pid as number, 0), `daemon ${pid} stopped`).toThrow();
    fs.rmSync(tmp, { recursive: true, force: true });
  }, 60_000);

  test("a Sobol sweep with the lab's default factors merges to the same bytes in one process, with the local backend and as a SLURM job array", async () => {
    const setup = buildSetup(loadInputs());
    const mix = resolveMixes(["status_quo"], setup.clusterIds)[0]!;
    const one = modelSobol(setup, mix, { years: 3, seed: "ci-sobol", n: 4, bootstrap: 40, outcome: { metric: "innovators", location: "all", mode: "sum" } });
    const ref = path.join(tmp, "sobol-one-process");
    writeLabResult(ref, { kind: "sobol", result: one });
    const spec = { kind: "sobol", mix: "status_quo", years: 3, seed: "ci-sobol", n: 4, bootstrap: 40, outcome: { metric: "innovators", mode: "sum" }, shards: 4 };
    const local = planIn(spec, "sobol-local");
    const onCluster = planIn(spec, "sobol-slurm");
    const a = await submitSweep(local.dir, { backend: "local", workers: 1 });
    const progress: string[] = [];
    // one array task at a time: the other test files share these two cores
    const b = await submitSweep(onCluster.dir, { backend: "slurm", arrayMax: 1, pollSeconds: 0.5, onProgress: (l) => progress.push(l) });
    expect(b.jobs).toHaveLength(1);
    expect(progress.at(-1)).toMatch(new RegExp(`^job ${b.jobs[0]}: 4/4 shards done$`));
    for (let i = 0; i < 4; i++) expect(fs.existsSync(path.join(onCluster.dir, "slurm", `${b.jobs[0]}_${i}.out`)), `log of array task ${i}`).toBe(true);
    for (const f of ["sobol.csv", "sobol.json"]) {
      expect(read(a.out, f).equals(read(ref, f)), `local ${f}`).toBe(true);
      expect(read(b.out, f).equals(read(ref, f)), `slurm ${f}`).toBe(true);
    }
    expect(read(b.out, "evaluations.csv").equals(read(a.out, "evaluations.csv"))).toBe(true);
  }, 180_000);

  test("an array task cancelled mid-run (scancel) is resubmitted and the merged files equal a one-process run", async () => {
    const spec = { kind: "simulate", mixes: ["status_quo", "talent_first"], years: 10, replicates: 40, seed: "ci-fault", shards: 4 } as const;
    const inputs = loadInputs();
    const res = await runExperiment(inputs, resolveMixes([...spec.mixes], inputs.clusters.map((c) => c.id)), { years: spec.years, replicates: spec.replicates, seed: spec.seed });
    const ref = path.join(tmp, "fault-one-process");
    writeExperiment(ref, res, { baseline: "status_quo" });
    const { dir, plan } = planIn(spec, "fault");
    const child = spawn(process.execPath, [MAIN, "sweep", "submit", dir, "--backend", "slurm", "--poll", "0.3", "--array-max", "1"], { env: { ...process.env, SLURM_CONF: slurm.conf } });
    let stderr = "";
    let stdout = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    const exited = new Promise<number>((res) => child.on("close", (code) => res(code ?? -1)));

    // wait until an array task is running, then cancel it
    let victim: { id: string; shard: number } | null = null;
    const t0 = Date.now();
    while (victim === null && Date.now() - t0 < 60_000) {
      const q = spawnSync("squeue", ["-h", "-r", "-n", `bioclusters-${plan.hash.slice(0, 12)}`, "-o", "%i %T"], { env: slurm.env, encoding: "utf8" });
      const running = q.stdout.split("\n").map((l) => l.trim().split(" ")).find((p) => p[1] === "RUNNING");
      if (running) victim = { id: running[0] as string, shard: Number((running[0] as string).split("_")[1]) };
      else await new Promise((r) => setTimeout(r, 100));
    }
    expect(victim, "an array task started running").not.toBeNull();
    expect(fs.existsSync(shardFile(dir, victim!.shard)), "the victim had not finished yet").toBe(false);
    expect(spawnSync("scancel", [victim!.id], { env: slurm.env }).status).toBe(0);

    expect(await exited, stderr).toBe(0);
    expect(stderr).toMatch(new RegExp(`^sweep: resubmitting shard ${victim!.shard} \\(no valid result after job \\d+\\)$`, "m"));
    expect(stderr.match(/^sweep: submitted job /gm)).toHaveLength(2);
    expect(stdout).toMatch(/^Sweep done on slurm in [\d.]+ s; .*merged into /m);
    for (const f of ["runs.csv", "summary.csv", "differences.csv"]) expect(read(path.join(dir, "results"), f).equals(read(ref, f)), f).toBe(true);
  }, 240_000);

  test("shards that keep failing stop the submitter after the retries, pointing at the task log that says why", async () => {
    const est = path.join(tmp, "estimates-failing");
    fs.cpSync(path.join(PACKAGE_ROOT, "data", "estimates"), est, { recursive: true });
    const { dir } = planIn({ kind: "simulate", mixes: ["status_quo"], years: 2, replicates: 2, seed: 1, shards: 2, inputs: { estimates: est } }, "failing");
    fs.appendFileSync(path.join(est, "patents.json"), "\n"); // the estimates change after planning: every task refuses to run
    const msg = await asyncUserError(submitSweep(dir, { backend: "slurm", retries: 1, arrayMax: 1, pollSeconds: 0.5 }));
    const m = /^Shards 0-1 of 2 still have no valid result after 2 submissions\. Read the task log \((.+\.out)\), fix the cause \(often --time or memory\), and submit again: finished shards are kept\.$/.exec(msg);
    expect(m, msg).not.toBeNull();
    expect(fs.readFileSync(m![1]!, "utf8")).toMatch(/patents input file changed since the sweep was planned/);
  }, 120_000);

  test("a job the cluster rejects is one sentence naming what to check; nothing is merged", async () => {
    const { dir } = planIn({ kind: "simulate", mixes: ["status_quo"], years: 2, replicates: 2, seed: 1, shards: 2 }, "rejected");
    expect(await asyncUserError(submitSweep(dir, { backend: "slurm", partition: "no_such_partition" }))).toBe(
      "SLURM rejected the sweep job: invalid partition specified: no_such_partition. Check --partition, --time and --cpus-per-task against what the cluster allows (sinfo lists partitions and limits), then submit again.",
    );
    expect(fs.existsSync(path.join(dir, "results"))).toBe(false);
    expect(() => mergeSweep(dir)).toThrow(/Shard 0 of 2 has no result file/);
  }, 60_000);
});
