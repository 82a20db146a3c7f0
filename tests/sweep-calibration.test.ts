/**
 * Sweeps and the calibration: a plan records the calibration in force when it
 * is planned and every shard runs with exactly those values, whatever
 * BIOCLUSTERS_CALIBRATION says on the machine that runs it; a calibration file
 * changed since planning stops run and merge; shards made under another
 * calibration are refused by name.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, afterEach, describe, expect, test } from "vitest";
import { CALIBRATION_ENV, readCalibration } from "../src/experiments/calibrated";
import { writeExperiment } from "../src/experiments/output";
import { runExperiment } from "../src/experiments/runner";
import { loadInputs, resolveMixes } from "../src/experiments/simulate";
import { PACKAGE_ROOT } from "../src/paths";
import { mergeSweep } from "../src/sweep/merge";
import { makePlan, readPlan, validateSpec, writePlan, type Plan } from "../src/sweep/plan";
import { readShard, runShard, shardFile, shardStatuses } from "../src/sweep/shard";
import { userError } from "./helpers";

os.setPriority(19); // as tests/sweep.test.ts: leave the shared cores to the quicker test files first

const COMMITTED = path.join(PACKAGE_ROOT, "data", "calibration", "calibrated.json");
const root = fs.mkdtempSync(path.join(os.tmpdir(), "bioclusters-sweep-cal-"));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
let n = 0;
const fresh = (name: string) => path.join(root, `${name}-${n++}`);
const read = (dir: string, f: string) => fs.readFileSync(path.join(dir, f));
const saved = process.env[CALIBRATION_ENV];
afterEach(() => {
  process.env[CALIBRATION_ENV] = saved;
});

const SPEC = { kind: "simulate", mixes: ["status_quo", "efficiency_shift"], years: 3, replicates: 2, seed: "cal-sweep", shards: 2 } as const;
const OUTPUTS = ["runs.csv", "summary.csv", "differences.csv"];

function planIn(spec: unknown, source = "test spec", dir = fresh("sweep")): { dir: string; plan: Plan } {
  const plan = makePlan(validateSpec(spec, source), source);
  writePlan(dir, plan);
  return { dir, plan };
}

async function oneProcess(calibration: string | null): Promise<string> {
  const inputs = loadInputs();
  const mixes = resolveMixes([...SPEC.mixes], inputs.clusters.map((c) => c.id));
  const res = await runExperiment(inputs, mixes, { years: SPEC.years, replicates: SPEC.replicates, seed: SPEC.seed, calibration });
  const ref = fresh("one-process");
  writeExperiment(ref, res, { baseline: "status_quo" });
  return ref;
}

describe("a plan carries the calibration in force when it is planned", () => {
  test("planned under the committed calibration, run where none is set: merged bytes equal simulate with the committed calibration", async () => {
    expect(fs.existsSync(COMMITTED)).toBe(true);
    const cal = readCalibration(COMMITTED);
    process.env[CALIBRATION_ENV] = COMMITTED; // the planning machine's calibration…
    const { dir, plan } = planIn(SPEC);
    expect(plan.calibration).toEqual({ file: COMMITTED, sha256: cal.sha256, parameters: cal.structural });
    process.env[CALIBRATION_ENV] = "none"; // …and a node that would run the defaults
    for (let i = 0; i < plan.shards; i++) runShard(dir, i);
    const merged = mergeSweep(dir);

    const calibrated = await oneProcess(COMMITTED);
    const defaults = await oneProcess(null);
    for (const f of OUTPUTS) expect(read(merged.out, f).equals(read(calibrated, f)), f).toBe(true);
    // the calibration matters for these numbers, so the equality above is not vacuous
    expect(read(calibrated, "runs.csv").equals(read(defaults, "runs.csv"))).toBe(false);

    const manifest = JSON.parse(read(merged.out, "manifest.json").toString()) as { options: { calibration: unknown }; sweep: { calibration: unknown } };
    const record = { file: COMMITTED, sha256: cal.sha256, parameters: cal.structural };
    expect(manifest.options.calibration).toEqual(record); // where simulate records it
    expect(JSON.parse(read(calibrated, "manifest.json").toString()).options.calibration).toEqual(record);
    expect(manifest.sweep.calibration).toEqual(record);
  }, 60_000);

  test('a plan made with calibration "none" runs the defaults even on a node whose environment names a calibration', async () => {
    process.env[CALIBRATION_ENV] = COMMITTED;
    const { dir, plan } = planIn({ ...SPEC, calibration: "none" });
    expect(plan.calibration).toBeNull();
    for (let i = 0; i < plan.shards; i++) runShard(dir, i);
    const merged = mergeSweep(dir);
    process.env[CALIBRATION_ENV] = "none";
    const defaults = await oneProcess(null);
    for (const f of OUTPUTS) expect(read(merged.out, f).equals(read(defaults, f)), f).toBe(true);
    expect(JSON.parse(read(merged.out, "manifest.json").toString()).options.calibration).toBeUndefined();
  }, 60_000);

  test("the calibration's values are part of the plan's hash; its path is not", () => {
    const a = fresh("cal-a");
    const b = fresh("cal-b");
    for (const d of [a, b]) {
      fs.mkdirSync(d, { recursive: true });
      fs.copyFileSync(COMMITTED, path.join(d, "calibrated.json"));
    }
    const pa = makePlan(validateSpec({ ...SPEC, calibration: "calibrated.json" }, "s"), path.join(a, "spec.json"));
    const pb = makePlan(validateSpec({ ...SPEC, calibration: "calibrated.json" }, "s"), path.join(b, "spec.json"));
    expect(pa.calibration?.file).toBe(path.join(a, "calibrated.json"));
    expect(pa.hash).toBe(pb.hash);
    expect(makePlan(validateSpec({ ...SPEC, calibration: "none" }, "s")).hash).not.toBe(pa.hash);
  });
});

describe("a changed calibration never mixes with the old one", () => {
  test("a calibration file changed between plan and run stops run and merge, naming the file; a new plan refuses the old shards as made under another calibration", () => {
    const specDir = fresh("spec");
    fs.mkdirSync(specDir, { recursive: true });
    const file = path.join(specDir, "cal.json");
    fs.copyFileSync(COMMITTED, file);
    const spec = { ...SPEC, calibration: "cal.json" };
    const { dir, plan } = planIn(spec, path.join(specDir, "spec.json"));
    const oldSha = plan.calibration?.sha256 as string;
    runShard(dir, 0);

    // the economist recalibrates: one value changes (still inside its range)
    const j = JSON.parse(fs.readFileSync(file, "utf8")) as { parameters: Array<{ name: string; value: number }> };
    const p0 = j.parameters[0] as { name: string; value: number };
    p0.value = p0.value * 1.01;
    fs.writeFileSync(file, JSON.stringify(j, null, 2));
    const msg = `${file}: The calibration file changed since the sweep was planned (its SHA-256 differs), so results would mix two calibrations. Restore it, or make the plan again with: bioclusters sweep plan <spec.json> --out <dir> (old shards are then recomputed).`;
    expect(userError(() => runShard(dir, 1))).toBe(msg);
    expect(userError(() => mergeSweep(dir))).toBe(msg);
    expect(fs.existsSync(shardFile(dir, 1))).toBe(false);
    expect(fs.existsSync(path.join(dir, "results"))).toBe(false);

    // planned again with the new file: the old shard is refused, saying why
    planIn(spec, path.join(specDir, "spec.json"), dir);
    const again = readPlan(dir);
    const newSha = again.calibration?.sha256 as string;
    expect(newSha).not.toBe(oldSha);
    expect(readShard(dir, again, 0)).toEqual({ ok: false, reason: "other-plan", detail: `was made under another calibration (SHA-256 ${oldSha.slice(0, 12)}…; this plan's: SHA-256 ${newSha.slice(0, 12)}…)` });
    expect(userError(() => mergeSweep(dir))).toMatch(new RegExp(`^Shard 0 of 2 was made under another calibration \\(SHA-256 ${oldSha.slice(0, 12)}…; this plan's: SHA-256 ${newSha.slice(0, 12)}…\\) \\(and 1 more shard is not ready\\), so the sweep cannot be merged yet\\.`));
    expect(runShard(dir, 0)).toMatchObject({ skipped: false, replaced: expect.stringMatching(/^was made under another calibration/) });
    expect(shardStatuses(dir, again).done).toEqual([0]);

    // a shard made with no calibration is named as such
    const { dir: none, plan: pn } = planIn({ ...SPEC, calibration: "none" });
    runShard(none, 1);
    fs.mkdirSync(path.dirname(shardFile(dir, 1)), { recursive: true });
    fs.copyFileSync(shardFile(none, 1), shardFile(dir, 1));
    expect(pn.calibration).toBeNull();
    expect(readShard(dir, again, 1)).toMatchObject({ ok: false, detail: `was made under another calibration (none; this plan's: SHA-256 ${newSha.slice(0, 12)}…)` });

    fs.rmSync(file);
    expect(userError(() => runShard(dir, 1))).toBe(`${file}: The calibration file this sweep was planned with no longer exists. Restore it, or make the plan again with: bioclusters sweep plan <spec.json> --out <dir> (old shards are then recomputed).`);
  }, 60_000);

  test("a calibration named in the spec that does not exist is one sentence", () => {
    expect(userError(() => makePlan(validateSpec({ ...SPEC, calibration: "nowhere.json" }, "s"), path.join(root, "spec.json")))).toBe(
      `The calibration file ${path.join(root, "nowhere.json")} does not exist. Run bioclusters calibrate, or set ${CALIBRATION_ENV}=none to use the default parameters.`,
    );
  });
});
