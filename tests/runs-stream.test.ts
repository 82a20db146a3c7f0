/**
 * runs.csv streamed while replicates finish (RunsStream, the CLI's path): replicates arriving in any order give
 * byte for byte the file writeRuns writes after the run; a stream that missed a replicate, saw a NaN or saw other
 * cubes is not used, and writeExperiment writes runs.csv anew (or refuses the NaN as it always did).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { openOutputFolder } from "../src/data/output-folder";
import { CORE_METRICS, RunsStream, SummaryStream, writeExperiment, writeRuns } from "../src/experiments/output";
import { pairedDifferences, summarise } from "../src/experiments/summary";
import { runExperiment, type ExperimentResult, type ResultLayout } from "../src/experiments/runner";
import { loadInputs } from "../src/experiments/simulate";
import { readMix } from "../src/model/policy";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "bc-stream-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const inputs = loadInputs();
const ids = inputs.clusters.map((c) => c.id);
const layoutOf = (res: ExperimentResult): ResultLayout => ({ mixes: res.mixes, years: res.years, replicates: res.replicates, seed: res.seed, locations: res.locations, metrics: res.metrics, seeds: res.seeds });

/** Every (mix, replicate) in a fixed scrambled order (a stride coprime to the count). */
function scrambled(res: ExperimentResult): Array<[number, number]> {
  const n = res.mixes.length * res.replicates;
  return Array.from({ length: n }, (_, i) => {
    const j = (i * 7 + 3) % n;
    return [Math.floor(j / res.replicates), j % res.replicates] as [number, number];
  });
}

describe("RunsStream", async () => {
  const res = await runExperiment(inputs, [readMix("status_quo", ids), readMix("finance_first", ids)], { years: 2, replicates: 5, seed: "stream" });
  const reference = path.join(tmp, "reference.csv");
  const refRows = writeRuns(reference, res, CORE_METRICS);

  test("the runner's onResult streams runs.csv identical to writeRuns, with one and two workers", async () => {
    for (const workers of [1, 2]) {
      const file = path.join(tmp, `runner-${workers}.csv`);
      const stream = new RunsStream(file);
      const again = await runExperiment(inputs, res.mixes, { years: 2, replicates: 5, seed: "stream", workers, onResult: stream.add });
      expect(stream.finish(again, CORE_METRICS)).toBe(refRows);
      expect(fs.readFileSync(file, "utf8")).toBe(fs.readFileSync(reference, "utf8"));
    }
  }, 60_000);

  test("replicates in any order give the same bytes; writeExperiment keeps the streamed file", () => {
    const set = openOutputFolder(path.join(tmp, "out-ok"));
    const stream = new RunsStream(path.join(set.dir, "runs.csv"));
    for (const [k, r] of scrambled(res)) stream.add(k, r, res.cubes[k]![r]!, layoutOf(res));
    const w = writeExperiment(path.join(tmp, "out-ok"), res, { baseline: "status_quo", set, runs: stream });
    expect(w.runRows).toBe(refRows);
    expect(fs.readFileSync(path.join(tmp, "out-ok", "runs.csv"), "utf8")).toBe(fs.readFileSync(reference, "utf8"));
  }, 30_000);

  test("a stream that missed a replicate or saw other cubes is not used: runs.csv is written anew", () => {
    const missed = new RunsStream(path.join(tmp, "missed.csv"));
    scrambled(res).slice(1).forEach(([k, r]) => missed.add(k, r, res.cubes[k]![r]!, layoutOf(res)));
    expect(missed.finish(res, CORE_METRICS)).toBeNull();

    const copies = new RunsStream(path.join(tmp, "copies.csv"));
    for (let k = 0; k < 2; k++) for (let r = 0; r < 5; r++) copies.add(k, r, Float64Array.from(res.cubes[k]![r]!), layoutOf(res));
    expect(copies.finish(res, CORE_METRICS)).toBeNull();
    const fewer = new RunsStream(path.join(tmp, "fewer.csv"), ["firms"]);
    for (let k = 0; k < 2; k++) for (let r = 0; r < 5; r++) fewer.add(k, r, res.cubes[k]![r]!, layoutOf(res));
    expect(fewer.finish(res, CORE_METRICS)).toBeNull();

    const set = openOutputFolder(path.join(tmp, "out-missed"));
    const partial = new RunsStream(path.join(set.dir, "runs.csv"));
    scrambled(res).slice(0, 4).forEach(([k, r]) => partial.add(k, r, res.cubes[k]![r]!, layoutOf(res)));
    const w = writeExperiment(path.join(tmp, "out-missed"), res, { baseline: "status_quo", set, runs: partial });
    expect(w.runRows).toBe(refRows);
    expect(fs.readFileSync(path.join(tmp, "out-missed", "runs.csv"), "utf8")).toBe(fs.readFileSync(reference, "utf8"));
  }, 30_000);

  test("a NaN stops the stream and writeExperiment refuses the run with its usual message, writing nothing", () => {
    const bad: ExperimentResult = { ...res, cubes: res.cubes.map((cs) => cs.map((c) => Float64Array.from(c))) };
    bad.cubes[1]![2]![5] = NaN;
    const target = path.join(tmp, "out-nan");
    const set = openOutputFolder(target);
    const stream = new RunsStream(path.join(set.dir, "runs.csv"));
    for (const [k, r] of scrambled(bad)) expect(() => stream.add(k, r, bad.cubes[k]![r]!, layoutOf(bad))).not.toThrow();
    expect(() => writeExperiment(target, bad, { baseline: "status_quo", set, runs: stream })).toThrow(/Mix "finance_first" produced NaN .* replicate 2\), so nothing was written/);
    set.abort();
    stream.close();
    expect(fs.existsSync(target)).toBe(false);
    expect(fs.readdirSync(tmp).filter((f) => f.includes("out-nan"))).toEqual([]);
  }, 30_000);
});

describe("SummaryStream", async () => {
  const mixes = [readMix("talent_first", ids), readMix("status_quo", ids), readMix("network_first", ids)];
  const res = await runExperiment(inputs, mixes, { years: 2, replicates: 4, seed: "summary-stream" });
  const metrics = ["firms", "employment", "index"];

  test("rows computed mix by mix as replicates arrive (baseline last or first) are the rows computed after the run", () => {
    for (const order of [scrambled(res), [...scrambled(res)].reverse()]) {
      const stream = new SummaryStream("status_quo", metrics);
      for (const [k, r] of order) stream.add(k, r, res.cubes[k]![r]!, layoutOf(res));
      const got = stream.finish(res, metrics, "status_quo");
      expect(got).not.toBeNull();
      expect(got!.summary).toEqual(summarise(res, { metrics }));
      expect(got!.differences).toEqual(pairedDifferences(res, "status_quo", { metrics }));
      expect(got!.differences.map((d) => d.scenario)).toContain("network_first");
    }
  }, 30_000);

  test("an incomplete stream, another baseline or other metrics give null, and writeExperiment computes the rows itself", () => {
    const partial = new SummaryStream("status_quo", metrics);
    scrambled(res).slice(1).forEach(([k, r]) => partial.add(k, r, res.cubes[k]![r]!, layoutOf(res)));
    expect(partial.finish(res, metrics, "status_quo")).toBeNull();
    const full = new SummaryStream("status_quo", metrics);
    scrambled(res).forEach(([k, r]) => full.add(k, r, res.cubes[k]![r]!, layoutOf(res)));
    expect(full.finish(res, metrics, "talent_first")).toBeNull();
    expect(full.finish(res, ["firms"], "status_quo")).toBeNull();
    const set = openOutputFolder(path.join(tmp, "out-summary"));
    const w = writeExperiment(path.join(tmp, "out-summary"), res, { baseline: "status_quo", metrics, set, summaries: partial });
    expect(w.summary).toEqual(summarise(res, { metrics }));
    expect(w.differences).toEqual(pairedDifferences(res, "status_quo", { metrics }));
  }, 30_000);
});
