/**
 * `npm run test:notebooks`: every notebook in `notebooks/` (or in
 * BIOCLUSTERS_NOTEBOOKS_DIR) executes headless through the project's tslab
 * kernel without a cell error, and its HTML export draws every figure in
 * headless Chromium with no console error and no network request.
 * Executed copies and HTML exports land in `out/notebooks/`.
 */
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import * as fs from "node:fs";
import { checkLayout, checkPage, countFigures, launchChromium, listNotebooks, requireJupyter, ROOT, runNotebook, type RunResult } from "./harness";

const NOTEBOOK_DIR = process.env["BIOCLUSTERS_NOTEBOOKS_DIR"] ?? path.join(ROOT, "notebooks");
const OUT_DIR = process.env["BIOCLUSTERS_NOTEBOOKS_OUT"] ?? path.join(ROOT, "out", "notebooks");
const NESTED = process.env["BIOCLUSTERS_NOTEBOOKS_DIR"] !== undefined;

const notebooks = listNotebooks(NOTEBOOK_DIR);
const results = new Map<string, RunResult>();
let browser: Browser | undefined;

beforeAll(async () => {
  requireJupyter();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  if (results.size > 0) {
    console.log(
      "Notebook times:\n" +
        [...results.values()].map((r) => `  ${path.basename(r.notebook).padEnd(34)} ${r.seconds.toFixed(1).padStart(7)} s  ${r.ok ? "ok" : "FAILED"}`).join("\n"),
    );
  }
});

test("there are notebooks to run", () => {
  expect(notebooks.length).toBeGreaterThan(0);
});

describe.each(notebooks.map((n) => [path.basename(n), n] as const))("%s", (_name, notebook) => {
  test("executes every cell without error", () => {
    const r = runNotebook(notebook, OUT_DIR);
    results.set(notebook, r);
    console.log(`${path.basename(notebook)}: ${r.ok ? "executed" : "FAILED"} in ${r.seconds.toFixed(1)} s`);
    expect(r.ok, `notebook failed:\n${r.log.split("\n").slice(-60).join("\n")}`).toBe(true);
  });

  test("its HTML export draws every figure in Chromium, with no error and no network request", async () => {
    const r = results.get(notebook);
    expect(r?.ok, "the notebook did not execute, so there is no HTML export to check").toBe(true);
    if (!r?.html || !browser) return;
    const expected = countFigures(r.executed);
    const check = await checkPage(browser, r.html, expected);
    expect(check.errors, "errors in the page").toEqual([]);
    expect(check.networkRequests, "the page reached for the network").toEqual([]);
    expect(check.renderedFigures).toBe(expected);
  });

  test("its HTML export numbers the cells, and the saved notebook stays small", () => {
    const r = results.get(notebook);
    expect(r?.ok, "the notebook did not execute").toBe(true);
    if (!r?.html) return;
    const html = fs.readFileSync(r.html, "utf8");
    expect(html).toMatch(/In&nbsp;\[1\]:|\[1\]:/);
    expect(html).not.toMatch(/In&nbsp;\[&nbsp;\]:/);
    const mb = fs.statSync(r.executed).size / 1e6;
    console.log(`${path.basename(notebook)}: executed notebook ${mb.toFixed(1)} MB`);
    expect(mb).toBeLessThan(8); // plotly.js (minified, 4.8 MB) once, plus the outputs
  });

  for (const width of [1024, 1440])
    test(`its outputs at ${width} px: chart labels inside their charts, no identifiers where labels belong`, async () => {
      const r = results.get(notebook);
      expect(r?.ok, "the notebook did not execute").toBe(true);
      if (!r?.html || !browser) return;
      const expected = countFigures(r.executed);
      const shot = path.join(ROOT, "out", "screenshots", `${path.basename(notebook, ".ipynb")}-${width}.png`);
      const check = await checkLayout(browser, r.html, width, expected, shot, { textScope: ".jp-OutputArea-output" });
      expect(check.problems).toEqual([]);
      expect(check.identifiers).toEqual([]);
    });
});

// The harness must not pass vacuously: a notebook that throws fails the command.
if (!NESTED) {
  test("a notebook that throws makes `npm run test:notebooks` fail", () => {
    const fixtures = path.join(ROOT, "tests", "notebooks", "fixtures", "failing");
    const r = spawnSync(process.execPath, [path.join(ROOT, "node_modules", "vitest", "vitest.mjs"), "run", "--config", "tests/notebooks/vitest.config.mts", "tests/notebooks/notebooks.nbtest.ts"], {
      cwd: ROOT,
      env: { ...process.env, BIOCLUSTERS_NOTEBOOKS_DIR: fixtures, BIOCLUSTERS_NOTEBOOKS_OUT: path.join(ROOT, "out", "notebooks-selftest") },
      encoding: "utf8",
    });
    const output = `${r.stdout}${r.stderr}`;
    expect(r.status, output).not.toBe(0);
    expect(output).toContain("deliberate failure from the test fixture");
  });
}
