import { expect, test } from "vitest";
import { sobol } from "../src/sensitivity/sobol";

// Ishigami function, a = 7, b = 0.1, inputs uniform on [-π, π]: analytic indices
// (Ishigami & Homma 1990; values as in Saltelli et al. 2008, Global Sensitivity Analysis, §4.8).
const a = 7, b = 0.1;
const V = a * a / 8 + b * Math.PI ** 4 / 5 + b * b * Math.PI ** 8 / 18 + 0.5;
const V1 = 0.5 * (1 + b * Math.PI ** 4 / 5) ** 2;
const V2 = a * a / 8;
const V13 = b * b * Math.PI ** 8 * (1 / 18 - 1 / 50);
const S = [V1 / V, V2 / V, 0];
const ST = [(V1 + V13) / V, V2 / V, V13 / V];

test("Sobol indices of the Ishigami function match the analytic values within their intervals", () => {
  const f = (u: Float64Array) => {
    const [x1, x2, x3] = Array.from(u, (v) => -Math.PI + 2 * Math.PI * v);
    return Math.sin(x1!) + a * Math.sin(x2!) ** 2 + b * x3! ** 4 * Math.sin(x1!);
  };
  const r = sobol(f, ["x1", "x2", "x3"], 8192, "ishigami", 300);
  r.indices.forEach((x, i) => {
    expect(x.firstLow, `S${i + 1} low`).toBeLessThanOrEqual(S[i]! + 0.01);
    expect(x.firstHigh, `S${i + 1} high`).toBeGreaterThanOrEqual(S[i]! - 0.01);
    expect(Math.abs(x.first - S[i]!)).toBeLessThan(0.05);
    expect(x.totalLow).toBeLessThanOrEqual(ST[i]! + 0.01);
    expect(x.totalHigh).toBeGreaterThanOrEqual(ST[i]! - 0.01);
    expect(Math.abs(x.total - ST[i]!)).toBeLessThan(0.05);
  });
  expect(r.warnings).toEqual([]);
});

test("Sobol g-function: important factors have large indices, unimportant ones near zero", () => {
  const aa = [0, 1, 4.5, 9, 99, 99];
  const g = (u: Float64Array) => aa.reduce((p, ai, i) => p * (Math.abs(4 * u[i]! - 2) + ai) / (1 + ai), 1);
  const Vi = aa.map((ai) => 1 / (3 * (1 + ai) ** 2));
  const Vt = Vi.reduce((p, v) => p * (1 + v), 1) - 1;
  const r = sobol(g, aa.map((_, i) => `x${i + 1}`), 8192, "g-function", 300);
  r.indices.forEach((x, i) => {
    const s = Vi[i]! / Vt;
    const st = (Vi[i]! * Vi.reduce((p, v, j) => (j === i ? p : p * (1 + v)), 1)) / Vt;
    expect(Math.abs(x.first - s), `S${i + 1}`).toBeLessThan(0.05);
    expect(Math.abs(x.total - st), `ST${i + 1}`).toBeLessThan(0.05);
  });
});

test("small samples are flagged", () => {
  const r = sobol((u) => u[0]!, ["x"], 50, 1, 100);
  expect(r.warnings.join(" ")).toMatch(/N = 50 is small/);
});
