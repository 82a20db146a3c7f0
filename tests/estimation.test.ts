import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, test, vi } from "vitest";
import { averageMarginalEffects, estimate, artefactFromTable, readArtefact, toArtefact, validateArtefact, writeArtefact, summaryText, summaryHtml, parseCov, type RegressionResult } from "../src/estimation";
import { readTable } from "../src/data/csv";
import { userError } from "./helpers";
import { runCli } from "../src/cli/main";
import { dataFile } from "../src/paths";

const dir = path.join(__dirname, "fixtures", "estimation");
const ref = JSON.parse(fs.readFileSync(path.join(dir, "reference.json"), "utf8"));
const refR = JSON.parse(fs.readFileSync(path.join(dir, "reference_r.json"), "utf8"));
const data = new Map<string, ReturnType<typeof readTable>>();
const load = (name: string) => {
  if (!data.has(name)) data.set(name, readTable(path.join(dir, `${name}.csv`)));
  return data.get(name)!;
};

/** Per-statistic relative tolerances (statsmodels' own test suite uses similar ones). */
const TOL = { params: 1e-6, bse: 1e-5, llf: 1e-8, p: 1e-5 };
const close = (a: number, b: number, rel: number) => Math.abs(a - b) <= rel * Math.max(1, Math.abs(b));

describe("matches statsmodels (tests/fixtures/estimation/make_fixtures.py)", () => {
  for (const c of ref.cases) {
    test(`${c.model} on ${c.data}, ${c.cov}`, () => {
      const r = estimate(load(c.data), { model: c.model, y: c.y, x: c.x, cov: c.cov, ...(c.group ? { clusterBy: c.group } : {}) });
      expect(r.names).toEqual(c.names);
      expect(r.nobs).toBe(c.nobs);
      c.params.forEach((v: number, i: number) => expect(close(r.params[i]!, v, TOL.params), `param ${c.names[i]}: ${r.params[i]} vs ${v}`).toBe(true));
      expect(close(r.llf, c.llf, TOL.llf)).toBe(true);
      expect(close(r.aic, c.aic, TOL.llf)).toBe(true);
      expect(close(r.bic, c.bic, TOL.llf)).toBe(true);
      if (c.model === "ols") {
        expect(r.rsquared).toBeCloseTo(c.rsquared, 10);
        expect(r.rsquaredAdj).toBeCloseTo(c.rsquared_adj, 10);
      } else {
        expect(r.prsquared).toBeCloseTo(c.prsquared, 8);
        expect(close(r.llnull!, c.llnull, TOL.llf)).toBe(true);
      }
      if (c.model === "negbin") expect(close(r.alpha!, c.alpha, TOL.params)).toBe(true);
      // statsmodels 0.13 reports plain HC0 under the name HC1 for ML models; our HC1 is HC0·n/(n−p) (R's sandwich), checked below.
      const scale = c.cov === "HC1" && c.model !== "ols" ? Math.sqrt(r.nobs / (r.nobs - r.params.length)) : 1;
      c.bse.forEach((v: number, i: number) => expect(close(r.bse[i]!, v * scale, TOL.bse), `bse ${c.names[i]}: ${r.bse[i]} vs ${v * scale}`).toBe(true));
      if (scale === 1) {
        c.cov_params.forEach((row: number[], i: number) => row.forEach((v, j) => expect(close(r.cov[i]![j]!, v, TOL.bse)).toBe(true)));
        c.pvalues.forEach((v: number, i: number) => expect(Math.abs(r.pvalues[i]! - v)).toBeLessThan(TOL.p));
        c.conf_int.forEach(([lo, hi]: number[], i: number) => {
          expect(close(r.confInt[i]![0], lo!, TOL.bse)).toBe(true);
          expect(close(r.confInt[i]![1], hi!, TOL.bse)).toBe(true);
        });
        expect(r.useT).toBe(c.use_t);
      }
      if (c.margeff) {
        const me = averageMarginalEffects(r);
        expect(me.map((m) => m.name)).toEqual(c.margeff.names);
        me.forEach((m, i) => {
          expect(close(m.effect, c.margeff.effects[i], TOL.params), `AME ${m.name}`).toBe(true);
          expect(close(m.se, c.margeff.se[i], 1e-4), `AME se ${m.name}: ${m.se} vs ${c.margeff.se[i]}`).toBe(true);
        });
      }
    });
  }
});

describe("HC1 for ML models matches R's sandwich (make_r_fixtures.R)", () => {
  for (const c of refR.cases) {
    test(`${c.model} on ${c.data}`, () => {
      const spec = ref.cases.find((x: { model: string; data: string }) => x.model === c.model && x.data === c.data);
      for (const cov of ["HC0", "HC1"] as const) {
        const r = estimate(load(c.data), { model: c.model, y: spec.y, x: spec.x, cov });
        c[`bse_${cov}`].forEach((v: number, i: number) => expect(close(r.bse[i]!, v, TOL.bse), `${cov} ${r.names[i]}`).toBe(true));
      }
    });
  }
});


describe("failures are explicit", () => {
  const rows = load("spector");
  test("perfect separation names the variable", () => {
    const sep = rows.map((r) => ({ ...r, sep: r["GRADE"] === 1 ? 1 : 0 }));
    expect(userError(() => estimate(sep, { model: "logit", y: "GRADE", x: ["GPA", "sep"] }))).toMatch(/Perfect separation: "sep" predicts "GRADE" perfectly/);
  });
  test("a singular design names the collinear columns", () => {
    const col = rows.map((r) => ({ ...r, GPA2: 2 * (r["GPA"] as number) + (r["TUCE"] as number) }));
    expect(userError(() => estimate(col, { model: "ols", y: "GRADE", x: ["GPA", "TUCE", "GPA2"] }))).toMatch(/singular: "GPA2" is a linear combination of "GPA", "TUCE"/);
  });
  test("a constant outcome", () => {
    const flat = rows.map((r) => ({ ...r, GRADE: 1 }));
    expect(userError(() => estimate(flat, { model: "logit", y: "GRADE", x: ["GPA"] }))).toMatch(/"GRADE" is 1 for every observation/);
  });
  test("too few observations", () => {
    expect(userError(() => estimate(rows.slice(0, 3), { model: "ols", y: "GRADE", x: ["GPA", "TUCE", "PSI"] }))).toMatch(/Too few observations: 3 complete rows for 4 parameters/);
  });
  test("non-convergence", () => {
    expect(userError(() => estimate(load("committee"), { model: "negbin", y: "BILLS104", x: ["SIZE", "SUBS"], maxIterations: 2 }))).toMatch(/did not converge in 2 iterations/);
  });
  test("missing values are an error unless dropped on request, and then counted", () => {
    const holes = rows.map((r, i) => (i < 4 ? { ...r, TUCE: null } : r));
    expect(userError(() => estimate(holes, { model: "logit", y: "GRADE", x: ["GPA", "TUCE", "PSI"] }))).toMatch(/Data row 1 has no value for "TUCE" \(4 rows have a missing value in a used column\)/);
    const r = estimate(holes, { model: "logit", y: "GRADE", x: ["GPA", "TUCE", "PSI"], dropMissing: true });
    expect([r.nobs, r.nDropped]).toEqual([28, 4]);
    expect(summaryText(r)).toContain("28 (4 dropped for missing values)");
  });
  test("wrong outcomes and options", () => {
    expect(userError(() => estimate(rows, { model: "poisson", y: "GPA", x: ["TUCE"] }))).toMatch(/needs a count outcome/);
    expect(userError(() => estimate(rows, { model: "logit", y: "GRADE", x: ["GPA"], cov: "HC3" }))).toMatch(/HC3 is defined for OLS only/);
    expect(userError(() => estimate(rows, { model: "logit", y: "GRADE", x: ["nope"] }))).toMatch(/There is no column "nope"/);
    expect(userError(() => parseCov("cluster:"))).toMatch(/needs a column name/);
  });
});

describe("the estimates artefact", () => {
  const survey = dataFile("survey_synthetic.csv");
  const rows = readTable(survey);
  const fit = (): RegressionResult =>
    estimate(rows, { model: "logit", y: "product_innovation", x: ["log_researchers", "collaborating", "sector"], categorical: { sector: "bio_pharma" }, cov: "HC1" });

  test("maps every variable to the codebook and round-trips through a file", () => {
    const r = fit();
    const a = toArtefact(r, { dataFile: survey, dataLabel: "data/survey_synthetic.csv", estimated: "2026-01-01" });
    expect(a.variables.find((v) => v.name === "sector_bio_food")).toMatchObject({ codebook: "sector", level: "bio_food" });
    expect(a.params["log_researchers"]).toBe(r.params[1]);
    expect(a.provenance.sha256).toMatch(/^[0-9a-f]{64}$/);
    const f = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "bc-art-")), "est.json");
    expect(writeArtefact(f, a)).toBe(true);
    expect(readArtefact(f)).toEqual(a);
    // Same estimates on another day: the file is left alone.
    expect(writeArtefact(f, { ...a, provenance: { ...a.provenance, estimated: "2027-01-01" } })).toBe(false);
  });

  test("a published table gives a diagonal covariance and says so", () => {
    const a = artefactFromTable({
      model: "logit",
      outcome: "product_innovation",
      rows: [{ name: "(Intercept)", coef: -1, se: 0.2 }, { name: "collaborating", coef: 0.5, se: 0.1 }],
      nobs: 500,
      source: "Author (2020), Table 3",
    });
    expect(a.diagonalCov).toBe(true);
    expect(a.cov[0]![0]).toBeCloseTo(0.04, 15);
    expect(a.cov[1]![1]).toBeCloseTo(0.01, 15);
    expect([a.cov[0]![1], a.cov[1]![0]]).toEqual([0, 0]);
    expect(validateArtefact(a)).toEqual(a);
  });

  test("variables outside the codebook, bad shapes and asymmetric covariances are refused", () => {
    const a = toArtefact(fit(), { dataFile: survey, estimated: "2026-01-01" });
    const renamed = JSON.parse(JSON.stringify(a).replace(/log_researchers/g, "brain_power"));
    expect(userError(() => validateArtefact(renamed, "x.json"))).toMatch(/x\.json, column "variables": The variable "brain_power" is not in the codebook/);
    expect(userError(() => validateArtefact({ ...a, format: "v0" }, "x.json"))).toMatch(/not valid at format/);
    const asym = structuredClone(a);
    asym.cov[0]![1] = asym.cov[0]![1]! + 1;
    expect(userError(() => validateArtefact(asym, "x.json"))).toMatch(/not symmetric at \("log_researchers", "\(Intercept\)"\)/);
    expect(userError(() => validateArtefact({ ...a, cov: a.cov.slice(1) }, "x.json"))).toMatch(/covariance must be \d+ × \d+/);
  });
});

test("summaries and the CLI", async () => {
  const r = estimate(load("longley"), { model: "ols", y: "TOTEMP", x: ["GNPDEFL", "GNP", "UNEMP", "ARMED", "POP", "YEAR"] });
  expect(summaryText(r)).toMatch(/P>\|t\|/);
  expect(summaryHtml(r)).toContain("<th style=\"text-align:left\">YEAR</th>");
  const out: string[] = [];
  vi.spyOn(console, "log").mockImplementation((s: unknown) => void out.push(String(s)));
  const code = await runCli(["estimate", "--data", path.join(dir, "committee.csv"), "--model", "negbin", "--y", "BILLS104", "--x", "SIZE,SUBS,LNSTAFF,PRESTIGE,BILLS103", "--json"]);
  vi.restoreAllMocks();
  expect(code).toBe(0);
  const json = JSON.parse(out.join(""));
  const c = ref.cases.find((x: { model: string; data: string; cov: string }) => x.model === "negbin" && x.data === "committee" && x.cov === "classic");
  expect(Object.keys(json)).toEqual(expect.arrayContaining(["model", "nobs", "params", "bse", "cov", "llf", "alpha"]));
  expect(close(json.alpha, c.alpha, TOL.params)).toBe(true);
  expect(close(json.params["SIZE"], c.params[1], TOL.params)).toBe(true);
});
