/**
 * runs.csv's byte writer (issue #13, end to end): numbers written as ASCII bytes in place must be exactly the text
 * of the rule every output number has always followed, `String(Number(v.toPrecision(12)))`, and the writer must put
 * every byte out in order whatever its buffer size and however text falls across a flush.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, test } from "vitest";
import { lcg } from "./lcg";
import { ByteWriter, MAX_NUMBER_BYTES, writeNumber } from "../src/experiments/csv-writer";
import { CORE_METRICS, writeRuns } from "../src/experiments/output";
import { runExperiment } from "../src/experiments/runner";
import { loadInputs } from "../src/experiments/simulate";
import { readMix, type PolicyMix } from "../src/model/policy";

const rule = (v: number) => String(Number(v.toPrecision(12)));

/** writeNumber's text for v, read back from the bytes it wrote (after a marker, to catch a write before `pos`). */
function bytesOf(v: number): string {
  const buf = new Uint8Array(MAX_NUMBER_BYTES + 8).fill(0x7c);
  const end = writeNumber(buf, 3, v);
  expect(end - 3, `${v}: wrote more than MAX_NUMBER_BYTES`).toBeLessThanOrEqual(MAX_NUMBER_BYTES);
  expect(String.fromCharCode(...buf.subarray(0, 3)), `${v}: wrote before its position`).toBe("|||");
  expect(buf[end], `${v}: wrote past the position it returned`).toBe(0x7c);
  return String.fromCharCode(...buf.subarray(3, end));
}

describe("writeNumber", () => {
  test("edge cases: zero and −0, ties, powers of ten, leading zeros after the point, trailing zeros before it, the slow path's exponents", () => {
    const values = [
      0, -0, 1, -1, 7, 10, 100, -120, 999999999999, -999999999999, 1e12, -1e12, 123456789012345, 2 ** 53, 1e21, -1e22,
      0.1, 0.2, 0.1 + 0.2, 1 / 3, -2 / 3, 2.5, 0.5, 0.125, 1e-5, -1e-5, 9.99999e-6, 1.00000000000001e-5, 0.000123, 0.0100001,
      999999999999.4, 999999999999.5, 999999999999.6, 1e12 + 0.5, 123456789012.5, -123456789012.5, 1e15 - 0.5, 1.5e15,
      12000.5, 1234500.25, 9.9999999999995, 9.99999999999949, 0.00099999999999995, 99.9999999999996, 1.23456789012345e-7,
      1.7976931348623157e308, -1.7976931348623157e308, 5e-324, -5e-324, 1.0000000000005, 3.0000000000025, 4.35, 1.005, 8.345e-3,
    ];
    for (const v of values) expect(bytesOf(v), String(v)).toBe(rule(v));
  });

  test("agrees with the rule on 400,000 numbers of every magnitude, random bit patterns, near-ties and whole numbers", () => {
    const u = lcg(1977);
    const bits = new Float64Array(1);
    const words = new Uint32Array(bits.buffer);
    const wrong: string[] = [];
    let checked = 0;
    for (let i = 0; i < 400_000; i++) {
      let v: number;
      switch (i % 5) {
        case 0: v = (u() - 0.5) * 10 ** (Math.floor(u() * 44) - 22); break;
        case 1: words[0] = Math.floor(u() * 4294967296); words[1] = Math.floor(u() * 4294967296); v = bits[0] as number; break;
        case 2: v = Math.round(u() * 1e6) / 10 ** Math.floor(u() * 9); break;
        case 3: v = (Math.floor(u() * 1e13) + 0.5) / 10 ** Math.floor(u() * 17); break;
        default: v = Math.round((u() - 0.5) * 10 ** Math.floor(u() * 16)); break; // whole numbers up to 10^15, both signs
      }
      if (!Number.isFinite(v)) continue;
      checked++;
      const got = bytesOf(v);
      if (got !== rule(v) && wrong.length < 5) wrong.push(`${v}: ${got} ≠ ${rule(v)}`);
    }
    expect(wrong).toEqual([]);
    expect(checked).toBeGreaterThan(390_000);
  }, 60_000);

  test("refuses NaN and infinities with the output's message", () => {
    for (const v of [NaN, Infinity, -Infinity]) expect(() => writeNumber(new Uint8Array(64), 0, v)).toThrow(/non-finite value NaN|non-finite value -?Infinity/);
  });
});

describe("ByteWriter", () => {
  test("puts out every byte in order with a buffer smaller than the text, chunks larger than the buffer, and numbers across flushes", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bc-bytes-"));
    try {
      const file = path.join(dir, "out.txt");
      const fd = fs.openSync(file, "w");
      const w = new ByteWriter(fd, 150); // the smallest buffer it takes is 4 × MAX_NUMBER_BYTES = 128; 150 forces many flushes
      let expected = "";
      const u = lcg(7);
      for (let i = 0; i < 2000; i++) {
        const text = i % 97 === 0 ? "x".repeat(400) : "Ωñ,".repeat(Math.floor(u() * 6)); // multi-byte UTF-8, and chunks beyond the buffer
        w.bytes(Buffer.from(text));
        const v = (u() - 0.5) * 10 ** Math.floor(u() * 10);
        w.number(v, i % 2 ? 10 : 44);
        expected += text + rule(v) + (i % 2 ? "\n" : ",");
      }
      w.flush();
      fs.closeSync(fd);
      expect(fs.readFileSync(file, "utf8")).toBe(expected);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test("runs.csv with a mix and a seed in Korean: byte for byte the rows built as strings", async () => {
    const inputs = loadInputs();
    const ids = inputs.clusters.map((c) => c.id);
    const mix: PolicyMix = { ...readMix("efficiency_shift", ids), name: "효율성 전환, \"2안\"" };
    const res = await runExperiment(inputs, [mix], { years: 2, replicates: 2, seed: "씨앗" });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bc-bytes-"));
    try {
      const file = path.join(dir, "runs.csv");
      const n = writeRuns(file, res, CORE_METRICS);
      const L = res.locations.length;
      const M = res.metrics.length;
      const lines = ["scenario,replicate,seed,year,cluster,metric,value"];
      res.cubes[0]!.forEach((cube, r) => {
        for (let y = 0; y <= 2; y++)
          for (let l = 0; l < L; l++)
            for (const metric of CORE_METRICS) lines.push(`"효율성 전환, ""2안""",${r},${res.seeds[r]},${y},${res.locations[l]},${metric},${rule(cube[(y * L + l) * M + res.metrics.indexOf(metric)]!)}`);
      });
      expect(res.seeds[0]).toMatch(/^씨앗/);
      expect(fs.readFileSync(file, "utf8")).toBe(lines.join("\n") + "\n");
      expect(n).toBe(lines.length - 1);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
