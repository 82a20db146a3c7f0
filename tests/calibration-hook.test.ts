/**
 * Calibrated parameters in runs: a run uses the calibration file it is given
 * (or the default one, or none), its manifest names the file and its SHA-256;
 * a damaged calibration file is a one-sentence error; `bioclusters validate
 * --json` prints exactly the shape of issue 16.
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, describe, expect, test, vi } from "vitest";
import { runCli } from "../src/cli/main";
import { CALIBRATION_ENV, calibrationInUse, readCalibration } from "../src/experiments/calibrated";
import { writeExperiment } from "../src/experiments/output";
import { runExperiment } from "../src/experiments/runner";
import { loadInputs, resolveMixes } from "../src/experiments/simulate";
import { UserError } from "../src/errors";
import { drawCalibrated } from "../src/calibration/validate";
import { captured } from "./helpers";

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), "calib-hook-"));

/** A small calibration file of the shape bioclusters calibrate writes (only the fields runs read). */
function fixture(parameters: unknown, covariance: unknown = null): string {
  const f = path.join(tmp(), "calibrated.json");
  fs.writeFileSync(f, JSON.stringify({ parameters, covariance }, null, 2));
  return f;
}
const CAL = [
  { name: "entryRate", value: 0.09, se: 0.01 },
  { name: "exitBase", value: 0.02, se: 0.005 },
];

describe("runs with calibrated parameters", () => {
  const inputs = loadInputs();
  const mixes = resolveMixes(["status_quo"], inputs.clusters.map((c) => c.id));
  const o = { years: 3, replicates: 2, seed: "hook" };

  test("a run uses the calibration it is given, and its manifest names the file and its hash", async () => {
    const file = fixture(CAL);
    const withCal = await runExperiment(inputs, mixes, { ...o, calibration: file });
    const without = await runExperiment(inputs, mixes, { ...o, calibration: null });
    const sha = createHash("sha256").update(fs.readFileSync(file)).digest("hex");
    expect(withCal.options.calibration).toEqual({ file, sha256: sha, parameters: { entryRate: 0.09, exitBase: 0.02 } });
    expect(without.options.calibration).toBeUndefined();
    // Entry at 0.09 (default 0.06) and exit at 0.02 (default 0.035): more firms by year 3 in every replicate.
    const firms = (res: typeof withCal, r: number) => {
      const L = res.locations.length;
      const M = res.metrics.length;
      return (res.cubes[0]![r] as Float64Array)[(3 * L + L - 1) * M + res.metrics.indexOf("firms")] as number;
    };
    for (const r of [0, 1]) expect(firms(withCal, r)).toBeGreaterThan(firms(without, r));
    const dir = path.join(tmp(), "out");
    writeExperiment(dir, withCal, { baseline: "status_quo" });
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, "manifest.json"), "utf8"));
    expect(manifest.options.calibration.file).toBe(file);
    expect(manifest.options.calibration.sha256).toBe(sha);
  }, 60_000);

  test(`${CALIBRATION_ENV} names the default calibration, or none`, () => {
    const file = fixture(CAL);
    vi.stubEnv(CALIBRATION_ENV, file);
    expect(calibrationInUse()?.file).toBe(file);
    vi.stubEnv(CALIBRATION_ENV, "none");
    expect(calibrationInUse()).toBeNull();
    expect(calibrationInUse(file)?.structural).toEqual({ entryRate: 0.09, exitBase: 0.02 });
  });

  test.each([
    ["an unknown parameter", [{ name: "entryRat", value: 0.05 }], /parameters\[0\]": "entryRat" is not a structural parameter/],
    ["a value outside the range", [{ name: "entryRate", value: 0.5 }], /parameters\[0\]": the value of entryRate must be a number from 0\.03 to 0\.09, not 0\.5/],
    ["no parameters", [], /field "parameters": expected a non-empty list/],
  ])("refuses a calibration file with %s", (_w, params, message) => {
    const f = fixture(params);
    expect(() => readCalibration(f)).toThrow(UserError);
    expect(() => readCalibration(f)).toThrow(message);
  });

  test("replicate draws of calibrated parameters follow their covariance and stay in range", () => {
    const cal = readCalibration(fixture([CAL[0], { name: "exitBase", value: 0.035, se: 0.005 }], [[1e-4, 0], [0, 2.5e-5]]));
    const draws = Array.from({ length: 400 }, (_, r) => drawCalibrated(cal, "s", r));
    const e = draws.map((d) => d.entryRate as number);
    const x = draws.map((d) => d.exitBase as number);
    expect(Math.max(...e)).toBeLessThanOrEqual(0.09); // entryRate 0.09 is the top of its range: draws above are clamped
    expect(e.filter((v) => v === 0.09).length).toBeGreaterThan(150); // about half the draws
    const mx = x.reduce((a, b) => a + b, 0) / x.length;
    const sx = Math.sqrt(x.reduce((a, b) => a + (b - mx) ** 2, 0) / (x.length - 1));
    expect(Math.abs(mx - 0.035)).toBeLessThan(3 * 0.005 / Math.sqrt(400)); // three standard errors of the mean
    expect(sx).toBeGreaterThan(0.004);
    expect(sx).toBeLessThan(0.006);
    expect(drawCalibrated(cal, "s", 7)).toEqual(draws[7]);
  });
});

describe("bioclusters validate --json", () => {
  test("prints exactly {backtest: [{year, metric, observed, median, lo, hi}], moments: [{name, target, simulated, tolerance, ok}]}", async () => {
    const { out } = captured();
    expect(await runCli(["validate", "--json", "--reps", "4", "--calibration", fixture(CAL)])).toBe(0);
    const j = JSON.parse(out.join("\n"));
    expect(Object.keys(j)).toEqual(["backtest", "moments"]);
    for (const b of j.backtest) expect(Object.keys(b)).toEqual(["year", "metric", "observed", "median", "lo", "hi"]);
    for (const m of j.moments) expect(Object.keys(m)).toEqual(["name", "target", "simulated", "tolerance", "ok"]);
    const at = (y: number, m: string) => j.backtest.find((b: { year: number; metric: string }) => b.year === y && b.metric === m);
    expect(at(2019, "firms").observed).toBe(1003);
    expect(at(2019, "employment").observed).toBe(49113);
    expect(at(2019, "production").observed).toBe(12323.5); // KRW bn, first release (the 2022 release revised it to 12,658.6)
    expect(at(2021, "employment")).toBeUndefined(); // not published
    expect(j.backtest.map((b: { metric: string }) => b.metric)).toEqual(["firms", "employment", "production", "firms", "employment", "production", "firms", "production"]);
    for (const b of j.backtest) expect(b.lo <= b.median && b.median <= b.hi).toBe(true);
    for (const m of j.moments) expect(m.ok).toBe(Math.abs(m.simulated - m.target) <= m.tolerance);
  }, 120_000);
});
