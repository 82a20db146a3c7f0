/**
 * The estimators' less travelled paths against statsmodels (tests/fixtures/estimation/make_edge_fixtures.py):
 * fits without a constant (uncentred R², no null model), a Poisson fit whose first Newton steps lower the
 * likelihood (the fitter halves the step five times), and an NB2 fit that starts where the Hessian in
 * (β, log α) is not negative definite (seven ridged Newton steps). The paths were confirmed by counting them in an
 * instrumented copy of the fitter when the fixtures were made; without the ridge fallback the NB2 case fails
 * ("the likelihood is flat"). Without step-halving the Poisson case still reaches the same optimum, only in more
 * iterations: full Newton on a Poisson likelihood recovers from an overshoot (see docs/testing.md).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, test } from "vitest";
import { readTable } from "../src/data/csv";
import { estimate } from "../src/estimation";

const dir = path.join(__dirname, "fixtures", "estimation");
interface Case {
  label: string;
  model: "ols" | "logit" | "poisson" | "negbin";
  data: string;
  y: string;
  x: string[];
  intercept: boolean;
  names: string[];
  params: number[];
  bse: number[];
  llf: number;
  df_model: number;
  df_resid: number;
  nobs: number;
  rsquared?: number;
  rsquared_adj?: number;
  sigma?: number;
  llnull?: number;
}
const ref = JSON.parse(fs.readFileSync(path.join(dir, "edge_reference.json"), "utf8")) as { cases: Case[] };
const close = (a: number, b: number, rel: number) => Math.abs(a - b) <= rel * Math.max(1, Math.abs(b));

describe("matches statsmodels on the less travelled paths", () => {
  for (const c of ref.cases) {
    test(c.label, () => {
      const r = estimate(readTable(path.join(dir, `${c.data}.csv`)), { model: c.model, y: c.y, x: c.x, intercept: c.intercept });
      expect(r.names).toEqual(c.names);
      expect(r.nobs).toBe(c.nobs);
      expect(r.dfResid).toBe(c.df_resid);
      c.params.forEach((v, i) => expect(close(r.params[i]!, v, 1e-6), `${c.names[i]}: ${r.params[i]} vs ${v}`).toBe(true));
      c.bse.forEach((v, i) => expect(close(r.bse[i]!, v, 1e-5), `se ${c.names[i]}: ${r.bse[i]} vs ${v}`).toBe(true));
      expect(close(r.llf, c.llf, 1e-8), `llf ${r.llf} vs ${c.llf}`).toBe(true);
      if (c.model === "ols") {
        // Without a constant R² is uncentred (1 − SSR / Σy²) and the model has as many degrees of freedom as regressors.
        expect(r.dfModel).toBe(c.df_model);
        expect(r.rsquared).toBeCloseTo(c.rsquared!, 12);
        expect(r.rsquaredAdj).toBeCloseTo(c.rsquared_adj!, 12);
        expect(close(r.sigma!, c.sigma!, 1e-8)).toBe(true);
      } else if (c.intercept) {
        expect(close(r.llnull!, c.llnull!, 1e-8), `llnull ${r.llnull} vs ${c.llnull}`).toBe(true);
        expect(r.dfModel).toBe(c.df_model);
      } else {
        // No constant, no intercept-only model to compare with. (statsmodels' discrete models report
        // df_model = rank − 1 whether or not there is a constant; here it is the number of regressors.)
        expect(r.llnull).toBeNull();
        expect(r.prsquared).toBeNull();
        expect(r.dfModel).toBe(c.x.length);
      }
      expect(r.converged).toBe(true);
    });
  }
});
