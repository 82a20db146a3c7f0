/**
 * `bioclusters report` end to end on the embedded data: the files appear, the
 * HTML opens in Chromium with every figure drawn and no console error or
 * network request, and a second run gives identical numbers.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { checkPage, launchChromium, ROOT } from "./harness";

const bin = path.join(ROOT, "dist", "cli", "main.js");
const outA = fs.mkdtempSync(path.join(os.tmpdir(), "bc-report-a-"));
const outB = fs.mkdtempSync(path.join(os.tmpdir(), "bc-report-b-"));
let browser: Browser;

function report(out: string, images: boolean) {
  const r = spawnSync(process.execPath, [bin, "report", "--out", out, "--quick", ...(images ? [] : ["--no-images"])], { encoding: "utf8", timeout: 600_000 });
  expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
  return r.stdout;
}

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

test("the report command runs end to end and writes HTML, SVG/PNG figures, CSVs and a manifest", () => {
  const out = report(outA, true);
  expect(out).toMatch(/Report written to .*report\.html in \d+ s: (\d+) figures, 14 CSV files, (\d+) SVG\/PNG files/);
  const figures = Number(/: (\d+) figures/.exec(out)?.[1]);
  expect(fs.readdirSync(path.join(outA, "figures"))).toHaveLength(2 * figures);
  for (const f of fs.readdirSync(path.join(outA, "figures"))) {
    const buf = fs.readFileSync(path.join(outA, "figures", f));
    if (f.endsWith(".svg")) expect(buf.toString("utf8", 0, 200)).toMatch(/<svg/);
    else expect(buf.subarray(1, 4).toString()).toBe("PNG");
  }
  const man = JSON.parse(fs.readFileSync(path.join(outA, "manifest.json"), "utf8"));
  expect(String(man.seed)).toBe("2018");
  expect(man.data.survey.sha256).toMatch(/^[0-9a-f]{64}$/);
}, 600_000);

test("the HTML draws every figure in Chromium, with no console error and no network request", async () => {
  const html = fs.readFileSync(path.join(outA, "report.html"), "utf8");
  const expected = (html.match(/class="bioclusters-figure"/g) ?? []).length;
  expect(expected).toBeGreaterThan(10);
  const check = await checkPage(browser, path.join(outA, "report.html"), expected);
  expect(check.errors).toEqual([]);
  expect(check.networkRequests).toEqual([]);
  expect(check.renderedFigures).toBe(expected);
}, 120_000);

test("running it twice gives identical numbers", () => {
  report(outB, false);
  for (const f of fs.readdirSync(path.join(outA, "data"))) {
    expect(fs.readFileSync(path.join(outB, "data", f), "utf8"), f).toBe(fs.readFileSync(path.join(outA, "data", f), "utf8"));
  }
}, 600_000);
