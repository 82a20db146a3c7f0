/**
 * The bench's report (figures are not tested, only that every promised one is there and consistent): it runs
 * the compiled CLI on a small population, as `npm run bench -- --json --quick` would.
 */
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { expect, test } from "vitest";

test("bench --json reports throughput, the by-phase table, operation counts, the floor and memory", () => {
  const bin = path.join(__dirname, "..", "dist", "cli", "main.js");
  const r = spawnSync(process.execPath, [bin, "bench", "--json", "--quick", "--firms", "20000", "--years", "3"], { encoding: "utf8", timeout: 240_000 });
  expect(r.status, r.stderr).toBe(0);
  const b = JSON.parse(r.stdout);
  expect(b.firmYearsPerSecond.singleThreadStep).toBeGreaterThan(0);
  expect(b.firmYearsPerSecond.workers.map((w: { workers: number }) => w.workers)).toEqual([1, 2]);
  // The same scaling runs in new processes (start-up included): both there, and the ratio is theirs.
  const fresh = b.firmYearsPerSecond.workersFreshProcess as Array<{ workers: number; seconds: number; firmYearsPerSecond: number }>;
  expect(fresh.map((w) => w.workers)).toEqual([1, 2]);
  for (const w of fresh) expect(w.firmYearsPerSecond * w.seconds).toBeCloseTo(b.firmYearsPerSecond.workers[0].firmYearsPerSecond * b.firmYearsPerSecond.workers[0].seconds, 0);
  expect(b.firmYearsPerSecond.twoWorkerSpeedupFreshProcess).toBeCloseTo(fresh[1]!.firmYearsPerSecond / fresh[0]!.firmYearsPerSecond, 10);
  const phases = b.nsPerFirmYear.byPhase as Array<{ phase: string; nsPerFirmYear: number }>;
  expect(phases.map((p) => p.phase)).toEqual(["policy weights and needs", "cluster stocks", "awards, funding, R&D", "hiring, networks, innovation, sales, cash, exit", "knowledge, entry, aggregates, index"]);
  expect(phases.every((p) => p.nsPerFirmYear >= 0)).toBe(true);
  // The presets on the bundled population: the same phases, summing to the total.
  const pr = b.presetsOnBundledPopulation as { firms: number; nsPerFirmYear: number; byPhase: Array<{ phase: string; nsPerFirmYear: number }> };
  expect(pr.firms).toBeGreaterThan(500);
  expect(pr.byPhase.map((p) => p.phase)).toEqual(phases.map((p) => p.phase));
  expect(pr.byPhase.reduce((a, p) => a + p.nsPerFirmYear, 0)).toBeCloseTo(pr.nsPerFirmYear, 6);
  expect(pr.nsPerFirmYear).toBeGreaterThan(0);
  // Counted, not assumed: two blocks per firm-year at least (funding-and-sales, firm pass), plus awards when uncertain.
  expect(b.operationsPerFirmYear.threefryBlocks).toBeGreaterThan(2);
  expect(b.operationsPerFirmYear.threefryBlocks).toBeLessThan(4);
  expect(b.operationsPerFirmYear.randomWords).toBeCloseTo(4 * b.operationsPerFirmYear.threefryBlocks, 10);
  expect(b.operationsPerFirmYear.transcendentalCalls).toBeGreaterThan(5);
  const floor = b.operationsPerFirmYear.threefryBlocks * b.unitCostsNs.threefryBlock + b.operationsPerFirmYear.transcendentalCalls * b.unitCostsNs.transcendentalCall;
  expect(b.arithmeticFloor.nsPerFirmYear).toBeCloseTo(floor, 6);
  expect(b.bytesPerFirm).toBeGreaterThan(50);
  expect(b.bytesPerFirm).toBeLessThanOrEqual(300);
  expect(b.endToEnd).toBeNull();
}, 300_000);
