/**
 * The report's calibration and validation section (src/report/calibration.ts):
 * with a calibration it shows the numbers `validate` and `conclusionRobustness`
 * give for that file (the same functions, seeds and sizes, not a second
 * computation), the moments' t-ratios against the moments file's standard
 * errors, and fitted paths that are the calibration's own simulation; without
 * one it says so in one sentence and writes no calibration CSV.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import { calibrate, loadCalibrationData, simulatedMomentsAt, validate, conclusionRobustness, writeCalibration, CALIBRATED_FILE } from "../src/calibration";
import { calibrationBlocks, calibrationCsvs, calibrationSectionData, fittedPaths, type CalibrationSectionData } from "../src/report/calibration";
import { loadNationalSeries } from "../src/data/national";
import { formatNumber } from "../src/format";

const SIZES = { replicates: 6, momentReplicates: 2, draws: 4 };
let file = "";
let data: CalibrationSectionData;

beforeAll(async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bc-report-cal-"));
  const fit = await calibrate({ replicates: 2, design: 3, maxEvals: 6, parameters: ["entryRate", "exitBase"], seed: "tiny", workers: 1, journal: null });
  writeCalibration(dir, fit);
  file = path.join(dir, CALIBRATED_FILE);
  data = await calibrationSectionData({ calibration: file, sizes: SIZES });
}, 120_000);

describe("with a calibration", () => {
  test("the tables carry what validate and conclusionRobustness give for that file", async () => {
    const v = await validate({ replicates: SIZES.replicates, momentReplicates: SIZES.momentReplicates, calibration: file });
    expect(data.backtest.map(({ error: _e, inBand: _b, ...b }) => b)).toEqual(v.result.backtest);
    expect(data.moments.map(({ t: _t, ...m }) => m)).toEqual(v.result.moments);
    const c = await conclusionRobustness({ draws: SIZES.draws, calibration: file });
    expect(data.conclusions).toEqual(c);
    // The back-test covers the three metrics in 2019 (the clean year) and states each error against the observation.
    const y2019 = data.backtest.filter((b) => b.year === 2019).map((b) => b.metric).sort();
    expect(y2019).toEqual(["employment", "firms", "production"]);
    for (const b of data.backtest) {
      expect(b.error).toBeCloseTo((b.median - b.observed) / b.observed, 12);
      expect(b.inBand).toBe(b.observed >= b.lo && b.observed <= b.hi);
    }
  }, 120_000);

  test("t-ratios use the moments file's standard errors; parameters are the file's", () => {
    const se = new Map<string, number>(loadCalibrationData().moments.map((m) => [m.name, m.se]));
    for (const m of data.moments) {
      expect(m.t).toBeCloseTo((m.simulated - m.target) / (se.get(m.name) as number), 9);
      expect(m.ok).toBe(Math.abs(m.t) <= 2 + 1e-9);
    }
    const json = JSON.parse(fs.readFileSync(file, "utf8"));
    expect(data.calibration?.parameters.map((p) => [p.name, p.value, p.se])).toEqual(json.parameters.map((p: { name: string; value: number; se: number }) => [p.name, p.value, p.se]));
    expect(data.calibration?.J).toBe(json.J);
    expect(data.calibration?.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  test("the fitted paths are the calibration's own simulation, ending at the observed 2018 values", async () => {
    const settings = data.calibration!.settings;
    expect(settings.years).toBe(6);
    const national = loadNationalSeries();
    const y2018 = national.years.find((y) => y.year === 2018)!;
    const firms = data.paths.filter((p) => p.metric === "firms");
    expect(firms.map((p) => p.year)).toEqual([2012, 2013, 2014, 2015, 2016, 2017, 2018]);
    expect(firms.at(-1)!.simulated).toBeCloseTo(y2018.firms_surveyed as number, 9);
    expect(data.paths.filter((p) => p.metric === "production").at(-1)!.simulated).toBeCloseTo((y2018.production_krw_tn as number) * 1000, 6);
    // Observed points are the series' own (firms are published from 2013).
    expect(firms[0]!.observed).toBeNull();
    expect(firms[1]!.observed).toBe(national.years.find((y) => y.year === 2013)!.firms_surveyed);
    // With the calibration's replicates (2), the median path's log growth over the window is the mean of the two
    // replicates' paths only approximately; with one replicate it is the calibration's simulated moment exactly.
    const cal = Object.fromEntries(data.calibration!.parameters.map((p) => [p.name, p.value]));
    const one = fittedPaths({ structural: cal, years: 6, replicates: 1, seed: settings.seed, mix: settings.mix });
    const sim = await simulatedMomentsAt(cal, { replicates: 1, seed: settings.seed, years: 6, moments: ["firms_growth", "employment_growth", "production_growth"] });
    const growth = (m: "firms" | "employment" | "production") => {
      const p = one.filter((x) => x.metric === m);
      return Math.log(p.at(-1)!.simulated / p[0]!.simulated) / 6;
    };
    expect(growth("firms")).toBeCloseTo(sim.mean[0] as number, 10);
    expect(growth("employment")).toBeCloseTo(sim.mean[1] as number, 10);
    expect(growth("production")).toBeCloseTo(sim.mean[2] as number, 10);
  }, 60_000);

  test("the blocks show those numbers, and the CSVs hold them at full precision", () => {
    const blocks = calibrationBlocks(data, "en");
    const tables = blocks.filter((b): b is Extract<typeof b, { kind: "table" }> => b.kind === "table");
    expect(tables.map((t) => t.caption.split(":")[0])).toEqual(["Calibrated parameters", "Moments 2012–2018", "Back-test on the held-out years", "Which of the study's conclusions survive"]);
    const [, moments, backtest, conclusions] = tables;
    expect(moments!.value.rows).toHaveLength(data.moments.length);
    data.moments.forEach((m, i) => {
      expect(moments!.value.rows[i]).toContain(formatNumber(m.simulated));
      expect(moments!.value.rows[i]!.at(-1)).toBe(m.ok ? "yes" : "NO");
    });
    data.backtest.forEach((b, i) => expect(backtest!.value.rows[i]!.slice(0, 4)).toEqual([String(b.year), b.metric === "production" ? "production (KRW bn)" : b.metric, formatNumber(b.observed, { decimals: 0 }), formatNumber(b.median, { decimals: 0 })]));
    data.conclusions.forEach((c, i) => expect(conclusions!.value.rows[i]![3]).toBe(c.share >= 0.8 ? "yes" : "NO"));
    const text = blocks.filter((b) => b.kind === "text").map((b) => b.value as string).join("\n");
    expect(text).toContain(`back-test ${SIZES.replicates} replicates, moments ${SIZES.momentReplicates} replicates, conclusions ${SIZES.draws} draws`);
    expect(text).toMatch(/COVID-19 diagnostics boom/);
    expect(text).toMatch(/^2019 errors of the median: /m);
    expect(blocks.filter((b) => b.kind === "figure").map((b) => (b as { name: string }).name)).toEqual(["calibration-paths", "backtest"]);
    const csvs = calibrationCsvs(data);
    expect([...csvs.keys()]).toEqual(["calibration_moments.csv", "backtest.csv", "conclusions.csv"]);
    const lines = csvs.get("calibration_moments.csv")!.trim().split("\n");
    expect(lines[0]).toBe("moment,target,simulated,tolerance,t_ratio,within_tolerance,replicates");
    expect(lines.slice(1).map((l) => Number(l.split(",")[2]))).toEqual(data.moments.map((m) => m.simulated));
    for (const text of csvs.values()) expect(text).not.toMatch(/NaN|Infinity/);
    // Korean labels are given too (no English caption leaks into the Korean report's first table).
    expect((calibrationBlocks(data, "ko").find((b) => b.kind === "table") as { caption: string }).caption).toMatch(/보정된 모수/);
  });
});

describe("without a calibration", () => {
  test("one sentence says there is none and what to do; nothing is computed or written", async () => {
    const none = await calibrationSectionData({ calibration: null });
    expect(none.calibration).toBeNull();
    expect(none.moments).toEqual([]);
    expect(calibrationCsvs(none).size).toBe(0);
    const blocks = calibrationBlocks(none, "en");
    expect(blocks).toHaveLength(1);
    expect(blocks[0]).toMatchObject({ kind: "text" });
    expect((blocks[0] as { value: string }).value).toMatch(/^No calibration is in use: data\/calibration\/calibrated\.json does not exist .* run npx bioclusters calibrate and then build the report again\.$/);
    expect((calibrationBlocks(none, "ko")[0] as { value: string }).value).toMatch(/사용 중인 보정이 없다/);
  });

  test("a calibration file that does not exist is a user error naming it", async () => {
    await expect(calibrationSectionData({ calibration: "/nonexistent/calibrated.json" })).rejects.toThrow(/The calibration file \/nonexistent\/calibrated\.json does not exist/);
  });
});
