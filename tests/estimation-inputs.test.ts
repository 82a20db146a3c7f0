/**
 * The estimators' input checks and result fields, each on a small hand-built data set: every refusal says what is
 * wrong and what to do, and every option reaches the design. Written against the survivors of the estimation
 * mutation run (docs/testing.md).
 */
import { describe, expect, test } from "vitest";
import { estimate, parseCov } from "../src/estimation/models";
import { userError } from "./helpers";

/** 12 rows: an outcome linear in x and z (exactly, plus a fixed wobble), a 0/1 outcome, counts, a group and a coded category. */
const rows = Array.from({ length: 12 }, (_, i) => ({
  y: 1 + 0.5 * i + 2 * ((i * 5) % 7) + [0.3, -0.2, 0.1, -0.4, 0.2, 0][i % 6]!,
  x: i,
  z: (i * 5) % 7,
  b: [0, 1, 1, 0, 1, 0, 0, 1, 1, 1, 0, 0][i]!,
  c: [0, 1, 3, 0, 2, 5, 1, 0, 4, 2, 1, 7][i]!,
  g: i < 6 ? "north" : "south",
  code: [1, 2, 3][i % 3]!,
}));

describe("covariance option", () => {
  test("parseCov accepts classic, HC0 to HC3 and cluster:<column>", () => {
    for (const c of ["classic", "HC0", "HC1", "HC2", "HC3"]) expect(parseCov(c)).toEqual({ cov: c });
    expect(parseCov("cluster:firm")).toEqual({ cov: "cluster", clusterBy: "firm" });
  });
  test("parseCov refuses an unknown covariance and a cluster without its column, saying what to write", () => {
    expect(userError(() => parseCov("HC4"))).toBe('Unknown covariance "HC4". Use classic, HC0, HC1, HC2, HC3 or cluster:<column>.');
    expect(userError(() => parseCov("cluster:"))).toBe('"cluster:" needs a column name, e.g. --cov cluster:cluster.');
  });
  test("cluster-robust errors need the grouping column; HC2 and HC3 are for OLS only", () => {
    expect(userError(() => estimate(rows, { model: "ols", y: "y", x: ["x"], cov: "cluster" }))).toBe(
      "Cluster-robust standard errors need the grouping column: give clusterBy (CLI: --cov cluster:<column>).",
    );
    expect(userError(() => estimate(rows, { model: "logit", y: "b", x: ["x"], cov: "HC2" }))).toBe("HC2 is defined for OLS only; for logit use HC0, HC1 or cluster.");
    expect(userError(() => estimate(rows, { model: "poisson", y: "c", x: ["x"], cov: "HC3" }))).toBe("HC3 is defined for OLS only; for poisson use HC0, HC1 or cluster.");
  });
  test("a grouping column is used only for cluster-robust errors (with another covariance it is not even looked up)", () => {
    const r = estimate(rows, { model: "ols", y: "y", x: ["x"], cov: "HC1", clusterBy: "no_such_column" });
    expect([r.clusterBy, r.groups]).toEqual([null, null]);
    const c = estimate(rows, { model: "ols", y: "y", x: ["x"], cov: "cluster", clusterBy: "g" });
    expect([c.clusterBy, c.groups]).toEqual(["g", 2]);
  });
  test("two groups are enough for cluster-robust errors; one is refused", () => {
    expect(estimate(rows, { model: "ols", y: "y", x: ["x"], cov: "cluster", clusterBy: "g" }).covType).toBe("cluster");
    const one = rows.map((r) => ({ ...r, g: "all" }));
    expect(userError(() => estimate(one, { model: "ols", y: "y", x: ["x"], cov: "cluster", clusterBy: "g" }))).toBe("Cluster-robust standard errors need at least two groups.");
  });
});

describe("options reach the design", () => {
  test("a numeric column listed as categorical becomes dummies against the named base level", () => {
    const r = estimate(rows, { model: "ols", y: "y", x: ["x", "code"], categorical: { code: "2" } });
    expect(r.names).toEqual(["(Intercept)", "x", "code_1", "code_3"]);
    expect(estimate(rows, { model: "ols", y: "y", x: ["x", "code"] }).names).toEqual(["(Intercept)", "x", "code"]);
  });
  test("without an intercept, and with one by default", () => {
    expect(estimate(rows, { model: "ols", y: "y", x: ["x", "z"], intercept: false }).names).toEqual(["x", "z"]);
    expect(estimate(rows, { model: "ols", y: "y", x: ["x", "z"], intercept: true }).names).toEqual(["(Intercept)", "x", "z"]);
  });
  test("errors name the data source, or \"data\" when none is given", () => {
    expect(userError(() => estimate(rows, { model: "ols", y: "w", x: ["x"], source: "survey.csv" }))).toMatch(/^survey\.csv: There is no column "w" in the data\./);
    expect(userError(() => estimate(rows, { model: "ols", y: "w", x: ["x"] }))).toMatch(/^data: There is no column "w" in the data\./);
  });
  test("the model's degrees of freedom leave out the intercept", () => {
    expect(estimate(rows, { model: "ols", y: "y", x: ["x", "z"] }).dfModel).toBe(2);
    expect(estimate(rows, { model: "ols", y: "y", x: ["x", "z"], intercept: false }).dfModel).toBe(2);
    expect(estimate(rows, { model: "logit", y: "b", x: ["x"] }).dfModel).toBe(1);
  });
});

describe("outcomes and samples the models refuse", () => {
  test("too few observations, counting the rows dropped for missing values", () => {
    const three = rows.slice(0, 3);
    expect(userError(() => estimate(three, { model: "ols", y: "y", x: ["x", "z"] }))).toBe("Too few observations: 3 complete rows for 3 parameters. Use fewer regressors or more data.");
    const holes = rows.slice(0, 5).map((r, i) => (i < 2 ? { ...r, z: null } : r));
    expect(userError(() => estimate(holes, { model: "ols", y: "y", x: ["x", "z"], dropMissing: true }))).toBe(
      "Too few observations: 3 complete rows for 3 parameters (2 rows dropped for missing values). Use fewer regressors or more data.",
    );
  });
  test("a logit needs 0s and 1s", () => {
    expect(userError(() => estimate(rows, { model: "logit", y: "c", x: ["x"] }))).toBe('A logit needs an outcome of 0s and 1s; "c" has other values. Recode it, e.g. 1 if > 0.');
  });
  test("count models need whole numbers ≥ 0", () => {
    const negative = rows.map((r, i) => (i === 4 ? { ...r, c: -1 } : r));
    const fraction = rows.map((r, i) => (i === 4 ? { ...r, c: 2.5 } : r));
    for (const model of ["poisson", "negbin"] as const) {
      for (const data of [negative, fraction]) {
        expect(userError(() => estimate(data, { model, y: "c", x: ["x"] }))).toBe(`A ${model} model needs a count outcome (whole numbers ≥ 0); "c" has other values.`);
      }
    }
  });
});

describe("the rank check", () => {
  test("a zero column is named and the remedy given", () => {
    const zero = rows.map((r) => ({ ...r, w: 0 }));
    expect(userError(() => estimate(zero, { model: "ols", y: "y", x: ["x", "w"] }))).toBe('The column "w" is zero for every observation, so its coefficient cannot be estimated. Drop it.');
  });
  test("collinear columns are named with the columns that reproduce them, at any scale", () => {
    for (const s of [1, 1e6, 1e-6]) {
      const data = rows.map((r) => ({ ...r, x: r.x * s, w: 3 * r.x * s - 2 * r.z }));
      expect(userError(() => estimate(data, { model: "ols", y: "y", x: ["x", "z", "w"] }))).toBe(
        'The design is singular: "w" is a linear combination of "x", "z" (collinear columns). Drop "w" or one of those; with dummies, a base level must be left out.',
      );
    }
  });
  test("a regressor in very small units is not mistaken for a collinear one", () => {
    // y = 1 + 0.5 x + 2 z + wobble: the same fit with z in units a billion times larger (coefficient × 1e9).
    const big = estimate(rows, { model: "ols", y: "y", x: ["x", "z"] });
    const small = estimate(rows.map((r) => ({ ...r, z: r.z * 1e-9 })), { model: "ols", y: "y", x: ["x", "z"] });
    expect((small.params[2] as number) / ((big.params[2] as number) * 1e9)).toBeCloseTo(1, 9);
    expect(small.params[1]).toBeCloseTo(big.params[1] as number, 9);
  });
});

describe("the reported iteration count", () => {
  test("is the number of Newton steps the fit needs: with that many it converges, with one fewer it does not", () => {
    const counts = rows.map((r, i) => ({ ...r, c: r.c + (i % 4 === 0 ? 9 : 0) }));
    for (const [model, y] of [["logit", "b"], ["poisson", "c"], ["negbin", "c"]] as const) {
      const data = model === "logit" ? rows : counts;
      const r = estimate(data, { model, y, x: ["x"] });
      expect(r.iterations, model).toBeGreaterThan(1);
      expect(estimate(data, { model, y, x: ["x"], maxIterations: r.iterations }).params).toEqual(r.params);
      expect(userError(() => estimate(data, { model, y, x: ["x"], maxIterations: r.iterations - 1 })), model).toMatch(/did not converge in \d+ iterations/);
    }
  });
});

describe("separation is not confused with a strong predictor", () => {
  test("a logit with overlapping classes and one far-out observation (η ≈ 215 there) converges to the root of its score equations", () => {
    const data = Array.from({ length: 40 }, (_, i) => ({ x: Math.sin(i * 1.7), y: Math.sin(i * 1.7) + 0.8 * Math.cos(i * 3.1) > 0 ? 1 : 0 }));
    data.push({ x: 60, y: 1 });
    const r = estimate(data, { model: "logit", y: "y", x: ["x"] });
    const [b0, b1] = r.params as [number, number];
    expect(b0 + 60 * b1).toBeGreaterThan(30); // that observation is predicted perfectly, the others are not
    let g0 = 0, g1 = 0;
    for (const d of data) {
      const resid = d.y - 1 / (1 + Math.exp(-(b0 + b1 * d.x)));
      g0 += resid;
      g1 += resid * d.x;
    }
    expect(Math.abs(g0)).toBeLessThan(1e-8);
    expect(Math.abs(g1)).toBeLessThan(1e-8);
  });
});
