/**
 * Faults handled in-process: internal errors (exit 70, a short message, the
 * stack only with --debug), non-finite results refused before writing, the
 * workshop page's input clamping, condition numbers, the O(n log n) ranks.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, afterEach, describe, expect, test, vi } from "vitest";
import { checkOutputFolder, openOutputFolder, withOutputFolderSync } from "../src/data/output-folder";
import { ResourceError } from "../src/errors";
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

describe("output sets", () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "bc-outset-"));
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
  const target = path.join(root, "out");
  const files = () => fs.readdirSync(target).sort();
  const write = (names: string[]) => (dir: string) => {
    for (const n of names) {
      fs.mkdirSync(path.dirname(path.join(dir, n)), { recursive: true });
      fs.writeFileSync(path.join(dir, n), n);
    }
  };

  test("a new set replaces the whole folder: files the new run does not write are gone", () => {
    withOutputFolderSync(target, {}, write(["report.html", "figures/a.svg", "manifest.json"]));
    expect(files()).toEqual(["figures", "manifest.json", "report.html"]);
    withOutputFolderSync(target, {}, write(["report.html", "manifest.json"])); // like report --no-images
    expect(files()).toEqual(["manifest.json", "report.html"]);
    expect(fs.readdirSync(path.join(root, ".out.runs"))).toHaveLength(1);
  });

  test("a failing writer leaves the previous set, no temporary folder and no lock", () => {
    expect(() => withOutputFolderSync(target, {}, (dir) => (write(["report.html"])(dir), (() => { throw new TypeError("boom"); })()))).toThrow("boom");
    expect(files()).toEqual(["manifest.json", "report.html"]);
    expect(fs.readdirSync(root).filter((n) => n.includes(".tmp-") || n.endsWith(".lock"))).toEqual([]);
  });

  test("a full disk while writing is a resource error (exit 3) and changes nothing", () => {
    const full = Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" });
    let err: unknown;
    try {
      withOutputFolderSync(target, {}, () => {
        throw full;
      });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ResourceError);
    expect((err as Error).message).toMatch(/out: The disk became full while writing the output; nothing was changed in the output folder\./);
    expect(files()).toEqual(["manifest.json", "report.html"]);
  });

  test("a lock held by a live process is refused with its id; a stale one is taken over", () => {
    const lock = path.join(root, ".out.lock");
    const sleeper = spawn("sleep", ["30"]);
    try {
      fs.writeFileSync(lock, `${sleeper.pid}\n2026-01-01T00:00:00Z\nbioclusters report\n`);
      expect(userError(() => openOutputFolder(target))).toMatch(new RegExp(`Another bioclusters run \\(process ${sleeper.pid}, "bioclusters report"`));
    } finally {
      sleeper.kill("SIGKILL");
    }
    fs.writeFileSync(lock, "999999999\nthen\nbioclusters report\n");
    withOutputFolderSync(target, {}, write(["manifest.json"]));
    expect(files()).toEqual(["manifest.json"]);
    expect(fs.existsSync(lock)).toBe(false);
  });

  test("a folder with other files is never replaced", () => {
    const mine = path.join(root, "thesis");
    fs.mkdirSync(mine);
    fs.writeFileSync(path.join(mine, "chapter1.docx"), "x");
    expect(userError(() => checkOutputFolder(mine))).toMatch(/already holds files bioclusters did not write \("chapter1\.docx"\)/);
  });
});

test("the library's design refuses a numeric column with a text cell instead of making it categorical", () => {
  const rows = Array.from({ length: 10 }, (_, i) => ({ y: i, x: i % 3 === 0 && i > 0 ? "NA" : i * 2 }));
  expect(userError(() => buildDesign(rows, { y: "y", x: ["x"], source: "mine.csv" }))).toMatch(/mine\.csv, column "x": "x" mixes numbers and text: data row 4 has "NA"\. A missing value must be empty \(null\)/);
  // Declared categorical, the same column is levels.
  expect(buildDesign(rows, { y: "y", x: ["x"], categorical: { x: "0" } }).names).toContain("x_NA");
});
