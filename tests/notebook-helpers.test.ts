import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { beforeAll, expect, test } from "vitest";
import { table, differences, toCsv, toExcel, saveFigure } from "../src/notebook";
import { danfojs } from "../src/data/frame";
import { readCsvFile } from "../src/data/csv";
import { runExperiment, type ExperimentResult } from "../src/experiments/runner";
import { loadInputs, resolveMixes } from "../src/experiments/simulate";
import { horizonDifferences, horizonValues } from "../src/experiments/summary";
import { asyncUserError, userError } from "./helpers";
import { inspect } from "node:util";
import { UserError } from "../src/errors";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bc-nb-"));
let res: ExperimentResult;
beforeAll(async () => {
  const inputs = loadInputs();
  res = await runExperiment(inputs, resolveMixes(["status_quo", "efficiency_shift"], inputs.clusters.map((c) => c.id)), { years: 3, replicates: 5, seed: 3 });
});

test("table: labels for columns and identifier values, numbers kept", () => {
  const df = table([{ cluster: "daegu_gyeongbuk", scenario: "status_quo", metric: "unfunded_demand", mean: 1.5 }]);
  expect(df.columns).toEqual(["cluster", "policy mix", "outcome", "mean"]);
  expect(df.values[0]).toEqual(["Daegu-Gyeongbuk", "Status quo (2018 policy)", "unfunded funding demand", 1.5]);
  expect(table([{ cluster: "osong" }], { lang: "ko" }).values[0]).toEqual(["오송생명과학단지·오송첨단의료복합단지"]);
});

test("differences: one row per mix and outcome, mean equal to the paired horizon differences", () => {
  const df = differences(res, { metrics: ["innovators", "sales"] });
  expect(df.shape).toEqual([2, 13]);
  const d = horizonDifferences(res, "efficiency_shift", "status_quo", "innovators");
  const row = df.values[0] as unknown[];
  expect(row[0]).toBe("Efficiency shift");
  expect(row[4]).toBeCloseTo(d.reduce((s, x) => s + x, 0) / d.length, 9);
  expect(row[5] as number).toBeLessThanOrEqual(row[4] as number);
  expect(row[3]).toBe("count");
  expect((df.values[1] as unknown[])[3]).toBe("KRW bn");
  // The relative difference is the mean difference over the status quo's mean over the same horizon, inside its interval.
  const base = horizonValues(res, "status_quo", "innovators");
  expect(df.columns.slice(10)).toEqual(["relative difference", "relative, 95 % CI low", "relative, 95 % CI high"]);
  expect(row[10]).toBeCloseTo((row[4] as number) / (base.reduce((s, x) => s + x, 0) / base.length), 12);
  expect(row[11] as number).toBeLessThanOrEqual(row[10] as number);
  expect(row[12] as number).toBeGreaterThanOrEqual(row[10] as number);
});

test("toCsv and toExcel round-trip a DataFrame with no column list", () => {
  const df = differences(res, { metrics: ["innovators", "patents"] });
  const csv = toCsv(df, path.join(dir, "sub", "d.csv"));
  const back = readCsvFile(csv);
  expect(back.columns).toEqual(df.columns);
  expect(back.rows).toHaveLength(2);
  expect(Number(back.rows[0]![4])).toBeCloseTo((df.values[0] as number[])[4] as number, 9);
  const xlsx = toExcel(df, path.join(dir, "d.xlsx"));
  const xl = (danfojs() as unknown as { readExcel(p: string): Promise<import("danfojs-node").DataFrame> }).readExcel(xlsx);
  return xl.then((x) => {
    expect(x.columns).toEqual(df.columns);
    expect((x.values[1] as unknown[])[1]).toBe((df.values[1] as unknown[])[1]);
    expect((x.values[0] as number[])[4]).toBeCloseTo((df.values[0] as number[])[4] as number, 9);
  });
}, 60_000);

test("the library's toCsv(rows, columns) form still returns text", () => {
  expect(toCsv([{ a: 1, b: "x" }], ["b", "a"])).toBe("b,a\nx,1\n");
});

test("misuse gives one readable sentence", () => {
  expect(userError(() => toCsv({ nope: 1 }, "x.csv"))).toMatch(/needs a table/);
  expect(userError(() => toCsv([{ a: 1 }], "x.txt"))).toMatch(/should end in \.csv/);
  expect(userError(() => toExcel([], "x.xlsx"))).toMatch(/empty/);
  expect(userError(() => differences(res, { baseline: "talent_first" }))).toMatch(/"talent_first" is not one of the mixes run/);
});

test("saveFigure writes SVG and a 2× PNG through Chromium", async () => {
  const fig = { data: [{ type: "bar", x: ["a", "b"], y: [1, 2] }], layout: { title: { text: "t" }, height: 300 } };
  const svg = await saveFigure(fig, path.join(dir, "f.svg"));
  expect(fs.readFileSync(svg, "utf8")).toMatch(/^<svg/);
  const png = await saveFigure(fig, path.join(dir, "f.png"));
  const buf = fs.readFileSync(png);
  expect(buf.subarray(1, 4).toString()).toBe("PNG");
  expect(buf.readUInt32BE(16)).toBe(2000); // width 1000 px at scale 2
  expect(buf.readUInt32BE(20)).toBe(600);
  expect(await asyncUserError(saveFigure({ nope: 1 }, path.join(dir, "x.png")))).toMatch(/needs a figure/);
}, 120_000);

test("in a notebook kernel a user error prints as its message alone, elsewhere with its stack", () => {
  const e = new UserError("data/x.csv, row 3: the value is not a number.", { hint: "Fix the cell." });
  expect(inspect(e)).toMatch(/\n\s+at /);
  (globalThis as { __tslab__?: unknown }).__tslab__ = {};
  try {
    expect(inspect(e)).toBe("data/x.csv, row 3: the value is not a number. Fix the cell.");
  } finally {
    delete (globalThis as { __tslab__?: unknown }).__tslab__;
  }
});

test("indexTable and mixesTable: labelled, best first, shares with KRW amounts", async () => {
  const { indexTable, mixesTable } = await import("../src/notebook/index.js");
  const { build, readRecipe } = await import("../src/indicators/index.js");
  const { toWide } = await import("../src/indicators/build.js");
  const { loadIndicators } = await import("../src/data/loaders.js");
  const { dataFile } = await import("../src/paths.js");
  const index = build(toWide(loadIndicators()), readRecipe(dataFile("recipes/default.json")));
  const t = indexTable(index);
  expect(t.columns.slice(0, 3)).toEqual(["rank", "cluster", "index score (0–100)"]);
  expect((t.values[0] as unknown[])[0]).toBe(1);
  expect(t.columns).toContain("human resources");
  const m = mixesTable(res.mixes);
  expect((m.values[0] as unknown[])[0]).toBe("Status quo (2018 policy)");
  expect(m.columns).toContain("R&D grants");
  expect((m.values[0] as unknown[])[m.columns.indexOf("infrastructure")]).toBe("47.2 % (KRW 165 bn)");
});
