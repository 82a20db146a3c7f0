/**
 * Moments derived from the national series, on a hand-built series (values
 * and standard errors worked by hand, with gaps in the years), each refusal of
 * a derivation with its exact sentence, and the moments file's rules that
 * calibration-moments.test.ts does not reach: agreement to the written
 * precision (exactly at half a unit of the last digit), standard-error
 * methods that cannot be computed, external moments, duplicates, missing
 * source or note.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, test } from "vitest";
import { derive, loadCalibrationData, SE_METHODS } from "../src/calibration/moments";
import type { NationalSeries, NationalYear } from "../src/data/national";
import { UserError } from "../src/errors";
import { dataFile } from "../src/paths";

const row = (year: number, v: Partial<NationalYear>): NationalYear =>
  ({ year, holdout: 0, firms_surveyed: null, employment: null, researchers: null, production_krw_tn: null, domestic_sales_krw_tn: null, exports_krw_tn: null, rnd_krw_tn: null, pre_revenue_share: null, startups_founded: null, startups_closed: null, ...v }) as NationalYear;
const SERIES: NationalSeries = {
  years: [
    row(2012, { employment: 100, production_krw_tn: 10 }),
    row(2013, { employment: 110, production_krw_tn: 11, rnd_krw_tn: 2 }),
    // 2014: no employment (a gap), no R&D.
    row(2014, { production_krw_tn: 12.5, pre_revenue_share: 0.3 }),
    row(2015, { employment: 125, production_krw_tn: 13, rnd_krw_tn: 2.6 }),
    row(2016, { employment: 150, production_krw_tn: 16, rnd_krw_tn: 4, pre_revenue_share: 0.24 }),
  ],
  provenance: [],
};
const sdMean = (xs: number[]) => {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  return Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1)) / Math.sqrt(xs.length);
};

describe("derive", () => {
  test("loggrowth: the average log growth between the end years; its SE from the consecutive years' log changes", () => {
    const d = derive("loggrowth employment 2012 2016", SERIES, "w");
    expect(d.value).toBeCloseTo(Math.log(150 / 100) / 4, 15);
    // 2013→2014 and 2014→2015 are missing: only 2012→13 and 2015→16 count.
    expect(d.se).toBeCloseTo(sdMean([Math.log(110 / 100), Math.log(150 / 125)]), 15);
    const p = derive("  loggrowth production_krw_tn 2013 2016 ", SERIES, "w");
    expect(p.value).toBeCloseTo(Math.log(16 / 11) / 3, 15);
    expect(p.se).toBeCloseTo(sdMean([Math.log(12.5 / 11), Math.log(13 / 12.5), Math.log(16 / 13)]), 15);
  });

  test("a single yearly change has no standard error", () => {
    expect(derive("loggrowth employment 2012 2013", SERIES, "w")).toEqual({ value: Math.log(1.1), se: null });
  });

  test("ratio_mean: the mean over the years with both values, and the SE of that mean", () => {
    const d = derive("ratio_mean rnd_krw_tn production_krw_tn 2012 2016", SERIES, "w");
    const ratios = [2 / 11, 2.6 / 13, 4 / 16];
    expect(d.value).toBeCloseTo(ratios.reduce((a, b) => a + b, 0) / 3, 15);
    expect(d.se).toBeCloseTo(sdMean(ratios), 15);
    // The end years count (2013 and 2016).
    expect(derive("ratio_mean rnd_krw_tn production_krw_tn 2013 2015", SERIES, "w").value).toBeCloseTo((2 / 11 + 2.6 / 13) / 2, 15);
    expect(derive("ratio_mean rnd_krw_tn production_krw_tn 2015 2016", SERIES, "w").value).toBeCloseTo((2.6 / 13 + 4 / 16) / 2, 15);
    expect(derive("ratio_mean rnd_krw_tn production_krw_tn 2015 2016", SERIES, "w").se).toBeCloseTo(sdMean([2.6 / 13, 4 / 16]), 15);
  });

  test("change: the yearly change between the end years, without a standard error", () => {
    expect(derive("change pre_revenue_share 2014 2016", SERIES, "w")).toEqual({ value: (0.24 - 0.3) / 2, se: null });
  });

  test.each([
    ["growth employment 2012 2016", 'w, column "derivation": "growth employment 2012 2016" is not one of loggrowth, ratio_mean, change or external.'],
    ["loggrowth employment 2016 2012", 'w, column "derivation": "loggrowth employment 2016 2012" must end with two years, the first before the second.'],
    ["loggrowth employment 2016 2016", 'w, column "derivation": "loggrowth employment 2016 2016" must end with two years, the first before the second.'],
    ["loggrowth employment 2012.5 2016", 'w, column "derivation": "loggrowth employment 2012.5 2016" must end with two years, the first before the second.'],
    ["loggrowth employment 2012 2016.5", 'w, column "derivation": "loggrowth employment 2012 2016.5" must end with two years, the first before the second.'],
    ["loggrowth employment 2012 2019", 'w, column "derivation": 2019 is a hold-out year (2019 on); calibration may use only earlier years.'],
    ["loggrowth employment production_krw_tn 2012 2016", 'w, column "derivation": "loggrowth employment production_krw_tn 2012 2016" needs 1 column(s) of the national series'],
    ["ratio_mean rnd_krw_tn 2012 2016", 'w, column "derivation": "ratio_mean rnd_krw_tn 2012 2016" needs 2 column(s)'],
    ["change staff 2012 2016", 'w, column "derivation": "change staff 2012 2016" needs 1 column(s) of the national series (firms_surveyed, employment,'],
    ["ratio_mean rnd_krw_tn staff 2012 2016", '"ratio_mean rnd_krw_tn staff 2012 2016" needs 2 column(s)'],
    ["loggrowth employment 2012 2014", 'w, column "derivation": the national series has no employment for 2014.'],
    ["change pre_revenue_share 2012 2016", 'w, column "derivation": the national series has no pre_revenue_share for 2012.'],
    ["loggrowth employment 2011 2016", "the national series has no employment for 2011."],
    ["ratio_mean rnd_krw_tn pre_revenue_share 2012 2015", 'w, column "derivation": no year from 2012 to 2015 has both rnd_krw_tn and pre_revenue_share.'],
  ])("refuses %s", (spec, message) => {
    expect(() => derive(spec, SERIES, "w")).toThrow(UserError);
    expect(() => derive(spec, SERIES, "w")).toThrow(message);
  });

  test("a derivation ending in 2018 is allowed (the last year before the hold-out)", () => {
    const s: NationalSeries = { years: [row(2017, { employment: 10 }), row(2018, { employment: 12 })], provenance: [] };
    expect(derive("loggrowth employment 2017 2018", s, "w").value).toBeCloseTo(Math.log(1.2), 15);
  });
});

describe("the moments file", () => {
  const MOMENTS = dataFile("calibration/moments.csv");
  const text = fs.readFileSync(MOMENTS, "utf8");
  const load = (edit: (t: string) => string) => {
    const f = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "calib-derive-")), "moments.csv");
    fs.writeFileSync(f, edit(text));
    return () => loadCalibrationData({ moments: f });
  };

  test("a value agrees when within half a unit of its last written digit", () => {
    // employment_growth computes to 0.036570030; written to 4 places 0.0366 is 3e-5 away (within 5e-5), 0.0365 is 7e-5.
    expect(load((t) => t.replace("employment_growth,0.03657,", "employment_growth,0.0366,"))().moments[1]!.value).toBe(0.0366);
    expect(load((t) => t.replace("employment_growth,0.03657,", "employment_growth,0.0365,"))).toThrow('column "value": 0.0365 does not match 0.0365700 computed from the national series by "loggrowth employment 2012 2018".');
    // Two places: 0.04 is 0.0034 away (within 0.005), 0.03 is 0.0066.
    expect(() => load((t) => t.replace("employment_growth,0.03657,", "employment_growth,0.04,"))()).not.toThrow();
    expect(load((t) => t.replace("employment_growth,0.03657,", "employment_growth,0.03,"))).toThrow(/does not match/);
    // No decimals: within 0.5.
    expect(() => load((t) => t.replace("employment_growth,0.03657,", "employment_growth,0,"))()).not.toThrow();
    // A standard error agrees the same way: sd_changes gives 0.0114449.
    expect(() => load((t) => t.replace("0.03657,0.01144,", "0.03657,0.0114,"))()).not.toThrow();
    expect(load((t) => t.replace("0.03657,0.01144,", "0.03657,0.0115,"))).toThrow('column "se": 0.0115 does not match 0.0114449 computed by sd_changes.');
  });

  test("standard-error methods", () => {
    expect(SE_METHODS).toEqual(["sd_changes", "sd_mean", "judgement"]);
    // A change has no yearly values to take a standard deviation of.
    expect(load((t) => t.replace("change pre_revenue_share 2015 2018,judgement", "change pre_revenue_share 2015 2018,sd_changes"))).toThrow('line 7, column "se_method": "sd_changes" needs at least two yearly values; use judgement and say why in the note.');
    // A derived moment may still have its standard error set by judgement, whatever the series gives.
    expect(load((t) => t.replace("0.03657,0.01144,2012-2018,loggrowth employment 2012 2018,sd_changes", "0.03657,0.5,2012-2018,loggrowth employment 2012 2018,judgement"))().moments[1]!.se).toBe(0.5);
    expect(load((t) => t.replace("0.18,0.06,2018,external,judgement", "0.18,0.06,2018,external,sd_mean"))).toThrow("line 8, column \"se_method\": an external moment's standard error is a judgement; say how it was set in the note.");
  });

  test("each moment once, with a source and a note; values read as written", () => {
    expect(load((t) => t.replace("exit_rate,", "entry_rate,"))).toThrow('line 9, column "name": "entry_rate" appears twice.');
    const lines = text.split("\n");
    const noNote = lines.map((l, i) => (i === 8 ? l.replace(/,"[^"]*"$/, ",") : l)).join("\n");
    expect(load(() => noNote)).toThrow("line 9: give the moment's source and a note saying how its standard error was set.");
    const d = loadCalibrationData();
    const exit = d.moments.find((m) => m.name === "exit_rate")!;
    expect([exit.value, exit.se, exit.years, exit.derivation, exit.seMethod]).toEqual([0.033, 0.02, "2018", "external", "judgement"]);
    expect(exit.source.length).toBeGreaterThan(10);
    expect(exit.note.length).toBeGreaterThan(10);
    expect(d.hashes.moments).toMatch(/^[0-9a-f]{64}$/);
    expect(d.hashes.nationalSeries).toMatch(/^[0-9a-f]{64}$/);
    expect(load((t) => t.replace("0.18,0.06,", "abc,0.06,"))).toThrow('line 8, column "value": expected a number, found "abc".');
    expect(load((t) => t.replace("0.18,0.06,", "0.18,-0.06,"))).toThrow('line 8, column "se": expected a positive number, found "-0.06".');
    expect(load((t) => t.replace("0.18,0.06,", "-0.18,0.06,"))().moments.find((m) => m.name === "entry_rate")!.value).toBe(-0.18);
  });

  test("a missing moments file is named", () => {
    expect(() => loadCalibrationData({ moments: "/nonexistent/moments.csv" })).toThrow("The moments file /nonexistent/moments.csv does not exist.");
  });
});

describe("every refusal says what to do", () => {
  const MOMENTS = dataFile("calibration/moments.csv");
  const text = fs.readFileSync(MOMENTS, "utf8");
  const messageOf = (edit: ((t: string) => string) | null, files: { moments?: string } = {}): string => {
    let f = files.moments;
    if (edit) {
      f = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "calib-hint-")), "moments.csv");
      fs.writeFileSync(f, edit(text));
    }
    try {
      loadCalibrationData({ moments: f as string });
    } catch (e) {
      expect(e).toBeInstanceOf(UserError);
      return (e as Error).message;
    }
    throw new Error("expected an error");
  };
  const deriveMessage = (spec: string) => {
    try {
      derive(spec, SERIES, "w");
    } catch (e) {
      return (e as Error).message;
    }
    throw new Error("expected an error");
  };

  test("derivations", () => {
    expect(deriveMessage("growth employment 2012 2016")).toMatch(/ Write e\.g\. "loggrowth employment 2012 2018"\.$/);
    expect(deriveMessage("loggrowth employment 2012 2020")).toMatch(/ Use years up to 2018; the hold-out years are for the back-test \(bioclusters validate\)\.$/);
    expect(deriveMessage("loggrowth employment 2012 2014")).toMatch(/for 2014\. Pick years with published values\.$/);
  });

  test("the moments file", () => {
    expect(messageOf(null, { moments: "/nonexistent/m.csv" })).toBe("The moments file /nonexistent/m.csv does not exist. Give the path of a moments CSV (see data/calibration/moments.csv).");
    expect(messageOf((t) => t.replace("se_method", "method"))).toMatch(/the column "se_method" is missing\. The header must be name,value,se,years,derivation,se_method,source,note\.$/);
    expect(messageOf((t) => t.replace("rnd_growth,", "rnd_speed,"))).toMatch(/is not a moment the simulator can compute\. Use one of firms_growth, employment_growth, production_growth, rnd_growth, rnd_intensity, pre_revenue_change, entry_rate, exit_rate\.$/);
    expect(messageOf((t) => t.replace("exit_rate,", "entry_rate,"))).toMatch(/appears twice\. Give each moment once\.$/);
    expect(messageOf((t) => t.replace(",sd_mean,", ",guess,"))).toMatch(/line 6, column "se_method": "guess" is not one of sd_changes, sd_mean, judgement\. Say how the standard error was set\.$/);
    expect(messageOf((t) => t.replace("0.18,0.06,2018,", "0.18,0.06,2020,"))).toMatch(/line 8, column "years": 2020 is a hold-out year; calibration moments come from years before 2019\. Leave the hold-out years to the back-test\.$/);
    expect(messageOf((t) => t.replace("employment_growth,0.03657,", "employment_growth,0.04657,"))).toMatch(/by "loggrowth employment 2012 2018"\. Correct the value or the derivation\.$/);
    expect(messageOf((t) => t.replace("0.03657,0.01144,", "0.03657,0.0115,"))).toMatch(/computed by sd_changes\. Correct the standard error or its method\.$/);
  });
});
