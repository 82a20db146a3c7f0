/**
 * Coverage as a property of the survey's data-generating process (issue 12):
 * over many seeds the 95 % intervals of the default models contain the true
 * coefficients about 95 % of the time. The full study (>= 200 seeds) is
 * `npm run data:coverage`, committed as data/survey_coverage.json; here the
 * first seeds are rerun, checked against that file, and their own coverage is
 * checked against a band fixed in advance: 95 % ± 3 binomial standard errors
 * for the number of intervals (treating intervals as independent).
 */
import * as fs from "node:fs";
import { describe, expect, test } from "vitest";
import { buildBaseline } from "../src/data/build/baseline";
import { COVERAGE_SEEDS, coverageForSeed, coverageSeed, NOMINAL, type CoverageStudy } from "../src/studies/survey-coverage";
import { readInputs } from "../src/data/build/inputs";
import { dataFile } from "../src/paths";

/** Seeds rerun in the test suite (about 0.6 s each on an idle machine). */
const CI_SEEDS = 24;
const committed = JSON.parse(fs.readFileSync(dataFile("survey_coverage.json"), "utf8")) as CoverageStudy;

describe("coverage of the true coefficients over seeds", () => {
  test("the committed study has at least 200 seeds and covers 93-97 % of the time", () => {
    expect(committed.seeds).toBeGreaterThanOrEqual(COVERAGE_SEEDS);
    expect(committed.perSeed).toHaveLength(committed.seeds);
    expect(committed.perSeed.map((s) => s.seed)).toEqual(Array.from({ length: committed.seeds }, (_, i) => coverageSeed(i + 1)));
    expect(committed.covered).toBe(committed.perSeed.reduce((a, s) => a + s.covered, 0));
    expect(committed.rate).toBeGreaterThanOrEqual(0.93);
    expect(committed.rate).toBeLessThanOrEqual(0.97);
  });

  test(`the first ${CI_SEEDS} seeds, rerun, equal the committed study and cover within 95 % ± 3 SE`, () => {
    const inputs = readInputs();
    const { clusters } = buildBaseline(inputs);
    let intervals = 0;
    let covered = 0;
    for (let i = 1; i <= CI_SEEDS; i++) {
      const s = coverageForSeed(coverageSeed(i), inputs, clusters);
      expect(s, `seed ${s.seed} differs from data/survey_coverage.json: run npm run data:coverage`).toEqual(committed.perSeed[i - 1]);
      intervals += s.intervals;
      covered += s.covered;
    }
    const se = Math.sqrt((NOMINAL * (1 - NOMINAL)) / intervals);
    const rate = covered / intervals;
    expect(Math.abs(rate - NOMINAL), `coverage ${rate.toFixed(4)} over ${intervals} intervals`).toBeLessThanOrEqual(3 * se);
  }, 120_000); // about 15 s on an idle machine, 30 s on a busy one
});
