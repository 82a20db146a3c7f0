import { describe, expect, test } from "vitest";
import { buildDesign, estimate } from "../src/estimation";
import { mapVariable } from "../src/estimation/artefact";
import { loadCodebook } from "../src/data";
import { stream, normal, bernoulli, logistic } from "../src/random";
import { userError } from "./helpers";

const rows = [
  { y: 1, g: 1, s: 0, size: "small" },
  { y: 0, g: 1, s: 1, size: "large" },
  { y: 1, g: 0, s: 1, size: "medium" },
  { y: 0, g: 2, s: 3, size: "medium" },
];

describe("interaction terms a:b in the design", () => {
  test("numeric × numeric is the product; numeric × categorical gives one column per non-base level", () => {
    const d = buildDesign(rows, { y: "y", x: ["g", "s", "g:s", "g:size"], categorical: { size: "small" } });
    expect(d.names).toEqual(["(Intercept)", "g", "s", "g:s", "g:size_large", "g:size_medium"]);
    const col = (name: string) => Array.from({ length: d.n }, (_, i) => d.X[i * d.k + d.names.indexOf(name)]);
    expect(col("g:s")).toEqual([0, 1, 0, 6]);
    expect(col("g:size_large")).toEqual([0, 1, 0, 0]);
    expect(col("g:size_medium")).toEqual([0, 0, 0, 2]);
  });

  test("an interaction with an unknown part names the missing column", () => {
    expect(userError(() => buildDesign(rows, { y: "y", x: ["g:nope"] }))).toMatch(/There is no column "nope"/);
  });

  test("a logit recovers a known interaction from simulated data", () => {
    const r = stream("interaction-test");
    const data = Array.from({ length: 20000 }, () => {
      const a = bernoulli(r, 0.4);
      const b = normal(r, 0, 1);
      return { y: bernoulli(r, logistic(-0.5 + 0.4 * a + 0.3 * b + 0.6 * a * b)), a, b };
    });
    const fit = estimate(data, { model: "logit", y: "y", x: ["a", "b", "a:b"], cov: "HC1" });
    const i = fit.names.indexOf("a:b");
    const [lo, hi] = fit.confInt[i]!;
    expect(lo).toBeLessThan(0.6);
    expect(hi).toBeGreaterThan(0.6);
    expect(lo).toBeGreaterThan(0.3); // precise enough to tell it from zero
  }, 30_000);

  test("artefact variables map interactions to the codebook when every part does", () => {
    const cb = loadCodebook();
    expect(mapVariable("support_rnd_grant:startup", cb).codebook).toBe("support_rnd_grant:startup");
    expect(mapVariable("support_rnd_grant:size_class_large", cb).codebook).toBe("support_rnd_grant:size_class");
    expect(mapVariable("support_rnd_grant:nonsense", cb).codebook).toBeNull();
  });
});
