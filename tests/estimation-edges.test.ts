/**
 * Estimation results the statsmodels comparison does not pin, and the failure paths.
 * The OLS residual standard deviation sets the simulator's sales noise, so it is checked against the reference
 * coefficients independently: σ² = Σ (y − Xβ_ref)² / df_resid_ref.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, test } from "vitest";
import { readTable } from "../src/data/csv";
import { averageMarginalEffects, estimate } from "../src/estimation";
import normalCdf from "@stdlib/stats-base-dists-normal-cdf";
import { Matrix, spdInverse, spdSolve } from "../src/estimation/linalg";
import { userError } from "./helpers";

const dir = path.join(__dirname, "fixtures", "estimation");
const ref = JSON.parse(fs.readFileSync(path.join(dir, "reference.json"), "utf8")) as {
  cases: Array<{ model: string; data: string; y: string; x: string[]; cov: string; group: string | null; params: number[]; df_resid: number }>;
};
const load = (name: string) => readTable(path.join(dir, `${name}.csv`));

describe("degrees of freedom and the residual standard deviation", () => {
  for (const c of ref.cases.filter((k) => k.cov === "classic")) {
    test(`${c.model} on ${c.data}: residual df${c.model === "ols" ? " and σ" : ""}`, () => {
      const rows = load(c.data);
      const r = estimate(rows, { model: c.model as "ols", y: c.y, x: c.x, cov: "classic" });
      expect(r.dfResid).toBe(c.df_resid);
      if (c.model === "ols") {
        let ssr = 0;
        let n = 0;
        for (const row of rows) {
          const vals = [1, ...c.x.map((v) => row[v] as number)];
          const y = row[c.y] as number;
          if (![y, ...vals].every(Number.isFinite)) continue;
          const fit = vals.reduce((a, v, i) => a + v * (c.params[i] as number), 0);
          ssr += (y - fit) ** 2;
          n++;
        }
        expect(n - c.params.length).toBe(c.df_resid);
        expect(r.sigma).toBeCloseTo(Math.sqrt(ssr / c.df_resid), 6);
      }
    });
  }
});

describe("non-convergence is an error for every iterative model", () => {
  test.each([
    ["logit", "spector", "GRADE", ["GPA", "TUCE", "PSI"], /The logit fit did not converge in 1 iterations/],
    ["poisson", "randhie", "mdvis", ["lncoins", "idp", "lpi"], /The poisson fit did not converge in 1 iterations/],
    ["negbin", "randhie", "mdvis", ["lncoins", "idp", "lpi"], /The negative binomial fit did not converge in 1 iterations/],
  ] as const)("%s", (model, data, y, x, msg) => {
    expect(userError(() => estimate(load(data), { model, y, x: [...x], maxIterations: 1 }))).toMatch(msg);
  });

  test("with enough iterations the same fits converge", () => {
    for (const model of ["poisson", "negbin"] as const) expect(estimate(load("randhie"), { model, y: "mdvis", x: ["lncoins", "idp", "lpi"] }).converged).toBe(true);
  });
});

describe("perfect separation is named in either direction", () => {
  const rows = load("spector");
  // Quasi-complete separation: q = 0 only with GRADE 0, q = 2 only with GRADE 1, both outcomes at q = 1. The slope
  // runs off while the fitted probabilities at q = 1 stay away from 0 and 1, so the in-loop check (all fitted exactly)
  // never fires; the fit ends either when the information matrix turns singular (the default limit) or at the
  // iteration limit with |η| > 25 (30 iterations; after 20, |η| is still below 25 and the error is non-convergence).
  const quasi = rows.map((r, i) => ({ ...r, q: r["GRADE"] === 1 ? (i % 4 === 0 ? 1 : 2) : i % 4 === 1 ? 1 : 0 }));
  test("quasi-complete separation: named when the information matrix turns singular", () => {
    expect(userError(() => estimate(quasi, { model: "logit", y: "GRADE", x: ["q"] }))).toMatch(/Perfect separation: "q" predicts "GRADE" perfectly/);
  });
  test("quasi-complete separation: named when the iteration limit stops the run-off", () => {
    expect(userError(() => estimate(quasi, { model: "logit", y: "GRADE", x: ["q"], maxIterations: 30 }))).toMatch(/Perfect separation: "q" predicts "GRADE" perfectly/);
    expect(userError(() => estimate(quasi, { model: "logit", y: "GRADE", x: ["q"], maxIterations: 20 }))).toMatch(/The logit fit did not converge in 20 iterations/);
  });
  test("a regressor that is 1 exactly when the outcome is 0", () => {
    const sep = rows.map((r) => ({ ...r, neg: r["GRADE"] === 1 ? 0 : 1 }));
    expect(userError(() => estimate(sep, { model: "logit", y: "GRADE", x: ["GPA", "neg"] }))).toMatch(/Perfect separation: "neg" predicts "GRADE" perfectly/);
  });
  test("a continuous regressor with a threshold below which the outcome is always 1", () => {
    const sep = rows.map((r, i) => ({ ...r, score: r["GRADE"] === 1 ? -1 - i : 1 + i }));
    expect(userError(() => estimate(sep, { model: "logit", y: "GRADE", x: ["score"] }))).toMatch(/Perfect separation: "score" predicts "GRADE" perfectly/);
  });
});

test("counts less dispersed than Poisson: the NB2 fit says the dispersion goes to zero and points to Poisson", () => {
  // Variance 0.26 around a mean of 4.5 whatever x is: the NB2 likelihood rises as α → 0 (the Poisson boundary).
  // Without the check the fit would return α ≈ 1e-11 as if it were an estimate.
  const rows = Array.from({ length: 30 }, (_, i) => ({ x: i % 3, y: 4 + (i % 2) }));
  expect(userError(() => estimate(rows, { model: "negbin", y: "y", x: ["x"] }))).toMatch(/The negative binomial dispersion α goes to zero: "y" shows no over-dispersion\. Use the Poisson model instead\./);
});

test("cluster-robust standard errors with a single group are refused", () => {
  const rows = load("spector").map((r) => ({ ...r, one: "all" }));
  for (const model of ["ols", "logit"] as const) {
    expect(userError(() => estimate(rows, { model, y: "GRADE", x: ["GPA"], cov: "cluster", clusterBy: "one" }))).toMatch(/Cluster-robust standard errors need at least two groups\./);
  }
});

describe("average marginal effects: the linear case and the inference around them", () => {
  test("for OLS each AME is its coefficient, with the coefficient's standard error (∂E[y|x]/∂x_j = β_j)", () => {
    const r = estimate(load("longley"), { model: "ols", y: "TOTEMP", x: ["GNPDEFL", "GNP", "UNEMP", "ARMED", "POP", "YEAR"] });
    const me = averageMarginalEffects(r);
    expect(me.map((m) => m.name)).toEqual(r.names.slice(1));
    me.forEach((m, j) => {
      expect(m.effect).toBeCloseTo(r.params[j + 1]!, 10);
      expect(Math.abs(m.se / r.bse[j + 1]! - 1)).toBeLessThan(1e-12);
    });
    // A copy (e.g. read back from a file) has no data behind it.
    expect(userError(() => averageMarginalEffects(structuredClone(r)))).toMatch(/Marginal effects need the data the model was fitted on/);
  });
  test("z, two-sided p and the 95 % interval follow from the effect and its standard error (normal reference)", () => {
    const r = estimate(load("spector"), { model: "logit", y: "GRADE", x: ["GPA", "TUCE", "PSI"] });
    for (const m of averageMarginalEffects(r)) {
      expect(m.z).toBeCloseTo(m.effect / m.se, 12);
      expect(m.p).toBeCloseTo(2 * (1 - normalCdf(Math.abs(m.z), 0, 1)), 12);
      expect(m.low).toBeCloseTo(m.effect - 1.959963984540054 * m.se, 12);
      expect(m.high).toBeCloseTo(m.effect + 1.959963984540054 * m.se, 12);
    }
  });
});

test("too few observations at the boundary: as many rows as parameters, counting NB2's α", () => {
  const rows = [
    { y: 1, x: 0.5 },
    { y: 3, x: 1.5 },
    { y: 0, x: 2.5 },
  ];
  expect(userError(() => estimate(rows.slice(0, 2), { model: "ols", y: "y", x: ["x"] }))).toMatch(/Too few observations: 2 complete rows for 2 parameters/);
  expect(userError(() => estimate(rows, { model: "negbin", y: "y", x: ["x"] }))).toMatch(/Too few observations: 3 complete rows for 3 parameters/);
});

describe("Newton's safeguards, checked against closed-form optima", () => {
  // A Poisson regression on one dummy is saturated: its fitted means are the two groups' means, so
  // β₀ = log(mean of the x = 0 group) and β₁ = log(y of the lone x = 1 observation / that mean), exactly.
  const groups = (nOthers: number, big: number) => {
    const rows: Array<{ y: number; x: number }> = [];
    let s = 0;
    for (let i = 0; i < nOthers; i++) {
      const y = (i * 7) % 4;
      s += y;
      rows.push({ y, x: 0 });
    }
    rows.push({ y: big, x: 1 });
    return { rows, b0: Math.log(s / nOthers), b1: Math.log(big / (s / nOthers)) };
  };

  test("a full Newton step that overshoots (one count of 5,000 among small ones) is halved until the likelihood improves", () => {
    // From the start at log(ȳ), the first step puts the large observation's mean near e^2000: without halving, the
    // next information matrix is infinite and the fit fails as "singular".
    for (const [nOthers, big] of [[200, 5000], [50, 3000], [2000, 100000]] as const) {
      const g = groups(nOthers, big);
      const r = estimate(g.rows, { model: "poisson", y: "y", x: ["x"] });
      expect(r.converged).toBe(true);
      expect(r.params[0]).toBeCloseTo(g.b0, 10);
      expect(r.params[1]).toBeCloseTo(g.b1, 10);
    }
  });

  test("the fit also stops when the log-likelihood no longer improves: tolerance 0 converges to the same optimum", () => {
    const g = groups(200, 5000);
    const r = estimate(g.rows, { model: "poisson", y: "y", x: ["x"], tolerance: 0 });
    expect(r.converged).toBe(true);
    expect(r.params[0]).toBeCloseTo(g.b0, 10);
    expect(r.params[1]).toBeCloseTo(g.b1, 10);
    // Logit with one dummy: the fitted probabilities are the two groups' shares.
    const rows = [...Array.from({ length: 30 }, (_, i) => ({ y: i % 3 === 0 ? 1 : 0, x: 0 })), ...Array.from({ length: 20 }, (_, i) => ({ y: i % 4 === 0 ? 0 : 1, x: 1 }))];
    const lg = estimate(rows, { model: "logit", y: "y", x: ["x"], tolerance: 0 });
    expect(lg.converged).toBe(true);
    expect(lg.params[0]).toBeCloseTo(Math.log(10 / 20), 10);
    expect(lg.params[1]).toBeCloseTo(Math.log(15 / 5) - Math.log(10 / 20), 10);
    expect(estimate(rows, { model: "logit", y: "y", x: ["x"] }).params[1]).toBeCloseTo(lg.params[1] as number, 10);
    // NB2 (its own rule, on the gain and the step in (β, log α)): the same optimum as with the default tolerance.
    const counts = [...Array(60).fill(0), 1, 1, 2, 500, 0, 0, 7, 3, 12, 0, 1].map((y, i) => ({ y, x: Math.cos(i) }));
    const nb0 = estimate(counts, { model: "negbin", y: "y", x: ["x"], tolerance: 0 });
    const nb = estimate(counts, { model: "negbin", y: "y", x: ["x"] });
    expect(nb0.converged).toBe(true);
    nb.params.forEach((v, i) => expect(nb0.params[i]).toBeCloseTo(v, 8));
  });
});

describe("positive-definite solves", () => {
  test("spdInverse and spdSolve refuse a matrix that is not positive definite and solve one that is", () => {
    const indefinite = new Matrix([[1, 2], [2, 1]]);
    expect(spdInverse(indefinite)).toBeNull();
    expect(spdSolve(indefinite, [1, 1])).toBeNull();
    const a = new Matrix([[4, 2], [2, 3]]);
    const inv = spdInverse(a)!;
    // (1/8) [[3, −2], [−2, 4]]
    [[3 / 8, -2 / 8], [-2 / 8, 4 / 8]].forEach((row, i) => row.forEach((v, j) => expect(inv.get(i, j)).toBeCloseTo(v, 14)));
    expect(Array.from(spdSolve(a, [2, 1])!)).toEqual([0.5, 0].map((v, i) => expect.closeTo(v, 14) as unknown as number));
  });
});

describe("GLM starting values and the non-convergence message", () => {
  // The logit and Poisson fits start the intercept at the intercept-only model's closed-form optimum
  // (log-odds of the mean, log of the mean), so an intercept-only fit's first Newton step is zero: it
  // converges in one iteration. Any other start needs more.
  test("an intercept-only logit or Poisson fit starts at its optimum and converges in one iteration", () => {
    const rows = Array.from({ length: 40 }, (_, i) => ({ b: i % 5 === 0 ? 1 : 0, c: [0, 1, 1, 2, 3, 0, 7, 1][i % 8] as number }));
    const lg = estimate(rows, { model: "logit", y: "b", x: [] });
    expect(lg.iterations).toBe(1);
    expect(lg.params[0]).toBeCloseTo(Math.log(8 / 32), 12);
    const ps = estimate(rows, { model: "poisson", y: "c", x: [] });
    expect(ps.iterations).toBe(1);
    expect(ps.params[0]).toBeCloseTo(Math.log(15 / 8), 12);
    // With a regressor the start is no longer the optimum: more than one iteration.
    const withX = rows.map((r, i) => ({ ...r, x: Math.sin(i) }));
    expect(estimate(withX, { model: "logit", y: "b", x: ["x"] }).iterations).toBeGreaterThan(1);
  });

  // A group with only zero counts drives a Poisson coefficient to −∞ (one unit per Newton step): the fit
  // cannot converge, and after 30 iterations |η| > 25 there. That is not the logit's perfect separation:
  // the message must be the Poisson non-convergence with its remedy.
  test("a Poisson fit that runs off is reported as non-convergence, not as logit separation", () => {
    const rows = Array.from({ length: 40 }, (_, i) => ({ c: i < 10 ? 0 : [1, 2, 0, 3][i % 4] as number, g: i < 10 ? 1 : 0 }));
    let err: unknown;
    try {
      estimate(rows, { model: "poisson", y: "c", x: ["g"], maxIterations: 30 });
    } catch (e) {
      err = e;
    }
    expect((err as Error).message).toBe("The poisson fit did not converge in 30 iterations. Rescale regressors with very large values, drop near-collinear ones, or raise maxIterations.");
    expect((err as { hint?: string }).hint).toBe("Rescale regressors with very large values, drop near-collinear ones, or raise maxIterations.");
  });
});

describe("the logit log-likelihood far out", () => {
  // Each observation's log-likelihood is −log(1 + e^∓η), evaluated so that e^|η| is never formed: with one
  // correctly predicted observation at η ≈ 900 (beyond e^709, the largest finite double) the reported
  // log-likelihood is still the finite sum of the others' terms (that observation adds −e^−900 ≈ 0).
  test("one correctly predicted observation at η ≈ 900 leaves the log-likelihood finite and exact", () => {
    const data = Array.from({ length: 40 }, (_, i) => ({ x: Math.sin(i * 1.7), y: Math.sin(i * 1.7) + 0.8 * Math.cos(i * 3.1) > 0 ? 1 : 0 }));
    data.push({ x: 250, y: 1 });
    const r = estimate(data, { model: "logit", y: "y", x: ["x"] });
    const [b0, b1] = r.params as [number, number];
    expect(b0 + 250 * b1).toBeGreaterThan(709);
    let ll = 0;
    for (const d of data.slice(0, 40)) {
      const p = 1 / (1 + Math.exp(-(b0 + b1 * d.x)));
      ll += d.y === 1 ? Math.log(p) : Math.log(1 - p);
    }
    expect(Number.isFinite(r.llf)).toBe(true);
    expect(r.llf).toBeCloseTo(ll, 10);
  });
});

describe("an exact Poisson fit is not separation", () => {
  // Constant counts within each group: the Poisson fit reproduces every count (μ = y to rounding). Fitting the
  // data exactly is perfect separation only for a logit; the Poisson fit must return the groups' log means.
  test("a Poisson fit that reproduces every count converges to the log group means", () => {
    const rows = Array.from({ length: 40 }, (_, i) => ({ g: i % 2, c: i % 2 === 0 ? 2 : 5 }));
    const r = estimate(rows, { model: "poisson", y: "c", x: ["g"] });
    expect(r.converged).toBe(true);
    expect(r.params[0]).toBeCloseTo(Math.log(2), 12);
    expect(r.params[1]).toBeCloseTo(Math.log(5 / 2), 12);
  });
});

describe("the separation message names every separating regressor and only those", () => {
  // s separates the outcome downwards with a tie at 0 (quasi-complete: ones at s ≤ 0, zeros at s ≥ 0), t = −s³
  // upwards with the same tie; x overlaps (its ones lie lower than its zeros, but the ranges overlap), so it is not
  // named although its smallest and largest values both belong to different classes.
  test("two separating regressors (one in each direction, with ties) are named; an overlapping one is not", () => {
    const rows = Array.from({ length: 30 }, (_, i) => {
      const y = i < 15 ? 1 : 0;
      const s = i === 14 || i === 15 ? 0 : i < 15 ? -(15 - i) : i - 14;
      return { y, s, t: -(s ** 3), x: y === 1 ? i % 5 : (i % 5) + 1 };
    });
    expect(userError(() => estimate(rows, { model: "logit", y: "y", x: ["s", "t", "x"] }))).toBe(
      'Perfect separation: "s", "t" predicts "y" perfectly, so the logit coefficients run off to infinity. Drop or merge the separating variable (or its rare categories), or use more data.',
    );
  });
});
