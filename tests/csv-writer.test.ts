/**
 * The fast output writer gives exactly the text of the rule it replaces: `String(Number(v.toPrecision(12)))` for
 * every number, and runs.csv rows built one template string per row (the writer before issue #13's end-to-end work).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, test } from "vitest";
import { lcg } from "./lcg";
import { formatNumber } from "../src/experiments/csv-writer";
import { CORE_METRICS, writeRuns } from "../src/experiments/output";
import { runExperiment, type ExperimentResult } from "../src/experiments/runner";
import { loadInputs } from "../src/experiments/simulate";
import { readMix, type PolicyMix } from "../src/model/policy";

/** The rule every output number has always followed. */
const rule = (v: number) => String(Number(v.toPrecision(12)));

describe("formatNumber", () => {
  test("edge cases: ties, powers of ten, rounding to the next power, signs, the ends of the fast path", () => {
    const values = [
      0, -0, 1, -1, 0.1, 0.2, 0.1 + 0.2, 1 / 3, -2 / 3, 2.5, 0.5, 0.125, 1e-5, 9.99999e-6, 1.00000000000001e-5,
      999999999999.4, 999999999999.5, 999999999999.6, 1e12, 1e12 + 0.5, 123456789012.5, -123456789012.5, 1e15, 1e15 - 0.5, 1.5e15,
      9.9999999999995, 9.99999999999949, 0.00099999999999995, 99.9999999999996, 1.23456789012345e-7, 1e21, 1.7976931348623157e308,
      5e-324, 1.0000000000005, 1.0000000000015, 3.0000000000025, 12.3450000000005, 0.30000000000000004, 4.35, 1.005, 8.345e-3,
    ];
    for (const v of values) expect(formatNumber(v), String(v)).toBe(rule(v));
  });

  test("agrees with the rule on 400,000 numbers of every magnitude, random bit patterns and near-ties", () => {
    const u = lcg(2018);
    const bits = new Float64Array(1);
    const words = new Uint32Array(bits.buffer);
    let checked = 0;
    const wrong: string[] = [];
    for (let i = 0; i < 400_000; i++) {
      let v: number;
      switch (i % 4) {
        case 0: v = (u() - 0.5) * 10 ** (Math.floor(u() * 44) - 22); break;
        case 1: words[0] = Math.floor(u() * 4294967296); words[1] = Math.floor(u() * 4294967296); v = bits[0] as number; break;
        case 2: v = Math.round(u() * 1e6) / 10 ** Math.floor(u() * 9); break; // short decimals, many exact ties at digit 13
        default: v = (Math.floor(u() * 1e13) + 0.5) / 10 ** Math.floor(u() * 17); break; // a 5 right after 12 or 13 digits
      }
      if (!Number.isFinite(v)) continue;
      checked++;
      if (formatNumber(v) !== rule(v) && wrong.length < 5) wrong.push(`${v}: ${formatNumber(v)} ≠ ${rule(v)}`);
    }
    expect(wrong).toEqual([]);
    expect(checked).toBeGreaterThan(390_000);
  }, 60_000);

  test("refuses NaN and infinities as the rule's caller did", () => {
    for (const v of [NaN, Infinity, -Infinity]) expect(() => formatNumber(v)).toThrow(/non-finite value/);
  });
});

/** runs.csv as written before: one template string per row, joined with line ends. */
function referenceRuns(res: ExperimentResult, metrics: readonly string[]): string {
  const field = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const L = res.locations.length;
  const M = res.metrics.length;
  const lines = ["scenario,replicate,seed,year,cluster,metric,value"];
  res.mixes.forEach((mix, k) =>
    res.cubes[k]!.forEach((cube, r) => {
      for (let y = 0; y <= res.years; y++)
        for (let l = 0; l < L; l++)
          for (const metric of metrics)
            lines.push(`${field(mix.name)},${r},${field(res.seeds[r]!)},${y},${res.locations[l]},${metric},${rule(cube[(y * L + l) * M + res.metrics.indexOf(metric)]!)}`);
    }),
  );
  return lines.join("\n") + "\n";
}

describe("writeRuns", () => {
  test("writes byte for byte what the one-string-per-row writer wrote, quoting a mix name with a comma and a quote", async () => {
    const inputs = loadInputs();
    const ids = inputs.clusters.map((c) => c.id);
    const odd: PolicyMix = { ...readMix("talent_first", ids), name: 'talent, "first"' };
    const res = await runExperiment(inputs, [readMix("status_quo", ids), odd], { years: 3, replicates: 3, seed: "writer, \"quoted\"" });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bc-writer-"));
    try {
      for (const metrics of [CORE_METRICS, res.metrics]) {
        const file = path.join(dir, "runs.csv");
        const n = writeRuns(file, res, metrics);
        const text = fs.readFileSync(file, "utf8");
        expect(text).toBe(referenceRuns(res, metrics));
        expect(n).toBe(2 * 3 * 4 * res.locations.length * metrics.length);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
