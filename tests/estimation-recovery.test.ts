/**
 * Recovery: on data simulated from known coefficients, the 95 % intervals of every estimator cover the truth at
 * close to the nominal rate. A statistical check of the whole procedure (about 700 fits, most of the estimation
 * tests' running time); kept apart from tests/estimation.test.ts so that mutation testing, which reruns the
 * estimation tests once per mutant, uses the exact statsmodels and R comparisons that pin the same code.
 */
import { describe, expect, test } from "vitest";
import { estimate } from "../src/estimation";
import { bernoulli, logistic, negativeBinomial, normal, poisson, stream } from "../src/random";

describe("recovery: 95 % intervals cover the truth at close to the nominal rate", () => {
  function coverage(model: "ols" | "logit" | "poisson" | "negbin", reps: number, n: number): number {
    const truth = { "(Intercept)": model === "logit" ? -0.3 : 0.4, x1: 0.6, x2: -0.4 };
    let covered = 0;
    let total = 0;
    for (let s = 0; s < reps; s++) {
      const rng = stream("coverage", model, s);
      const rows = Array.from({ length: n }, () => {
        const x1 = normal(rng);
        const x2 = bernoulli(rng, 0.4);
        const eta = truth["(Intercept)"] + truth.x1 * x1 + truth.x2 * x2;
        const y =
          model === "ols" ? eta + normal(rng, 0, 1.5) : model === "logit" ? bernoulli(rng, logistic(eta)) : model === "poisson" ? poisson(rng, Math.exp(eta)) : negativeBinomial(rng, Math.exp(eta), 0.8);
        return { y, x1, x2 };
      });
      const r = estimate(rows, { model, y: "y", x: ["x1", "x2"], cov: model === "ols" ? "classic" : "HC1" });
      for (const [name, b] of Object.entries(truth)) {
        const i = r.names.indexOf(name);
        total++;
        if (r.confInt[i]![0] <= b && b <= r.confInt[i]![1]) covered++;
      }
    }
    return covered / total;
  }
  test.each([
    ["ols", 200, 200],
    ["logit", 200, 400],
    ["poisson", 200, 300],
    ["negbin", 100, 400],
  ] as const)("%s", (model, reps, n) => {
    const c = coverage(model, reps, n);
    // 3 × reps parameters; binomial sd of the rate ≈ √(0.95·0.05 / (3·reps)).
    expect(Math.abs(c - 0.95), `coverage ${c}`).toBeLessThan(3 * Math.sqrt((0.95 * 0.05) / (3 * reps)) + 0.01);
  });
});
