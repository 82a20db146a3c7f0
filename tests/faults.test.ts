/**
 * Faults handled in-process: internal errors (exit 70, a short message, the
 * stack only with --debug), non-finite results refused before writing, the
 * workshop page's input clamping, condition numbers, the O(n log n) ranks.
 */
import { afterEach, expect, test, vi } from "vitest";
import { COMMANDS, runCli } from "../src/cli/main";
import { clampWorkshopInputs } from "../src/workshop/clamp";
import { MAX_BUDGET_KRW_BN } from "../src/limits";
import { competitionRanks } from "../src/indicators/methods";
import { buildDesign, conditionNumber } from "../src/estimation/design";
import { assertFiniteResults } from "../src/experiments/output";
import type { ExperimentResult } from "../src/experiments/runner";
import { userError } from "./helpers";

afterEach(() => vi.restoreAllMocks());

function captured(): { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(console, "log").mockImplementation((s: unknown) => void out.push(String(s)));
  vi.spyOn(console, "error").mockImplementation((s: unknown) => void err.push(s instanceof Error ? String(s.stack) : String(s)));
  return { out, err };
}

test("an internal error exits 70 with one short line; --debug adds the stack", async () => {
  COMMANDS.push({ name: "boom", summary: "test", run: () => { throw new TypeError("x is undefined"); } });
  try {
    let c = captured();
    expect(await runCli(["boom"])).toBe(70);
    expect(c.err).toHaveLength(1);
    expect(c.err[0]).toMatch(/^bioclusters: internal error \(TypeError: x is undefined\); this is a bug, not your mistake\. Please report it .* re-running it with --debug for the details\.$/);
    vi.restoreAllMocks();
    c = captured();
    expect(await runCli(["boom", "--debug"])).toBe(70);
    expect(c.err.join("\n")).toMatch(/\n\s+at /);
  } finally {
    COMMANDS.pop();
  }
});

test("--help documents the exit statuses", async () => {
  const c = captured();
  expect(await runCli(["--help"])).toBe(0);
  const text = c.out.join("\n");
  for (const code of ["0 ", "2 ", "3 ", "70 ", "130 "]) expect(text).toContain(`  ${code}`);
});

test("results with a non-finite value are refused before anything is written, naming mix, metric and override", () => {
  const cube = new Float64Array(2 * 3 * 2).fill(1);
  cube[(1 * 3 + 2) * 2 + 1] = NaN;
  const res = { mixes: [{ name: "odd", budget: { krwBn: 1 }, shares: { talent: 1 }, structural: { additionality: -5 } }], locations: ["a", "none", "all"], metrics: ["firms", "rnd"], cubes: [[cube]], years: 1, replicates: 1 } as unknown as ExperimentResult;
  expect(userError(() => assertFiniteResults(res))).toMatch(/Mix "odd" produced NaN for rnd \(all, year 1, replicate 0\), so nothing was written\. Its structural overrides \(additionality = -5\)/);
});

test("the workshop page clamps its inputs to the documented limits", () => {
  const c = clampWorkshopInputs({ budget: 1e300, replicates: 1e7, years: 1e9, seed: "x".repeat(500), shares: [Infinity, -3, NaN, 20, 0, 0] });
  expect(c.value).toEqual({ budget: MAX_BUDGET_KRW_BN, replicates: 200, years: 100, seed: "x".repeat(200), shares: [100, 0, 0, 20, 0, 0] });
  expect(c.notes).toHaveLength(5);
  const ok = clampWorkshopInputs({ budget: 300, replicates: 20, years: 10, seed: "2018", shares: [55, 25, 5, 5, 5, 5] });
  expect(ok.notes).toEqual([]);
  expect(clampWorkshopInputs({ budget: NaN, replicates: NaN, years: 10, seed: "", shares: [0, 0] }).value).toMatchObject({ budget: 0, replicates: 1, seed: "2018", shares: [1, 1] });
});

test("competition ranks: ties share the best rank, and 200,000 units rank in well under a second", () => {
  expect(Array.from(competitionRanks([3, 1, 3, 2, 5]))).toEqual([2, 5, 2, 4, 1]);
  const n = 200_000;
  const x = Float64Array.from({ length: n }, (_, i) => (i * 7919) % 1000);
  const t0 = performance.now();
  const r = competitionRanks(x);
  expect(performance.now() - t0).toBeLessThan(2000);
  // Check against the definition on a sample: 1 + the number of strictly higher scores.
  for (const i of [0, 17, 4242, 199_999]) expect(r[i]).toBe(1 + x.filter((v) => v > (x[i] as number)).length);
});

test("the scaled condition number is 1 for orthogonal columns and grows with near-collinearity", () => {
  const rows = Array.from({ length: 40 }, (_, i) => ({ y: i % 5, a: i % 2 === 0 ? 1 : -1, b: Math.floor(i / 2) % 2 === 0 ? 1 : -1 }));
  expect(conditionNumber(buildDesign(rows, { y: "y", x: ["a", "b"], intercept: false }))).toBeCloseTo(1, 6);
  const near = rows.map((r, i) => ({ ...r, c: r.a + (i % 3 === 0 ? 0.01 : 0) }));
  expect(conditionNumber(buildDesign(near, { y: "y", x: ["a", "c"], intercept: false }))).toBeGreaterThan(100);
});
