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
