/**
 * `bioclusters report` end to end on the embedded data: the files appear, the
 * HTML opens in Chromium with every figure drawn and no console error or
 * network request, and a second run gives identical numbers. Both runs use a
 * calibration made here with `calibrate --small` (BIOCLUSTERS_CALIBRATION), so
 * the calibration section is drawn and checked against that file's numbers.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { checkPage, launchChromium, ROOT } from "./harness";

const bin = path.join(ROOT, "dist", "cli", "main.js");
const outA = fs.mkdtempSync(path.join(os.tmpdir(), "bc-report-a-"));
const outB = fs.mkdtempSync(path.join(os.tmpdir(), "bc-report-b-"));
const calDir = fs.mkdtempSync(path.join(os.tmpdir(), "bc-report-cal-"));
const calFile = path.join(calDir, "calibrated.json");
let browser: Browser;

function report(out: string, images: boolean) {
  const r = spawnSync(process.execPath, [bin, "report", "--out", out, "--quick", ...(images ? [] : ["--no-images"])], { encoding: "utf8", timeout: 600_000, env: { ...process.env, BIOCLUSTERS_CALIBRATION: calFile } });
  expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
  return r.stdout;
}

beforeAll(async () => {
  const c = spawnSync(process.execPath, [bin, "calibrate", "--small", "--out", calDir], { encoding: "utf8", timeout: 300_000 });
  expect(c.status, `${c.stdout}\n${c.stderr}`).toBe(0);
  browser = await launchChromium();
}, 300_000);
afterAll(async () => {
  await browser?.close();
});

test("the report command runs end to end and writes HTML, SVG/PNG figures, CSVs and a manifest", () => {
  const out = report(outA, true);
  expect(out).toMatch(/Report written to .*report\.html in \d+ s: (\d+) figures, 17 CSV files, (\d+) SVG\/PNG files/);
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
  expect(man.estimates.sha256).toMatch(/^[0-9a-f]{64}$/);
  expect(man.calibration).toMatchObject({ file: "calibrated.json", backtestReplicates: 20, momentReplicates: 4, conclusionDraws: 8 });
}, 600_000);

test("the calibration section shows the moments, the back-test with its bands and the conclusions' robustness from the calibration in use", () => {
  const html = fs.readFileSync(path.join(outA, "report.html"), "utf8");
  const cal = JSON.parse(fs.readFileSync(calFile, "utf8"));
  const start = html.indexOf('<section id="calibration">');
  expect(start).toBeGreaterThan(0);
  const section = html.slice(start, html.indexOf("</section>", start));
  expect(section).toContain(`SHA-256 ${createHash("sha256").update(fs.readFileSync(calFile)).digest("hex").slice(0, 12)}`);
  for (const caption of ["Calibrated parameters:", "Moments 2012–2018:", "Back-test on the held-out years:", "Which of the study's conclusions survive:"]) expect(section).toContain(caption);
  expect(section).toMatch(/id="fig-\d+-calibration-paths"/);
  expect(section).toMatch(/id="fig-\d+-backtest"/);
  expect(section).toContain("COVID-19 diagnostics boom");
  // The same numbers as validate's at the report's sizes: the moments' targets are the calibration's, and the
  // back-test's 2019 firms row is the held-out observation (1,003 firms).
  const csv = (f: string) => fs.readFileSync(path.join(outA, "data", f), "utf8").trim().split("\n").map((l) => l.split(","));
  const moments = csv("calibration_moments.csv");
  expect(moments.slice(1).map((r) => [r[0], Number(r[1])])).toEqual(cal.moments.map((m: { name: string; target: number }) => [m.name, m.target]));
  for (const r of moments.slice(1)) expect(section).toContain(`>${r[5] === "yes" ? "yes" : "NO"}<`);
  const backtest = csv("backtest.csv");
  const firms2019 = backtest.find((r) => r[0] === "2019" && r[1] === "firms")!;
  expect(firms2019[2]).toBe("1003");
  expect(Number(firms2019[4])).toBeLessThanOrEqual(Number(firms2019[3]));
  expect(Number(firms2019[5])).toBeGreaterThanOrEqual(Number(firms2019[3]));
  const conclusions = csv("conclusions.csv");
  expect(conclusions.slice(1).map((r) => r[0])).toEqual(["funds-and-people", "efficiency", "customised", "targeting-innovators", "targeting-sales"]);
  for (const r of conclusions.slice(1)) expect(r[3]).toBe(Number(r[1]) >= 0.8 ? "yes" : "no");
});

test("the report shows paired differences with confidence intervals, apart from the replicate spread", () => {
  const html = fs.readFileSync(path.join(outA, "report.html"), "utf8");
  expect(html).toMatch(/id="fig-\d+-difference-intervals"/);
  // One table per mix against the status quo: the mean, its 95 % CI, the spread and the relative difference, in separate columns.
  expect((html.match(/Paired differences: /g) ?? []).length).toBe(5);
  for (const col of ["mean difference", "95 % CI for the mean", "5–95 % of replicates", "relative (95 % CI)"]) expect(html).toContain(`>${col}<`);
  const csv = (f: string) => fs.readFileSync(path.join(outA, "data", f), "utf8");
  const diff = csv("scenario_differences.csv").trim().split("\n");
  expect(diff[0]).toBe("scenario,baseline,cluster,year,metric,seed,replicates,mean_diff,mean_diff_ci95_low_t,mean_diff_ci95_high_t,spread_p05,spread_p50,spread_p95,share_above_zero,baseline_mean,rel_diff,rel_diff_ci95_low_delta,rel_diff_ci95_high_delta");
  const ce = csv("cost_effectiveness.csv").trim().split("\n");
  expect(ce[0]).toContain("costDiff,basis,perKrwBn");
  for (const f of ["scenario_differences.csv", "cost_effectiveness.csv", "horizon_differences.csv"]) expect(csv(f), f).not.toMatch(/NaN|Infinity/);
  // Budget-neutral comparisons carry the label and no ratio (an empty cell), never a gain divided by the whole budget.
  const header = (ce[0] as string).split(",");
  for (const line of ce.slice(1)) {
    const cells = line.split(",");
    const basis = cells[header.indexOf("basis")];
    expect(["budget-neutral", "extra cost", "saving"]).toContain(basis);
    if (basis === "budget-neutral") expect(cells[header.indexOf("perKrwBn")]).toBe("");
  }
});

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
