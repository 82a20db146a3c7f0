/**
 * The moments file read against a national series given by the user (hand-built values, with their own
 * provenance file), and the moments file's cells at their edges: the agreement's float slack exactly at half a
 * unit of the last written digit, empty cells, the first hold-out year, line numbers after a note that spans two
 * lines, and derivations written with runs of blanks. The bundled files are checked by calibration-moments.test.ts
 * and calibration-derive.test.ts.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, test } from "vitest";
import { derive, loadCalibrationData } from "../src/calibration/moments";
import type { NationalSeries, NationalYear } from "../src/data/national";
import { UserError } from "../src/errors";
import { dataFile } from "../src/paths";

const HEADER = "name,value,se,years,derivation,se_method,source,note";
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), "calib-files-"));
const write = (dir: string, name: string, text: string) => {
  const f = path.join(dir, name);
  fs.writeFileSync(f, text);
  return f;
};
const messageOf = (run: () => unknown): string => {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(UserError);
    return (e as Error).message;
  }
  throw new Error("expected an error");
};

/**
 * A copy of the bundled national series with pre_revenue_share set by hand: 0.01 in 2017 (the bundled series has
 * none, so the copy's provenance file gets a row for it) and 0.16 in 2018 (bundled: 0.2939).
 */
function handSeries(dir: string): { national: string; nationalSources: string } {
  const lines = fs.readFileSync(dataFile("national_bio_industry.csv"), "utf8").split("\n");
  const col = (lines[0] as string).split(",").indexOf("pre_revenue_share");
  const edited = lines.map((l) => {
    const cells = l.split(",");
    if (cells[0] === "2017") cells[col] = "0.01";
    else if (cells[0] === "2018") cells[col] = "0.16";
    else return l;
    return cells.join(",");
  });
  const national = write(dir, "national.csv", edited.join("\n"));
  const sources = fs.readFileSync(dataFile("national_bio_industry_sources.csv"), "utf8").replace(/\n*$/, "\n");
  const nationalSources = write(dir, "national_sources.csv", `${sources}2017,pre_revenue_share,derived,point,first release,hand-built for this test,\n`);
  return { national, nationalSources };
}
const row = (value: string) => `pre_revenue_change,${value},0.05,2017-2018,change pre_revenue_share 2017 2018,judgement,hand-built series,"the yearly change from 2017 to 2018"`;

describe("a national series given by the user", () => {
  test("derived moments are checked against that series and its provenance file, not the bundled ones", () => {
    const dir = tmp();
    const files = handSeries(dir);
    // 0.16 − 0.01 = 0.15 a year; 0.2 is exactly half a unit of its last digit away, which agrees (the float
    // difference, 0.2 − 0.15000000000000002, lands just above 0.05: the bound's 1e-12 slack is what admits it).
    const d = loadCalibrationData({ moments: write(dir, "m.csv", `${HEADER}\n${row("0.2")}\n`), ...files });
    expect(d.moments.map((m) => [m.name, m.value, m.se, m.years])).toEqual([["pre_revenue_change", 0.2, 0.05, "2017-2018"]]);
    expect(d.series.years.find((y) => y.year === 2017)!.pre_revenue_share).toBe(0.01);
    expect(0.2 - (0.16 - 0.01)).toBeGreaterThan(0.05);
    // Further than half a unit: refused, with the value computed from the user's series.
    expect(messageOf(() => loadCalibrationData({ moments: write(dir, "m2.csv", `${HEADER}\n${row("0.3")}\n`), ...files }))).toContain('column "value": 0.3 does not match 0.150000 computed from the national series by "change pre_revenue_share 2017 2018".');
    // The same moments file against the bundled series: 2017 has no pre_revenue_share there.
    expect(messageOf(() => loadCalibrationData({ moments: write(dir, "m3.csv", `${HEADER}\n${row("0.2")}\n`) }))).toContain("the national series has no pre_revenue_share for 2017.");
    // The user's series with the bundled provenance file: the 2017 value has no source.
    expect(messageOf(() => loadCalibrationData({ moments: write(dir, "m4.csv", `${HEADER}\n${row("0.2")}\n`), national: files.national }))).toContain("pre_revenue_share for 2017 needs exactly one provenance row (found 0).");
  });
});

describe("the moments file's cells", () => {
  const base = fs.readFileSync(dataFile("calibration/moments.csv"), "utf8");
  const load = (edit: (t: string) => string) => () => loadCalibrationData({ moments: write(tmp(), "moments.csv", edit(base)) });

  test("an empty value is refused, not read as 0", () => {
    expect(messageOf(load((t) => t.replace("entry_rate,0.18,", "entry_rate,,")))).toMatch(/, line 8, column "value": expected a number, found ""\.$/);
  });

  test("an empty derivation is refused, named as empty", () => {
    expect(messageOf(load((t) => t.replace(",2018,external,judgement,", ",2018,,judgement,")))).toContain(', line 8, column "derivation": "" is not one of loggrowth, ratio_mean, change or external.');
  });

  test("an external moment may leave its years empty", () => {
    const d = load((t) => t.replace("0.18,0.06,2018,external", "0.18,0.06,,external"))();
    expect(d.moments.find((m) => m.name === "entry_rate")!.years).toBe("");
  });

  test("2019, the first hold-out year, is refused in the years column; 2018 is not", () => {
    expect(messageOf(load((t) => t.replace("0.18,0.06,2018,", "0.18,0.06,2019,")))).toContain('line 8, column "years": 2019 is a hold-out year; calibration moments come from years before 2019.');
    expect(load((t) => t.replace("0.18,0.06,2018,", "0.18,0.06,2016-2018,"))().moments.find((m) => m.name === "entry_rate")!.years).toBe("2016-2018");
  });

  test("errors name the line as a spreadsheet counts it, after a note that spans two lines", () => {
    const lines = base.split("\n");
    // Line 2's note gets a line break inside its quotes: every later row moves down one line in the file.
    const twoLineNote = [lines[0], (lines[1] as string).replace(/,"([^"]*)"$/, ',"$1\nsecond line of the note"'), ...lines.slice(2)].join("\n");
    expect(messageOf(load(() => twoLineNote.replace("rnd_growth,", "rnd_speed,")))).toContain(', line 6, column "name": "rnd_speed" is not a moment');
  });
});

describe("derivations written with runs of blanks", () => {
  const yr = (year: number, v: Partial<NationalYear>): NationalYear =>
    ({ year, holdout: 0, firms_surveyed: null, employment: null, researchers: null, production_krw_tn: null, domestic_sales_krw_tn: null, exports_krw_tn: null, rnd_krw_tn: null, pre_revenue_share: null, startups_founded: null, startups_closed: null, ...v }) as NationalYear;
  const S: NationalSeries = { years: [yr(2012, { employment: 100 }), yr(2013, { employment: 110 }), yr(2015, { employment: 125 }), yr(2016, { employment: 150 })], provenance: [] };

  test("two spaces or a tab separate words like one space", () => {
    expect(derive("loggrowth  employment\t2012   2016", S, "w")).toEqual(derive("loggrowth employment 2012 2016", S, "w"));
    expect(derive("loggrowth  employment\t2012   2016", S, "w").value).toBeCloseTo(Math.log(1.5) / 4, 15);
  });

  test("loggrowth's changes stop at the last year, even when the series goes on", () => {
    // 2012 → 2015: only 2012→2013 has both years (2014 is missing), so no standard error; 2015→2016 lies outside.
    expect(derive("loggrowth employment 2012 2015", S, "w")).toEqual({ value: Math.log(1.25) / 3, se: null });
  });
});
