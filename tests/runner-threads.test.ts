/**
 * With --workers W > 1 the runner's own thread simulates too: it and W − 1 worker threads claim tasks from one
 * shared counter. Every task runs exactly once (onResult sees each (mix, replicate) once, progress counts to the
 * total), the numbers are the one-thread run's, and a cancellation stops this thread and the workers alike.
 * (Byte-identical runs.csv for 1, 2 and 4 workers: model.test.ts.)
 */
import { describe, expect, test } from "vitest";
import { loadInputs, resolveMixes } from "../src/experiments/simulate";
import { runExperiment } from "../src/experiments/runner";
import { asyncUserError } from "./helpers";

const inputs = loadInputs();
const ids = inputs.clusters.map((c) => c.id);
const mixes = resolveMixes(["status_quo", "talent_first"], ids);

describe("the runner's threads share one task counter", () => {
  test("three threads: every task once, the one-thread numbers, progress to the total", async () => {
    const seen = new Map<string, number>();
    const progress: number[] = [];
    const res = await runExperiment(inputs, mixes, {
      years: 3, replicates: 9, seed: "threads", workers: 3,
      onResult: (m, r) => seen.set(`${m}/${r}`, (seen.get(`${m}/${r}`) ?? 0) + 1),
      onProgress: (d, total) => progress.push(d / total),
    });
    expect(seen.size).toBe(18);
    expect([...seen.values()].every((n) => n === 1)).toBe(true);
    expect(progress.length).toBe(18);
    expect(progress.at(-1)).toBe(1);
    const one = await runExperiment(inputs, mixes, { years: 3, replicates: 9, seed: "threads", workers: 1 });
    res.cubes.forEach((byRep, m) => byRep.forEach((cube, r) => expect(Array.from(cube), `mix ${m}, replicate ${r}`).toEqual(Array.from(one.cubes[m]![r]!))));
  });

  test("a cancellation during a two-thread run stops it with the usual message", async () => {
    const ac = new AbortController();
    const p = runExperiment(inputs, mixes, { years: 10, replicates: 200, seed: "threads-cancel", workers: 2, signal: ac.signal, onProgress: (d) => d === 3 && ac.abort() });
    expect(await asyncUserError(p)).toBe("The simulation was cancelled.");
  });
});
