/**
 * The calibration's optimisers: Nelder–Mead against SciPy's on Rosenbrock's
 * function (reference values in tests/fixtures/calibration/scipy-nelder-mead.json,
 * produced by the command recorded in the file; re-checked live when python3
 * with SciPy is installed), and the Latin hypercube's strata.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, test } from "vitest";
import { latinHypercube, nelderMead } from "../src/calibration/optim";
import { stream } from "../src/random";

const rosen = (x: Float64Array) => {
  let s = 0;
  for (let i = 0; i + 1 < x.length; i++) s += 100 * ((x[i + 1] as number) - (x[i] as number) ** 2) ** 2 + (1 - (x[i] as number)) ** 2;
  return s;
};
const batch = async (xs: Float64Array[]) => xs.map(rosen);

interface Case { x0: number[]; x: number[]; fun: number; nfev: number; nit: number }
const ref = JSON.parse(fs.readFileSync(path.join(__dirname, "fixtures", "calibration", "scipy-nelder-mead.json"), "utf8")) as { cases: Case[] };

function scipyAvailable(): boolean {
  try {
    execFileSync("python3", ["-c", "import scipy"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

describe("Nelder–Mead", () => {
  test.each(ref.cases)("follows SciPy step for step from $x0", async (c) => {
    const r = await nelderMead(batch, c.x0);
    expect(r.nfev).toBe(c.nfev);
    expect(r.nit).toBe(c.nit);
    expect(r.converged).toBe(true);
    r.x.forEach((v, i) => expect(v).toBeCloseTo(c.x[i] as number, 12));
    expect(r.f).toBeCloseTo(c.fun, 12);
  });

  test.skipIf(!scipyAvailable())("agrees with the SciPy installed here on a start not in the fixture", async () => {
    const x0 = [-0.5, 1.5, 0.3];
    const out = execFileSync("python3", ["-c", `import json; from scipy.optimize import minimize, rosen; r = minimize(rosen, ${JSON.stringify(x0)}, method="Nelder-Mead"); print(json.dumps([list(r.x), int(r.nfev)]))`], { encoding: "utf8" });
    const [x, nfev] = JSON.parse(out) as [number[], number];
    const r = await nelderMead(batch, x0);
    expect(r.nfev).toBe(nfev);
    r.x.forEach((v, i) => expect(v).toBeCloseTo(x[i] as number, 12));
  }, 20_000);

  test("stops at maxfev without claiming convergence, and passes the initial simplex as one batch", async () => {
    const sizes: number[] = [];
    const r = await nelderMead(async (xs) => { sizes.push(xs.length); return xs.map(rosen); }, [-1.2, 1], { maxfev: 20 });
    expect(r.converged).toBe(false);
    expect(r.nfev).toBeGreaterThanOrEqual(20);
    expect(r.nfev).toBeLessThan(20 + 3);
    expect(sizes[0]).toBe(3);
  });

  test("custom steps set the initial simplex", async () => {
    const seen: Float64Array[] = [];
    await nelderMead(async (xs) => { seen.push(...xs); return xs.map(rosen); }, [0.5, 0.5], { steps: [0.1, -0.2], maxfev: 3 });
    expect(Array.from(seen[1] as Float64Array)).toEqual([0.6, 0.5]);
    expect(Array.from(seen[2] as Float64Array)).toEqual([0.5, 0.3]);
  });
});

describe("Latin hypercube", () => {
  test("uses each of the n strata exactly once in every coordinate, reproducibly", () => {
    const n = 17;
    const a = latinHypercube(n, 4, stream("lhs-test"));
    for (let j = 0; j < 4; j++) {
      const strata = a.map((p) => Math.floor((p[j] as number) * n)).sort((x, y) => x - y);
      expect(strata).toEqual(Array.from({ length: n }, (_, i) => i));
    }
    expect(latinHypercube(n, 4, stream("lhs-test"))).toEqual(a);
    expect(latinHypercube(n, 4, stream("lhs-other"))).not.toEqual(a);
  });
});

describe("Nelder–Mead's limits, steps and ties against SciPy", () => {
  // tests/fixtures/calibration/make_nelder_mead_limits.py made the fixture (SciPy's runs with these options).
  const plateau = (x: Float64Array) => {
    let s = 0;
    for (let i = 0; i < x.length; i++) s += (Math.floor(4 * ((x[i] as number) - 0.3 * (-2) ** i)) / 4) ** 2;
    return s;
  };
  interface LimitCase { function: "rosen" | "plateau" | "ridge" | "sqrtabs"; x0: number[]; steps: number[] | null; maxiter: number | null; maxfev: number | null; x: number[]; fun: number; nfev: number; nit: number; converged: boolean }
  const limits = JSON.parse(fs.readFileSync(path.join(__dirname, "fixtures", "calibration", "scipy-nelder-mead-limits.json"), "utf8")) as { cases: LimitCase[] };

  test.each(limits.cases.filter((c) => c.function === "rosen" || c.function === "plateau").map((c) => [`${c.function} from ${c.x0.join(", ")}${c.steps ? ` with steps ${c.steps.join(", ")}` : ""}${c.maxiter !== null ? ` stopped at ${c.maxiter} iterations` : ""}`, c] as const))("%s", async (_name, c) => {
    const f = c.function === "rosen" ? rosen : plateau;
    const r = await nelderMead(async (xs) => xs.map(f), c.x0, { ...(c.steps ? { steps: c.steps } : {}), ...(c.maxiter !== null ? { maxiter: c.maxiter } : {}), ...(c.maxfev !== null ? { maxfev: c.maxfev } : {}) });
    expect(r.nit).toBe(c.nit);
    expect(r.nfev).toBe(c.nfev);
    expect(r.converged).toBe(c.converged);
    r.x.forEach((v, i) => expect(v).toBeCloseTo(c.x[i] as number, 12));
    expect(r.f).toBeCloseTo(c.fun, 12);
  });
});

describe("Nelder–Mead's stopping rules", () => {
  test("the evaluation limit is checked before each iteration: a run stops at the first iteration boundary that reaches it", async () => {
    for (const k of [1, 3, 8]) {
      const atK = await nelderMead(batch, [-1.2, 1], { maxiter: k });
      const next = await nelderMead(batch, [-1.2, 1], { maxiter: k + 1 });
      expect(atK.nit).toBe(k);
      // A limit equal to the evaluations done by iteration k stops there; one more lets iteration k + 1 run in full.
      const exact = await nelderMead(batch, [-1.2, 1], { maxfev: atK.nfev });
      expect([exact.nit, exact.nfev, exact.converged]).toEqual([k, atK.nfev, false]);
      const over = await nelderMead(batch, [-1.2, 1], { maxfev: atK.nfev + 1 });
      expect([over.nit, over.nfev]).toEqual([k + 1, next.nfev]);
      expect(Array.from(over.x)).toEqual(Array.from(next.x));
    }
  });

  test("the default limits are 200 × the dimension, in iterations and in evaluations", async () => {
    // A plane falls without end: the simplex reflects and expands (one or two evaluations an iteration), so nothing
    // converges and a limit stops it.
    const plane = async (xs: Float64Array[]) => xs.map((x) => -x.reduce((a, b) => a + b, 0));
    for (const N of [2, 3]) {
      const x0 = Array.from({ length: N }, (_, i) => 0.5 + 0.1 * i);
      const byIterations = await nelderMead(plane, x0, { maxfev: 1e9 });
      expect([byIterations.nit, byIterations.converged]).toEqual([200 * N, false]);
      expect(byIterations.nfev).toBeGreaterThan(200 * N);
      const byEvaluations = await nelderMead(plane, x0, { maxiter: 1e9 });
      expect(byEvaluations.converged).toBe(false);
      expect(byEvaluations.nit).toBeLessThan(200 * N);
      // The first iteration boundary at or above 200 N evaluations (an iteration here takes at most two).
      expect(byEvaluations.nfev).toBeGreaterThanOrEqual(200 * N);
      expect(byEvaluations.nfev).toBeLessThanOrEqual(200 * N + 1);
    }
  });

  test("converges only when both the points and the values are within their tolerances", async () => {
    // A plateau: the values agree at once (fdev = 0) but the points do not, so the simplex must shrink first.
    const flat = async (xs: Float64Array[]) => xs.map(() => 1);
    const r = await nelderMead(flat, [1, 1], { xatol: 1e-3 });
    expect(r.converged).toBe(true);
    // Each iteration without improvement shrinks the simplex by half: steps of 0.05 need 6 halvings to reach 1e-3.
    expect(r.nit).toBe(7);
    // Values far apart are not converged, however close the points are.
    const steep = async (xs: Float64Array[]) => xs.map((x) => 1e9 * (x[0] as number));
    const s = await nelderMead(steep, [1, 1], { xatol: 1, fatol: 1e-4, maxiter: 3 });
    expect(s.converged).toBe(false);
    expect(s.nit).toBe(3);
  });

  test("an objective that returns the wrong number of values is an error", async () => {
    await expect(nelderMead(async (xs) => xs.slice(1).map(rosen), [0, 0])).rejects.toThrow("The objective returned the wrong number of values.");
  });
});

describe("Nelder–Mead's shrink on distinct values", () => {
  // From these starts the contractions fail and the simplex shrinks (a batch of N points) while every vertex has its own
  // value, so a shrink that filed the new values under the wrong vertices would leave SciPy's path. (The plateau cases'
  // shrinks are on equal values, which hide that.)
  const fns: Record<string, (x: Float64Array) => number> = {
    ridge: (x) => 10 * Math.abs((x[1] as number) - (x[0] as number) ** 2) + Math.abs(1 - (x[0] as number)),
    sqrtabs: (x) => Math.sqrt(Math.abs((x[0] as number) - 0.3)) + Math.sqrt(Math.abs((x[1] as number) + 0.1)),
  };
  const ref = (JSON.parse(fs.readFileSync(path.join(__dirname, "fixtures", "calibration", "scipy-nelder-mead-limits.json"), "utf8")) as { cases: Array<{ function: string; x0: number[]; x: number[]; fun: number; nfev: number; nit: number }> }).cases.filter((c) => c.function in fns);
  test.each(ref)("$function follows SciPy from $x0, shrinking on the way", async (c) => {
    const f = fns[c.function] as (x: Float64Array) => number;
    const sizes: number[] = [];
    const r = await nelderMead(async (xs) => { sizes.push(xs.length); return xs.map(f); }, c.x0);
    expect(sizes.slice(1).some((n) => n === 2)).toBe(true);
    expect([r.nit, r.nfev]).toEqual([c.nit, c.nfev]);
    r.x.forEach((v, i) => expect(v).toBeCloseTo(c.x[i] as number, 12));
    expect(r.f).toBeCloseTo(c.fun, 12);
  });
});
