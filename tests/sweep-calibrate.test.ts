/**
 * A calibration's evaluations as a sweep: the design stage of `calibrate` (its
 * Latin hypercube points × replicates) planned as shards, merged into a
 * calibration journal, from which `calibrate` continues to the same result,
 * byte for byte, as a calibration run in one process.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { calibrate, type CalibrateOptions } from "../src/calibration/msm";
import { loadCalibrationData } from "../src/calibration/moments";
import { calibrationJson } from "../src/calibration/output";
import { CALIBRATION_JOURNAL, mergeSweep } from "../src/sweep/merge";
import { makePlan, validateSpec, writePlan, type CalibrationPlan } from "../src/sweep/plan";
import { runShard } from "../src/sweep/shard";
import { userError } from "./helpers";

os.setPriority(19);

const root = fs.mkdtempSync(path.join(os.tmpdir(), "bioclusters-sweep-calibrate-"));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

// As tests/calibration-msm.test.ts's tiny configuration, with a design large enough to shard.
const TINY = { years: 3, replicates: 2, design: 5, maxEvals: 6, parameters: ["entryRate", "exitBase"], seed: "tiny-sweep" } as const;

describe("a calibration's design stage as a sweep", () => {
  test("merges into a journal whose lines are the design stage of a one-process calibrate, which then continues to the same bytes", async () => {
    const spec = { kind: "calibration", ...TINY, parameters: [...TINY.parameters], shards: 3 };
    const plan = makePlan(validateSpec(spec, "test spec")) as CalibrationPlan;
    expect(plan.kind).toBe("calibration");
    expect(plan.tasks).toBe(TINY.design * TINY.replicates);
    expect(plan.points).toHaveLength(TINY.design);
    const dir = path.join(root, "sweep");
    writePlan(dir, plan);
    for (let i = plan.shards - 1; i >= 0; i--) runShard(dir, i);
    const merged = mergeSweep(dir);
    const journal = path.join(merged.out, CALIBRATION_JOURNAL);
    const fromSweep = fs.readFileSync(journal, "utf8");

    const opts: CalibrateOptions = { ...TINY, parameters: [...TINY.parameters], workers: 1 };
    const oneJournal = path.join(root, "one.jsonl");
    const one = calibrationJson(await calibrate({ ...opts, journal: oneJournal }));
    const oneLines = fs.readFileSync(oneJournal, "utf8").split("\n");
    // header + one line per design point: the first lines of the one-process journal, byte for byte
    expect(fromSweep).toBe(oneLines.slice(0, 1 + TINY.design).join("\n") + "\n");
    expect(oneLines.length).toBeGreaterThan(2 + TINY.design); // calibrate went on past the design stage

    // calibrate continues from the merged journal: same result and, at the end, the same journal
    const resumed = calibrationJson(await calibrate({ ...opts, journal }));
    expect(resumed).toBe(one);
    expect(fs.readFileSync(journal, "utf8")).toBe(fs.readFileSync(oneJournal, "utf8"));

    // and it really reads the merged values: give one design point the targets' values as its moments, and the
    // design stage's best objective becomes 0
    const tampered = path.join(root, "tampered.jsonl");
    const lines = fromSweep.trim().split("\n");
    const e = JSON.parse(lines[2] as string) as { theta: number[]; mean: number[]; sd: number[] };
    const targets = loadCalibrationData().moments;
    expect(targets.map((m) => m.name)).toEqual(plan.moments);
    e.mean = targets.map((m) => m.value);
    lines[2] = JSON.stringify(e);
    fs.writeFileSync(tampered, lines.join("\n") + "\n");
    const best = (json: string) => (JSON.parse(json) as { optimiser: { designBest: number } }).optimiser.designBest;
    expect(best(one)).toBeGreaterThan(0);
    expect(best(calibrationJson(await calibrate({ ...opts, journal: tampered })))).toBe(0);
  }, 120_000);

  test("a plan for another calibration's journal is refused at merge; an unknown parameter is one sentence", async () => {
    expect(userError(() => makePlan(validateSpec({ kind: "calibration", ...TINY, parameters: ["entryRate", "nope"], shards: 2 }, "s"), "s"))).toBe('"nope" is not a structural parameter. See the parameter table in docs/model.md.');
    const dir = path.join(root, "other");
    const plan = makePlan(validateSpec({ kind: "calibration", ...TINY, design: 2, parameters: [...TINY.parameters], shards: 2 }, "s"));
    writePlan(dir, plan);
    for (let i = 0; i < plan.shards; i++) runShard(dir, i);
    const out = path.join(root, "other-out");
    fs.mkdirSync(out, { recursive: true });
    fs.copyFileSync(path.join(root, "one.jsonl"), path.join(out, CALIBRATION_JOURNAL)); // the journal of a calibration with design 5
    expect(userError(() => mergeSweep(dir, out))).toMatch(/belongs to a calibration with other settings or data, so it cannot be resumed/);
  }, 60_000);
});
