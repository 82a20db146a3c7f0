/**
 * The report's summary is computed from the run: changing the input data
 * changes the sentences, and reversing a comparison reverses its verdict.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, test } from "vitest";
import { buildReport } from "../src/report/report";
import { computeFindings } from "../src/report/findings";
import { meanInterval, horizonDifferences, costEffectiveness } from "../src/experiments/summary";
import { runExperiment } from "../src/experiments/runner";
import { loadInputs, resolveMixes } from "../src/experiments/simulate";
import { PRESETS } from "../src/model/policy";
import { dataFile } from "../src/paths";
import type { ExperimentResult } from "../src/experiments/runner";

describe("meanInterval", () => {
  test("matches the t-interval computed by hand", () => {
    // mean 2, s = 1, t(0.975, 2) = 4.302653, half-width 4.302653 / sqrt(3) = 2.484138
    const ci = meanInterval([1, 2, 3]);
    expect(ci.mean).toBe(2);
    expect(ci.low).toBeCloseTo(2 - 2.484138, 5);
    expect(ci.high).toBeCloseTo(2 + 2.484138, 5);
    // 90 %: t(0.95, 2) = 2.919986
    expect(meanInterval([1, 2, 3], 0.9).high).toBeCloseTo(2 + 2.919986 / Math.sqrt(3), 5);
  });
  test("one replicate or no spread gives a zero-width interval; none is an error", () => {
    expect(meanInterval([5])).toEqual({ mean: 5, low: 5, high: 5, n: 1 });
    expect(meanInterval([4, 4, 4])).toMatchObject({ low: 4, high: 4 });
    expect(() => meanInterval([])).toThrow(/No replicates/);
  });
});

let small: ExperimentResult;
async function run(): Promise<ExperimentResult> {
  const inputs = loadInputs();
  small ??= await runExperiment(inputs, resolveMixes([...PRESETS], inputs.clusters.map((c) => c.id)), { years: 4, replicates: 6, seed: 7 });
  return small;
}

describe("findings", () => {
  test("horizon differences agree with cost-effectiveness gains", async () => {
    const res = await run();
    const d = horizonDifferences(res, "efficiency_shift", "status_quo", "innovators");
    const ce = costEffectiveness(res, "status_quo").find((r) => r.scenario === "efficiency_shift" && r.metric === "innovators");
    expect(d.reduce((s, x) => s + x, 0) / d.length).toBeCloseTo(ce!.gain, 9);
    expect(ce!.gainCiLow).toBeLessThanOrEqual(ce!.gain);
    expect(ce!.gainCiHigh).toBeGreaterThanOrEqual(ce!.gain);
  });

  test("swapping the status quo and the efficiency shift reverses the difference and the verdict", async () => {
    const res = await run();
    const f = computeFindings(res);
    const k = (n: string) => res.mixes.findIndex((m) => m.name === n);
    const cubes = [...res.cubes];
    [cubes[k("status_quo")], cubes[k("efficiency_shift")]] = [cubes[k("efficiency_shift")]!, cubes[k("status_quo")]!];
    const g = computeFindings({ ...res, cubes });
    const a = f[1]!.evidence[0]!;
    const b = g[1]!.evidence[0]!;
    expect(b.mean).toBeCloseTo(-a.mean, 9);
    expect(b.ciLow).toBeCloseTo(-a.ciHigh, 9);
    const flip = { reproduced: "contradicted", contradicted: "reproduced", inconclusive: "inconclusive" } as Record<string, string>;
    expect(g[1]!.verdict).toBe(flip[f[1]!.verdict]);
    expect(g[1]!.sentence).not.toBe(f[1]!.sentence);
    expect(f[1]!.sentence).toMatch(a.mean > 0 ? / more product innovators / : / fewer product innovators /);
    expect(g[1]!.sentence).toMatch(a.mean > 0 ? / fewer product innovators / : / more product innovators /);
  });

  test("sentences carry the run's numbers with units, in English or Korean, and no identifiers", async () => {
    const res = await run();
    for (const lang of ["en", "ko"] as const) {
      for (const f of computeFindings(res, { lang })) {
        expect(f.sentence).not.toMatch(/\b[a-z]+_[a-z_]+\b|NaN|undefined/);
        if (lang === "ko") expect(f.sentence).toMatch(/[가-힣]/);
      }
    }
    const [funds] = computeFindings(res);
    expect(funds!.sentence).toMatch(/KRW [\d.,]+ (bn|tn|mn) a year/);
    expect(funds!.sentence).toMatch(/95 % CI for the mean/);
  });
});

test("changing the input data changes the report's summary sentence", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bc-findings-"));
  // Twenty times the venture capital and talent in every cluster: fewer funds and people short.
  const lines = fs.readFileSync(dataFile("clusters.csv"), "utf8").trimEnd().split("\n");
  const header = lines[0]!.split(",");
  const cap = header.indexOf("capital_krw_bn");
  const tal = header.indexOf("talent");
  expect(cap).toBeGreaterThan(0);
  // The region field may hold a quoted comma; the columns we edit are counted from the end.
  const fromEnd = (i: number) => header.length - i;
  const edited = [lines[0], ...lines.slice(1).map((l) => {
    const f = l.split(",");
    for (const i of [cap, tal]) {
      const j = f.length - fromEnd(i);
      f[j] = String(Number(f[j]) * 20);
    }
    return f.join(",");
  })].join("\n") + "\n";
  const file = path.join(dir, "clusters.csv");
  fs.writeFileSync(file, edited);
  const common = { quick: true, images: false, years: 4, replicates: 6, seed: 11 } as const;
  const a = await buildReport({ ...common, out: path.join(dir, "a") });
  const b = await buildReport({ ...common, out: path.join(dir, "b"), inputs: { clusters: file } });
  const sa = a.findings[0]!.sentence;
  const sb = b.findings[0]!.sentence;
  expect(sb).not.toBe(sa);
  expect(b.findings[0]!.evidence[0]!.mean).not.toBeCloseTo(a.findings[0]!.evidence[0]!.mean, 3);
  const html = fs.readFileSync(b.html, "utf8");
  expect(html).toContain(sb.replace(/&/g, "&amp;"));
  expect(html).not.toContain(sa.replace(/&/g, "&amp;"));
  // Every CSV the report wrote is linked from it.
  for (const f of b.csvs) expect(html).toContain(`href="data/${path.basename(f)}"`);
}, 120_000);
