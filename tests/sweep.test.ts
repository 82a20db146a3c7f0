import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, afterEach, describe, expect, test, vi } from "vitest";
import { runCli } from "../src/cli/main";
import { PACKAGE_ROOT } from "../src/paths";
import { morris, modelSobol } from "../src/experiments/lab";
import { writeExperiment } from "../src/experiments/output";
import { runExperiment } from "../src/experiments/runner";
import { estimatesRecord, loadInputs, resolveMixes } from "../src/experiments/simulate";
import { buildSetup } from "../src/model/setup";
import { ESTIMATES_DIR } from "../src/estimation/defaults";
import { makePlan, readPlan, shardRange, validateSpec, writePlan, type LabPlan, type Plan } from "../src/sweep/plan";
import { parseShard, readShard, runShard, shardFile, shardStatuses } from "../src/sweep/shard";
import { mergeSweep, writeLabResult } from "../src/sweep/merge";
import { runLocal } from "../src/sweep/local";
import { arrayList, slurmScript } from "../src/sweep/slurm";
import { slurmConf } from "../src/sweep/slurm-local";
import { checkBackend, submitSweep } from "../src/sweep/submit";
import { asyncUserError, userError, captured } from "./helpers";

// These tests keep a core busy for a while (and, on SLURM, hand work to other processes, which keep this nice
// value: the local cluster propagates it); at the lowest priority they leave the shared cores to the other test
// files first, whose default 5-second timeouts are otherwise at risk on a busy machine.
os.setPriority(19);

const root = fs.mkdtempSync(path.join(os.tmpdir(), "bioclusters-sweep-test-"));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
let n = 0;
const fresh = (name: string) => path.join(root, `${name}-${n++}`);

const read = (dir: string, f: string) => fs.readFileSync(path.join(dir, f));

function planIn(spec: unknown, dir = fresh("sweep")): { dir: string; plan: Plan } {
  const plan = makePlan(validateSpec(spec, "test spec"));
  writePlan(dir, plan);
  return { dir, plan };
}

function labPlanIn(spec: unknown): { dir: string; plan: LabPlan } {
  const r = planIn(spec);
  if (r.plan.kind === "simulate" || r.plan.kind === "calibration") throw new Error("expected a lab plan");
  return { dir: r.dir, plan: r.plan };
}

const SIM = { kind: "simulate", mixes: ["status_quo", "efficiency_shift", "talent_first"], years: 4, replicates: 5, seed: "2018", shards: 4 } as const;

describe("shards", () => {
  test("split the tasks into contiguous ranges whose sizes differ by at most one, covering each task once", () => {
    for (const [tasks, shards] of [[15, 4], [7, 7], [1000, 3], [170_000, 1000]] as const) {
      let next = 0;
      const sizes: number[] = [];
      for (let i = 0; i < shards; i++) {
        const r = shardRange(tasks, shards, i);
        expect(r.first).toBe(next);
        next += r.count;
        sizes.push(r.count);
      }
      expect(next).toBe(tasks);
      expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    }
  });

  test("the plan hash depends on the spec and the shard count, not on where the plan was made", () => {
    const a = makePlan(validateSpec(SIM, "a"));
    // the same inputs copied elsewhere (another machine's paths): same hash
    const copy = fresh("inputs");
    fs.cpSync(ESTIMATES_DIR, path.join(copy, "estimates"), { recursive: true });
    for (const f of ["clusters.csv", "survey_synthetic.csv"]) fs.copyFileSync(path.join(PACKAGE_ROOT, "data", f), path.join(copy, f));
    const b = makePlan(validateSpec({ ...SIM, inputs: { clusters: "clusters.csv", survey: "survey_synthetic.csv", estimates: "estimates" } }, "b"), path.join(copy, "spec.json"));
    expect(b.inputs["clusters"]?.file).toBe(path.join(copy, "clusters.csv"));
    expect(a.hash).toBe(b.hash);
    expect(makePlan(validateSpec({ ...SIM, shards: 5 }, "c")).hash).not.toBe(a.hash);
    expect(makePlan(validateSpec({ ...SIM, seed: "2019" }, "d")).hash).not.toBe(a.hash);
    expect(a.tasks).toBe(15);
  });
});

describe("simulate sweeps merge to the bytes of one run", () => {
  test("sharded in this process, and with the local backend on two threads, runs/summary/differences equal a one-process run", async () => {
    const inputs = loadInputs();
    const mixes = resolveMixes([...SIM.mixes], inputs.clusters.map((c) => c.id));
    const res = await runExperiment(inputs, mixes, { years: SIM.years, replicates: SIM.replicates, seed: SIM.seed });
    const ref = fresh("one-process");
    writeExperiment(ref, res, { baseline: "status_quo" });

    const { dir, plan } = planIn(SIM);
    for (let i = plan.shards - 1; i >= 0; i--) expect(runShard(dir, i).skipped).toBe(false); // any order
    const merged = mergeSweep(dir);
    const { dir: dir2 } = planIn(SIM);
    const runs = await runLocal(dir2, { workers: 2 });
    expect(runs.map((r) => r.shard).sort()).toEqual([0, 1, 2, 3]);
    const merged2 = mergeSweep(dir2);
    for (const f of ["runs.csv", "summary.csv", "differences.csv"]) {
      expect(read(merged.out, f).equals(read(ref, f)), f).toBe(true);
      expect(read(merged2.out, f).equals(read(ref, f)), f).toBe(true);
    }
    // firm-years: the national firm count summed over tasks and simulated years
    const firms = res.cubes.flat().reduce((s, c) => {
      for (let y = 1; y <= SIM.years; y++) s += c[(y * res.locations.length + res.locations.length - 1) * res.metrics.length + res.metrics.indexOf("firms")] as number;
      return s;
    }, 0);
    expect(merged.firmYears).toBe(firms);
    const manifest = JSON.parse(read(merged.out, "manifest.json").toString()) as { sweep: { plan: string }; estimates: { dir: string; sha256: string } };
    expect(manifest.sweep.plan).toBe(plan.hash);
    expect(manifest.estimates).toMatchObject({ dir: path.resolve(ESTIMATES_DIR), sha256: estimatesRecord().sha256 }); // which estimates, as simulate records them
  }, 60_000);

  test("a shard whose valid result exists is skipped; a damaged one is detected by its checksum and rerun", async () => {
    const { dir, plan } = planIn(SIM);
    await runLocal(dir);
    const before = mergeSweep(dir, path.join(dir, "first"));
    const file = shardFile(dir, 2);
    const stat = fs.statSync(file).mtimeMs;
    expect(runShard(dir, 2).skipped).toBe(true);
    expect(fs.statSync(file).mtimeMs).toBe(stat);

    // flip one character of the payload
    const text = fs.readFileSync(file, "utf8");
    const at = text.indexOf("\n") + 40;
    fs.writeFileSync(file, text.slice(0, at) + (text[at] === "A" ? "B" : "A") + text.slice(at + 1));
    expect(readShard(dir, plan, 2)).toMatchObject({ ok: false, reason: "damaged", detail: "is damaged (checksum mismatch)" });
    expect(userError(() => mergeSweep(dir))).toBe(
      `Shard 2 of 4 is damaged (checksum mismatch), so the sweep cannot be merged yet. Run it with "bioclusters sweep run ${dir} --shard 2/4" (or "bioclusters sweep submit ${dir} --backend local", which runs every shard that is not done), then merge again.`,
    );
    const rerun = await runLocal(dir);
    expect(rerun).toMatchObject([{ shard: 2, skipped: false, replaced: "is damaged (checksum mismatch)" }]);
    const after = mergeSweep(dir, path.join(dir, "second"));
    for (const f of ["runs.csv", "summary.csv", "differences.csv"]) expect(read(after.out, f).equals(read(before.out, f)), f).toBe(true);

    // a truncated header is damaged too
    fs.writeFileSync(file, "{not json\n" + text.slice(text.indexOf("\n") + 1));
    expect(readShard(dir, plan, 2)).toMatchObject({ ok: false, reason: "damaged" });
  }, 60_000);

  test("a missing shard stops the merge with one sentence naming it and the command to run", async () => {
    const { dir } = planIn(SIM);
    runShard(dir, 0);
    runShard(dir, 2);
    expect(userError(() => mergeSweep(dir))).toBe(
      `Shard 1 of 4 has no result file (and 1 more shard is not ready), so the sweep cannot be merged yet. Run it with "bioclusters sweep run ${dir} --shard 1/4" (or "bioclusters sweep submit ${dir} --backend local", which runs every shard that is not done), then merge again.`,
    );
    expect(fs.existsSync(path.join(dir, "results"))).toBe(false);
  }, 30_000);

  test("a shard from another plan is refused", async () => {
    const { dir: a } = planIn(SIM);
    const { dir: b, plan: pb } = planIn({ ...SIM, seed: "other" });
    runShard(a, 1);
    fs.mkdirSync(path.dirname(shardFile(b, 1)), { recursive: true });
    fs.copyFileSync(shardFile(a, 1), shardFile(b, 1));
    const s = readShard(b, pb, 1);
    expect(s).toMatchObject({ ok: false, reason: "other-plan" });
    for (const i of [0, 2, 3]) runShard(b, i);
    expect(userError(() => mergeSweep(b))).toMatch(new RegExp(`^Shard 1 of 4 belongs to another plan \\(hash [0-9a-f]{12}…, this plan ${pb.hash.slice(0, 12)}…\\), so the sweep cannot be merged yet\\. Run it with "bioclusters sweep run `));
  }, 30_000);

  test("changed estimates: the old plan refuses to merge, and a new plan recomputes every old shard", async () => {
    const est = fresh("estimates");
    fs.cpSync(ESTIMATES_DIR, est, { recursive: true });
    const spec = { ...SIM, shards: 3, inputs: { estimates: est } };
    const { dir } = planIn(spec);
    await runLocal(dir);
    const oldHash = readPlan(dir).hash;
    // an economist re-estimates: one coefficient changes
    const f = path.join(est, "innovation.json");
    const j = JSON.parse(fs.readFileSync(f, "utf8")) as { params: Record<string, number> };
    j.params["collaborating"] = (j.params["collaborating"] as number) + 0.1;
    fs.writeFileSync(f, JSON.stringify(j, null, 2));
    expect(userError(() => mergeSweep(dir))).toBe(
      `${f}: The innovation input file changed since the sweep was planned (its SHA-256 differs), so results would mix two inputs. Make the plan again with: bioclusters sweep plan <spec.json> --out <dir> (old shards are then recomputed).`,
    );
    expect(userError(() => runShard(dir, 0))).toMatch(/innovation input file changed since the sweep was planned/);
    planIn(spec, dir);
    const plan = readPlan(dir);
    expect(plan.hash).not.toBe(oldHash);
    expect(shardStatuses(dir, plan).todo.map((t) => t.reason)).toEqual(["other-plan", "other-plan", "other-plan"]);
    expect(userError(() => mergeSweep(dir))).toMatch(/^Shard 0 of 3 belongs to another plan .* \(and 2 more shards are not ready\)/);
    const rerun = await runLocal(dir);
    expect(rerun.filter((r) => !r.skipped)).toHaveLength(3);
    expect(() => mergeSweep(dir)).not.toThrow();
  }, 60_000);
});

describe("lab sweeps merge to the bytes of the lab's one-process call", () => {
  const inputs = loadInputs();
  const setup = buildSetup(inputs);
  const mix = resolveMixes(["status_quo"], setup.clusterIds)[0]!;

  test("Sobol with the lab's default factors", async () => {
    const spec = { kind: "sobol", mix: "status_quo", years: 3, seed: "sobol-test", n: 6, bootstrap: 40, outcome: { metric: "innovators", mode: "sum" }, shards: 5 } as const;
    const one = modelSobol(setup, mix, { years: 3, seed: "sobol-test", n: 6, bootstrap: 40, outcome: { metric: "innovators", location: "all", mode: "sum" } });
    const ref = fresh("sobol-one");
    writeLabResult(ref, { kind: "sobol", result: one });
    const { dir, plan } = labPlanIn(spec);
    expect(plan.tasks).toBe(one.runs);
    await runLocal(dir); // one thread: the thread count is varied in the simulate test above
    const m = mergeSweep(dir);
    for (const f of ["sobol.csv", "sobol.json"]) expect(read(m.out, f).equals(read(ref, f)), f).toBe(true);
    expect(read(m.out, "evaluations.csv").toString().split("\n").length).toBe(plan.tasks + 2);
    expect(read(ref, "sobol.csv").toString().split("\n")).toHaveLength(plan.factors.length + 2);
  }, 90_000);

  test("Morris with chosen factors", async () => {
    const factors = ["entryRate", "networkEffect", "infrastructure share", "budget multiple"];
    const spec = { kind: "morris", mix: "status_quo", years: 3, seed: "morris-test", trajectories: 5, outcome: { metric: "patents" }, factors, shards: 3 } as const;
    const { dir, plan } = labPlanIn(spec);
    const one = morris(setup, mix, { years: 3, seed: "morris-test", trajectories: 5, outcome: { metric: "patents", location: "all", mode: "level" }, factors: plan.factors });
    const ref = fresh("morris-one");
    writeLabResult(ref, { kind: "morris", result: one });
    for (let i = 0; i < plan.shards; i++) runShard(dir, i);
    const m = mergeSweep(dir);
    expect(read(m.out, "morris.csv").equals(read(ref, "morris.csv"))).toBe(true);
    expect(one.some((r) => r.muStar > 0)).toBe(true);
  }, 60_000);
});

describe("user errors", () => {
  test("specs, shard numbers and backends", async () => {
    expect(userError(() => validateSpec({ ...SIM, kind: "calibrate" }, "spec.json"))).toBe("spec.json: Sweep spec field kind: must be one of simulate, sobol, morris, lhs, calibration. See the spec format in docs/sweeps.md.");
    expect(userError(() => validateSpec({ ...SIM, replicates: undefined }, "spec.json"))).toMatch(/^spec\.json: Sweep spec field replicates: is missing/);
    expect(userError(() => makePlan(validateSpec({ ...SIM, shards: 16 }, "spec.json"), "spec.json"))).toBe("spec.json: Sweep spec field shards: 16 shards for 15 tasks would leave some empty. Use at most 15 shards.");
    expect(userError(() => makePlan(validateSpec({ kind: "sobol", mix: "status_quo", years: 2, seed: 1, n: 4, outcome: { metric: "happiness" }, shards: 2 }, "s.json"), "s.json"))).toMatch(/^s\.json: Sweep spec field outcome\.metric: unknown metric "happiness"\. Metrics: firms, /);
    const { dir, plan } = planIn(SIM);
    expect(userError(() => parseShard("3/5", plan))).toBe("--shard 3/5 says 5 shards, but this plan has 4. Use --shard i/4 with i from 0 to 3.");
    expect(userError(() => parseShard("4/4", plan))).toBe("--shard 4/4: the index must be from 0 to 3.");
    expect(userError(() => parseShard("two", plan))).toBe('--shard must look like i/N (for example 3/4), not "two".');
    expect(userError(() => checkBackend("kubernetes"))).toBe('Unknown backend "kubernetes". Use --backend local (worker threads on this machine) or --backend slurm (a SLURM job array); for Kubernetes or GNU parallel, see docs/sweeps.md.');
    expect(await asyncUserError(submitSweep(dir, { backend: "k8s" }))).toMatch(/^Unknown backend "k8s"\./);
    expect(userError(() => readPlan(fresh("empty")))).toMatch(/plan\.json: This folder has no sweep plan \(plan\.json\)\. Make one with: bioclusters sweep plan <spec\.json> --out <dir>\.$/);
    const edited = JSON.parse(fs.readFileSync(path.join(dir, "plan.json"), "utf8")) as { years: number };
    edited.years = 9;
    fs.writeFileSync(path.join(dir, "plan.json"), JSON.stringify(edited));
    expect(userError(() => readPlan(dir))).toMatch(/The sweep plan was edited after it was made/);
  }, 30_000);

  test("sbatch missing from PATH is one sentence saying where to run", async () => {
    const { dir } = planIn(SIM);
    const saved = process.env.PATH;
    process.env.PATH = fresh("no-bin");
    try {
      expect(await asyncUserError(submitSweep(dir, { backend: "slurm" }))).toBe(
        `The SLURM command "sbatch" was not found on this machine's PATH. Run bioclusters sweep submit on the cluster's login node (where sbatch works), or use --backend local.`,
      );
    } finally {
      process.env.PATH = saved;
    }
  }, 30_000);
});

describe("the SLURM job script", () => {
  test("one shard per array task; the array list compresses runs of shards", () => {
    const { dir, plan } = planIn(SIM);
    const s = slurmScript(dir, plan, { partition: "short", time: "00:10:00", cpusPerTask: 1 });
    expect(s).toMatch(/^#SBATCH --partition=short$/m);
    expect(s).toMatch(/^#SBATCH --time=00:10:00$/m);
    expect(s).toMatch(/sweep run '.*' --shard "\$\{SLURM_ARRAY_TASK_ID\}\/4"$/m);
    expect(s).not.toMatch(/--array/); // given per submission, so resubmissions name only the missing shards
    expect(arrayList([0, 1, 2, 3])).toBe("0-3");
    expect(arrayList([1, 3, 4, 5, 9])).toBe("1,3-5,9");
  });
});

describe("the sweep command", () => {
  afterEach(() => vi.restoreAllMocks());

  test("plan, run, status and merge from the command line; a mix file is read relative to the spec", async () => {
    const dir = fresh("cli");
    const specDir = fresh("spec");
    fs.mkdirSync(specDir, { recursive: true });
    fs.copyFileSync(path.join(PACKAGE_ROOT, "data", "policy-mixes", "talent_first.json"), path.join(specDir, "mine.json"));
    const spec = path.join(specDir, "spec.json");
    fs.writeFileSync(spec, JSON.stringify({ kind: "simulate", mixes: ["status_quo", "mine.json"], years: 2, replicates: 2, seed: 5, shards: 2 }));
    const { out, err } = captured();
    expect(await runCli(["sweep", "plan", spec, "--out", dir])).toBe(0);
    expect(out[0]).toMatch(/^Planned a simulate sweep: 4 tasks in 2 shards \(plan [0-9a-f]{12}\) in /);
    expect(await runCli(["sweep", "run", dir, "--shard", "1/2"])).toBe(0);
    expect(out.at(-1)).toMatch(/^Shard 1\/2 done in [\d.]+ s\.$/);
    expect(await runCli(["sweep", "run", dir, "--shard", "1/2"])).toBe(0);
    expect(out.at(-1)).toBe("Shard 1/2 already has a valid result; skipped.");
    expect(await runCli(["sweep", "status", dir])).toBe(0);
    expect(out.slice(-2)).toEqual([expect.stringMatching(/^1\/2 shards done/), "  shard 0 has no result file"]);
    expect(await runCli(["sweep", "merge", dir])).toBe(2);
    expect(err.at(-1)).toMatch(/^bioclusters: Shard 0 of 2 has no result file, so the sweep cannot be merged yet\./);
    expect(await runCli(["sweep", "submit", dir])).toBe(2);
    expect(err.at(-1)).toBe('bioclusters: The option --backend is required. Run "bioclusters sweep --help" for the options.');
    expect(await runCli(["sweep", "submit", dir, "--backend", "local", "--workers", "1"])).toBe(0);
    expect(out.at(-1)).toMatch(/^Sweep done on local in [\d.]+ s; merged into /);
    const plan = readPlan(dir) as Plan & { mixes: Array<{ name: string }> };
    expect(plan.mixes.map((m) => m.name)).toEqual(["status_quo", "talent_first"]);
    // planning again with another seed: the old shards are announced as stale
    fs.writeFileSync(spec, JSON.stringify({ kind: "simulate", mixes: ["status_quo", "mine.json"], years: 2, replicates: 2, seed: 6, shards: 2 }));
    expect(await runCli(["sweep", "plan", spec, "--out", dir])).toBe(0);
    expect(out.join("\n")).toMatch(/The 2 shard results of the earlier plan in this folder will not be merged; they are recomputed when run\./);
  }, 60_000);

  test("usage mistakes are one sentence each", async () => {
    const { out, err } = captured();
    expect(await runCli(["sweep", "--help"])).toBe(0);
    expect(out.join("\n")).toMatch(/^Usage: bioclusters sweep plan <spec.json> --out <dir>/);
    expect(await runCli(["sweep", "launch"])).toBe(2);
    expect(err.at(-1)).toBe('bioclusters: Unknown sweep step "launch". Use plan, run, merge, submit or status; run "bioclusters sweep --help" for the usage.');
    expect(await runCli(["sweep", "run", "--shard", "1/2"])).toBe(2);
    expect(err.at(-1)).toBe('bioclusters: bioclusters sweep run needs the sweep folder as its first argument. Run "bioclusters sweep --help" for the usage.');
    expect(await runCli(["sweep", "plan", fresh("nothing.json"), "--out", fresh("x")])).toBe(2);
    expect(err.at(-1)).toMatch(/nothing\.json-\d+: The sweep spec file does not exist\. Give the path of a JSON spec \(see docs\/sweeps\.md\)\.$/);
  });
});

describe("the local SLURM cluster's configuration", () => {
  test("has the settings a single root-run node needs, with state and spool in its own folder", () => {
    const c = slurmConf({ dir: "/tmp/x", node: "box", cpus: 2, ctldPort: 7001, slurmdPort: 7002 });
    for (const line of [
      "SlurmUser=root", "ProctrackType=proctrack/linuxproc", "TaskPlugin=task/none", "SelectType=select/cons_tres",
      "SelectTypeParameters=CR_Core", "AccountingStorageType=accounting_storage/none", "StateSaveLocation=/tmp/x/state",
      "SlurmdSpoolDir=/tmp/x/spool", "SlurmctldPort=7001", "SlurmdPort=7002",
    ]) expect(c.split("\n")).toContain(line);
    expect(c).toMatch(/^NodeName=box NodeAddr=127\.0\.0\.1 CPUs=2 /m);
  });
});
