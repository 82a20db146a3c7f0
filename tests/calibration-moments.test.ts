/**
 * Calibration moments as data: the bundled file loads and agrees with the
 * national series it is derived from; bad files get one-sentence errors that
 * name the line and column; the 2019–2021 hold-out years are never read.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, test } from "vitest";
import { loadCalibrationData } from "../src/calibration/moments";
import { UserError } from "../src/errors";
import { dataFile } from "../src/paths";
import { seriesWithoutHoldout } from "./calibration-helpers";

const MOMENTS = dataFile("calibration/moments.csv");
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), "calib-moments-"));

describe("data/calibration/moments.csv", () => {
  test("loads, each derived value and standard error recomputed from the 2012–2018 series", () => {
    const d = loadCalibrationData();
    expect(d.moments.map((m) => m.name)).toContain("employment_growth");
    const emp = d.moments.find((m) => m.name === "employment_growth")!;
    expect(emp.value).toBeCloseTo(Math.log(47047 / 37778) / 6, 5);
    expect(Math.max(...d.series.years.map((y) => y.year))).toBe(2018);
    for (const m of d.moments) {
      expect(m.se).toBeGreaterThan(0);
      expect(m.years).not.toMatch(/2019|2020|2021/);
    }
  });

  test("deleting the hold-out rows, or changing their values, leaves the calibration data byte-identical", () => {
    const full = loadCalibrationData();
    for (const mode of ["delete", "scramble"] as const) {
      const files = seriesWithoutHoldout(tmp(), mode);
      const cut = loadCalibrationData(files);
      expect(JSON.stringify(cut)).toBe(JSON.stringify(full));
    }
  });

  const bad = (edit: (text: string) => string) => {
    const dir = tmp();
    const f = path.join(dir, "moments.csv");
    fs.writeFileSync(f, edit(fs.readFileSync(MOMENTS, "utf8")));
    try {
      loadCalibrationData({ moments: f });
    } catch (e) {
      expect(e).toBeInstanceOf(UserError);
      return (e as Error).message;
    }
    throw new Error("expected an error");
  };

  test.each([
    ["a value that the series does not give", (t: string) => t.replace("employment_growth,0.03657", "employment_growth,0.04657"), /line 3, column "value": 0\.04657 does not match 0\.0365700/],
    ["a derivation reaching into the hold-out", (t: string) => t.replace("loggrowth employment 2012 2018", "loggrowth employment 2012 2019"), /line 3, column "derivation": 2019 is a hold-out year/],
    ["an unknown moment", (t: string) => t.replace("rnd_growth,", "rnd_speed,"), /line 5, column "name": "rnd_speed" is not a moment/],
    ["a zero standard error", (t: string) => t.replace("0.18,0.06,", "0.18,0,"), /line 8, column "se": expected a positive number, found "0"/],
    ["a wrong sd_changes standard error", (t: string) => t.replace("0.01144", "0.02"), /line 3, column "se": 0\.02 does not match/],
    ["an unknown se_method", (t: string) => t.replace(",sd_mean,", ",guess,"), /line 6, column "se_method": "guess"/],
    ["hold-out years in the years column", (t: string) => t.replace("0.18,0.06,2018,", "0.18,0.06,2020,"), /line 8, column "years": 2020 is a hold-out year/],
    ["a missing column", (t: string) => t.replace("se_method", "method"), /the column "se_method" is missing/],
  ])("refuses %s", (_what, edit, message) => {
    expect(bad(edit)).toMatch(message);
  });
});
