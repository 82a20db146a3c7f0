import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, test } from "vitest";
import { HOLDOUT_FROM, loadNationalSeries, NATIONAL_VARIABLES } from "../src/data";
import { dataFile } from "../src/paths";
import { userError } from "./helpers";

const all = loadNationalSeries({ includeHoldout: true });

describe("the national series for calibration and back-testing", () => {
  test("2012-2021, every year present; every value with status, basis, release and source", () => {
    expect(all.years.map((y) => y.year)).toEqual([2012, 2013, 2014, 2015, 2016, 2017, 2018, 2019, 2020, 2021]);
    let values = 0;
    for (const y of all.years)
      for (const v of NATIONAL_VARIABLES) {
        if (y[v] === null) continue;
        values++;
        const p = all.provenance.filter((x) => x.year === y.year && x.variable === v);
        expect(p, `${y.year} ${v}`).toHaveLength(1);
        expect(p[0]!.release.length).toBeGreaterThan(3);
        expect(p[0]!.source.length).toBeGreaterThan(10);
      }
    expect(values).toBe(all.provenance.length);
    // Every variable the issue lists has at least one year.
    for (const v of NATIONAL_VARIABLES) expect(all.years.some((y) => y[v] !== null), v).toBe(true);
  });

  test("calibration cannot read the hold-out years 2019-2021 by default", () => {
    const cal = loadNationalSeries();
    expect(HOLDOUT_FROM).toBe(2019);
    expect(Math.max(...cal.years.map((y) => y.year))).toBe(2018);
    expect(cal.provenance.every((p) => p.year < 2019)).toBe(true);
    expect(all.years.filter((y) => y.holdout === 1).map((y) => y.year)).toEqual([2019, 2020, 2021]);
  });

  test("the 2018 employment vintage issue is stated, and derived values agree with their formula", () => {
    const e2018 = all.provenance.find((p) => p.year === 2018 && p.variable === "employment")!;
    expect(e2018.note).toMatch(/46,500/);
    expect(all.years.find((y) => y.year === 2018)!.employment).toBe(47047);
    // 2019's +5.6 % implies a revised 2018 base of about 46,500, not 47,047.
    expect(49113 / 1.056).toBeCloseTo(46509, -1);
    for (const y of all.years) {
      const p = all.provenance.find((x) => x.year === y.year && x.variable === "domestic_sales_krw_tn");
      if (p && /production − exports/.test(p.note ?? p.status)) expect(y.domestic_sales_krw_tn!).toBeCloseTo(y.production_krw_tn! - y.exports_krw_tn!, 4);
    }
  });

  test("a wrong hold-out flag or a value without provenance is a clear error", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bc-nat-"));
    const text = fs.readFileSync(dataFile("national_bio_industry.csv"), "utf8");
    const bad = path.join(dir, "bad.csv");
    fs.writeFileSync(bad, text.replace("\n2019,1,", "\n2019,0,"));
    expect(userError(() => loadNationalSeries({ file: bad }))).toMatch(/column holdout: must be 1 for 2019/);
    const src = fs.readFileSync(dataFile("national_bio_industry_sources.csv"), "utf8").split("\n");
    const missing = path.join(dir, "sources.csv");
    fs.writeFileSync(missing, src.filter((l) => !l.startsWith("2013,firms_surveyed")).join("\n"));
    expect(userError(() => loadNationalSeries({ sourcesFile: missing }))).toMatch(/firms_surveyed for 2013 needs exactly one provenance row/);
  });
});
