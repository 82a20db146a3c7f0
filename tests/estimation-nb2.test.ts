/**
 * NB2 results that the statsmodels comparison does not reach: the non-convergence message. (A separate file,
 * so that the estimation module's incremental mutation results for the other test files stay reusable.)
 */
import * as path from "node:path";
import { describe, expect, test } from "vitest";
import { readTable } from "../src/data/csv";
import { estimate } from "../src/estimation";

const load = (name: string) => readTable(path.join(__dirname, "fixtures", "estimation", `${name}.csv`));

describe("the NB2 non-convergence message", () => {
  // Two iterations are not enough from the Poisson start on the randhie data (the NB2 fit needs more): the message
  // gives the α reached, to four significant digits, and its remedy.
  test("names the iteration limit and the α reached, and points to Poisson with robust standard errors", () => {
    let err: unknown;
    try {
      estimate(load("randhie"), { model: "negbin", y: "mdvis", x: ["lncoins", "idp", "lpi"], maxIterations: 2 });
    } catch (e) {
      err = e;
    }
    expect((err as Error).message).toMatch(/^The negative binomial fit did not converge in 2 iterations \(α = \d\.\d{3}\)\. The data may not identify the dispersion; try the Poisson model with robust standard errors\.$/);
    expect((err as { hint?: string }).hint).toBe("The data may not identify the dispersion; try the Poisson model with robust standard errors.");
  });
});
